"""Crashes at every step of the load protocol, and between the QAD create and the write-back.

A crash is a ``SimulatedKill`` (a BaseException, like the SystemExit of a killed worker: no ``except Exception``
catches it) raised inside a wrapped adapter at a chosen step, leaving the ledger exactly as a kill -9 would: the
record in flight, a QAD document perhaps created. One test also kills a real worker process with SIGKILL. After
the next runs, every sale order is in QAD exactly once."""

from __future__ import annotations

import os
import signal
import time

import pytest

import erplink.integrations.qad_woocommerce.flows as flow
import erplink.systems.qad.order_loads as qad_loads
from erplink.systems.qad.targets import SalesOrderTarget
from erplink.systems.woocommerce.writeback import OrderMarkerTarget
from erplink.ledger import Ledger, Status

from tests.reliability.support import ORDERS, assert_exactly_once, extract, flow_context, recover, sync

HEADER_WRITE = "POST /clouderp/api/erp/salesOrderHeaders"  # one per order QAD was sent
HEADER_READ = "GET /clouderp/api/erp/salesOrderHeaders"  # an order read by its number (a marker names it)
ORDER_BROWSE = "GET /clouderp/api/qracore/browses?browseId=urn:browse:mfg:so803"  # a look-up by reference

CRASH_AFTER = 40  # records handled before the crash: past the first claimed batches


class SimulatedKill(BaseException):
    """The worker dies here."""


def _crashing(cls, method: str, *, before: bool, after_calls: int):
    """``cls`` whose ``method`` kills the worker once, from its ``after_calls``-th call on, before or after the work
    (after: on the first call that succeeds, so that the document really exists)."""
    calls = {"n": 0, "fired": False}

    class Crashing(cls):
        pass

    original = getattr(cls, method)

    def wrapped(self, *args, **kwargs):
        calls["n"] += 1
        due = calls["n"] >= after_calls and not calls["fired"]
        if due and before:
            calls["fired"] = True
            raise SimulatedKill(f"killed before {method}")
        result = original(self, *args, **kwargs)  # may refuse the record (quarantine): then the next call dies
        if due:
            calls["fired"] = True
            raise SimulatedKill(f"killed after {method}")
        return result

    setattr(Crashing, method, wrapped)
    return Crashing


# (step of the protocol, adapter method, crash before or after it)
PROTOCOL_STEPS = {
    "in flight, before the look-up": ("find", True),
    "after the look-up, before the create": ("create", True),
    "after the create, before it is recorded": ("create", False),
}


@pytest.mark.parametrize(("method", "before"), list(PROTOCOL_STEPS.values()), ids=list(PROTOCOL_STEPS))
def test_a_crash_at_any_protocol_step_leaves_no_duplicate_and_no_gap(integration, monkeypatch, method, before):
    h = integration(orders=ORDERS, skus=60)
    fc = flow_context(h)
    extract(fc)
    monkeypatch.setattr(qad_loads, "SalesOrderTarget", _crashing(SalesOrderTarget, method, before=before,
                                                                after_calls=CRASH_AFTER))
    with pytest.raises(SimulatedKill):
        flow.load_orders(fc)
    left_in_flight = h.records("order", (Status.IN_FLIGHT,))
    assert left_in_flight, "the crash left nothing in flight: it did not happen mid-protocol"
    if not before:  # the killed worker's document reached QAD but not the ledger
        refs = {doc["externalRef"] for doc in h.qad.documents("sales-orders")}
        assert any(r.target_ref in refs and not r.target_id for r in left_in_flight)
    monkeypatch.setattr(qad_loads, "SalesOrderTarget", SalesOrderTarget)
    recover(h)
    assert_exactly_once(h)


def test_a_crash_between_the_qad_create_and_the_write_back_is_finished_by_the_next_run(integration, monkeypatch):
    h = integration(orders=ORDERS, skus=60)
    fc = flow_context(h)
    extract(fc)
    flow.load_orders(fc)
    flow.load_refunds(fc)
    # Markers go 100 to a batch request: the worker dies once the second batch has landed in the store.
    monkeypatch.setattr(flow, "OrderMarkerTarget", _crashing(OrderMarkerTarget, "write_many", before=False,
                                                            after_calls=2))
    with pytest.raises(SimulatedKill):
        flow.write_back(fc)
    posted = len(h.qad.documents("sales-orders"))
    monkeypatch.setattr(flow, "OrderMarkerTarget", OrderMarkerTarget)
    recover(h)
    assert len(h.qad.documents("sales-orders")) == posted  # recovery wrote markers, created nothing
    assert_exactly_once(h)


def test_a_worker_that_dies_before_its_write_back_step_leaves_the_markers_to_the_next_run(integration):
    h = integration(orders=ORDERS, skus=60)
    fc = flow_context(h)
    extract(fc)
    flow.load_orders(fc)  # the worker dies here: write_back never runs
    recover(h)
    assert_exactly_once(h)


def test_kill_9_of_the_orders_dag_mid_load_then_a_rerun(integration):
    """A real worker process killed with SIGKILL once QAD has received some creates; the next run finishes."""
    h = integration(orders=ORDERS, skus=60)
    child = h.start_child("orders")
    deadline = time.monotonic() + 240
    while h.qad.request_counts().get(HEADER_WRITE, 0) < CRASH_AFTER:
        assert child.poll() is None, "the DAG run ended before it could be killed"
        assert time.monotonic() < deadline, "the DAG run never reached the load step"
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert h.records("order", (Status.PENDING, Status.IN_FLIGHT))  # killed mid-load, not after it
    # The rerun is the same logical task (same worker id), so it takes back what the killed one left in flight.
    assert h.run("orders") == "success"
    assert_exactly_once(h)


def test_a_ledger_lost_after_a_sync_creates_nothing_again(integration, tmp_path):
    """The ledger database is replaced by an empty one (a restore gone wrong): the next runs read every order
    again, find each posted one by the QAD order its write-back marker names, and link it."""
    h = integration(orders=ORDERS, skus=60)
    sync(flow_context(h))
    recover(h)
    posted = len(h.qad.documents("sales-orders"))
    creates = h.qad.request_counts().get(HEADER_WRITE, 0)
    h._ledger = Ledger(f"sqlite:///{tmp_path / 'restored-empty.db'}")
    h._ledger.migrate()
    look_ups = h.qad.request_counts().get(ORDER_BROWSE, 0)
    recover(h)
    counts = h.qad.request_counts()
    assert counts.get(HEADER_WRITE, 0) == creates
    by_marker = counts.get(HEADER_READ, 0)
    assert by_marker == posted, "each posted order was found by the QAD order its marker names"
    assert counts.get(ORDER_BROWSE, 0) == look_ups, "no look-up by reference was needed"
    assert len(h.qad.documents("sales-orders")) == posted
    linked = [r for r in h.records("order", ("done",)) if h.ledger().audit(r.key)[-1].action == "linked"]
    assert len(linked) == posted
    assert_exactly_once(h)
