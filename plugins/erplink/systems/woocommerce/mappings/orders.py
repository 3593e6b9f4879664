"""WooCommerce wc/v3 orders and refunds → canonical `Order` and `Refund`.

Facts this mapping relies on (WooCommerce REST API v3 docs, orders and refunds):
- `date_created_gmt` / `date_modified_gmt` are naive ISO-8601 GMT; the non-GMT twins are site-local time.
- Money is sent as decimal strings; a line's `price` is the exception and is not read here.
- A line's `subtotal` is before coupons and `total` after, both without tax; `sku` is the variation's SKU
  for variation lines. A product deleted from the store leaves `product_id` 0 on its lines.
- `customer_id` 0 marks a guest checkout; the billing email is then the only handle on the customer.
- A refund's `amount` is positive, while its lines carry negative `quantity` and `total`; each refund line
  names the order line it refunds in the `_refunded_item_id` meta entry. The order's own `refunds` summary
  lists refund totals as negative strings.
- A refund's `api_restock` is write-only: it is not there when the refund is read back. What a restock leaves
  is on the order line: `_restock_refunded_items` meta, the running total of units refunds put back in stock
  (woocommerce `includes/wc-order-functions.php`, `wc_restock_refunded_items()`), for managed-stock products.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from itertools import combinations
from typing import Any

from erplink.mappings.json_fields import DocumentReader, parse_whole_number, show
from erplink.mappings.store_orders import (
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_TEXT_LENGTH,
    address_from,
    billing_customer,
    id_text,
    line_product_id,
    line_quantity,
    line_sku,
    order_lines,
    peek_id,
    refund_summaries,
    require_billing_email,
    sold_currency,
)
from erplink.models import (
    Address,
    Charge,
    ChargeKind,
    Coupon,
    Order,
    OrderLine,
    Refund,
    RefundLine,
)
from erplink.systems.woocommerce.mappings.references import REFERENCE_PREFIX

ERP_REFERENCE_META_KEY = "_erplink_erp_reference"
"""Order meta key under which the integration writes back the ERP document it created for the order."""

_REFUNDED_ITEM_META_KEY = "_refunded_item_id"
RESTOCKED_META_KEY = "_restock_refunded_items"
_MAX_REFUNDS_TO_ATTRIBUTE = 12  # refunds of one order line whose restock split is still worked out exactly
_ZERO = Decimal("0")


def order_record_key(order_id: Any) -> str:
    return f"woocommerce order {id_text(order_id)}"


def refund_record_key(order_id: Any, refund_id: Any) -> str:
    return f"woocommerce refund {id_text(refund_id)} of order {id_text(order_id)}"


def order_from_woo(
    document: Any,
    *,
    store: str,
    currencies: Collection[str],
    erp_reference_key: str = ERP_REFERENCE_META_KEY,
    max_lines: int = DEFAULT_MAX_LINES,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Order:
    """Map one wc/v3 order to a canonical `Order`.

    `currencies` are the currencies the tenant is configured to sell in; an order in any other currency is
    refused rather than converted. Raises `MappingError` naming the order and the field for every defect.
    """
    order = DocumentReader(document, record_key=order_record_key(peek_id(document)), max_text_length=max_text_length)
    order_id = order.integer("id", minimum=1)
    currency = sold_currency(order, "currency", currencies)

    notes: list[str] = []
    lines = order_lines(
        order, "line_items", max_lines=max_lines, read_line=lambda index, raw: _order_line(order, index, raw, notes)
    )

    customer_id = order.integer("customer_id", minimum=0)
    billing = order.child(order.required("billing"), "billing")
    shipping = order.child(order.document.get("shipping") or {}, "shipping")
    require_billing_email(billing)

    return order.build(
        Order,
        store=store,
        source_id=order_id,
        record_key=order_record_key(order_id),
        reference_prefix=REFERENCE_PREFIX,
        number=order.required_text("number"),
        status=order.required_text("status"),
        currency=currency,
        created_at=order.utc_datetime("date_created_gmt"),
        modified_at=order.utc_datetime("date_modified_gmt"),
        customer=billing_customer(billing, customer_id),
        billing_address=_address(billing),
        shipping_address=_address(shipping),
        lines=lines,
        charges=_charges(order, max_lines),
        coupons=tuple(
            _coupon(order.child(raw, f"coupon_lines[{index}]"))
            for index, raw in enumerate(order.objects("coupon_lines", max_items=max_lines))
        ),
        prices_include_tax=order.boolean("prices_include_tax", default=False),
        discount_total=order.amount("discount_total", default=_ZERO),
        tax_total=order.amount("total_tax"),
        total=order.amount("total"),
        erp_reference=_erp_reference(order, erp_reference_key),
        refunds=refund_summaries(order, amount_field="total", max_lines=max_lines),
        customer_note=order.optional_text("customer_note"),
        notes=tuple(notes),
    )


def erp_reference_from_meta(
    document: Any, key: str = ERP_REFERENCE_META_KEY, *, max_text_length: int = DEFAULT_MAX_TEXT_LENGTH
) -> str | None:
    """The ERP reference the integration wrote back into the order's `meta_data`, or None if not written.

    Raises `MappingError` if `meta_data` is malformed, the marker is not text, or two different markers
    are present (the order would then be linked to two ERP documents and needs a person to decide).
    """
    order = DocumentReader(document, record_key=order_record_key(peek_id(document)), max_text_length=max_text_length)
    return _erp_reference(order, key)


def refund_from_woo(
    document: Any,
    *,
    store: str,
    order_id: int,
    currency: str,
    default_restock: bool = False,
    order: Any = None,
    other_refunds: Iterable[Any] = (),
    max_lines: int = DEFAULT_MAX_LINES,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Refund:
    """Map one refund of `orders/{order_id}/refunds` to a canonical `Refund` in the order's currency.

    Restocking is read from `restock` on a line, then `api_restock` on the refund, then — given the `order`
    document — from the order line's `_restock_refunded_items`, then `default_restock`. The default is False
    because WooCommerce does not echo its write-only `api_restock` flag when a refund is read back, and an ERP
    restock moves inventory: it should happen only when the store says so.

    The order line's meta is one running total for all refunds of that line, so `other_refunds` (the order's
    other refunds) tell whose units it counts. A refund line is restocked when every way of making up the
    total from the line's refunds includes it (a total covering all of them, or a single refund, is the usual
    case); when the total could be made either way, it is not restocked, for the same reason as the default.
    """
    refund = DocumentReader(
        document, record_key=refund_record_key(order_id, peek_id(document)), max_text_length=max_text_length
    )
    refund_id = refund.integer("id", minimum=1)
    amount = abs(refund.amount("amount"))
    if amount == _ZERO:
        refund.fail("amount", "is zero; a refund must give back money")
    stated = refund.boolean("api_restock", default=default_restock) if refund.has("api_restock") else None
    raw_lines = refund.objects("line_items", max_items=max_lines)
    restocked = None if order is None else _restocked_by(refund, refund_id, raw_lines, order, other_refunds, max_lines)
    lines = tuple(
        _refund_line(refund, index, raw, stated, restocked, default_restock) for index, raw in enumerate(raw_lines)
    )
    return refund.build(
        Refund,
        store=store,
        source_id=refund_id,
        order_source_id=order_id,
        record_key=refund_record_key(order_id, refund_id),
        created_at=refund.utc_datetime("date_created_gmt"),
        currency=currency,
        amount=amount,
        reason=refund.optional_text("reason"),
        lines=lines,
    )


def _order_line(order: DocumentReader, index: int, raw: Any, notes: list[str]) -> OrderLine:
    line = order.child(raw, f"line_items[{index}]")
    line_id = line.integer("id", minimum=1)
    line.where = f"line item {line_id}"
    product_id = line_product_id(
        line, zero_reason="is 0: the product was deleted from the store, so the line matches no item"
    )
    variation_id = line.integer("variation_id", minimum=0) if line.has("variation_id") else 0
    sku = line_sku(line)
    quantity = line_quantity(line)
    subtotal = line.amount("subtotal")
    total = line.amount("total")
    if total > subtotal:
        # A shop manager can edit a line's total upwards without touching its subtotal; the total is what
        # was charged, so it wins and the line simply carries no discount.
        notes.append(f"line item {line_id}: total {total} above subtotal {subtotal}; subtotal taken as {total}")
        subtotal = total
    return line.build(
        OrderLine,
        line_id=line_id,
        sku=sku,
        product_id=product_id,
        variation_id=variation_id or None,
        name=line.required_text("name"),
        quantity=quantity,
        subtotal=subtotal,
        discount=subtotal - total,
        tax=line.amount("total_tax"),
        total=total,
    )


def _address(part: DocumentReader) -> Address | None:
    return address_from(part, line1="address_1", line2="address_2", postal_code="postcode", country="country")


def _charges(order: DocumentReader, max_lines: int) -> tuple[Charge, ...]:
    charges = []
    for index, raw in enumerate(order.objects("shipping_lines", max_items=max_lines)):
        shipping = order.child(raw, f"shipping_lines[{index}]")
        charges.append(
            shipping.build(
                Charge,
                kind=ChargeKind.SHIPPING,
                source_id=shipping.integer("id", minimum=1),
                description=shipping.optional_text("method_title") or shipping.optional_text("method_id") or "Shipping",
                amount=shipping.amount("total"),
                tax=shipping.amount("total_tax", default=_ZERO),
            )
        )
    for index, raw in enumerate(order.objects("fee_lines", max_items=max_lines)):
        fee = order.child(raw, f"fee_lines[{index}]")
        charges.append(
            fee.build(
                Charge,
                kind=ChargeKind.FEE,
                source_id=fee.integer("id", minimum=1),
                description=fee.optional_text("name") or "Fee",
                amount=fee.amount("total"),
                tax=fee.amount("total_tax", default=_ZERO),
            )
        )
    return tuple(charges)


def _coupon(coupon: DocumentReader) -> Coupon:
    return coupon.build(
        Coupon,
        code=coupon.required_text("code"),
        discount=coupon.amount("discount", default=_ZERO),
        discount_tax=coupon.amount("discount_tax", default=_ZERO),
    )


def _refund_line(
    refund: DocumentReader, index: int, raw: Any, stated: bool | None, restocked: set[int] | None, default_restock: bool
) -> RefundLine:
    line = refund.child(raw, f"line_items[{index}]")
    line_id = line.integer("id", minimum=1)
    line.where = f"refund line {line_id}"
    quantity = line.integer("quantity")
    total = line.amount("total", default=_ZERO)
    tax = line.amount("total_tax", default=_ZERO)
    for field, value in (("quantity", quantity), ("total", total), ("total_tax", tax)):
        if value > 0:
            line.fail(field, f"{value} is positive; WooCommerce records refunded values as negative numbers")
    order_line_id = _refunded_item_id(line)
    if line.has("restock"):
        restock = line.boolean("restock", default=False)
    elif stated is not None:
        restock = stated
    elif restocked is not None and order_line_id is not None:
        restock = order_line_id in restocked
    else:
        restock = default_restock
    return line.build(
        RefundLine,
        line_id=line_id,
        order_line_id=order_line_id,
        sku=line.optional_text("sku"),
        quantity=-quantity,
        amount=-total,
        tax=-tax,
        restock=restock and quantity != 0,
    )


def _restocked_by(
    refund: DocumentReader,
    refund_id: int,
    raw_lines: list[Any],
    order: Any,
    other_refunds: Iterable[Any],
    max_lines: int,
) -> set[int]:
    """The order line ids whose `_restock_refunded_items` total counts this refund's units (see refund_from_woo)."""
    totals = _restocked_totals(refund, order, max_lines)
    units: dict[int, dict[int, int]] = {}  # order line id → refund id → units refunded
    for other in other_refunds:
        if isinstance(other, Mapping) and isinstance(other.get("id"), int) and other["id"] != refund_id:
            _count_units(units, other["id"], other.get("line_items"))
    _count_units(units, refund_id, raw_lines)
    chosen: set[int] = set()
    for order_line_id, by_refund in units.items():
        mine = by_refund.get(refund_id, 0)
        total = totals.get(order_line_id, 0)
        if mine <= 0 or total <= 0:
            continue
        if total >= sum(by_refund.values()):
            chosen.add(order_line_id)
        elif len(by_refund) <= _MAX_REFUNDS_TO_ATTRIBUTE:
            ways = [
                set(ids)
                for size in range(1, len(by_refund) + 1)
                for ids in combinations(by_refund, size)
                if sum(by_refund[i] for i in ids) == total
            ]
            if ways and all(refund_id in way for way in ways):
                chosen.add(order_line_id)
    return chosen


