"""QAD ↔ BigCommerce end to end: the demo_bigcommerce tenant's real DAGs through `dag.test()` on the BigCommerce and
QAD sandboxes, one seeded world shared by the module (the tests run in file order).

Every sale of the store is one QAD journal entry, every payment the providers took one, every refund one, checked
against the sandboxes' own records (not erplink's ledger): amounts, accounts, balance. The receivable of an order
paid in full nets to zero. A second run posts nothing; a run killed with SIGKILL mid-load and run again posts
nothing twice; a GL period QAD has closed holds its month's entries with QAD's reason until it is opened and the
records replayed; an order cancelled after its sale was posted is reversed once.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from erplink.cli import main as erplink_command
from tests.support.integration import Harness, _reset_task_runtime_caches, shipped_tenant, start_harness

pytestmark = pytest.mark.slow

TENANT = "demo_bigcommerce"
ORDERS, SKUS = 80, 30
STORE_KEY = "bcdemo"
SALE_STATUS_IDS = {2, 3, 8, 9, 10, 11} | {4, 14}  # the entry's sale statuses, and the refunded ones (sold first)
CANCELLED = 5
RECEIVABLE, CLEARING, PAYPAL_CLEARING = "1200", "1250", "1260"
JOURNALS = "journal-entries"
BOOKS = ZoneInfo(shipped_tenant(TENANT)["erp"]["accounts"]["posting_timezone"])
CLOSED_MONTH_AGO = 5  # the GL period of this many months ago stays closed in the first run


@pytest.fixture(scope="module")
def h(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with pytest.MonkeyPatch.context() as patch:
        harness = start_harness(tmp_path_factory.mktemp("qad_bigcommerce"), patch, orders=ORDERS, skus=SKUS,
                                tenant=TENANT)  # fmt: skip
        # A go-live whose books are open for the store's whole history, but one month QAD has closed.
        harness.configure(orders={**shipped_tenant(TENANT)["orders"], "initial_lookback_days": 800})
        # A run reads orders modified up to a short lag before now: the store stamping its changes minutes in the
        # past stands for each run coming a few minutes after the changes it reads.
        harness.bigcommerce.clock = lambda: datetime.now(UTC) - timedelta(seconds=300)
        now = datetime.now(UTC)
        for months_back in range(0, 26):
            year, month = _months_before(now, months_back)
            harness.qad.set_gl_period(year, month, is_open=months_back != CLOSED_MONTH_AGO)
        try:
            yield harness
        finally:
            harness.running.close()
            _reset_task_runtime_caches()


def _months_before(moment: datetime, months: int) -> tuple[int, int]:
    index = moment.year * 12 + moment.month - 1 - months
    return index // 12, index % 12 + 1


def _closed_period(h: Harness) -> tuple[int, int]:
    return _months_before(datetime.now(UTC), CLOSED_MONTH_AGO)


def _order_key(h: Harness, order_id: int) -> Any:
    from erplink.ledger import RecordKey

    return RecordKey(TENANT, h.integration_name, "order", str(order_id))


def reference(order_id: int) -> str:
    return f"BC-{STORE_KEY}-{order_id}"


def journals(h: Harness) -> list[dict[str, Any]]:
    return h.qad.documents(JOURNALS)


def by_reference(h: Harness) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in journals(h):
        found[entry["externalRef"]].append(entry)
    return found


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def _debits(entry: dict[str, Any]) -> Decimal:
    return sum((_money(line["debit"]) for line in entry["lines"]), Decimal(0))


def _net(entries: list[dict[str, Any]]) -> dict[str, Decimal]:
    net: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        for line in entry["lines"]:
            net[line["account"]] += _money(line["debit"]) - _money(line["credit"])
    return {account: amount for account, amount in net.items() if amount}


def _sale_orders(h: Harness) -> dict[int, Any]:
    return {oid: rec for oid, rec in h.bigcommerce.records.orders.items()
            if rec.document["status_id"] in SALE_STATUS_IDS}  # fmt: skip


def _in_closed_period(h: Harness, created: datetime) -> bool:
    local = created.astimezone(BOOKS)
    return (local.year, local.month) == _closed_period(h)


def _money_taken(h: Harness, order_id: int) -> list[dict[str, Any]]:
    """The store's own record of money its providers took for the order (no test-mode payment)."""
    return [t for t in h.bigcommerce.records.transactions.get(order_id, [])
            if t["event"] in ("purchase", "capture") and t["status"] == "ok" and not t.get("test")]  # fmt: skip


def test_a_first_run_killed_mid_load_then_run_again_posts_nothing_twice(h: Harness) -> None:
    child = h.start_child("orders")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(journals(h)) < 5 and child.poll() is None:
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert len(journals(h)) > 0, "the run was killed while it was posting"
    h.run("orders")  # the closed month's records are held (quarantined): the run still ends
    counts = Counter(entry["externalRef"] for entry in journals(h))
    assert [ref for ref, n in counts.items() if n > 1] == []


