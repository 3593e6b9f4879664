"""Adobe Commerce credit memos (``GET /V1/creditmemos``) → canonical `Refund`.

Facts this mapping relies on (``sales-data-creditmemo-interface``, ``-creditmemo-item-interface``):
- ``grand_total`` is the money given back, in the order's currency (``order_currency_code``): the items' row totals
  less their discounts, plus their tax, plus ``shipping_amount`` (and its tax) refunded, plus
  ``adjustment_positive`` (an extra refund the merchant typed), less ``adjustment_negative`` (a fee kept back).
  Both adjustments are entered as non-negative numbers.
- Each item names the order item it refunds by ``order_item_id``; a credit memo lists every item of its order,
  those not refunded with ``qty`` 0. A configurable product's parent and child rows are both listed: the parent
  carries the amounts, so the child counts toward the parent's line (see ``orders.order_item_lines``).
- Whether goods went back to stock is an argument of the refund request (``return_to_stock_items``), not a field
  of the credit memo: no refund line is read as restocked.
- ``comments`` are the notes the merchant entered; the first is read as the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader
from erplink.mappings.store_orders import DEFAULT_MAX_LINES, DEFAULT_MAX_TEXT_LENGTH, id_text
from erplink.models import Refund, RefundLine
from erplink.systems.adobe_commerce.mappings.orders import peek_entity_id

_ZERO = Decimal("0")


def refund_record_key(order_id: Any, creditmemo_id: Any) -> str:
    return f"adobe_commerce credit memo {id_text(creditmemo_id)} of order {id_text(order_id)}"


def refund_from_adobe_commerce(
    document: Any,
    *,
    store: str,
    currency: str,
    order_item_lines: Mapping[int, tuple[int, str]],
    max_lines: int = DEFAULT_MAX_LINES,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Refund:
    """Map one credit memo to a canonical `Refund` in its order's `currency`.

    `order_item_lines` (order item id → (line id, SKU), from the stored order: ``orders.order_item_lines``) says
    which order line each item refunds. Raises `MappingError` naming the credit memo and the field for every defect.
    """
    order_hint = document.get("order_id") if isinstance(document, Mapping) else None
    memo = DocumentReader(
        document, record_key=refund_record_key(order_hint, peek_entity_id(document)), max_text_length=max_text_length
    )
    memo_id = memo.integer("entity_id", minimum=1)
    order_id = memo.integer("order_id", minimum=1)
    if memo.has("order_currency_code") and memo.text("order_currency_code").strip().upper() != currency:
        memo.fail("order_currency_code", f"{memo.text('order_currency_code')!r} is not its order's {currency}")
    for field in ("adjustment_positive", "adjustment_negative", "shipping_amount"):
        if memo.amount(field, default=_ZERO) < _ZERO:
            memo.fail(field, f"{memo.amount(field)} is negative; Magento enters it as a positive amount")
    amount = memo.amount("grand_total")
    if amount <= _ZERO:
        memo.fail("grand_total", f"{amount} is not positive; a refund must give back money")
    lines = _refund_lines(memo, order_item_lines, max_lines)
    return memo.build(
        Refund,
        store=store,
        source_id=memo_id,
        order_source_id=order_id,
        record_key=refund_record_key(order_id, memo_id),
        created_at=memo.utc_datetime("created_at"),
        currency=currency,
        amount=amount,
        reason=_reason(memo),
        lines=lines,
    )


def _refund_lines(
    memo: DocumentReader, order_item_lines: Mapping[int, tuple[int, str]], max_lines: int
) -> tuple[RefundLine, ...]:
    lines: list[RefundLine] = []
    for index, raw in enumerate(memo.objects("items", max_items=max_lines)):
        item = memo.child(raw, f"items[{index}]")
        order_item_id = item.integer("order_item_id", minimum=1)
        target = order_item_lines.get(order_item_id)
        if target is None:
            item.fail("order_item_id", f"{order_item_id} names no item of the order")
        line_id, sku = target
        if line_id != order_item_id:
            continue  # a configurable's child or a fixed bundle's part: its line's own row carries the refund
        quantity = item.integer("qty", minimum=0)
        row_total = item.amount("row_total", default=_ZERO)
        discount = item.amount("discount_amount", default=_ZERO)
        tax = item.amount("tax_amount", default=_ZERO)
        for field, value in (("row_total", row_total), ("discount_amount", discount), ("tax_amount", tax)):
            if value < _ZERO:
                item.fail(field, f"{value} is negative")
        if quantity == 0 and row_total == _ZERO and tax == _ZERO:
            continue  # listed, not refunded
        lines.append(
            item.build(
                RefundLine,
                line_id=item.integer("entity_id", minimum=1) if item.has("entity_id") else index + 1,
                order_line_id=line_id,
                sku=sku or None,
                quantity=quantity,
                amount=max(row_total - discount, _ZERO),
                tax=tax,
                restock=False,
            )
        )
    return tuple(lines)


def _reason(memo: DocumentReader) -> str | None:
    for index, raw in enumerate(memo.objects("comments")):
        text = memo.child(raw, f"comments[{index}]").optional_text("comment")
        if text:
            return text
    return None
