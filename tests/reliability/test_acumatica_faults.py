"""Acumatica ↔ WooCommerce under the HTTP fault matrix and bad store input, on one small seeded world shared by the
module (40 orders; the tests run in file order, each adding its own new orders or price changes).

Each HTTP fault plan of ``test_http_faults`` is applied to both sandboxes during an order sync and during a catalog
push; once the faults end and the next runs recover, every paid order is in Acumatica as exactly one invoice (or
quarantined with a reason naming it), every posted order carries its invoice number, the store's prices and stock
agree with Acumatica, and no credential shows in any captured log line, output or ledger error. Malformed store
orders among good ones are quarantined with a reason naming the order and the field, and the good ones posted.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

import erplink.integrations.acumatica_woocommerce.flows as flow
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.integrations.acumatica_woocommerce.catalog import push_catalog
from erplink.ledger import AttemptContext, Status
from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from tests.e2e.acumatica_checks import (
    TENANT,
    assert_every_paid_order_one_invoice_and_every_refund_one_credit_memo,
    documents_by_reference,
    duplicated,
    order_reference,
    value,
)
from tests.e2e.checks import backdate_store_events, place_order
from tests.erplink.mappings.bad_inputs.test_bad_orders import ACCEPTED, BASE_ORDER, NO_ID_KEY, REFUSED, _line
from tests.reliability.support import RecordedSleeps, SecretWatch
from tests.reliability.test_bad_input_corpus import FLOW_REASONS, INBOX_ONLY, MARKER_CASES
from tests.reliability.test_http_faults import HTTP_FAULTS
from tests.support.integration import Harness

WORKER = f"erplink__acumatica_woocommerce__{TENANT}.reliability"
NEW_ORDERS_PER_ROW = 6
REPRICED_PER_ROW = 5
MARKER_KEY = "_erplink_acumatica_ref"
UNSETTLED = ("pending", "failed", "in_flight")
FIRST_BAD_ID = 900_001


# --------------------------------------------------------------------------------------------------- the runs


def flow_context(h: Harness, *, run_id: str, task: str) -> FlowContext:
    """The tenant's context for one task of a run; HTTP retries are recorded, not waited for.

    (Acumatica's own pacing keeps real sleeps: the sandbox enforces the licence's requests-per-minute cap.)
    """
    tenant = load_tenants().get(TENANT)
    retry = RetryPolicy(max_attempts=8, sleep=RecordedSleeps(), max_elapsed=None)
    counter = CallCounter()
    return FlowContext(
        tenant=tenant, ledger=h.ledger(),
        attempt=AttemptContext(run_id=run_id, task_id=task, try_number=1, worker=f"{WORKER}.{task}"),
        store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, retry=retry, counter=counter),
        erp_hook=AcumaticaHook(acumatica_conn_id=tenant.erp.conn_id, endpoint_version=tenant.erp.endpoint_version,
                               retry=retry, counter=counter),
    )  # fmt: skip


def _extract(fc: FlowContext) -> Any:
    window, previous, *_ = flow.order_window(fc, params={}, data_interval_start=None, data_interval_end=None)
    return flow.extract(fc, window, previous)


def sync(h: Harness, run_id: str) -> dict[str, Any]:
    """The orders DAG's steps in order, each in its own task context (a failed step does not stop the next)."""
    results: dict[str, Any] = {}
    for task, step in (("extract", _extract), ("orders", flow.load_orders), ("refunds", flow.load_refunds),
                       ("write_back", flow.write_back)):
        try:
            results[task] = step(flow_context(h, run_id=run_id, task=task))
        except Exception as exc:  # the DAG's task fails and its retry (the next sync here) takes over
            results[task] = exc
    return results


def clear_faults(h: Harness) -> None:
    h.running.woocommerce.faults.clear()
    h.running.acumatica.faults.clear()


