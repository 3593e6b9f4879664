"""QAD ↔ WooCommerce with QAD reached through QXtend (QDocs over SOAP), under every fault the QAD sandbox can inject
into each QDoc erplink sends, on one small seeded world shared by the module (the tests run in file order, each
placing its own new orders).

For each QDoc (the sales order create, the customer create, the credit sales order of a refund, the look-up
queries) and each fault (a SOAP ``Server`` fault, a SOAP ``Client`` fault, HTTP 500 and 503, a dropped connection,
an answer slower than the client's timeout, and the answer lost after QAD committed the write), the orders flow
runs, the faults end, the schedule's next runs follow and the records a permanent fault held back are replayed:
every paid order is then in QAD exactly once (and each refund one credit sales order), no shopper became two
customers, and the QXI password (which travels in every QDoc's session context and comes back echoed in every
answer) shows in no log line, output or ledger error. Within the faulty run: a write QXI certainly did not apply
(a ``Server`` fault, a 503) is resent; a write whose outcome is unknown (an HTTP 500 that is no SOAP fault, a cut
connection, a timeout, a lost answer) is not, its record fails and the next run looks its reference up first; a
``Client`` fault quarantines the very record it hit, with the fault in the reason; a query is resent on any
transient fault, and a refused item query (asked once for the whole load) fails the load task instead. An ``error`` answer quarantines the order with QAD's message; a ``warning`` answer posts it and
puts the warning in the task log.

The fault is armed as the targeted QDoc is about to be sent, with one load thread, so it hits that QDoc (and its
resends) and nothing else.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

import erplink.integrations.qad_woocommerce.flows as flow
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.ledger import AttemptContext, Status
from erplink.replay import replay
from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook
from erplink.systems.qad.qxtend.transport import QdocTransport
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from tests.e2e.checks import backdate_store_events, place_order
from tests.reliability.support import RecordedSleeps, SecretWatch, assert_exactly_once
from tests.support.integration import TENANT, Harness, _reset_task_runtime_caches, shipped_tenant, start_harness

QXTEND_CONN_ID = "erplink_qad_demo_qxtend"
QXI_PATH = "/tenants/{tenant}/qxi/"
WORKER = "erplink__qad_woocommerce__demo.qxtend-reliability"
UNSETTLED = ("pending", "failed", "in_flight")
TIMEOUT_S = 1.0  # the QXtend connection's timeout in these tests; a slow answer takes longer
SLOW_S = 1.6
RESENDS = 3  # a transient fault answers this many sends in a row: fewer than the client's attempts


# --------------------------------------------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def qxtend(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    """One small seeded world (30 orders, 20 SKUs) on WooCommerce and QAD, the tenant's QAD reached over QXtend
    with one load thread, its seeded orders already synced."""
    with pytest.MonkeyPatch.context() as patch:
        h = start_harness(tmp_path_factory.mktemp("qxtend"), patch, orders=30, skus=20)
        try:
            h.configure(
                erp={**shipped_tenant()["erp"], "conn_id": QXTEND_CONN_ID, "transport": "qxtend"},
                orders={"max_workers": 1},
            )
            recover(h, "seeded")
            assert_exactly_once(h)
            yield h
        finally:
            h.running.close()
            _reset_task_runtime_caches()


@pytest.fixture(scope="module")
def held_by_input(qxtend: Harness) -> frozenset[str]:
    """The seeded records quarantined for their content (a currency the store does not sell in...), not for a fault:
    they stay held back whatever the transport does."""
    return frozenset(
        f"{entity} {r.key.source_id}"
        for entity in ("order", "refund")
        for r in qxtend.records(entity, ("quarantined",))
    )


def quarantined(h: Harness, entity: str, held_by_input: frozenset[str]) -> list[Any]:
    """The ``entity`` records quarantined beyond those held for their content."""
    return [r for r in h.records(entity, ("quarantined",)) if f"{entity} {r.key.source_id}" not in held_by_input]


def flow_context(h: Harness, *, run_id: str, task: str) -> FlowContext:
    """The tenant's context for one task of a run; HTTP retries are recorded, not waited for."""
    tenant = load_tenants().get(TENANT)
    retry = RetryPolicy(max_attempts=8, sleep=RecordedSleeps(), max_elapsed=None)
    counter = CallCounter()
    return FlowContext(
        tenant=tenant, ledger=h.ledger(),
        attempt=AttemptContext(run_id=run_id, task_id=task, try_number=1, worker=f"{WORKER}.{task}"),
        store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, retry=retry, counter=counter),
        erp_hook=QadQxtendHook(qad_qxtend_conn_id=tenant.erp.conn_id, retry=retry, counter=counter),
    )  # fmt: skip


