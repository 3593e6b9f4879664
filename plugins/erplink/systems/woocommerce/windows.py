"""A window as wc/v3 list filters: ``modified_after``/``modified_before`` in GMT (both bounds exclusive)."""

from __future__ import annotations

from datetime import timedelta

from erplink.windows import Window, iso_seconds, to_utc


def woo_window_params(window: Window, *, upper_bound: bool = True) -> dict[str, str]:
    """``modified_after``/``modified_before`` in GMT with ``dates_are_gmt=true`` (both bounds are exclusive)."""
    params = {"dates_are_gmt": "true"}
    if window.start is not None:
        # Woo's after is exclusive: step back one second so records at the start second come back too.
        params["modified_after"] = iso_seconds(window.start - timedelta(seconds=1))
    if upper_bound:
        # Whole seconds: the bound is exclusive, so a fractional end rounds up and Window.admits trims the rest.
        end = to_utc(window.end)
        params["modified_before"] = iso_seconds(end + timedelta(seconds=1) if end.microsecond else end)
    return params
