"""LoadProtocol: find-before-create, link, update, error dispositions, attempt limit, dry run, concurrency."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from erplink.http.errors import AmbiguousWriteError, AuthenticationError, PermanentApiError, TransientApiError
from erplink.ledger import AttemptContext, Ledger, Status
from erplink.load import LoadAbortedError, LoadProtocol, MappingError, NotLoadable
from tests.erplink.ledger.helpers import T0, key, seed
from tests.erplink.load.fakes import FakeAdapter, FakeTarget, fail_always, fail_once

WORKER = "qad_woo.load_orders[0]"
URL = "https://qad.example/api/erp/salesOrders"


def _protocol(ledger: Ledger, adapter: FakeAdapter, *, try_number: int = 1, worker: str = WORKER, **kwargs) -> LoadProtocol:
    ctx = AttemptContext(run_id="scheduled__2026-03-01", task_id="load_orders", try_number=try_number, worker=worker)
    return LoadProtocol(ledger, adapter, tenant="shop1", integration="qad_woo", entity="order", ctx=ctx, **kwargs)


def _transient() -> TransientApiError:
    return TransientApiError(system="qad", method="POST", url=URL, status=503, reason="Service Unavailable")


def test_pending_records_are_created_once_each_and_their_target_ids_recorded(ledger: Ledger) -> None:
    seed(ledger, 5)
    target = FakeTarget()
    summary = _protocol(ledger, FakeAdapter(target)).run()
    assert (summary.created, summary.linked, summary.failed, summary.quarantined) == (5, 0, 0, 0)
    assert [target.count(f"WC-shop1-{number}") for number in range(1, 6)] == [1] * 5
    record = ledger.get(key(3))
    assert record.status == "done" and record.target_ref == "WC-shop1-3"
    assert record.target_id == next(doc_id for doc_id, ref, _ in target.documents if ref == "WC-shop1-3")
    assert target.calls["find"] == 5, "every create was preceded by a lookup"
    assert [entry.action for entry in ledger.audit(key(3))] == ["extracted", "claimed", "reference_committed", "created"]
    assert _protocol(ledger, FakeAdapter(target)).run().processed == 0, "a second run has nothing to do"


def test_an_existing_document_with_the_reference_is_linked_not_created_again(ledger: Ledger) -> None:
    seed(ledger, 2)
    target = FakeTarget()
    target.create("WC-shop1-1", {"made": "by hand"})
    summary = _protocol(ledger, FakeAdapter(target)).run()
    assert (summary.linked, summary.created) == (1, 1)
    assert target.count("WC-shop1-1") == 1
    assert ledger.get(key(1)).target_id == "SO-1"
    assert ledger.audit(key(1))[-1].action == "linked"


def test_a_source_changed_after_loading_is_applied_as_an_update(ledger: Ledger) -> None:
    seed(ledger, 1)
    target = FakeTarget()
    adapter = FakeAdapter(target)
    _protocol(ledger, adapter).run()
    ledger.upsert_source(key(1), payload={"id": 1, "total": "12.00"}, source_modified=T0, run_id="extract-2")
    summary = _protocol(ledger, adapter).run()
    assert (summary.updated, summary.created) == (1, 0)
    assert adapter.updates == [("SO-1", {"id": 1, "total": "12.00"})]
    assert len(target.documents) == 1
    assert (ledger.get(key(1)).status, ledger.audit(key(1))[-1].action) == ("done", "updated")


def test_a_target_without_updates_marks_a_changed_source_skipped_with_the_reason(ledger: Ledger) -> None:
    seed(ledger, 1)
    adapter = FakeAdapter(FakeTarget(), supports_update=False)
    _protocol(ledger, adapter).run()
    ledger.upsert_source(key(1), payload={"id": 1, "total": "12.00"}, source_modified=T0, run_id="extract-2")
    summary = _protocol(ledger, adapter).run()
    assert summary.skipped == 1
    assert "takes no updates" in ledger.get(key(1)).last_error


def test_a_mapping_error_quarantines_the_record_with_a_reason_naming_it(ledger: Ledger) -> None:
    seed(ledger, 2)

    def unknown_sku(point: str, reference: str) -> None:
        if point == "create" and reference == "WC-shop1-2":
            raise MappingError(key(2), "line 1 SKU 'ABC-9' is not a QAD item")

    summary = _protocol(ledger, FakeAdapter(FakeTarget(), faults=[unknown_sku])).run()
    assert (summary.created, summary.quarantined) == (1, 1)
    record = ledger.get(key(2))
    assert record.status == "quarantined"
    assert record.last_error == "order 2 (shop1/qad_woo): line 1 SKU 'ABC-9' is not a QAD item"
    assert summary.errors == [record.last_error]


def test_a_permanent_api_error_is_quarantined_with_the_vendor_message_and_status(ledger: Ledger) -> None:
    seed(ledger, 1)
    rejected = fail_always(
        "create", "WC-shop1-1",
        lambda: PermanentApiError(system="qad", method="POST", url=URL, status=422, code="SO-010", vendor_message="Customer C-7 is on credit hold"),
    )  # fmt: skip
    _protocol(ledger, FakeAdapter(FakeTarget(), faults=[rejected])).run()
    record = ledger.get(key(1))
    assert record.status == "quarantined" and record.last_http_status == 422
    assert record.last_error.startswith("order 1 (shop1/qad_woo): qad POST")
    assert "SO-010" in record.last_error and "Customer C-7 is on credit hold" in record.last_error


def test_a_transient_error_leaves_the_record_failed_and_the_next_run_loads_it(ledger: Ledger) -> None:
    seed(ledger, 1)
    target = FakeTarget()
    adapter = FakeAdapter(target, faults=[fail_once("create", "WC-shop1-1", _transient())])
    first = _protocol(ledger, adapter).run()
    assert first.failed == 1
    record = ledger.get(key(1))
    assert (record.status, record.attempts, record.last_http_status) == ("failed", 1, 503)
    second = _protocol(ledger, adapter, try_number=2).run()
    assert second.created == 1
    assert (ledger.get(key(1)).status, ledger.get(key(1)).attempts, target.count("WC-shop1-1")) == ("done", 2, 1)


def test_an_ambiguous_write_that_landed_is_linked_by_the_next_run_never_posted_twice(ledger: Ledger) -> None:
    seed(ledger, 1)
    target = FakeTarget()
    timeout = AmbiguousWriteError(system="qad", method="POST", url=URL, reason="read timeout")
    adapter = FakeAdapter(target, faults=[fail_once("created", "WC-shop1-1", timeout)])  # the POST landed, the answer was lost
    assert _protocol(ledger, adapter).run().failed == 1
    assert "may have been applied" in ledger.get(key(1)).last_error
    second = _protocol(ledger, adapter, try_number=2).run()
    assert (second.linked, second.created) == (1, 0)
    assert target.calls["create"] == 1 and target.count("WC-shop1-1") == 1


def test_a_record_still_failing_after_max_attempts_is_quarantined_with_its_history(ledger: Ledger) -> None:
    seed(ledger, 1)
    adapter = FakeAdapter(FakeTarget(), faults=[fail_always("create", "WC-shop1-1", _transient)])
    for try_number in range(1, 3):
        assert _protocol(ledger, adapter, try_number=try_number, max_attempts=3).run().failed == 1
    last = _protocol(ledger, adapter, try_number=3, max_attempts=3).run()
    assert last.quarantined == 1
    reason = ledger.get(key(1)).last_error
    assert reason.startswith("gave up after 3 attempts. Last error: order 1 (shop1/qad_woo)")
    assert reason.count("HTTP 503") == 3, "the last error and the two earlier ones"


def test_an_authentication_failure_stops_the_run_and_quarantines_nothing(ledger: Ledger) -> None:
    seed(ledger, 6)
    refused = fail_always("find", "WC-shop1-1", lambda: AuthenticationError(system="qad", method="GET", url=URL, status=401))
    with pytest.raises(LoadAbortedError) as raised:
        _protocol(ledger, FakeAdapter(FakeTarget(), faults=[refused]), max_workers=1, batch_size=3).run()
    assert isinstance(raised.value.cause, AuthenticationError)
    assert raised.value.summary.quarantined == 0
    statuses = Counter(record.status for record in ledger.records(tenant="shop1"))
    assert statuses == {"failed": 3, "pending": 3}, "the claimed batch is failed for retry; the rest was never claimed"


def test_dry_run_reports_the_plan_without_writing_or_creating(ledger: Ledger) -> None:
    seed(ledger, 3)
    target = FakeTarget()
    target.create("WC-shop1-2", {})
    target.calls.clear()
    audit_before = [len(ledger.audit(key(number))) for number in (1, 2, 3)]
    summary = _protocol(ledger, FakeAdapter(target), dry_run=True).run()
    assert summary.dry_run and (summary.created, summary.linked) == (2, 1)
    assert summary.dry_run_planned == [("WC-shop1-1", {"id": 1, "total": "10.00"}), ("WC-shop1-3", {"id": 3, "total": "10.00"})]
    assert target.calls["create"] == 0 and target.calls["find"] == 3
    assert {record.status for record in ledger.records(tenant="shop1")} == {Status.PENDING}
    assert [len(ledger.audit(key(number))) for number in (1, 2, 3)] == audit_before


def test_workers_stay_within_max_workers_and_each_document_is_created_once(ledger: Ledger) -> None:
    seed(ledger, 40)
    target = FakeTarget()
    adapter = FakeAdapter(target)
    summary = _protocol(ledger, adapter, max_workers=3).run()
    assert summary.created == 40
    assert adapter.max_active <= 3
    assert set(Counter(ref for _, ref, _ in target.documents).values()) == {1}


def test_two_protocols_racing_on_the_same_records_create_each_document_once(ledger: Ledger) -> None:
    seed(ledger, 30)
    target = FakeTarget()
    start = threading.Barrier(2)
    summaries = []

    def run(worker: str) -> None:
        protocol = _protocol(ledger, FakeAdapter(target), worker=worker, max_workers=2, batch_size=2)
        start.wait()
        summaries.append(protocol.run())

    threads = [threading.Thread(target=run, args=(worker,)) for worker in ("load[0]", "load[1]")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(summary.created for summary in summaries) == 30
    assert len(target.documents) == 30 and set(Counter(ref for _, ref, _ in target.documents).values()) == {1}


def test_limit_and_keys_bound_what_a_run_loads(ledger: Ledger) -> None:
    seed(ledger, 5)
    target = FakeTarget()
    assert _protocol(ledger, FakeAdapter(target)).run(keys=["4"]).created == 1
    assert _protocol(ledger, FakeAdapter(target)).run(limit=2).created == 2
    assert [record.key.source_id for record in ledger.records(statuses=("pending",))] == ["3", "5"]


def test_a_worker_without_a_name_is_refused(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="worker"):
        LoadProtocol(ledger, FakeAdapter(FakeTarget()), tenant="t", integration="i", entity="e", ctx=AttemptContext())


def test_a_record_not_meant_for_the_target_is_skipped_with_its_reason_and_not_reported_as_an_error(ledger: Ledger) -> None:
    seed(ledger, 2)

    def unpaid(point: str, reference: str) -> None:
        if point == "create" and reference == "WC-shop1-1":
            raise NotLoadable("order is on-hold, not paid yet")

    target = FakeTarget()
    preview = _protocol(ledger, FakeAdapter(target, faults=[unpaid]), dry_run=True).run()
    assert (preview.created, preview.skipped) == (2, 0), "the dry run only looks up; the create decides"
    summary = _protocol(ledger, FakeAdapter(target, faults=[unpaid])).run()
    assert (summary.skipped, summary.created, summary.errors) == (1, 1, [])
    record = ledger.get(key(1))
    assert (record.status, record.last_error) == ("skipped", "order 1 (shop1/qad_woo): order is on-hold, not paid yet")
    assert target.count("WC-shop1-1") == 0


def test_a_never_sent_record_the_adapter_refuses_costs_no_look_up(ledger: Ledger) -> None:
    seed(ledger, 3)

    def refuse(point: str, reference: str) -> None:
        if point == "vet" and reference == "WC-shop1-1":
            raise NotLoadable("order is failed, not a sale")
        if point == "vet" and reference == "WC-shop1-2":
            raise MappingError(key(2), "SKUs unknown to QAD: X-1")

    target = FakeTarget()
    summary = _protocol(ledger, FakeAdapter(target, faults=[refuse])).run()
    assert (summary.skipped, summary.quarantined, summary.created) == (1, 1, 1)
    assert target.calls["find"] == 1, "only the record that passed was looked up"
    assert ledger.get(key(2)).status == "quarantined" and "X-1" in ledger.get(key(2)).last_error


def test_a_record_once_in_flight_is_looked_up_before_the_adapter_may_refuse_it(ledger: Ledger) -> None:
    """Its create may have landed before the worker died: the look-up links it even though it is now refused."""
    from tests.erplink.load.fakes import SimulatedCrash

    seed(ledger, 1)
    target = FakeTarget()
    with pytest.raises(SimulatedCrash):
        _protocol(ledger, FakeAdapter(target, faults=[fail_once("created", "WC-shop1-1", SimulatedCrash())])).run()

    def refuse(point: str, reference: str) -> None:
        if point == "vet":
            raise NotLoadable("order is cancelled now")

    adapter = FakeAdapter(target, faults=[refuse])
    summary = _protocol(ledger, adapter, try_number=2).run()
    assert summary.linked == 1 and adapter.vetted == []
    assert target.count("WC-shop1-1") == 1 and ledger.get(key(1)).status == "done"
