"""Adobe Commerce invoices (``GET /V1/invoices``) → canonical `Payment`: the captured invoice is what says an
order is paid.

Facts this mapping relies on (``sales-data-invoice-interface``; ``Magento\\Sales\\Model\\Order\\Invoice``):
- ``state`` is 1 (open: invoiced, the money not captured yet: an authorization, or an offline method waiting for
  the money), 2 (paid: captured) or 3 (canceled). Only a paid invoice took money; an open one becomes paid when it
  is captured, which changes its order too (``total_paid``, ``updated_at``), so the extract reads it again.
- ``grand_total`` is in the order's currency (``order_currency_code``), ``created_at`` in UTC.
- The payment method is the order's (``payment.method``: ``checkmo``, ``braintree``, ``paypal_express``, ...);
  the extract stores it with the invoice (``_order.method``), as the gateway the money went through.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader, parse_whole_number, show
from erplink.mappings.store_orders import DEFAULT_MAX_TEXT_LENGTH, id_text
from erplink.models import Payment
from erplink.systems.adobe_commerce.mappings.orders import peek_entity_id

INVOICE_OPEN, INVOICE_PAID, INVOICE_CANCELED = 1, 2, 3
_ZERO = Decimal("0")


def payment_record_key(order_id: Any, invoice_id: Any) -> str:
    return f"adobe_commerce invoice {id_text(invoice_id)} of order {id_text(order_id)}"


def is_captured(invoice: Any) -> bool:
    """Whether an invoice is paid (captured); False for anything that cannot be read as one."""
    state = invoice.get("state") if isinstance(invoice, Mapping) else None
    try:
        return state is not None and parse_whole_number(state) == INVOICE_PAID
    except ValueError:
        return False


def payment_from_adobe_commerce(
    invoice: Any,
    *,
    store: str,
    order_id: int,
    currency: str,
    method: str,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Payment | None:
    """The money invoice `invoice` of order `order_id` took, in the order's `currency` through `method`; None for
    an open or canceled invoice (no money taken). Raises `MappingError` naming the invoice and the field."""
    reader = DocumentReader(
        invoice, record_key=payment_record_key(order_id, peek_entity_id(invoice)), max_text_length=max_text_length
    )
    invoice_id = reader.integer("entity_id", minimum=1)
    state = reader.integer("state")
    if state not in (INVOICE_OPEN, INVOICE_PAID, INVOICE_CANCELED):
        reader.fail("state", f"{show(state)} is not an invoice state (1 open, 2 paid, 3 canceled)")
    if state != INVOICE_PAID:
        return None
    if reader.integer("order_id", minimum=1) != order_id:
        reader.fail("order_id", f"{reader.document.get('order_id')} is not the order {order_id} it was stored with")
    if reader.has("order_currency_code") and reader.text("order_currency_code").strip().upper() != currency:
        reader.fail("order_currency_code", f"{reader.text('order_currency_code')!r} is not its order's {currency}")
    if not method.strip():
        reader.fail("_order.method", "is blank: the order names no payment method")
    amount = reader.amount("grand_total")
    if amount <= _ZERO:
        reader.fail("grand_total", f"{amount} is not positive; a paid invoice took money")
    return reader.build(
        Payment,
        store=store,
        source_id=invoice_id,
        order_source_id=order_id,
        record_key=payment_record_key(order_id, invoice_id),
        created_at=reader.utc_datetime("created_at"),
        currency=currency,
        amount=amount,
        gateway=method.strip(),
        method=method.strip(),
    )