def apply_faults(h: Harness, plan: dict[str, Any]) -> None:
    h.running.woocommerce.faults.set(plan)
    h.running.acumatica.faults.set(plan)


def sync_under_faults(h: Harness, plan: dict[str, Any], name: str) -> None:
    """A run with ``plan`` on both systems, then a run with it on Acumatica alone.

    The store's faults usually fail the first run's extract before Acumatica is called; the second run is that
    task's retry, the store healthy again, meeting the plan afresh on Acumatica's side (mostly at sign-in, which
    gives up after a few attempts by design: the load fails and the recovery runs finish it).
    """
    apply_faults(h, plan)
    sync(h, f"{name}-faulty")
    assert sum(h.running.woocommerce.faults.describe()["injected"].values()) > 0, "the store's faults never fired"
    clear_faults(h)
    h.running.acumatica.faults.set(plan)
    sync(h, f"{name}-faulty-retry")
    assert sum(h.running.acumatica.faults.describe()["injected"].values()) > 0, "Acumatica's faults never fired"


def recover(h: Harness, name: str, *, runs: int = 3) -> None:
    """Faults cleared, the schedule's next runs, until nothing is left to finish."""
    clear_faults(h)
    for number in range(runs):
        sync(h, f"{name}-recovery-{number}")
        if not h.records("order", UNSETTLED) and not h.records("refund", UNSETTLED) \
                and not h.records("order_marker", UNSETTLED):
            return


def new_orders(h: Harness, tag: str, count: int = NEW_ORDERS_PER_ROW) -> list[dict[str, Any]]:
    """``count`` paid guest orders by shoppers Acumatica does not know, stamped for the next run."""
    backdate_store_events(h)
    skus = sorted(item.item_number for item in h.world.erp_items)
    return [place_order(h, email=f"{tag}-{n}@shoppers.example.org", sku=skus[n % len(skus)], quantity=1 + n % 3)
            for n in range(count)]


# --------------------------------------------------------------------------------------------------- the checks


def assert_exactly_once(h: Harness) -> None:
    """No invoice or credit memo twice; every paid store order posted once (its invoice number written back into
    it) or quarantined with a reason naming it; nothing left unsettled in the ledger."""
    invoices = documents_by_reference(h, "Invoice")
    assert duplicated(invoices) == {}, "an order was invoiced twice"
    assert duplicated(documents_by_reference(h, "Credit Memo")) == {}, "a refund was credited twice"
    for entity in ("order", "refund", "order_marker"):
        assert not h.records(entity, UNSETTLED), f"{entity} records left unsettled"

    sale_statuses = set(load_tenants().get(TENANT).orders.sale_statuses)
    records = {int(r.key.source_id): r for r in h.records("order")}
    with h.woo.docs.lock:
        store_orders = copy.deepcopy(list(h.woo.docs.orders.values()))
    problems = []
    for order in store_orders:
        record = records.get(order["id"])
        if order["status"] not in sale_statuses:
            continue
        if record is None:
            problems.append((order["id"], "never extracted"))
        elif record.status is Status.QUARANTINED:
            if f"order {order['id']} " not in (record.last_error or ""):
                problems.append((order["id"], f"quarantined without naming it: {record.last_error!r:.200}"))
        elif record.status is not Status.DONE:
            problems.append((order["id"], record.status))
        else:
            posted = invoices.get(order_reference(order["id"]), [])
            marker = next((m.get("value") for m in order.get("meta_data") or [] if m.get("key") == MARKER_KEY), None)
            if len(posted) != 1:
                problems.append((order["id"], f"done in the ledger, {len(posted)} invoices in Acumatica"))
            elif marker != value(posted[0], "ReferenceNbr"):
                problems.append((order["id"], f"marker {marker!r}, invoice {value(posted[0], 'ReferenceNbr')!r}"))
    assert not problems, f"paid orders not in Acumatica exactly once: {problems[:10]} ({len(problems)})"


