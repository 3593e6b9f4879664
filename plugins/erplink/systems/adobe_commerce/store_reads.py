"""What the Adobe Commerce side reads of the store beside the hook's own calls: orders of a window or of chosen
ids, the credit memos and invoices of a batch of orders (each by the id walk, ``id_walk``), and an order's
comments (its status history), where the write-back marker is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from erplink.systems.adobe_commerce.id_walk import id_in_params, walk_by_id
from erplink.systems.adobe_commerce.windows import magento_window_params
from erplink.windows import Window, parse_timestamp

ORDERS, CREDIT_MEMOS, INVOICES = "orders", "creditmemos", "invoices"
IDS_PER_REQUEST = 100  # ids in one ``in`` filter: the query string stays far below any server's URL limit


def orders_in_window(hook: Any, window: Window | None, *, page_size: int) -> Iterator[dict[str, Any]]:
    """The orders whose ``updated_at`` is in the window, each once, in id order. Both bounds go to the store
    (the walk is by id, so an order that moves past the end while the pages are read is the next run's); each row
    is checked against the window again here, which also drops the rows its boundary already took at its second."""
    filters = magento_window_params(window, first_group=1) if window is not None else {}
    for order in walk_by_id(hook, ORDERS, filters, page_size=page_size):
        if window is None or _admitted(window, order):
            yield order


def _admitted(window: Window, order: Mapping[str, Any]) -> bool:
    stamp = order.get("updated_at")
    try:
        modified = parse_timestamp(stamp) if isinstance(stamp, str) else None
    except ValueError:
        modified = None
    # An order without a readable stamp is passed on: its mapping says what is wrong with it.
    return modified is None or window.admits(modified, order.get("entity_id"))


def orders_by_ids(hook: Any, order_ids: Iterable[int], *, page_size: int) -> Iterator[dict[str, Any]]:
    """The orders of the ids given that the store has (a deleted order is simply not there)."""
    for chunk in _chunks(order_ids):
        yield from walk_by_id(hook, ORDERS, id_in_params(1, "entity_id", chunk), page_size=page_size)


def credit_memos_of(hook: Any, order_ids: Iterable[int], *, page_size: int) -> dict[int, list[dict[str, Any]]]:
    """The credit memos of the orders given, by order id."""
    return _by_order(hook, CREDIT_MEMOS, order_ids, page_size)


def invoices_of(hook: Any, order_ids: Iterable[int], *, page_size: int) -> dict[int, list[dict[str, Any]]]:
    """The invoices of the orders given, by order id."""
    return _by_order(hook, INVOICES, order_ids, page_size)


def order_comments(hook: Any, order_id: int) -> list[dict[str, Any]]:
    """The order's status history comments (``GET /V1/orders/{id}/comments``)."""
    body = hook.client.get_json(f"orders/{int(order_id)}/comments", endpoint="GET orders/{id}/comments") or {}
    items = body.get("items") if isinstance(body, Mapping) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def add_order_comment(hook: Any, order_id: int, comment: str) -> None:
    """Add a comment to the order's status history, visible to staff only (``POST /V1/orders/{id}/comments``)."""
    history = {"comment": comment, "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": int(order_id)}
    # Not resendable: a POST whose answer was lost may have added the comment; the write-back looks first.
    path = f"orders/{int(order_id)}/comments"
    hook.client.send_json("POST", path, json={"statusHistory": history}, endpoint="POST orders/{id}/comments")


def _by_order(hook: Any, resource: str, order_ids: Iterable[int], page_size: int) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for chunk in _chunks(order_ids):
        for row in walk_by_id(hook, resource, id_in_params(1, "order_id", chunk), page_size=page_size):
            order_id = row.get("order_id")
            if isinstance(order_id, int) and not isinstance(order_id, bool) and order_id in chunk:
                found.setdefault(order_id, []).append(row)
    return found


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), IDS_PER_REQUEST):
        yield ordered[start : start + IDS_PER_REQUEST]
