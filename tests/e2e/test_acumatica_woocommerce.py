"""Acumatica ↔ WooCommerce end to end: the demo_acumatica tenant's real DAGs through `dag.test()` on the WooCommerce
and Acumatica sandboxes, one seeded world of 100 orders shared by the module (the tests run in file order).

Every paid order becomes one released AR invoice and every refund one credit memo, document by document, even
when the run is killed with SIGKILL mid-load; a second run writes nothing; tokens expiring, a licence of two seats
taken by other tasks, and a storm of 429 answers slow a run down without failing it or doubling anything; a field
Acumatica refuses, or one sent unwrapped, quarantines the order with the field named, and it goes once fixed.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from erplink.cli import main as erplink_command
from erplink.systems.acumatica.hooks import acumatica as acumatica_hook
from erplink.systems.acumatica.values import wrap
from tests.e2e.acumatica_checks import (
    TENANT,
    assert_every_paid_order_one_invoice_and_every_refund_one_credit_memo,
    documents_by_reference,
    duplicated,
    order_reference,
    value,
    writes,
)
from tests.e2e.checks import backdate_store_events, place_order, store_orders_snapshot
from tests.support.integration import Harness, _reset_task_runtime_caches, start_harness

pytestmark = pytest.mark.slow

ORDERS, SKUS = 100, 40
CONNECTION = "erplink_acumatica_demo"
LATENCY_MS = 40  # slow enough that a load is still creating invoices when the test looks
GIVE_UP_S = 120


@pytest.fixture(scope="module")
def h(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with pytest.MonkeyPatch.context() as patch:
        harness = start_harness(tmp_path_factory.mktemp("acumatica"), patch, orders=ORDERS, skus=SKUS,
                                tenant=TENANT)
        try:
            yield harness
        finally:
            harness.running.close()
            _reset_task_runtime_caches()


def _skus(h: Harness) -> list[str]:
    return sorted(item.item_number for item in h.world.erp_items)


def _new_orders(h: Harness, count: int, tag: str) -> list[dict[str, Any]]:
    """`count` new paid guest orders, each by a shopper Acumatica does not know, stamped for the next run."""
    backdate_store_events(h)
    skus = _skus(h)
    return [place_order(h, email=f"{tag}-{n}@shoppers.example.org", sku=skus[n % len(skus)], quantity=1 + n % 3)
            for n in range(count)]


def _posted_once(h: Harness, orders: list[dict[str, Any]]) -> bool:
    invoices = documents_by_reference(h, "Invoice")
    return all(len(invoices.get(order_reference(order["id"]), [])) == 1 for order in orders)


def _invoices(h: Harness) -> int:
    return sum(1 for doc in h.acumatica.documents("SalesInvoice") if value(doc, "Type") == "Invoice")


def test_a_run_killed_mid_load_then_rerun_leaves_each_paid_order_one_invoice_and_each_refund_one_credit_memo(
        h: Harness) -> None:
    h.running.acumatica.faults.set({"latency_ms": LATENCY_MS})
    child = h.start_child("orders")
    deadline = time.monotonic() + GIVE_UP_S
    try:
        while _invoices(h) < 3:
            assert child.poll() is None, f"the run ended (exit {child.returncode}) before any invoice"
            assert time.monotonic() < deadline, "Acumatica saw no invoice in time"
            time.sleep(0.02)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    at_kill = _invoices(h)
    h.running.acumatica.faults.clear()
    assert [r for r in h.records("order") if r.status.value in ("pending", "in_flight")], "nothing left to finish"

    assert h.run("orders") == "success"

    assert at_kill < len(documents_by_reference(h, "Invoice"))
    assert_every_paid_order_one_invoice_and_every_refund_one_credit_memo(h)
    # The finished tasks logged out; only the killed task's session is left, until it idles out.
    assert len(h.acumatica.open_sessions()) == 1
    h.acumatica.expire_sessions()


def test_a_second_run_writes_nothing(h: Harness) -> None:
    documents, store = h.acumatica.documents("SalesInvoice"), store_orders_snapshot(h)
    h.acumatica.clear_request_log()

    assert h.run("orders") == "success"

    assert writes(h) == []
    assert h.acumatica.documents("SalesInvoice") == documents
    assert store_orders_snapshot(h) == store
    assert h.acumatica.open_sessions() == []


def test_the_order_markers_name_the_invoices(h: Harness) -> None:
    numbers = {ref: value(docs[0], "ReferenceNbr") for ref, docs in documents_by_reference(h, "Invoice").items()}
    marked = {order_reference(order["id"]): entry["value"] for order in h.woo.docs.orders.values()
              for entry in order["meta_data"] if entry["key"] == "_erplink_acumatica_ref"}
    assert marked == numbers


class _Revoker(threading.Thread):
    """Revokes every token once, as soon as Acumatica holds more invoices than when it started."""

    def __init__(self, h: Harness) -> None:
        super().__init__(daemon=True)
        self._h, self._from = h, _invoices(h)
        self._halt = threading.Event()
        self.revoked = False

    def run(self) -> None:
        while not self._halt.wait(0.005):
            if _invoices(self._h) > self._from:
                self._h.acumatica.revoke_tokens()
                self.revoked = True
                return

    def stop(self) -> None:
        self._halt.set()
        self.join()


def test_tokens_expiring_during_a_run_lose_and_double_nothing_and_keep_one_seat_per_task(h: Harness) -> None:
    """Tokens live 61 s, so the client renews them every second or so (a minute before expiry); one is also
    revoked mid-load. Each renewal logs the old token out first: the licence's two seats are never exhausted."""
    orders = _new_orders(h, 16, "expiry")
    h.acumatica.set_token_lifetime(61)
    h.running.acumatica.faults.set({"latency_ms": LATENCY_MS})
    h.acumatica.clear_request_log()
    revoker = _Revoker(h)
    revoker.start()
    try:
        assert h.run("orders") == "success"
    finally:
        revoker.stop()
        h.running.acumatica.faults.clear()
        h.acumatica.set_token_lifetime(3600)

    assert revoker.revoked
    log = h.acumatica.request_log()
    tokens = sum(1 for e in log if e["path"].endswith("/identity/connect/token"))
    assert tokens > 3, "the tokens were not renewed during the run"
    assert not any(e["status"] == 500 for e in log), "a request was refused (the licence ran out of seats?)"
    assert _posted_once(h, orders)
    assert duplicated(documents_by_reference(h, "Invoice")) == {}
    h.acumatica.expire_sessions()  # the revoked token's seat idles out on a real instance


