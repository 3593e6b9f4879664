"""A window as QAD list filters: ``modifiedSince`` only."""

from __future__ import annotations

from erplink.windows import Window, iso_seconds


def qad_window_params(window: Window) -> dict[str, str]:
    """``modifiedSince`` (inclusive, ISO-8601 UTC). QAD has no upper bound: ``Window.admits`` trims the end."""
    if window.start is None:
        return {}
    return {"modifiedSince": iso_seconds(window.start) + "Z"}
