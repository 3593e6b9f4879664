"""A window as Adobe Commerce (Magento) ``searchCriteria`` filter groups, in Magento's UTC format."""

from __future__ import annotations

from datetime import datetime

from erplink.windows import Window, to_utc


def magento_timestamp(value: datetime) -> str:
    return to_utc(value).strftime("%Y-%m-%d %H:%M:%S")


def magento_window_params(
    window: Window, *, field: str = "updated_at", first_group: int = 0, upper_bound: bool = True
) -> dict[str, str]:
    """searchCriteria filter groups (ANDed): ``field >= start`` and ``field < end``, in Magento's UTC format."""
    bounds = [("lt", window.end)] if upper_bound else []
    if window.start is not None:
        bounds.insert(0, ("gteq", window.start))
    params: dict[str, str] = {}
    for offset, (condition, value) in enumerate(bounds):
        prefix = f"searchCriteria[filter_groups][{first_group + offset}][filters][0]"
        params[f"{prefix}[field]"] = field
        params[f"{prefix}[value]"] = magento_timestamp(value)
        params[f"{prefix}[condition_type]"] = condition
    return params