def test_a_licence_of_two_seats_held_by_two_other_tasks_delays_a_run_but_does_not_fail_it(h: Harness) -> None:
    """Two other tasks (another tenant's load, a catalog push) hold both seats; the run's task waits for one to
    log out instead of failing, and every task gives its seat back at the end."""
    orders = _new_orders(h, 4, "licence")
    others = [acumatica_hook.AcumaticaHook(acumatica_conn_id=CONNECTION) for _ in range(2)]
    for other in others:
        other.client.get_json("StockItem", params={"$top": 1})
    assert len(h.acumatica.open_sessions()) == 2
    h.acumatica.clear_request_log()
    release = threading.Timer(3.0, others[0].close)
    release.start()
    try:
        assert h.run("orders") == "success"
    finally:
        release.join()
        others[1].close()

    refused = [e for e in h.acumatica.request_log() if e["status"] == 500]
    assert refused, "the run never waited for a seat"
    assert _posted_once(h, orders)
    assert h.acumatica.open_sessions() == []


def test_a_429_storm_is_outlasted_by_backing_off(h: Harness) -> None:
    """Acumatica answers 429 without Retry-After: the client backs off with jitter and every order goes once."""
    orders = _new_orders(h, 4, "storm")
    h.running.acumatica.faults.set({"status_burst": [{"status": 429, "count": 5,
                                                      "path_prefix": "/AcumaticaERP/entity/Default/"}]})
    try:
        assert h.run("orders") == "success"
        assert h.running.acumatica.faults.describe()["injected"]["status"] == 5
    finally:
        h.running.acumatica.faults.clear()
    assert _posted_once(h, orders)


