"""Journal targets through the load protocol: a posted sale is never changed — a store change after posting gets
exactly one adjustment (the difference), a cancellation one reversal, a reopening one repost — each looked up by its
reference before it is posted, so a crash after the ERP saved it posts nothing twice; payments wait for their sale
and test-mode payments are not posted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.flows.journal_targets import Books, PaymentJournals, PostingCalendar, SaleJournals
from erplink.flows.steps import run_protocol
from erplink.ledger import AttemptContext, Ledger, LedgerRecord, RecordKey
from erplink.mappings.journals import JournalAccounts
from erplink.models import Customer, JournalEntry, Order, OrderLine, Payment

TENANT = "demo_bigcommerce"
CREATED = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
ACCOUNTS = JournalAccounts(sales="4000", tax="2200", shipping="4100", receivable="1200", clearing="1250")


class Book:
    """An ERP ledger in memory; ``lose_next`` saves the next entry and then fails, as a lost answer would."""

    def __init__(self) -> None:
        self.entries: dict[str, JournalEntry] = {}
        self.posted: list[str] = []  # every post, a repeated one too
        self.lose_next = False

    def find(self, reference: str) -> str | None:
        return f"J-{reference}" if reference in self.entries else None

    def post(self, entry: JournalEntry) -> str:
        self.posted.append(entry.reference)
        self.entries[entry.reference] = entry
        if self.lose_next:
            self.lose_next = False
            raise ConnectionError("the answer was lost after the entry was saved")
        return f"J-{entry.reference}"

    def net(self) -> dict[str, Decimal]:
        net: dict[str, Decimal] = defaultdict(Decimal)
        for entry in self.entries.values():
            for line in entry.lines:
                net[line.account] += line.signed
        return {account: amount for account, amount in net.items() if amount}


class Documents:
    """A store whose order payload is ``{"status", "lines": [[subtotal, tax], ...]}``; payments ``{"amount", ...}``."""

    always_sold_statuses = ("refunded",)
    cancelled_statuses = ("cancelled",)

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc

    def order_key(self, order_id: int) -> RecordKey:
        return RecordKey(TENANT, "qad_bigcommerce", "order", str(order_id))

    def order_reference(self, record: LedgerRecord) -> str:
        return f"BC-shop-{record.key.source_id}"

    def order_status(self, record: LedgerRecord) -> str:
        return str(record.payload["status"])

    def order(self, record: LedgerRecord) -> Order:
        lines = tuple(
            OrderLine(line_id=i + 1, sku=f"S{i}", product_id=i + 1, name="Thing", quantity=1,
                      subtotal=Decimal(sub), discount=Decimal(0), tax=Decimal(tax), total=Decimal(sub))  # fmt: skip
            for i, (sub, tax) in enumerate(record.payload["lines"])
        )
        tax = sum((line.tax for line in lines), Decimal(0))
        return Order(
            store="shop", source_id=int(record.key.source_id), record_key=f"order {record.key.source_id}",
            reference_prefix="BC", number=record.key.source_id, status=record.payload["status"], currency="USD",
            created_at=CREATED, modified_at=CREATED, lines=lines, discount_total=Decimal(0), tax_total=tax,
            total=sum((line.total for line in lines), Decimal(0)) + tax,
            customer=Customer(email="a@example.com", guest=True, store_customer_id=None),
        )  # fmt: skip

    def payment(self, record: LedgerRecord) -> Payment:
        return Payment(store="shop", source_id=int(record.key.source_id.split("-")[1]),
                       order_source_id=self.payment_order_id(record), record_key=f"payment {record.key.source_id}",
                       created_at=CREATED, currency="USD", amount=Decimal(record.payload["amount"]),
                       gateway="stripe", test=record.payload.get("test", False))  # fmt: skip

    def payment_order_id(self, record: LedgerRecord) -> int:
        return int(record.key.source_id.split("-")[0])


class Shop:
    def __init__(self, tmp_path: Path) -> None:
        self.ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
        self.ledger.migrate()
        self.fc = FlowContext(tenant=load_tenants().get(TENANT), ledger=self.ledger,
                              attempt=AttemptContext(run_id="run", task_id="load", worker="load"))  # fmt: skip
        self.book = Book()
        self.documents = Documents(self.fc)
        self.books = Books(self.book, ACCOUNTS, PostingCalendar("America/Chicago"))
        self.stamp = CREATED

    def store(self, entity: str, source_id: str, payload: dict[str, Any]) -> None:
        self.stamp += timedelta(minutes=5)  # each store change has its own modification stamp
        key = RecordKey(TENANT, "qad_bigcommerce", entity, source_id)
        self.ledger.upsert_source(key, payload=payload, source_modified=self.stamp, run_id="extract")

    def sales(self) -> dict[str, Any]:
        return run_protocol(self.fc, "order", SaleJournals(self.fc, self.documents, self.books, erp="ERP"))

    def payments(self) -> dict[str, Any]:
        return run_protocol(self.fc, "payment", PaymentJournals(self.fc, self.documents, self.books, erp="ERP"))

    def record(self, entity: str, source_id: str) -> LedgerRecord:
        found = self.ledger.get(RecordKey(TENANT, "qad_bigcommerce", entity, source_id))
        assert found is not None
        return found


@pytest.fixture
def shop(tmp_path: Path):
    made = Shop(tmp_path)
    yield made
    made.ledger.dispose()


def _sold(*lines: tuple[str, str], status: str = "completed") -> dict[str, Any]:
    return {"status": status, "lines": [list(line) for line in lines]}


def test_a_changed_sale_gets_one_adjustment_to_its_new_amounts_even_when_its_answer_is_lost(shop: Shop) -> None:
    shop.store("order", "7", _sold(("100.00", "8.00")))
    assert shop.sales()["created"] == 1
    shop.store("order", "7", _sold(("100.00", "8.00"), ("20.00", "1.60")))
    shop.book.lose_next = True
    shop.sales()  # the adjustment is saved, its answer lost: the record fails, to be tried again
    assert shop.record("order", "7").status.value == "failed"
    shop.sales()
    adjustments = [ref for ref in shop.book.posted if ref.startswith("BC-shop-7-A")]
    assert len(adjustments) == 1, "found by its reference, not posted again"
    assert shop.record("order", "7").status.value == "done"
    assert shop.book.net() == {"1200": Decimal("129.60"), "4000": Decimal("-120.00"), "2200": Decimal("-9.60")}
    assert shop.sales()["created"] + shop.sales()["updated"] == 0, "nothing left to post"


def test_a_sale_cancelled_after_posting_is_reversed_once_and_reposted_once_when_reopened(shop: Shop) -> None:
    shop.store("order", "8", _sold(("50.00", "4.00")))
    shop.sales()
    shop.store("order", "8", _sold(("50.00", "4.00"), status="cancelled"))
    shop.sales()
    assert shop.book.net() == {}, "the reversal takes the sale back"
    shop.store("order", "8", {**_sold(("50.00", "4.00"), status="cancelled"), "note": "staff comment"})
    shop.sales()
    assert len([r for r in shop.book.posted if r.startswith("BC-shop-8-X")]) == 1, "cancelled again: no 2nd reversal"
    shop.store("order", "8", _sold(("50.00", "4.00"), ("5.00", "0.40")))
    shop.sales()
    reposts = [r for r in shop.book.posted if r.startswith("BC-shop-8-S")]
    assert len(reposts) == 1
    assert shop.book.net() == {"1200": Decimal("59.40"), "4000": Decimal("-55.00"), "2200": Decimal("-4.40")}


def test_a_sale_whose_postings_did_not_change_posts_nothing(shop: Shop) -> None:
    shop.store("order", "9", _sold(("10.00", "0.80")))
    shop.sales()
    shop.store("order", "9", {**_sold(("10.00", "0.80")), "status": "refunded"})  # a status the books do not hold
    result = shop.sales()
    assert result["unchanged"] == 1 and shop.book.posted == ["BC-shop-9"]


def test_a_payment_waits_for_its_sale_and_a_test_mode_payment_is_not_posted(shop: Shop) -> None:
    shop.store("order", "10", _sold(("10.00", "0.80"), status="awaiting_payment"))
    shop.store("payment", "10-31", {"amount": "10.80"})
    shop.store("payment", "10-32", {"amount": "10.80", "test": True})
    shop.sales()
    shop.payments()
    waiting = shop.record("payment", "10-31")
    assert waiting.status.value == "skipped" and "waits for its order 10 to reach ERP" in (waiting.last_error or "")
    assert "test mode" in (shop.record("payment", "10-32").last_error or "")
    shop.store("order", "10", _sold(("10.00", "0.80")))
    shop.sales()
    shop.ledger.requeue(tenant=TENANT, integration="qad_bigcommerce", entity="payment", keys=[waiting.key],
                        statuses=("skipped",), ctx=shop.fc.attempt)  # fmt: skip
    shop.payments()
    assert "BC-shop-10-P31" in shop.book.entries and "BC-shop-10-P32" not in shop.book.entries
    assert shop.book.net().get("1200") is None, "paid in full: the receivable is settled"


def test_posting_dates_are_the_dates_where_the_books_are_kept(shop: Shop) -> None:
    late = replace(shop.books, calendar=PostingCalendar("Asia/Tokyo"))
    shop.books = late
    shop.store("order", "11", _sold(("10.00", "0.80")))
    shop.sales()
    assert shop.book.entries["BC-shop-11"].posting_date.isoformat() == "2026-11-04"  # 15:00 UTC is past midnight