def _restocked_totals(refund: DocumentReader, order: Any, max_lines: int) -> dict[int, int]:
    """Order line id → units restocked so far, from the order lines' `_restock_refunded_items` meta."""
    lines = order.get("line_items") if isinstance(order, Mapping) else None
    totals: dict[int, int] = {}
    for line in (lines if isinstance(lines, list) else [])[:max_lines]:
        if not isinstance(line, Mapping) or not isinstance(line.get("id"), int):
            continue
        for entry in line.get("meta_data") or []:
            if isinstance(entry, Mapping) and entry.get("key") == RESTOCKED_META_KEY:
                try:
                    totals[line["id"]] = parse_whole_number(entry.get("value"))
                except ValueError as error:
                    refund.fail(f"order line {line['id']} meta {RESTOCKED_META_KEY}", str(error))
    return totals


def _count_units(units: dict[int, dict[int, int]], refund_id: int, lines: Any) -> None:
    # Lenient on purpose: another refund's defects are its own record's to report.
    for line in lines if isinstance(lines, list) else []:
        if not isinstance(line, Mapping):
            continue
        try:
            quantity = -parse_whole_number(line.get("quantity"))
            order_line_id = next(
                parse_whole_number(m.get("value"))
                for m in line.get("meta_data") or []
                if isinstance(m, Mapping) and m.get("key") == _REFUNDED_ITEM_META_KEY
            )
        except (ValueError, StopIteration):
            continue
        if quantity > 0:
            per_refund = units.setdefault(order_line_id, {})
            per_refund[refund_id] = per_refund.get(refund_id, 0) + quantity


