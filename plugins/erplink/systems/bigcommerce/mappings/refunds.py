"""BigCommerce v3 refunds (``/v3/orders/payment_actions/refunds``) → canonical `Refund`.

Facts this mapping relies on (``orders.v3.yml`` ``Refund``, ``RefundItem``; ``docs/api-facts`` section 2):
- ``total_amount`` is a non-negative JSON number, the money given back; ``created`` is RFC 3339.
- Each item names what it refunds by ``item_type`` and ``item_id``: for ``PRODUCT`` (and ``GIFT_WRAPPING``) the
  order product id, with ``quantity`` for products only; ``SHIPPING``, ``HANDLING``, ``ORDER`` and ``FEE`` items
  refund money that no order line carries, so they become no refund line (the refund's amount covers them).
- ``requested_amount`` may be absent for a product item: its amount then follows from the quantity.
- Refunds do not restock inventory in BigCommerce, so no refund line is restocked.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader
from erplink.mappings.store_orders import DEFAULT_MAX_LINES, DEFAULT_MAX_TEXT_LENGTH, id_text, peek_id
from erplink.models import Refund, RefundLine
from erplink.systems.bigcommerce.mappings.dates import parse_rfc3339

_ZERO = Decimal("0")
_PRODUCT = "PRODUCT"
_ITEM_TYPES = frozenset({"PRODUCT", "GIFT_WRAPPING", "SHIPPING", "HANDLING", "ORDER", "FEE"})


def refund_record_key(order_id: Any, refund_id: Any) -> str:
    return f"bigcommerce refund {id_text(refund_id)} of order {id_text(order_id)}"


def refund_from_bigcommerce(
    document: Any,
    *,
    store: str,
    currency: str,
    order_line_skus: Mapping[int, str] | None = None,
    max_lines: int = DEFAULT_MAX_LINES,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Refund:
    """Map one v3 refund to a canonical `Refund` in its order's `currency`.

    `order_line_skus` (order product id → SKU, from the stored order) names the SKU each product item refunds.
    Raises `MappingError` naming the refund and the field for every defect.
    """
    order_id_hint = document.get("order_id") if isinstance(document, Mapping) else None
    refund = DocumentReader(
        document, record_key=refund_record_key(order_id_hint, peek_id(document)), max_text_length=max_text_length
    )
    refund_id = refund.integer("id", minimum=1)
    order_id = refund.integer("order_id", minimum=1)
    amount = refund.amount("total_amount")
    if amount <= _ZERO:
        refund.fail("total_amount", f"{amount} is not positive; a refund must give back money")
    try:
        created_at = parse_rfc3339(refund.required("created"))
    except ValueError as error:
        refund.fail("created", str(error))
    lines = []
    for index, raw in enumerate(refund.objects("items", max_items=max_lines)):
        line = _refund_line(refund.child(raw, f"items[{index}]"), index, order_line_skus or {})
        if line is not None:
            lines.append(line)
    return refund.build(
        Refund,
        store=store,
        source_id=refund_id,
        order_source_id=order_id,
        record_key=refund_record_key(order_id, refund_id),
        created_at=created_at,
        currency=currency,
        amount=amount,
        reason=refund.optional_text("reason"),
        lines=tuple(lines),
    )


def _refund_line(item: DocumentReader, index: int, skus: Mapping[int, str]) -> RefundLine | None:
    item_type = item.required_text("item_type").strip().upper()
    if item_type not in _ITEM_TYPES:
        item.fail("item_type", f"{item_type!r} is not a BigCommerce refund item type")
    if item_type != _PRODUCT:
        return None
    order_line_id = item.integer("item_id", minimum=1)
    quantity = item.integer("quantity", minimum=0) if item.has("quantity") else 0
    amount = item.amount("requested_amount", default=_ZERO)
    if amount < _ZERO:
        item.fail("requested_amount", f"{amount} is negative")
    return item.build(
        RefundLine,
        line_id=index + 1,  # refund items carry no id of their own: their place in the refund stands for one
        order_line_id=order_line_id,
        sku=skus.get(order_line_id) or None,
        quantity=quantity,
        amount=amount,
        tax=_ZERO,
        restock=False,
    )