def store_disagreements(h: Harness) -> list[str]:
    """SKUs whose published store product's price or stock differs from Acumatica's price and available stock."""
    warehouses = load_tenants().get(TENANT).erp.warehouses
    items = {value(i, "InventoryID"): i for i in h.acumatica.documents("StockItem")}
    with h.woo.docs.lock:
        products = [copy.deepcopy(p) for p in h.woo.docs.products.values()
                    if p["type"] == "simple" and p["sku"] in items and p["status"] == "publish"]
    assert products, "no store product matches an Acumatica stock item: the check would prove nothing"
    disagreeing = []
    for product in products:
        levels = h.acumatica.instance.stock.levels_of(product["sku"])
        available = max(0, int(sum(level.available for level in levels if level.warehouse_id in warehouses)))
        price = Decimal(str(value(items[product["sku"]], "DefaultPrice")))
        if Decimal(product["regular_price"]) != price or product["stock_quantity"] != available:
            disagreeing.append(product["sku"])
    return disagreeing


def reprice(h: Harness, count: int = REPRICED_PER_ROW) -> list[str]:
    """Raise the price of ``count`` store-listed stock items in Acumatica, as someone keying it in would."""
    with h.woo.docs.lock:
        listed = {p["sku"] for p in h.woo.docs.products.values() if p["type"] == "simple" and p["status"] == "publish"}
    items = sorted((value(i, "InventoryID"), value(i, "DefaultPrice")) for i in h.acumatica.documents("StockItem")
                   if value(i, "InventoryID") in listed and value(i, "DefaultPrice") is not None)
    changed = items[:count]
    for sku, price in changed:
        h.acumatica.alter_document("StockItem", [sku], {"DefaultPrice": {"value": float(Decimal(str(price)) + 1)}})
    return [sku for sku, _ in changed]


class AcumaticaSecretWatch(SecretWatch):
    """The shared secret watch, collecting the tokens Acumatica's identity server issues (access and refresh)."""

    def _record_issued_tokens(self) -> None:
        tokens = self.h.acumatica.instance.tokens
        issue = tokens.issue

        def recording_issue(*args: Any, **kwargs: Any) -> dict[str, Any]:
            body = issue(*args, **kwargs)
            self.issued_tokens += [body["access_token"], body.get("refresh_token") or ""]
            return body

        tokens.issue = recording_issue
        self._restore_issue: Callable[[], None] = lambda: setattr(tokens, "issue", issue)


@pytest.fixture
def watch(acumatica: Harness, caplog: Any, monkeypatch: Any) -> Any:
    watched = AcumaticaSecretWatch(acumatica, caplog, monkeypatch)
    yield watched
    watched._restore_issue()


# --------------------------------------------------------------------------------------------------- the rows


def test_the_seeded_world_synced_under_5xx_bursts_lands_each_paid_order_once_and_each_refund_once(
        acumatica: Harness, watch: Any, capsys: Any) -> None:
    """The first sync of the whole seeded world, both systems answering 5xx in bursts: after recovery Acumatica
    holds exactly the invoices and credit memos the world promises, document by document."""
    h = acumatica
    h.acumatica.revoke_tokens()  # the run logs in under the watch
    sync_under_faults(h, HTTP_FAULTS["5xx bursts"], "seeded")
    recover(h, "seeded")
    assert_every_paid_order_one_invoice_and_every_refund_one_credit_memo(h)
    assert_exactly_once(h)
    watch.assert_nothing_leaked(capsys)


@pytest.mark.parametrize("fault", list(HTTP_FAULTS))
def test_order_sync_recovers_from_http_faults_exactly_once_and_leaks_no_secret(
        acumatica: Harness, watch: Any, capsys: Any, fault: str) -> None:
    h = acumatica
    orders = new_orders(h, f"faults-{fault.split()[0]}")
    h.acumatica.revoke_tokens()  # the run logs in under the watch
    sync_under_faults(h, HTTP_FAULTS[fault], f"orders-{fault}")
    recover(h, f"orders-{fault}")
    assert_exactly_once(h)
    invoices = documents_by_reference(h, "Invoice")
    assert all(len(invoices.get(order_reference(o["id"]), [])) == 1 for o in orders), "a new order is missing"
    watch.assert_nothing_leaked(capsys)


