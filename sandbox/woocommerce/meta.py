"""`meta_data` writes with WooCommerce's rules: an `id` updates that entry, a bare `key` replaces the first
entry with that key or adds one, and a null value deletes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.woocommerce.errors import invalid_param


def apply_meta(current: list[dict], changes: Any, next_meta_id: Callable[[], int]) -> list[dict]:
    if not isinstance(changes, list):
        raise invalid_param("meta_data", "meta_data is not of type array.")
    entries = [dict(entry) for entry in current]
    for change in changes:
        if not isinstance(change, dict) or "key" not in change and "id" not in change:
            raise invalid_param("meta_data", "meta_data[0] is not of type object.")
        value = change.get("value")
        target = None
        if change.get("id") is not None:
            target = next((e for e in entries if e["id"] == int(change["id"])), None)
        elif "key" in change:
            target = next((e for e in entries if e["key"] == change["key"]), None)
        if value is None:
            if target is not None:
                entries.remove(target)
            continue
        if target is None:
            entries.append({"id": next_meta_id(), "key": str(change["key"]), "value": value})
        else:
            target["value"] = value
            if "key" in change:
                target["key"] = str(change["key"])
    return entries