def _refunded_item_id(line: DocumentReader) -> int | None:
    for index, entry in enumerate(line.objects("meta_data")):
        if isinstance(entry, Mapping) and entry.get("key") == _REFUNDED_ITEM_META_KEY:
            try:
                item_id = parse_whole_number(entry.get("value"))
            except ValueError as error:
                line.fail(f"meta_data[{index}] ({_REFUNDED_ITEM_META_KEY})", str(error))
            if item_id <= 0:
                line.fail(f"meta_data[{index}] ({_REFUNDED_ITEM_META_KEY})", f"{item_id} is not an order line id")
            return item_id
    return None


def _erp_reference(order: DocumentReader, key: str) -> str | None:
    references: set[str] = set()
    for index, entry in enumerate(order.objects("meta_data")):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
            order.fail(f"meta_data[{index}]", "is not an object with a text key")
        if entry["key"] != key:
            continue
        value = entry.get("value")
        if not isinstance(value, str) or not value.strip():
            order.fail(f"meta_data[{index}] ({key})", f"value {show(value)} is not a non-blank text")
        references.add(value.strip())
    if len(references) > 1:
        order.fail("meta_data", f"holds {len(references)} different {key} values; the order is linked twice")
    return references.pop() if references else None


__all__ = [
    "DEFAULT_MAX_LINES",
    "DEFAULT_MAX_TEXT_LENGTH",
    "ERP_REFERENCE_META_KEY",
    "RESTOCKED_META_KEY",
    "erp_reference_from_meta",
    "order_from_woo",
    "order_record_key",
    "refund_from_woo",
    "refund_record_key",
]