def _extract(fc: FlowContext) -> Any:
    window, previous, *_ = flow.order_window(fc, params={}, data_interval_start=None, data_interval_end=None)
    return flow.extract(fc, window, previous)


def sync(h: Harness, run_id: str) -> dict[str, Any]:
    """The orders DAG's steps in order, each in its own task context (a failed step does not stop the next)."""
    results: dict[str, Any] = {}
    for task, step in (
        ("extract", _extract),
        ("orders", flow.load_orders),
        ("refunds", flow.load_refunds),
        ("write_back", flow.write_back),
    ):
        try:
            results[task] = step(flow_context(h, run_id=run_id, task=task))
        except Exception as exc:  # the DAG's task fails and its retry (the next sync here) takes over
            results[task] = exc
    return results


def clear_faults(h: Harness) -> None:
    h.running.qad.faults.clear()
    for code in ("Server", "Client"):
        h.qad.inject_qxtend_faults(code, 0)
    h.qad.lose_qxtend_answers(0)


def recover(h: Harness, name: str, *, runs: int = 3) -> None:
    """Faults cleared, the schedule's next runs, until nothing is left to finish."""
    clear_faults(h)
    for number in range(runs):
        sync(h, f"{name}-recovery-{number}")
        if not any(h.records(entity, UNSETTLED) for entity in ("order", "refund", "order_marker")):
            return


def replay_quarantined(h: Harness, name: str, held_by_input: frozenset[str]) -> list[str]:
    """What a person does once the cause is gone: replay the orders and refunds a fault held back."""
    replayed = []
    for entity in ("order", "refund"):
        held = [r.key.source_id for r in quarantined(h, entity, held_by_input)]
        if held:
            replay(flow_context(h, run_id=f"{name}-replay", task=f"replay-{entity}"), entity=entity, source_ids=held)
            replayed += [f"{entity} {source_id}" for source_id in held]
    recover(h, f"{name}-after-replay")
    return replayed


def new_orders(h: Harness, tag: str, count: int = 2) -> list[dict[str, Any]]:
    """``count`` paid guest orders by shoppers QAD does not know (each a new customer), stamped for the next run."""
    backdate_store_events(h)
    skus = _sellable_skus(h)
    return [
        place_order(h, email=f"{tag}-{n}@shoppers.example.org", sku=skus[n % len(skus)], quantity=1 + n)
        for n in range(count)
    ]


def _sellable_skus(h: Harness) -> list[str]:
    """SKUs the store sells at QAD's USD list price (so a new order is taken without a warning)."""
    prices = _usd_prices(h)
    with h.woo.docs.lock:
        listed = {
            p["sku"]: Decimal(p["regular_price"] or "0")
            for p in h.woo.docs.products.values()
            if p["type"] == "simple" and p["status"] == "publish" and p["sku"]
        }
    active = {i["itemNumber"] for i in h.qad.documents("items") if i["status"] == "ACTIVE"}
    skus = sorted(sku for sku, price in listed.items() if sku in active and prices.get(sku) == price)
    assert skus, "no store product sells at QAD's list price"
    return skus


def _usd_prices(h: Harness) -> dict[str, Decimal]:
    with h.qad._locked(None) as store:
        return {number: Decimal(p["price"]) for number, p in store.price_lists.get("USD", {}).items()}


def refund_whole(h: Harness, order: dict[str, Any]) -> dict[str, Any]:
    # Stamped seconds after the order's last change (its marker): the store stamps whole seconds, and a window
    # drops the ids it already took at its watermark's second.
    backdate_store_events(h, seconds=290)
    return h.woo.create_refund(order["id"], {"amount": order["total"], "reason": "returned", "api_refund": False})


# --------------------------------------------------------------------------------------------------- the checks


