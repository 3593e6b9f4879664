"""Adobe Commerce (Magento 2.4) orders (``GET /V1/orders``) → canonical `Order`.

The document mapped is a ``sales-data-order-interface`` as the orders list returns it, with the extract's
additions (see ``extract``): ``refunds`` lists the order's credit memos (``id``, ``grand_total``, ``reason``) and
the status history is set aside (the write-back marker is read from it, nothing else).

Facts this mapping relies on (``admin-schema-2.4.8.yaml``; Magento's ``Sales`` module):
- Amounts are JSON numbers, dates ``YYYY-MM-DD HH:MM:SS`` in UTC. Every amount comes twice: in the order's currency
  (``order_currency_code``: ``price``, ``row_total``, ``grand_total``, ...) and in the website's base currency
  (``base_*``, converted at ``base_to_order_rate`` when the order was placed). The order currency is what the
  shopper was charged and what the invoice and credit memos show, so it is the currency the ERP's receivable is
  owed in; the base amounts are the merchant's own reporting at a rate the ERP neither knows nor needs.
- ``state`` is Magento's fixed order state; ``status`` a label the merchant may rename (see ``statuses``).
- ``items`` holds every row of the quote: a configurable product is a parent row (``product_type``
  ``configurable``) that carries the price, tax and discount, and one child row (``parent_item_id`` = the parent's
  ``item_id``) for the simple product chosen, at price 0; both rows carry the chosen simple product's SKU. They are
  one line: the parent's amounts and quantity, the child's SKU and product id.
- A bundle is a parent row (``product_type`` ``bundle``) with a child row per chosen option. With dynamic pricing
  the children carry the prices (the parent's row total is 0): each child is a line of its own. With a fixed price
  the parent carries it and the children are at 0: the bundle is sold as one thing, so it is one line under the
  bundle's own SKU, and the note lists what it held.
- An item's ``discount_amount`` is positive (what rules and coupons took off the row); the order's
  ``discount_amount`` is the same total, negative, including ``shipping_discount_amount``. ``row_total`` and
  ``shipping_amount`` exclude tax.
- A guest order has ``customer_is_guest`` 1 and no ``customer_id``; ``customer_email`` is always set.
- With Adobe Commerce B2B, an order placed by a company user carries ``extension_attributes.
  company_order_attributes`` (``company_id``, ``company_name``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader, parse_whole_number, show
from erplink.mappings.store_orders import (
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_TEXT_LENGTH,
    id_text,
    line_sku,
    refund_summaries,
    sold_currency,
)
from erplink.models import Address, Charge, ChargeKind, Coupon, Customer, Order, OrderLine
from erplink.systems.adobe_commerce.mappings.references import REFERENCE_PREFIX
from erplink.systems.adobe_commerce.mappings.statuses import state_code

_ZERO = Decimal("0")
CONFIGURABLE, BUNDLE = "configurable", "bundle"
NO_LINE = 0  # the line a dynamic-price bundle's own row counts toward: none (see ``order_item_lines``)


def order_record_key(order_id: Any) -> str:
    return f"adobe_commerce order {id_text(order_id)}"


def peek_entity_id(document: Any) -> Any:
    return document.get("entity_id") if isinstance(document, Mapping) else None


@dataclass(frozen=True)
class B2BCompany:
    """The Adobe Commerce B2B company an order was placed for."""

    company_id: int
    name: str | None


def order_from_adobe_commerce(
    document: Any,
    *,
    store: str,
    currencies: Collection[str],
    erp_reference: str | None = None,
    max_lines: int = DEFAULT_MAX_LINES,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Order:
    """Map one Magento order (see the module docstring) to a canonical `Order` in the order's currency.

    `currencies` are the currencies the tenant sells in; an order in another is refused rather than converted.
    `erp_reference` is the ERP document the order's write-back comment names, when it has one. Raises
    `MappingError` naming the order and the field for every defect.
    """
    order = DocumentReader(
        document, record_key=order_record_key(peek_entity_id(document)), max_text_length=max_text_length
    )
    order_id = order.integer("entity_id", minimum=1)
    currency = sold_currency(order, "order_currency_code", currencies)
    state = state_code(order.required("state"))
    if state is None:
        order.fail("state", f"{show(order.document.get('state'))} is not a Magento order state")

    notes: list[str] = []
    rows = _item_rows(order, max_lines)
    line_rows = _line_rows(rows, notes)
    if not line_rows:
        order.fail("items", "the order has no product lines")
    lines = tuple(_order_line(rows_of_line, rows, notes) for rows_of_line in line_rows)

    company = _company(order)
    if company is not None:
        notes.append(f"B2B company {company.company_id}" + (f" ({company.name})" if company.name else ""))
    billing = order.child(order.required("billing_address"), "billing_address")
    discount = order.amount("discount_amount", default=_ZERO)
    if discount > _ZERO:
        order.fail("discount_amount", f"{discount} is positive; Magento records an order's discount as negative")
    coupon_code = order.optional_text("coupon_code")
    return order.build(
        Order,
        store=store,
        source_id=order_id,
        record_key=order_record_key(order_id),
        reference_prefix=REFERENCE_PREFIX,
        number=order.required_text("increment_id"),
        status=state,
        currency=currency,
        created_at=order.utc_datetime("created_at"),
        modified_at=order.utc_datetime("updated_at"),
        customer=_customer(order, billing, company),
        billing_address=_address(billing),
        shipping_address=_shipping_address(order),
        lines=lines,
        charges=_charges(order, order_id),
        # The whole discount is the coupon's: Magento does not split it between the coupon and other cart rules.
        coupons=(order.build(Coupon, code=coupon_code, discount=-discount, discount_tax=_ZERO),) if coupon_code else (),
        prices_include_tax=False,  # row totals and shipping are kept without tax beside their tax
        discount_total=-discount,
        tax_total=order.amount("tax_amount", default=_ZERO),
        total=order.amount("grand_total"),
        erp_reference=erp_reference,
        refunds=refund_summaries(order, amount_field="grand_total", max_lines=max_lines),
        customer_note=order.optional_text("customer_note"),
        notes=tuple(notes),
    )


def _item_rows(order: DocumentReader, max_lines: int) -> dict[int, DocumentReader]:
    """Every item row by ``item_id``, in the order Magento lists them."""
    rows: dict[int, DocumentReader] = {}
    for index, raw in enumerate(order.objects("items", max_items=max_lines)):
        row = order.child(raw, f"items[{index}]")
        item_id = row.integer("item_id", minimum=1)
        if item_id in rows:
            row.fail("item_id", f"{item_id} appears more than once")
        row.where = f"item {item_id}"
        rows[item_id] = row
    return rows


def _parent_id(row: DocumentReader) -> int | None:
    return row.integer("parent_item_id", minimum=1) if row.has("parent_item_id") else None


def _children(rows: Mapping[int, DocumentReader]) -> dict[int, list[DocumentReader]]:
    children: dict[int, list[DocumentReader]] = {}
    for row in rows.values():
        parent_id = _parent_id(row)
        if parent_id is None:
            continue
        parent = rows.get(parent_id)
        if parent is None:
            row.fail("parent_item_id", f"{parent_id} names no item of this order")
        if _parent_id(parent) is not None:
            row.fail("parent_item_id", f"{parent_id} is itself a child row; Magento nests one level only")
        if _product_type(parent) not in (CONFIGURABLE, BUNDLE):
            row.fail(
                "parent_item_id", f"{parent_id} is a {_product_type(parent) or 'typeless'} row, which has no children"
            )
        children.setdefault(parent_id, []).append(row)
    return children


def _product_type(row: DocumentReader) -> str:
    return row.text("product_type").strip().lower()


def _is_priced(row: DocumentReader) -> bool:
    return row.amount("row_total", default=_ZERO) != _ZERO


@dataclass(frozen=True)
class _LineRows:
    """The rows one order line is read from: ``priced`` carries the amounts and quantity, ``chosen`` the SKU."""

    priced: DocumentReader
    chosen: DocumentReader


def _line_rows(rows: Mapping[int, DocumentReader], notes: list[str]) -> list[_LineRows]:
    children = _children(rows)
    lines: list[_LineRows] = []
    for item_id, row in rows.items():
        if _parent_id(row) is not None:
            continue  # read with its parent
        kind, parts = _product_type(row), children.get(item_id, [])
        if kind == CONFIGURABLE:
            if len(parts) != 1:
                row.fail(
                    "item_id", f"the configurable row has {len(parts)} child rows; one (the chosen product) is expected"
                )
            lines.append(_LineRows(priced=row, chosen=parts[0]))
        elif kind == BUNDLE and parts and any(_is_priced(part) for part in parts):
            lines.extend(_LineRows(priced=part, chosen=part) for part in parts)  # dynamic price: the parts are sold
        else:
            if kind == BUNDLE and parts:
                held = ", ".join(part.text("sku") for part in parts)
                notes.append(f"item {item_id}: fixed-price bundle {row.text('sku')!r} holding {held}")
            lines.append(_LineRows(priced=row, chosen=row))
    return lines


def _order_line(rows: _LineRows, all_rows: Mapping[int, DocumentReader], notes: list[str]) -> OrderLine:
    line, chosen = rows.priced, rows.chosen
    line_id = line.integer("item_id", minimum=1)
    parent_id = _parent_id(line)
    # A configurable's SKU and product are the chosen child's; the parent's product id is the configurable itself.
    product_id = line.integer("product_id", minimum=1)
    chosen_product = chosen.integer("product_id", minimum=1)
    sku = line_sku(chosen)
    quantity = line.integer("qty_ordered")
    if quantity <= 0:
        line.fail("qty_ordered", f"{quantity} is not a positive whole number")
    subtotal = line.amount("row_total")
    if subtotal < _ZERO:
        line.fail("row_total", f"{subtotal} is negative")
    discount = line.amount("discount_amount", default=_ZERO)
    if discount < _ZERO:
        line.fail("discount_amount", f"{discount} is negative; an item's discount is what was taken off it")
    if discount > subtotal:
        notes.append(f"item {line_id}: discount {discount} above the row's {subtotal}; capped at it")
        discount = subtotal
    tax = line.amount("tax_amount", default=_ZERO)
    if tax < _ZERO:
        line.fail("tax_amount", f"{tax} is negative")
    # The chosen product's own name says which variant it is ("Hoodie-XS-Black"); a bundle's part names its bundle.
    name = chosen.optional_text("name") or line.optional_text("name") or sku
    if parent_id is not None:
        name = f"{all_rows[parent_id].optional_text('name') or all_rows[parent_id].text('sku')}: {name}"
    return line.build(
        OrderLine,
        line_id=line_id,
        sku=sku,
        product_id=product_id,
        variation_id=chosen_product if chosen is not line else None,
        name=name,
        quantity=quantity,
        subtotal=subtotal,
        discount=discount,
        tax=tax,
        total=subtotal - discount,
    )


def _extension(order: DocumentReader) -> DocumentReader | None:
    raw = order.document.get("extension_attributes")
    return None if raw is None else order.child(raw, "extension_attributes")


def _company(order: DocumentReader) -> B2BCompany | None:
    extension = _extension(order)
    raw = extension.document.get("company_order_attributes") if extension is not None else None
    if raw is None:
        return None
    part = order.child(raw, "extension_attributes.company_order_attributes")
    return B2BCompany(company_id=part.integer("company_id", minimum=1), name=part.optional_text("company_name"))


def company_of(document: Any, *, max_text_length: int = DEFAULT_MAX_TEXT_LENGTH) -> B2BCompany | None:
    """The B2B company an order was placed for; None for an order of no company. Raises `MappingError` when the
    company part is malformed."""
    order = DocumentReader(
        document, record_key=order_record_key(peek_entity_id(document)), max_text_length=max_text_length
    )
    return _company(order)


def _guest(order: DocumentReader) -> bool:
    value = order.document.get("customer_is_guest")
    if value is None:
        return not order.has("customer_id")
    try:
        flag = parse_whole_number(value)
    except ValueError as error:
        order.fail("customer_is_guest", str(error))
    if flag not in (0, 1):
        order.fail("customer_is_guest", f"{show(value)} is neither 0 nor 1")
    return flag == 1


def _customer(order: DocumentReader, billing: DocumentReader, company: B2BCompany | None) -> Customer:
    guest = _guest(order)
    customer_id = None if guest else order.integer("customer_id", minimum=1)
    email = order.text("customer_email").strip() or billing.text("email").strip()
    if not email:
        order.fail("customer_email", "is blank; the order's customer is matched by email")
    return order.build(
        Customer,
        email=email,
        guest=guest,
        store_customer_id=customer_id,
        first_name=order.optional_text("customer_firstname") or billing.optional_text("firstname"),
        last_name=order.optional_text("customer_lastname") or billing.optional_text("lastname"),
        company=(company.name if company else None) or billing.optional_text("company"),
        phone=billing.optional_text("telephone"),
    )


def _address(part: DocumentReader) -> Address | None:
    street = part.objects("street", max_items=4)
    for index, value in enumerate(street):
        if not isinstance(value, str):
            part.fail(f"street[{index}]", f"has type {type(value).__name__}, not text")
    lines = [text.strip() for text in street if isinstance(text, str) and text.strip()]
    name = " ".join(filter(None, (part.optional_text("firstname"), part.optional_text("lastname"))))
    fields = {
        "name": name or None,
        "company": part.optional_text("company"),
        "line1": lines[0] if lines else None,
        "line2": ", ".join(lines[1:]) or None,
        "city": part.optional_text("city"),
        "state": part.optional_text("region_code") or part.optional_text("region"),
        "postal_code": part.optional_text("postcode"),
        "country": (part.optional_text("country_id") or "").upper() or None,
        "phone": part.optional_text("telephone"),
    }
    if not any(fields[key] for key in ("line1", "city", "postal_code", "country")):
        return None
    return part.build(Address, **fields)


def _shipping_address(order: DocumentReader) -> Address | None:
    """The first shipping assignment's address (a virtual order has none)."""
    extension = _extension(order)
    if extension is None:
        return None
    assignments = extension.objects("shipping_assignments")
    if not assignments:
        return None
    assignment = extension.child(assignments[0], "extension_attributes.shipping_assignments[0]")
    shipping = assignment.document.get("shipping")
    if shipping is None:
        return None
    raw = order.child(shipping, "shipping_assignments[0].shipping").document.get("address")
    return None if raw is None else _address(order.child(raw, "shipping_assignments[0].shipping.address"))