def test_every_sale_payment_and_refund_is_one_balanced_journal_entry(h: Harness) -> None:
    posted = by_reference(h)
    assert all(len(entries) == 1 for entries in posted.values()), "no reference posted twice"
    sales = _sale_orders(h)
    open_sales = {oid: rec for oid, rec in sales.items() if not _in_closed_period(h, rec.created)}
    assert open_sales, "the seeded world has sales in open periods"
    unposted = [(order_id, row and (row.status.value, row.last_error))
                for order_id in open_sales if len(posted[reference(order_id)]) != 1
                for row in [h.ledger().get(_order_key(h, order_id))]]  # fmt: skip
    assert unposted == [], "every sale of an open period is posted"
    for order_id, record in open_sales.items():
        [sale] = posted[reference(order_id)]
        assert _debits(sale) == _money(record.document["total_inc_tax"]), f"order {order_id}"
        for taken in _money_taken(h, order_id):
            [payment] = posted[f"{reference(order_id)}-P{taken['id']}"]
            assert _net([payment]).get(RECEIVABLE) == -_money(taken["amount"])
            clearing = PAYPAL_CLEARING if taken["gateway"] == "paypalexpress" else CLEARING
            assert _net([payment]).get(clearing) == _money(taken["amount"]), "into its provider's clearing account"
    gateways_paid = {t["gateway"] for o in open_sales for t in _money_taken(h, o)}
    assert {"paypalexpress", "stripe"} <= gateways_paid, "the world pays through more than one provider"
    refunds = [r for r in h.bigcommerce.records.refunds if int(r["order_id"]) in open_sales]
    assert refunds, "the world refunds some sales"
    for refund in refunds:
        [entry] = posted[f"{reference(int(refund['order_id']))}-R{refund['id']}"]
        assert _debits(entry) == _money(refund["total_amount"])
        gateways = {t["gateway"] for t in h.bigcommerce.records.transactions.get(int(refund["order_id"]), [])}
        clearing = PAYPAL_CLEARING if gateways == {"paypalexpress"} else CLEARING
        assert _net([entry]).get(clearing) == -_money(refund["total_amount"]), "out of its provider's clearing"
    expected = len(open_sales) + sum(len(_money_taken(h, o)) for o in open_sales) + len(refunds)
    assert len(journals(h)) == expected
    for order_id in open_sales:
        entries = [e for ref, es in posted.items() if ref == reference(order_id) or ref.startswith(
            f"{reference(order_id)}-P") for e in es]  # fmt: skip
        paid = sum((_money(t["amount"]) for t in _money_taken(h, order_id)), Decimal(0))
        total = _money(h.bigcommerce.records.orders[order_id].document["total_inc_tax"])
        assert _net(entries).get(RECEIVABLE, Decimal(0)) == total - paid, f"order {order_id}'s receivable"


def test_the_closed_months_entries_are_held_with_qads_reason_and_posted_once_after_it_opens(h: Harness) -> None:
    held = [r for r in h.records("order", ("quarantined",))]
    year, month = _closed_period(h)
    closed = {oid for oid, rec in _sale_orders(h).items() if _in_closed_period(h, rec.created)}
    assert {int(r.key.source_id) for r in held} == closed
    assert all(f"{year}/{month:02d}" in (r.last_error or "") and "closed" in r.last_error for r in held)
    h.qad.set_gl_period(year, month, is_open=True)
    assert erplink_command(["replay", "--tenant", TENANT, "--entity", "order", "--status", "quarantined"]) == 0
    assert h.run("orders") == "success"  # their payments and refunds waited for them, and go now
    posted = by_reference(h)
    for order_id in closed:
        assert len(posted[reference(order_id)]) == 1


def test_a_second_run_posts_nothing(h: Harness) -> None:
    before = len(journals(h))
    assert h.run("orders") == "success"
    assert len(journals(h)) == before


def test_an_order_cancelled_after_its_sale_was_posted_is_reversed_once(h: Harness) -> None:
    posted = by_reference(h)
    order_id = next(oid for oid in sorted(_sale_orders(h)) if reference(oid) in posted)
    h.bigcommerce.touch_order(order_id, status_id=CANCELLED)
    assert h.run("orders") == "success"
    assert h.run("orders") == "success"
    posted = by_reference(h)
    reversals = [ref for ref in posted if ref.startswith(f"{reference(order_id)}-X")]
    assert len(reversals) == 1
    assert _net(posted[reference(order_id)] + posted[reversals[0]]) == {}


def test_a_capture_taken_later_is_posted_once_on_the_next_run(h: Harness) -> None:
    posted = by_reference(h)
    order_id = next(oid for oid, rec in sorted(_sale_orders(h).items())
                    if reference(oid) in posted and rec.document["status_id"] != CANCELLED)  # fmt: skip
    taken = h.bigcommerce.capture_order(order_id, amount=Decimal("1.00"))
    assert h.run("orders") == "success"
    assert len(by_reference(h)[f"{reference(order_id)}-P{taken['id']}"]) == 1
