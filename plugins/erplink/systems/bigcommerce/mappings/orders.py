"""BigCommerce v2 orders → canonical `Order`.

The document mapped is a v2 order (``GET /v2/orders``) with its sub-resources read in beside it, as the extract
stores it: ``products``, ``shipping_addresses`` and ``coupons`` hold the lists of ``/v2/orders/{id}/products``,
``/shipping_addresses`` and ``/coupons`` in place of the ``{url, resource}`` links the order itself carries, and
``refunds`` the order's refunds from ``/v3/orders/payment_actions/refunds`` (absent: none read).

Facts this mapping relies on (``orders.v2.oas2.yml``, ``docs/api-facts`` section 2):
- Money is sent as decimal strings (``'336.3200'``); v2 dates are RFC 2822 strings.
- ``status_id`` is one of BigCommerce's fixed status ids; the ``status`` text is a label the merchant may rename.
- ``customer_id`` 0 marks a guest checkout; the billing address's email is then the only handle on the customer.
- An order product's ``total_ex_tax`` is its price before discounts; ``applied_discounts`` are what coupons and
  manual discounts took off that line. A custom product (or one deleted from the catalog) has ``product_id`` 0.
- Shipping and handling are charged per shipping address (``cost_ex_tax``, ``handling_cost_ex_tax``); fees are in
  the order's ``fees`` (the extract asks for them: ``include=fees``); gift wrapping is on the order
  (``wrapping_cost_ex_tax``).
- ``discount_amount`` is the order's manual discount, which BigCommerce spreads over the products as
  ``applied_discounts`` named "Manual Discount" (``orderProductAppliedDiscounts``): the lines carry it, so it is no
  charge of its own (one would count it twice).
- BigCommerce has no separate order number: the id is the number shoppers see.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader
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
from erplink.models import Address, Charge, ChargeKind, Coupon, Order, OrderLine
from erplink.systems.bigcommerce.mappings.dates import parse_rfc2822
from erplink.systems.bigcommerce.mappings.references import REFERENCE_PREFIX
from erplink.systems.bigcommerce.mappings.statuses import status_code

_ZERO = Decimal("0")


def order_record_key(order_id: Any) -> str:
    return f"bigcommerce order {id_text(order_id)}"


def order_from_bigcommerce(
    document: Any,
    *,
    store: str,
    currencies: Collection[str],
    erp_reference: str | None = None,
    max_lines: int = DEFAULT_MAX_LINES,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Order:
    """Map one v2 order (with its sub-resources, see the module docstring) to a canonical `Order`.

    `currencies` are the currencies the tenant sells in; an order in another is refused rather than converted.
    `erp_reference` is the ERP document the order's write-back metafield names, when it has one. Raises
    `MappingError` naming the order and the field for every defect.
    """
    order = DocumentReader(document, record_key=order_record_key(peek_id(document)), max_text_length=max_text_length)
    order_id = order.integer("id", minimum=1)
    currency = sold_currency(order, "currency_code", currencies)
    status_id = order.integer("status_id", minimum=0)
    status = status_code(status_id)
    if status is None:
        order.fail("status_id", f"{status_id} is not a BigCommerce order status")

    notes: list[str] = []
    lines = order_lines(
        order, "products", max_lines=max_lines, read_line=lambda index, raw: _order_line(order, index, raw, notes)
    )

    customer_id = order.integer("customer_id", minimum=0)
    billing = order.child(order.required("billing_address"), "billing_address")
    require_billing_email(billing)
    shipping_addresses = [
        order.child(raw, f"shipping_addresses[{index}]")
        for index, raw in enumerate(order.objects("shipping_addresses", max_items=max_lines))
    ]
    if len(shipping_addresses) > 1:
        notes.append(f"{len(shipping_addresses)} shipping addresses; the first is the order's shipping address")

    return order.build(
        Order,
        store=store,
        source_id=order_id,
        record_key=order_record_key(order_id),
        reference_prefix=REFERENCE_PREFIX,
        number=str(order_id),
        status=status,
        currency=currency,
        created_at=_date(order, "date_created"),
        modified_at=_date(order, "date_modified"),
        customer=billing_customer(billing, customer_id),
        billing_address=_address(billing),
        shipping_address=_address(shipping_addresses[0]) if shipping_addresses else None,
        lines=lines,
        charges=_charges(order, order_id, shipping_addresses, max_lines),
        coupons=tuple(
            _coupon(order.child(raw, f"coupons[{index}]"))
            for index, raw in enumerate(order.objects("coupons", max_items=max_lines))
        ),
        prices_include_tax=order.boolean("is_tax_inclusive_pricing", default=False),
        discount_total=order.amount("discount_amount", default=_ZERO),
        tax_total=order.amount("total_tax", default=_ZERO),
        total=order.amount("total_inc_tax"),
        erp_reference=erp_reference,
        refunds=refund_summaries(order, amount_field="total_amount", max_lines=max_lines),
        customer_note=order.optional_text("customer_message"),
        notes=tuple(notes),
    )


def _date(reader: DocumentReader, field: str) -> Any:
    try:
        return parse_rfc2822(reader.required(field))
    except ValueError as error:
        reader.fail(field, str(error))


def _order_line(order: DocumentReader, index: int, raw: Any, notes: list[str]) -> OrderLine:
    line = order.child(raw, f"products[{index}]")
    line_id = line.integer("id", minimum=1)
    line.where = f"order product {line_id}"
    product_id = line_product_id(
        line, zero_reason="is 0: a custom product or one deleted from the catalog, so it matches no item"
    )
    variant_id = line.integer("variant_id", minimum=0) if line.has("variant_id") else 0
    sku = line_sku(line)
    quantity = line_quantity(line)
    subtotal = line.amount("total_ex_tax")
    if subtotal < _ZERO:
        line.fail("total_ex_tax", f"{subtotal} is negative")
    discount = _line_discount(line)
    if discount > subtotal:
        # A discount larger than the line cannot take it below zero: the excess went elsewhere in the order.
        notes.append(f"order product {line_id}: discounts {discount} above the line's {subtotal}; capped at it")
        discount = subtotal
    return line.build(
        OrderLine,
        line_id=line_id,
        sku=sku,
        product_id=product_id,
        variation_id=variant_id or None,
        name=line.optional_text("name_merchant") or line.required_text("name"),
        quantity=quantity,
        subtotal=subtotal,
        discount=discount,
        tax=line.amount("total_tax", default=_ZERO),
        total=subtotal - discount,
    )


def _line_discount(line: DocumentReader) -> Decimal:
    total = _ZERO
    for index, raw in enumerate(line.objects("applied_discounts")):
        discount = line.child(raw, f"{line.where}: applied_discounts[{index}]")
        amount = discount.amount("amount")
        if amount < _ZERO:
            discount.fail("amount", f"{amount} is negative")
        total += amount
    return total


def _address(part: DocumentReader) -> Address | None:
    # `country` is the country's name; the ISO code is beside it.
    return address_from(part, line1="street_1", line2="street_2", postal_code="zip", country="country_iso2")


def _charges(
    order: DocumentReader, order_id: int, shipping_addresses: list[DocumentReader], max_lines: int
) -> tuple[Charge, ...]:
    charges = []
    for address in shipping_addresses:
        address_id = address.integer("id", minimum=1)
        charges.append(
            address.build(
                Charge,
                kind=ChargeKind.SHIPPING,
                source_id=address_id,
                description=address.optional_text("shipping_method") or "Shipping",
                amount=address.amount("cost_ex_tax", default=_ZERO),
                tax=address.amount("cost_tax", default=_ZERO),
            )
        )
        handling = address.amount("handling_cost_ex_tax", default=_ZERO)
        if handling:
            charges.append(
                address.build(
                    Charge,
                    kind=ChargeKind.FEE,
                    source_id=address_id,
                    description="Handling",
                    amount=handling,
                    tax=address.amount("handling_cost_tax", default=_ZERO),
                )
            )
    for index, raw in enumerate(order.objects("fees", max_items=max_lines)):
        fee = order.child(raw, f"fees[{index}]")
        charges.append(
            fee.build(
                Charge,
                kind=ChargeKind.FEE,
                source_id=fee.integer("id", minimum=1),
                description=fee.optional_text("display_name_merchant") or fee.optional_text("type") or "Fee",
                # The spec's own example spells the field both ways.
                amount=fee.amount("cost_ex_tax") if fee.has("cost_ex_tax") else fee.amount("cost_exc_tax"),
                tax=fee.amount("cost_tax", default=_ZERO),
            )
        )
    wrapping = order.amount("wrapping_cost_ex_tax", default=_ZERO)
    if wrapping:
        charges.append(
            order.build(
                Charge,
                kind=ChargeKind.FEE,
                source_id=order_id,
                description="Gift wrapping",
                amount=wrapping,
                tax=order.amount("wrapping_cost_tax", default=_ZERO),
            )
        )
    return tuple(charges)


def _coupon(coupon: DocumentReader) -> Coupon:
    discount = coupon.amount("discount", default=_ZERO)
    if discount < _ZERO:
        coupon.fail("discount", f"{discount} is negative")
    return coupon.build(Coupon, code=coupon.required_text("code"), discount=discount, discount_tax=_ZERO)


def order_line_skus(document: Any) -> dict[int, str]:
    """Order product id → SKU ("" when blank) of a stored order: what a refund's PRODUCT item refunds."""
    products = document.get("products") if isinstance(document, Mapping) else None
    skus: dict[int, str] = {}
    for line in products if isinstance(products, list) else []:
        if isinstance(line, Mapping) and isinstance(line.get("id"), int) and not isinstance(line.get("id"), bool):
            sku = line.get("sku")
            skus[line["id"]] = sku if isinstance(sku, str) else ""
    return skus