def assert_settled(h: Harness, held_by_input: frozenset[str]) -> None:
    """Exactly once (shared check), nothing unsettled nor quarantined but what its content holds back, no shopper
    created twice in QAD."""
    assert_exactly_once(h)
    for entity in ("order", "refund", "order_marker"):
        assert not h.records(entity, UNSETTLED), f"{entity} records not settled"
        assert not quarantined(h, entity, held_by_input), f"{entity} records quarantined"
    emails = Counter(str(c["email"]).lower() for c in h.qad.documents("customers") if c["email"])
    assert not {email: n for email, n in emails.items() if n > 1}, "a shopper became two QAD customers"


def assert_in_qad_once(h: Harness, orders: list[Any], entity: str = "sales-orders") -> None:
    """Each order (a store order, or for another entity the document's reference) is in QAD exactly once."""
    refs = Counter(doc["externalRef"] for doc in h.qad.documents(entity))
    wanted = [f"WC-demo-{o['id']}" for o in orders] if entity == "sales-orders" else orders
    assert {ref: refs.get(ref, 0) for ref in wanted} == dict.fromkeys(wanted, 1), f"not once in QAD {entity}"


class QxtendSecretWatch(SecretWatch):
    """The shared secret watch for a transport that signs in with no token: the QXI user and password travel in
    each QDoc's session context (and come back echoed in each answer)."""

    def _record_issued_tokens(self) -> None:
        self.qdocs_before = self._qdocs_sent()

    def _qdocs_sent(self) -> int:
        return sum(n for route, n in self.h.qad.request_counts().items() if route.startswith("QDoc "))

    def assert_nothing_leaked(self, capsys: Any = None, *, extra: Any = ()) -> None:
        assert self._qdocs_sent() > self.qdocs_before, "no QDoc was sent while watched: the check would prove nothing"
        password = self.h.qad.credentials().password
        assert password in self.secrets(), "the QXI password is not among the watched secrets"
        self.issued_tokens.append(password)  # what the shared check requires before it looks
        super().assert_nothing_leaked(capsys, extra=extra)


@pytest.fixture
def watch(qxtend: Harness, caplog: Any, monkeypatch: Any) -> QxtendSecretWatch:
    return QxtendSecretWatch(qxtend, caplog, monkeypatch)


# --------------------------------------------------------------------------------------------------- targets and faults


@dataclass(frozen=True)
class Target:
    """Which QDoc a fault is armed on: its name and what erplink says it carries."""

    qdoc: str
    what: str  # the start of the transport's ``what`` (``sales order for WC-demo-1042``)
    batch: bool = False  # asked once for the whole load, not for one record

    def matches(self, qdoc: str, what: str) -> bool:
        return qdoc.startswith(self.qdoc) and what.startswith(self.what)


TARGETS = {
    "sales order create": Target("maintainSalesOrder", "sales order for "),
    "customer create": Target("maintainCustomer", "customer "),
    "credit sales order": Target("maintainSalesOrder", "credit sales order for "),
    "order look-up query": Target("queryQrySalesOrder", "query QrySalesOrder"),
    "item query": Target("queryQryItem", "query QryItem", batch=True),
}


@dataclass(frozen=True)
class Fault:
    """How to inject it, how to tell it fired, and what it does to the record whose write it hits."""

    arm: Callable[[Harness], None]
    left: Callable[[Harness], int]  # how much of the armed fault was not used (0 once it fired)
    on_write: str  # "resent" (certainly not applied), "failed" (outcome unknown), "quarantined" (refused)
    writes_only: bool = False  # only a maintain QDoc can have its answer lost after the commit

    @property
    def permanent(self) -> bool:
        return self.on_write == "quarantined"


def _http(plan: dict[str, Any]) -> Callable[[Harness], None]:
    return lambda h: h.running.qad.faults.set(plan)


def _qxi_prefix(h: Harness) -> str:
    return QXI_PATH.format(tenant=h.qad.demo_tenant)


def _soap_faults_left(h: Harness) -> int:
    with h.qad._locked(None) as store:
        return sum(store.qxtend_faults.values())


def _lost_answers_left(h: Harness) -> int:
    with h.qad._locked(None) as store:
        return int(store.qxtend_lost_answers)