@pytest.mark.parametrize("fault", list(HTTP_FAULTS))
def test_catalog_push_recovers_from_http_faults_and_leaks_no_secret(
        acumatica: Harness, watch: Any, capsys: Any, fault: str) -> None:
    h = acumatica
    repriced = reprice(h)
    assert set(repriced) <= set(store_disagreements(h)), "the repricing left the store agreeing already"
    h.acumatica.revoke_tokens()  # the push logs in under the watch
    apply_faults(h, HTTP_FAULTS[fault])
    with contextlib.suppress(Exception):  # the catalog task fails; its retry is the next push
        push_catalog(flow_context(h, run_id=f"catalog-{fault}", task="push"))
    injected = [h.running.woocommerce.faults.describe()["injected"], h.running.acumatica.faults.describe()["injected"]]
    assert sum(sum(counts.values()) for counts in injected) > 0, "the fault plan never fired"
    clear_faults(h)
    push_catalog(flow_context(h, run_id=f"catalog-{fault}-recovery", task="push"))
    assert store_disagreements(h) == []
    watch.assert_nothing_leaked(capsys)


# --------------------------------------------------------------------------------------------------- bad input

NOT_STOCK_ITEMS = "SKUs that are not sellable Acumatica stock items"
# Cases only the flow can judge on this integration: (case id, mutation, text the reason must contain).
FLOW_REFUSED: list[tuple[str, Callable[[dict[str, Any]], Any], str]] = [
    ("sku unknown to Acumatica", _line(sku="NO-SUCH-ITEM-42"), f"{NOT_STOCK_ITEMS}: NO-SUCH-ITEM-42"),
    ("half a megabyte of line name", _line(name="é" * 500_000), "name: is 500000 characters long"),
    ("sql in a sku", _line(sku="X'; DROP TABLE records;--"), f"{NOT_STOCK_ITEMS}: X'; DROP TABLE records;--"),
]


def _loadable_base(h: Harness) -> dict[str, Any]:
    """Order 1042 with SKUs Acumatica knows, stamped as the store now stamps its changes (for the next run)."""
    order = copy.deepcopy(BASE_ORDER)
    skus = sorted(item.item_number for item in h.world.erp_items)
    for line, sku in zip(order["line_items"], skus, strict=False):
        line["sku"] = sku
    moment = datetime.fromtimestamp(h.woo.docs.clock(), UTC)
    for field, stamp in (("date_created", moment - timedelta(minutes=5)), ("date_modified", moment)):
        text = stamp.strftime("%Y-%m-%dT%H:%M:%S")
        order[field], order[f"{field}_gmt"] = text, text
    order["meta_data"] = [m for m in order["meta_data"] if m["key"] != "_erplink_erp_reference"]
    order["refunds"] = []
    return order


def _bad_input_cases() -> list[tuple[str, Callable[[dict[str, Any]], Any], str, bool]]:
    """(case id, mutation, reason fragment or "" for good orders, refused?), as the QAD corpus takes them."""
    cases = [(name, mutation, FLOW_REASONS.get(name, reason), True) for name, mutation, key, reason in REFUSED
             if key != NO_ID_KEY and name not in MARKER_CASES]
    cases += [(name, mutation, reason, True) for name, mutation, reason in FLOW_REFUSED]
    cases += [(name, mutation, "", False) for name, mutation, _ in ACCEPTED]
    return cases


