"""A window as BigCommerce list filters: v2 in RFC 2822, v3 in ISO-8601 UTC."""

from __future__ import annotations

import email.utils

from erplink.windows import Window, iso_seconds, to_utc


def bigcommerce_v2_window_params(window: Window) -> dict[str, str]:
    """v2 orders: ``min_date_modified``/``max_date_modified`` as RFC 2822 in +0000."""
    params = {"max_date_modified": email.utils.format_datetime(to_utc(window.end).replace(microsecond=0))}
    if window.start is not None:
        params["min_date_modified"] = email.utils.format_datetime(to_utc(window.start).replace(microsecond=0))
    return params


def bigcommerce_v3_window_params(window: Window) -> dict[str, str]:
    """v3 catalog/customers: ``date_modified:min``/``date_modified:max`` as ISO-8601 UTC."""
    params = {"date_modified:max": iso_seconds(window.end) + "Z"}
    if window.start is not None:
        params["date_modified:min"] = iso_seconds(window.start) + "Z"
    return params