def _http_faults_left(h: Harness) -> int:
    remaining = h.running.qad.faults.describe()["remaining"]
    return (
        sum(b["count"] for b in remaining["status_burst"]) + remaining["drop_connections"] + remaining["slow_responses"]
    )


FAULTS = {
    # QXI's faults come before processing: Server is worth sending again (even a write), Client is not.
    "SOAP Server fault": Fault(lambda h: h.qad.inject_qxtend_faults("Server", RESENDS), _soap_faults_left, "resent"),
    "SOAP Client fault": Fault(lambda h: h.qad.inject_qxtend_faults("Client", 1), _soap_faults_left, "quarantined"),
    # An HTTP 500 that is no SOAP fault, a cut connection, a timeout: the write may have landed.
    "HTTP 500": Fault(
        lambda h: _http({"status_burst": {"status": 500, "count": 1, "path_prefix": _qxi_prefix(h)}})(h),
        _http_faults_left,
        "failed",
    ),
    # A 503 with Retry-After is the server turning the request away.
    "HTTP 503": Fault(
        lambda h: _http({"status_burst": {"status": 503, "count": RESENDS, "path_prefix": _qxi_prefix(h)}})(h),
        _http_faults_left,
        "resent",
    ),
    "dropped connection": Fault(_http({"drop_connections": 1}), _http_faults_left, "failed"),
    "slow answer past the timeout": Fault(
        _http({"slow_responses": {"count": 1, "seconds": SLOW_S}}), _http_faults_left, "failed"
    ),
    "answer lost after the commit": Fault(
        lambda h: h.qad.lose_qxtend_answers(1), _lost_answers_left, "failed", writes_only=True
    ),
}


