"""An order's payment transactions (orders.v3.yml `Transaction`) as the store's payment providers recorded them,
seeded from each order's payment method and status, and the capture a merchant takes later.

What the seed records, by order status:
- Incomplete: nothing (the shopper left the checkout).
- Awaiting Payment: an `authorization` not yet captured (`payment_status` "authorized"), or for every other PayPal
  order a `pending` one.
- Declined: a `purchase` with status `error`.
- Cancelled: an authorization and its `void`.
- Awaiting Payment, Declined or Cancelled with an offline or manual payment: nothing (no money until the merchant
  sees it).
- Every other status was paid: a `purchase`, or an `authorization` then a `capture` (every other card or PayPal
  order); every fifth paid card order first has a declined purchase; an offline (bank deposit, cash on delivery)
  or manual payment is a `purchase` named by `offline.display_name` or `custom.payment_method`; a refund of the
  order is a `refund` event beside the refunds list. Manual Verification Required orders carry `fraud_review: true`.
- Every fifth bank-deposit order was keyed in by the merchant: a manual order (`payment_method` "Manual").
- Gateways in test mode: every seventh order's transactions have `test: true`; every fourth card order went
  through BigCommerce's `testgateway`. ("Every n-th" counts the seeded orders in turn, so any world has some.)

Unkind where the schema allows: every third transaction leaves the optional `gateway_transaction_id`,
`fraud_review`, `payment_method_id`, card results and a false `test` out, and `order_id` is a string as the schema
says.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sandbox.bigcommerce.money import v3_number
from sandbox.bigcommerce.records import OrderRecord, StoreRecords

INCOMPLETE, CANCELLED, DECLINED, AWAITING_PAYMENT, MANUAL_VERIFICATION = 0, 5, 6, 7, 12
CARD, OFFSITE, OFFLINE, CUSTOM = "credit_card", "offsite", "offline", "custom"
OK, ERROR = "ok", "error"
# The seed's WooCommerce payment methods as BigCommerce gateways and payment methods (the Transaction enums).
GATEWAYS = {"stripe": ("stripe", CARD), "paypal": ("paypalexpress", OFFSITE), "bacs": ("bankdeposit", OFFLINE),
            "cod": ("cod", OFFLINE)}  # fmt: skip
OFFLINE_NAMES = {"bankdeposit": "Bank Deposit", "cod": "Cash on Delivery"}
MANUAL_PAYMENT = "Cash"  # what a merchant types for a manual order's payment
SPARSE_EVERY = 3  # every n-th transaction leaves its optional fields out
OPTIONAL_FIELDS = ("gateway_transaction_id", "fraud_review", "payment_method_id", "avs_result", "cvv_result")


@dataclass(frozen=True)
class PaymentPlan:
    """How one order pays: the gateway, the method, and whether the gateway is in test mode."""

    gateway: str
    method: str
    test: bool = False

    @classmethod
    def of(cls, transaction: dict[str, Any]) -> PaymentPlan:
        return cls(transaction["gateway"], transaction["method"], bool(transaction.get("test")))


def _utc(gmt: str) -> datetime:
    return datetime.fromisoformat(gmt).replace(tzinfo=UTC)


def add_transaction(
    records: StoreRecords,
    order: OrderRecord,
    plan: PaymentPlan,
    *,
    event: str,
    created: datetime,
    amount: Decimal,
    status: str = OK,
    reference: int | None = None,
    fraud_review: bool = False,
) -> dict[str, Any]:
    """Record one transaction of `order` (kept with its date as `created`, rendered on the way out)."""
    records.last_transaction_id += 1
    transaction_id = records.last_transaction_id
    transaction: dict[str, Any] = {
        "id": transaction_id,
        "order_id": str(order.order_id),
        "event": event,
        "method": plan.method,
        "amount": v3_number(amount),
        "currency": order.document["currency_code"],
        "gateway": plan.gateway,
        "created": created,
        "test": plan.test,
        "status": status,
        "fraud_review": fraud_review,
        "payment_method_id": f"{plan.gateway}.{plan.method}",
    }
    if plan.method in (CARD, OFFSITE):
        transaction["gateway_transaction_id"] = f"{plan.gateway[:2]}_{transaction_id:012x}"
    if plan.method == CARD:
        transaction["credit_card"] = {
            "card_type": "visa",
            "card_iin": "411111",
            "card_last4": f"{order.order_id % 10_000:04d}",
            "card_expiry_month": 1 + order.order_id % 12,
            "card_expiry_year": 2029,
        }
        transaction["avs_result"] = {"code": "Y", "message": "Street and postal code match", "street_match": "Y",
                                     "postal_match": "Y"}  # fmt: skip
        transaction["cvv_result"] = {"code": "M", "message": "CVV2 match"}
    if plan.method == OFFLINE:
        transaction["offline"] = {"display_name": OFFLINE_NAMES.get(plan.gateway, plan.gateway)}
    elif plan.method == CUSTOM:
        transaction["custom"] = {"payment_method": MANUAL_PAYMENT}
    else:
        transaction.update(offline=None, custom=None)  # nullable in the schema, and sent as null
    if reference is not None:
        transaction["reference_transaction_id"] = reference
    if transaction_id % SPARSE_EVERY == 0:
        for name in OPTIONAL_FIELDS:
            transaction.pop(name, None)
        if not plan.test:
            del transaction["test"]
    records.transactions.setdefault(order.order_id, []).append(transaction)
    return transaction


def capture(records: StoreRecords, order_id: int, now: datetime, amount: Decimal | None = None) -> dict[str, Any]:
    """A capture taken now: of the order's open authorization when it has one, on the gateway it last used; the
    order total unless an amount is given."""
    order = records.orders[order_id]
    rows = records.transactions.get(order_id, [])
    acted_on = {row.get("reference_transaction_id") for row in rows}
    held = next(
        (row for row in reversed(rows) if row["event"] == "authorization" and row["status"] == OK
         and row["id"] not in acted_on),
        None,
    )  # fmt: skip
    last = held or (rows[-1] if rows else None)
    plan = PaymentPlan.of(last) if last is not None else PaymentPlan(*GATEWAYS["stripe"])
    money = amount if amount is not None else Decimal(order.document["total_inc_tax"])
    return add_transaction(
        records, order, plan, event="capture", created=now, amount=money, reference=held["id"] if held else None
    )


def seed_transactions(records: StoreRecords, woo_orders: list[dict[str, Any]]) -> None:
    turns: Counter[str] = Counter()  # the orders seen so far, and those paid by card and by card and paid
    for woo in woo_orders:
        order = records.orders[woo["id"]]
        refunds = [refund for refund in records.refunds if refund["order_id"] == order.order_id]
        paid = _utc(woo["date_paid_gmt"]) if woo.get("date_paid_gmt") else None
        _seed_order(records, order, _plan(woo, turns), paid, refunds, turns)


def _plan(woo: dict[str, Any], turns: Counter[str]) -> PaymentPlan:
    turns["order"] += 1
    gateway, method = GATEWAYS.get(woo["payment_method"], (CUSTOM, CUSTOM))
    turns[gateway] += 1
    if method == CARD and turns[gateway] % 4 == 0:
        return PaymentPlan("testgateway", CARD, test=True)
    if gateway == "bankdeposit" and turns[gateway] % 5 == 0:
        gateway, method = CUSTOM, CUSTOM
    return PaymentPlan(gateway, method, test=turns["order"] % 7 == 0)


def _seed_order(
    records: StoreRecords,
    order: OrderRecord,
    plan: PaymentPlan,
    paid_at: datetime | None,
    refunds: list[dict[str, Any]],
    turns: Counter[str],
) -> None:
    status = order.document["status_id"]
    total = Decimal(order.document["total_inc_tax"])
    opened = min(order.created + timedelta(seconds=5), order.modified)
    paid = max(opened, min(paid_at or order.created + timedelta(seconds=90), order.modified))

    def add(event: str, created: datetime, **extra: Any) -> dict[str, Any]:
        return add_transaction(records, order, plan, event=event, created=created, amount=total, **extra)

    if plan.method == CUSTOM:
        order.document["payment_method"] = "Manual"
    if status == INCOMPLETE or (status in (AWAITING_PAYMENT, CANCELLED, DECLINED) and plan.method in (OFFLINE, CUSTOM)):
        return
    if status == AWAITING_PAYMENT:
        turns["awaiting"] += 1
        if plan.method == OFFSITE and turns["awaiting"] % 2:
            add("pending", opened)
        else:
            add("authorization", opened)
            order.document["payment_status"] = "authorized"
        return
    if status == DECLINED:
        add("purchase", opened, status=ERROR)
        return
    if status == CANCELLED:
        add("void", paid, reference=add("authorization", opened)["id"])
        return
    fraud_review = status == MANUAL_VERIFICATION
    turns["paid online"] += plan.method in (CARD, OFFSITE)
    turns["paid card"] += plan.method == CARD
    if plan.method == CARD and turns["paid card"] % 5 == 0:
        add("purchase", opened, status=ERROR)  # the first card was declined, the shopper tried another
    if plan.method not in (CARD, OFFSITE) or turns["paid online"] % 2 == 0:
        money = add("purchase", paid, fraud_review=fraud_review)
    else:
        held = add("authorization", opened, fraud_review=fraud_review)
        money = add("capture", paid, reference=held["id"], fraud_review=fraud_review)
    for refund in refunds:
        add_transaction(
            records, order, plan, event="refund", created=refund["created"],
            amount=Decimal(str(refund["total_amount"])), reference=money["id"],
        )  # fmt: skip