def _charges(order: DocumentReader, order_id: int) -> tuple[Charge, ...]:
    """Shipping, net of the discount a rule gave on it (the order's discount total counts that discount too)."""
    amount = order.amount("shipping_amount", default=_ZERO)
    shipping_discount = order.amount("shipping_discount_amount", default=_ZERO)
    tax = order.amount("shipping_tax_amount", default=_ZERO)
    if amount < _ZERO:
        order.fail("shipping_amount", f"{amount} is negative")
    if not amount and not tax:
        return ()
    charge = order.build(
        Charge,
        kind=ChargeKind.SHIPPING,
        source_id=order_id,
        description=order.optional_text("shipping_description") or "Shipping",
        amount=amount - abs(shipping_discount),
        tax=tax,
    )
    return (charge,)


def order_item_lines(document: Any) -> dict[int, tuple[int, str]]:
    """Order item id → (the id of the order line it counts toward, that line's SKU) of a stored order: what a credit
    memo item, which names an order item, refunds. A configurable's child row counts toward its parent's line, as do
    the parts of a fixed-price bundle. A dynamic-price bundle's own row counts toward no line (``NO_LINE``): its parts
    are the lines. Rows that cannot be read are left out (the order's own mapping names them)."""
    items = document.get("items") if isinstance(document, Mapping) else None
    rows = [row for row in items if isinstance(row, Mapping)] if isinstance(items, list) else []
    by_id: dict[int, Mapping[str, Any]] = {row["item_id"]: row for row in rows if _positive_int(row.get("item_id"))}
    result: dict[int, tuple[int, str]] = {}
    for item_id, row in by_id.items():
        raw_parent_id = row.get("parent_item_id")
        parent_id = raw_parent_id if isinstance(raw_parent_id, int) and _positive_int(raw_parent_id) else 0
        parent = by_id.get(parent_id)
        if parent is None:
            result.setdefault(item_id, (item_id, _text(row.get("sku"))))
        elif _text(parent.get("product_type")).lower() == CONFIGURABLE:
            result[item_id] = result[parent_id] = (parent_id, _text(row.get("sku")))
        elif any(_row_total(part) for part in rows if part.get("parent_item_id") == parent_id):
            result[item_id] = (item_id, _text(row.get("sku")))  # a dynamic-price bundle's part is a line
            result[parent_id] = (NO_LINE, "")
        else:
            result[item_id] = (parent_id, _text(parent.get("sku")))
    return result


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _row_total(row: Mapping[str, Any]) -> bool:
    value = row.get("row_total")
    try:
        return Decimal(str(value)) != _ZERO if value is not None else False
    except ArithmeticError:
        return False
