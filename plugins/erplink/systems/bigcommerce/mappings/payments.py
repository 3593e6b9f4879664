"""BigCommerce order transactions (``GET /v3/orders/{order_id}/transactions``) → canonical `Payment`.

Facts this mapping relies on (``orders.v3.yml`` ``Transaction``):
- ``event`` is one of ``purchase``, ``authorization``, ``capture``, ``refund``, ``void``, ``pending``, ``settled``.
  Money is taken by a ``purchase`` (authorised and captured at once) and by the ``capture`` of an earlier
  authorization. An authorization only holds funds, a void releases them, ``pending`` waits for the provider,
  ``settled`` is the provider settling what a capture already took, and ``refund`` events mirror the refunds list,
  which the refund mapping reads: none of these is a payment.
- ``status`` is ``ok`` or ``error``; only ``ok`` took money. The schema makes it optional, so a purchase or capture
  without one cannot be judged and is refused rather than guessed.
- ``amount`` is a JSON number, ``currency`` ISO 4217, ``date_created`` a date-time, ``order_id`` a string;
  ``gateway`` comes from a fixed list in which ``testgateway`` is BigCommerce's test gateway. ``test`` is true when
  the gateway was in test mode; the schema gives it no default, and an absent flag is read as not set.
- ``offline.display_name`` and ``custom.payment_method`` name an offline or manual payment; both may be null.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader, parse_whole_number, show
from erplink.mappings.store_orders import DEFAULT_MAX_TEXT_LENGTH, id_text, peek_id
from erplink.models import Payment
from erplink.systems.bigcommerce.mappings.dates import parse_rfc3339

MONEY_EVENTS = frozenset({"purchase", "capture"})
EVENTS = MONEY_EVENTS | {"authorization", "refund", "void", "pending", "settled"}
_OK, _ERROR = "ok", "error"
_TEST_GATEWAY = "testgateway"
_ZERO = Decimal("0")


def payment_record_key(order_id: Any, transaction_id: Any) -> str:
    return f"bigcommerce payment {id_text(transaction_id)} of order {id_text(order_id)}"


def may_be_payment(transaction: Any) -> bool:
    """False only for a transaction that certainly took no money (a known event other than a purchase or capture,
    or a failed one); a transaction too malformed to judge is kept, so its mapping can refuse it with a reason."""
    if not isinstance(transaction, Mapping):
        return True
    event, status = transaction.get("event"), transaction.get("status")
    if isinstance(event, str) and event.strip().lower() in EVENTS - MONEY_EVENTS:
        return False
    return not (isinstance(status, str) and status.strip().lower() == _ERROR)


def payment_from_bigcommerce(
    transaction: Any,
    *,
    store: str,
    order_id: int,
    currency: str,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> Payment | None:
    """The money one transaction of order `order_id` took, in the order's `currency`; None for a transaction that
    took none. Raises `MappingError` naming the transaction and the field for every defect."""
    reader = DocumentReader(
        transaction, record_key=payment_record_key(order_id, peek_id(transaction)), max_text_length=max_text_length
    )
    event = reader.required_text("event").strip().lower()
    if event not in EVENTS:
        reader.fail("event", f"{event!r} is not a BigCommerce transaction event")
    if event not in MONEY_EVENTS:
        return None
    status = reader.required_text("status").strip().lower()
    if status not in (_OK, _ERROR):
        reader.fail("status", f"{status!r} is neither 'ok' nor 'error'")
    if status == _ERROR:
        return None
    transaction_id = reader.integer("id", minimum=1)
    _check_order(reader, order_id)
    amount = reader.amount("amount")
    if amount <= _ZERO:
        reader.fail("amount", f"{amount} is not positive; a {event} must take money")
    taken_in = reader.required_text("currency").strip().upper()
    if taken_in != currency.strip().upper():
        reader.fail("currency", f"{taken_in!r} is not the order's currency {currency!r}")
    gateway = reader.required_text("gateway").strip().lower()
    try:
        created_at = parse_rfc3339(reader.required("date_created"))
    except ValueError as error:
        reader.fail("date_created", str(error))
    return reader.build(
        Payment,
        store=store,
        source_id=transaction_id,
        order_source_id=order_id,
        record_key=payment_record_key(order_id, transaction_id),
        created_at=created_at,
        currency=taken_in,
        amount=amount,
        gateway=gateway,
        method=_method_name(reader),
        test=reader.boolean("test", default=False) or gateway == _TEST_GATEWAY,
    )


def payments_from_bigcommerce(
    transactions: Iterable[Any],
    *,
    store: str,
    order_id: int,
    currency: str,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
) -> list[Payment]:
    """The payments among an order's transactions, by transaction id; the first malformed one raises."""
    payments = [
        payment_from_bigcommerce(
            transaction, store=store, order_id=order_id, currency=currency, max_text_length=max_text_length
        )
        for transaction in transactions
    ]
    return sorted((payment for payment in payments if payment is not None), key=lambda p: p.source_id)


def _check_order(reader: DocumentReader, order_id: int) -> None:
    """The transaction's own ``order_id`` (a string in the schema), when present, must be the order read."""
    if not reader.has("order_id"):
        return
    raw = reader.document["order_id"]
    try:
        named = parse_whole_number(raw)
    except ValueError as error:
        reader.fail("order_id", str(error))
    if named != order_id:
        reader.fail("order_id", f"{show(raw)} is not the order {order_id} it was listed under")


def _method_name(reader: DocumentReader) -> str | None:
    """What the shopper paid with: the offline or manual method's own name where there is one, else the method."""
    for part, field in (("offline", "display_name"), ("custom", "payment_method")):
        if reader.has(part):
            named = reader.child(reader.document[part], part).optional_text(field)
            if named:
                return named
    return reader.optional_text("method")
