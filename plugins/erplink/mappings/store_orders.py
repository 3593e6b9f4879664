"""What every store's order mapping reads the same way: the limits on a document, the record key's id, the
currency check, the customer and address out of a billing or shipping part, and the checks an order line must pass
to be matched to an ERP item.

Field names differ between stores, so a store's mapping passes its own; the rules (and the reasons a person reads
when a record is held back) are the same for every store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from erplink.mappings.json_fields import DocumentReader, show
from erplink.models import Address, Customer, OrderLine, RefundSummary

DEFAULT_MAX_LINES = 500
"""More lines than this in one order is treated as a malformed or hostile document, not a big order."""

DEFAULT_MAX_TEXT_LENGTH = 2000
"""No name, address part or note a person types is this long; anything longer is refused as oversized."""

# Without any of these an address cannot be shipped to or printed: it is treated as no address at all.
_ADDRESS_PLACE_FIELDS = ("line1", "line2", "city", "postal_code", "country")


def peek_id(document: Any) -> Any:
    """The document's raw ``id``, read before the document is known to be an object (for its record key)."""
    return document.get("id") if isinstance(document, Mapping) else None


def id_text(value: Any) -> str:
    """The id as it should appear in a record key; a missing or malformed id must not break the error."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.isdigit() and len(value) <= 20 and int(value) > 0:
        return value
    return "(without a valid id)"


def sold_currency(order: DocumentReader, field: str, currencies: Collection[str]) -> str:
    """The order's currency code, upper case; an order in a currency the tenant does not sell in is refused
    rather than converted."""
    currency = order.required_text(field).strip().upper()
    if currency not in currencies:
        configured = ", ".join(sorted(currencies)) or "none"
        order.fail(field, f"{show(currency)} is not a currency this store is configured for ({configured})")
    return currency


def require_billing_email(billing: DocumentReader) -> None:
    """A store customer is matched by billing email, so an order without one cannot be given a customer."""
    if not billing.text("email").strip():
        billing.fail("email", "is blank; the order's customer is matched by billing email")


def billing_customer(billing: DocumentReader, customer_id: int) -> Customer:
    """The order's customer from its billing part; ``customer_id`` 0 is a guest checkout."""
    return billing.build(
        Customer,
        email=billing.text("email"),
        guest=customer_id == 0,
        store_customer_id=customer_id or None,
        first_name=billing.optional_text("first_name"),
        last_name=billing.optional_text("last_name"),
        company=billing.optional_text("company"),
        phone=billing.optional_text("phone"),
    )


def address_from(part: DocumentReader, *, line1: str, line2: str, postal_code: str, country: str) -> Address | None:
    """The address of a billing or shipping part, given the store's names of its fields that differ between
    stores; None when the part holds no place to send anything to."""
    name = " ".join(filter(None, (part.optional_text("first_name"), part.optional_text("last_name"))))
    fields = {
        "name": name or None,
        "company": part.optional_text("company"),
        "line1": part.optional_text(line1),
        "line2": part.optional_text(line2),
        "city": part.optional_text("city"),
        "state": part.optional_text("state"),
        "postal_code": part.optional_text(postal_code),
        "country": (part.optional_text(country) or "").upper() or None,
        "phone": part.optional_text("phone"),
    }
    if not any(fields[key] for key in _ADDRESS_PLACE_FIELDS):
        return None
    return part.build(Address, **fields)


def order_lines(
    order: DocumentReader, field: str, *, max_lines: int, read_line: Callable[[int, Any], OrderLine]
) -> tuple[OrderLine, ...]:
    """The order's product lines under ``field``, each read by ``read_line(index, raw)``; an order without any is
    refused (there is nothing to post)."""
    raw_lines = order.objects(field, max_items=max_lines)
    if not raw_lines:
        order.fail(field, "the order has no product lines")
    return tuple(read_line(index, raw) for index, raw in enumerate(raw_lines))


def line_product_id(line: DocumentReader, *, zero_reason: str) -> int:
    """The line's ``product_id``; 0 (the store's mark of a product it does not know) is refused with the store's
    own explanation, ``zero_reason``."""
    product_id = line.integer("product_id", minimum=0)
    if product_id == 0:
        line.fail("product_id", zero_reason)
    return product_id


def line_sku(line: DocumentReader) -> str:
    """The line's SKU: the only handle an ERP item is matched by, so a blank one is refused."""
    sku = line.text("sku")
    if not sku.strip():
        line.fail("sku", "is blank: the product has no SKU, so the line cannot be matched to an ERP item")
    return sku


def line_quantity(line: DocumentReader) -> int:
    """The line's ``quantity``, a positive whole number."""
    quantity = line.integer("quantity")
    if quantity <= 0:
        line.fail("quantity", f"{quantity} is not a positive whole number")
    return quantity


def refund_summaries(order: DocumentReader, *, amount_field: str, max_lines: int) -> tuple[RefundSummary, ...]:
    """The refunds the order lists under ``refunds``; stores differ in the sign of an amount, so its size is taken."""
    return tuple(
        _refund_summary(order.child(raw, f"refunds[{index}]"), amount_field)
        for index, raw in enumerate(order.objects("refunds", max_items=max_lines))
    )


def _refund_summary(summary: DocumentReader, amount_field: str) -> RefundSummary:
    return summary.build(
        RefundSummary,
        refund_id=summary.integer("id", minimum=1),
        reason=summary.optional_text("reason"),
        amount=abs(summary.amount(amount_field)),
    )