def test_bad_store_orders_are_quarantined_naming_order_and_field_and_nothing_is_lost(acumatica: Harness) -> None:
    """Malformed orders among good ones: each bad one is quarantined with a reason naming the order and the field,
    each good one (odd but valid) is invoiced once, no step raises, and the ledger loses none of them."""
    h = acumatica
    backdate_store_events(h)
    base = _loadable_base(h)
    fc = flow_context(h, run_id="bad-input", task="inbox")
    expected: dict[int, tuple[str, str, bool]] = {}
    in_store: dict[int, dict[str, Any]] = {}
    for offset, (name, mutation, reason, refused) in enumerate(_bad_input_cases()):
        order_id = FIRST_BAD_ID + offset
        document = copy.deepcopy(base)
        document["id"], document["number"] = order_id, str(order_id)
        if name == "refund summary of zero":
            document["refunds"] = copy.deepcopy(BASE_ORDER["refunds"])
        mutation(document)
        expected[order_id] = (name, reason, refused)
        if name in INBOX_ONLY:  # the store would never list these: a broken plugin's webhook brings them
            assert fc.ledger.inbox_put(system="woocommerce", tenant=TENANT, topic="order.updated", resource="order",
                                       resource_id=str(order_id), modified=f"bad-{order_id}", payload=document,
                                       delivery_id=f"bad-{order_id}")
        else:
            in_store[order_id] = document
    with h.woo.docs.lock:  # saved as they are, no validation, as a broken plugin could have
        h.woo.docs.orders.update(in_store)
        h.woo.docs.changed(["order"], [("order", order_id) for order_id in in_store])
    assert len([case for case in expected.values() if case[2]]) >= 40

    results = sync(h, "bad-input")
    assert not [task for task, result in results.items() if isinstance(result, BaseException)], results

    records = {int(r.key.source_id): r for r in h.records("order")}
    invoices = documents_by_reference(h, "Invoice")
    problems = []
    for order_id, (name, reason, refused) in expected.items():
        record = records.get(order_id)
        if record is None:
            problems.append(f"{name}: never reached the ledger")
        elif refused and (record.status is not Status.QUARANTINED or f"order {order_id} " not in record.last_error
                          or reason not in record.last_error):
            problems.append(f"{name}: {record.status} with reason {record.last_error!r:.300}, wanted {reason!r}")
        elif not refused and (record.status is not Status.DONE
                              or len(invoices.get(order_reference(order_id), [])) != 1):
            problems.append(f"{name}: good order is {record.status} ({record.last_error!r:.300})")
    assert not problems, "\n".join(problems)
    assert_exactly_once(h)


def test_an_order_without_a_usable_id_is_refused_at_extract_with_a_logged_reason(acumatica: Harness, caplog) -> None:
    """No id, no ledger key: such a webhook payload cannot be tracked, so the extract logs it and goes on, and the
    store's own new orders still go to Acumatica."""
    h = acumatica
    orders = new_orders(h, "no-id", count=2)
    fc = flow_context(h, run_id="no-id", task="inbox")
    for number, (_, mutation, _, _) in enumerate(case for case in REFUSED if case[2] == NO_ID_KEY):
        document = copy.deepcopy(BASE_ORDER)
        mutation(document)
        fc.ledger.inbox_put(system="woocommerce", tenant=TENANT, topic="order.updated", resource="order",
                            resource_id=f"no-id-{number}", modified=f"no-id-{number}", payload=document,
                            delivery_id=f"no-id-{number}")
    with caplog.at_level(logging.ERROR):
        results = sync(h, "no-id")
    assert not [task for task, result in results.items() if isinstance(result, BaseException)], results
    refusals = [r.getMessage() for r in caplog.records if "without a usable id" in r.getMessage()]
    assert len(refusals) == len([case for case in REFUSED if case[2] == NO_ID_KEY])
    invoices = documents_by_reference(h, "Invoice")
    assert all(len(invoices.get(order_reference(o["id"]), [])) == 1 for o in orders)
    assert_exactly_once(h)