@contextlib.contextmanager
def armed_on(target: Target, arm: Callable[[], None], monkeypatch: Any) -> Iterator[list[str]]:
    """Arm the fault as the first QDoc matching ``target`` is about to be sent; yields what that QDoc carried."""
    original = QdocTransport.send
    hit: list[str] = []

    def send(self: QdocTransport, qdoc: str, version: str, dataset: Any, *, what: str, **kwargs: Any) -> Any:
        if not hit and target.matches(qdoc, what):
            hit.append(what)
            arm()
        return original(self, qdoc, version, dataset, what=what, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(QdocTransport, "send", send)
        yield hit


def _set_timeout(monkeypatch: Any, seconds: float) -> None:
    """The QXtend connection's timeout, for this test only (each task context reads the connection afresh)."""
    name = f"AIRFLOW_CONN_{QXTEND_CONN_ID.upper()}"
    conn = json.loads(os.environ[name])
    conn["extra"] = {**conn.get("extra", {}), "timeout": seconds}
    monkeypatch.setenv(name, json.dumps(conn))


MATRIX = [
    (target, fault)
    for target in TARGETS
    for fault, spec in FAULTS.items()
    if not (spec.writes_only and TARGETS[target].qdoc.startswith("query"))
]


# --------------------------------------------------------------------------------------------------- the rows


@pytest.mark.parametrize(("target", "fault"), MATRIX, ids=[f"{t}-{f}".replace(" ", "_") for t, f in MATRIX])
def test_a_fault_on_a_qdoc_ends_with_every_paid_order_in_qad_once_and_no_password_logged(
    qxtend: Harness,
    held_by_input: frozenset[str],
    watch: QxtendSecretWatch,
    capsys: Any,
    monkeypatch: Any,
    target: str,
    fault: str,
) -> None:
    h, spec, name = qxtend, FAULTS[fault], f"{target}-{fault}"
    _set_timeout(monkeypatch, TIMEOUT_S)
    orders = new_orders(h, name.replace(" ", "-"))
    if target == "credit sales order":  # the orders go in first; their refunds meet the fault
        recover(h, f"{name}-orders")
        assert_in_qad_once(h, orders)
        refunds = [refund_whole(h, order) for order in orders]
    with armed_on(TARGETS[target], lambda: spec.arm(h), monkeypatch) as hit:
        results = sync(h, f"{name}-faulty")
    assert hit, f"no {target} QDoc was sent: the fault was never armed"
    assert spec.left(h) == 0, "the armed fault did not fire (in full)"

    entity = "refund" if target == "credit sales order" else "order"
    failed, held = h.records(entity, ("failed",)), quarantined(h, entity, held_by_input)
    if TARGETS[target].batch and spec.permanent:  # the load task fails, naming the fault; no record is to blame
        assert "injected Client fault" in str(results["orders"]), results["orders"]
        assert not held
    elif TARGETS[target].qdoc.startswith("query") and not spec.permanent:  # a query is always safe to resend
        assert (failed, held) == ([], []), "a query's transient fault outlasted the client's own retries"
    elif spec.on_write == "resent":
        assert (failed, held) == ([], []), "a write QXI certainly did not apply was not resent within the run"
    elif spec.on_write == "failed":  # never resent blind: the next run looks the reference up first
        assert len(failed) == 1 and not held, (failed, held)
    else:
        assert len(held) == 1, f"one {entity} quarantined, not {[r.key.source_id for r in held]}"
        assert f"{entity} {held[0].key.source_id}" in held[0].last_error, held[0].last_error
        assert "injected Client fault" in held[0].last_error, held[0].last_error
    recover(h, name)
    replayed = replay_quarantined(h, name, held_by_input)
    assert bool(replayed) == (spec.permanent and not TARGETS[target].batch), f"replayed {replayed}"

    assert_settled(h, held_by_input)
    assert_in_qad_once(h, orders)
    if target == "credit sales order":
        assert len(refunds) == len(orders) and not quarantined(h, "refund", held_by_input)
        memo_refs = [f"WC-demo-{order['id']}-R{refund['id']}" for order, refund in zip(orders, refunds, strict=True)]
        assert_in_qad_once(h, memo_refs, "credit-memos")
    watch.assert_nothing_leaked(capsys)


def test_an_order_qad_answers_with_error_is_quarantined_with_qads_message_and_posted_once_replayed(
    qxtend: Harness, held_by_input: frozenset[str], monkeypatch: Any
) -> None:
    """The item is made inactive in QAD just before the order's QDoc is sent: QXI answers ``error`` naming the
    field, the order is held back with that text, the other order goes in, and once the item is active again the
    replay posts the held order once."""
    h = qxtend
    orders = new_orders(h, "error-answer")
    sku = orders[0]["line_items"][0]["sku"]
    first = Target("maintainSalesOrder", f"sales order for WC-demo-{orders[0]['id']}")
    with armed_on(first, lambda: h.qad.set_item_status(sku, "INACTIVE"), monkeypatch):
        sync(h, "error-answer")
    [held] = quarantined(h, "order", held_by_input)
    assert held.key.source_id == str(orders[0]["id"])
    assert f"Item {sku} has status INACTIVE" in held.last_error and "field sodPart" in held.last_error
    assert "maintainSalesOrder refused" in held.last_error
    h.qad.set_item_status(sku, "ACTIVE")
    assert replay_quarantined(h, "error-answer", held_by_input) == [f"order {orders[0]['id']}"]
    assert_settled(h, held_by_input)
    assert_in_qad_once(h, orders)


def test_an_order_qad_answers_with_warning_is_posted_once_and_the_warning_is_in_the_task_log(
    qxtend: Harness, held_by_input: frozenset[str], caplog: Any
) -> None:
    """QAD's price list moved away from the store's price: QXI takes the order with a ``warning``; the order is
    posted once, not held back, and the warning (QAD's text, naming the field) is logged."""
    h = qxtend
    [order] = new_orders(h, "warning-answer", count=1)
    sku = order["line_items"][0]["sku"]
    price = _usd_prices(h)[sku]
    h.qad.set_price(sku, price + 1, price_list="USD", currency="USD")
    with caplog.at_level(logging.WARNING, logger="erplink"):
        sync(h, "warning-answer")
    assert_in_qad_once(h, [order])
    [record] = [r for r in h.records("order") if r.key.source_id == str(order["id"])]
    assert record.status is Status.DONE
    warnings = [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "with warnings" in r.getMessage()
    ]
    assert any(f"WC-demo-{order['id']}" in w and "field sodListPr" in w and "List price" in w for w in warnings), (
        warnings
    )
    h.qad.set_price(sku, price, price_list="USD", currency="USD")
    recover(h, "warning-answer")
    assert_settled(h, held_by_input)