def _replay(order_id: int) -> None:
    assert erplink_command(["replay", "--tenant", TENANT, "--entity", "order", "--id", str(order_id)]) == 0


def test_a_field_acumatica_refuses_quarantines_the_order_naming_it_and_it_goes_once_fixed(h: Harness) -> None:
    [order] = _new_orders(h, 1, "wrong-class")
    h.configure(erp={"customer_class": "NOSUCH"})
    try:
        assert h.run("orders") == "success"
    finally:
        h.configure()
    [record] = [r for r in h.records("order") if r.key.source_id == str(order["id"])]
    assert record.status.value == "quarantined"
    assert "CustomerClass" in record.last_error and "NOSUCH" in record.last_error

    _replay(order["id"])

    assert _posted_once(h, [order])


def test_a_field_sent_unwrapped_quarantines_the_order_naming_it_not_a_crash(h: Harness,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A mistake that sends one field as a bare value: Acumatica refuses the body (400, the field in its
    modelState), the order is held back with the field named, the other orders of the run go."""
    bad, good = _new_orders(h, 2, "unwrapped")

    def wrap_but_the_reference(fields: Any) -> dict[str, Any]:
        wrapped = wrap(fields)
        if fields.get("CustomerOrder") == order_reference(bad["id"]):
            wrapped["CustomerOrder"] = fields["CustomerOrder"]
        return wrapped

    monkeypatch.setattr(acumatica_hook, "wrap", wrap_but_the_reference)
    assert h.run("orders") == "success"
    monkeypatch.undo()

    [record] = [r for r in h.records("order") if r.key.source_id == str(bad["id"])]
    assert record.status.value == "quarantined" and "CustomerOrder" in record.last_error
    assert _posted_once(h, [good])
    _replay(bad["id"])
    assert _posted_once(h, [bad])


def test_a_dry_run_names_the_invoice_it_would_create_and_writes_nothing(h: Harness) -> None:
    [order] = _new_orders(h, 1, "dry")
    h.acumatica.clear_request_log()
    documents = h.acumatica.documents("SalesInvoice")

    plan = _dry_run_plan(h)

    assert plan["invoices"]["create"] == [order_reference(order["id"])]
    assert plan["customers"]["create"] and plan["held_back"] == []
    assert writes(h) == [] and h.acumatica.documents("SalesInvoice") == documents
    assert not [r for r in h.records("order") if r.key.source_id == str(order["id"])]
    assert h.run("orders") == "success" and _posted_once(h, [order])


def _dry_run_plan(h: Harness) -> dict[str, Any]:
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    run = h.dag("orders").test(run_conf={"dry_run": True})
    assert str(getattr(run.state, "value", run.state)) == "success"
    with create_session() as session:
        [row] = session.scalars(XComModel.get_many(run_id=run.run_id, dag_ids=h.dag_id("orders"),
                                                   task_ids="extract", key="return_value")).all()
        return XComModel.deserialize_value(row)


def test_the_catalog_run_brings_acumatica_prices_and_available_stock_into_the_store(h: Harness) -> None:
    assert h.run("catalog") == "success"
    items = {value(i, "InventoryID"): i for i in h.acumatica.documents("StockItem")}
    products = [p for p in h.woo.docs.products.values()
                if p["type"] == "simple" and p["sku"] in items and p["status"] == "publish"]
    assert products
    for product in products:
        item = items[product["sku"]]
        levels = h.acumatica.instance.stock.levels_of(product["sku"])
        available = max(0, int(sum(level.available for level in levels if level.warehouse_id in ("WH1", "WH2"))))
        assert Decimal(product["regular_price"]) == Decimal(str(value(item, "DefaultPrice"))), product["sku"]
        assert product["stock_quantity"] == available, product["sku"]
    h.acumatica.clear_request_log()
    assert h.run("catalog") == "success"
    assert writes(h) == [] and h.acumatica.open_sessions() == []
