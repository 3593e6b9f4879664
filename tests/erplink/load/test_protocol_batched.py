"""LoadProtocol with an adapter that writes many records in one request (``write_many``): idempotent targets."""

from __future__ import annotations

from collections.abc import Sequence

from erplink.http.errors import PermanentApiError, TransientApiError
from erplink.ledger import AttemptContext, Ledger, LedgerRecord, Status
from erplink.load import LoadProtocol, MappingError
from tests.erplink.ledger.helpers import key, seed

URL = "https://shop.example/wp-json/wc/v3/orders/batch"


class BatchWriter:
    """Records every request; ``refuse`` maps a source id to the error the target gives that one item."""

    batch_limit = 10

    def __init__(self, *, refuse: dict[str, Exception] | None = None, fail_request: Exception | None = None):
        self.requests: list[list[str]] = []
        self.written: dict[str, int] = {}
        self.refuse = refuse or {}
        self.fail_request = fail_request

    def reference(self, record: LedgerRecord) -> str:
        if record.payload.get("total") == "bad":
            raise MappingError(record.key, "total is not a number")
        return f"marker-{record.key.source_id}"

    def find(self, reference: str) -> str | None:
        raise AssertionError("a batched, idempotent target is never looked up")

    def write_many(self, items: Sequence[tuple[LedgerRecord, str]]) -> list[str | Exception]:
        ids = [record.key.source_id for record, _ in items]
        self.requests.append(ids)
        if self.fail_request is not None:
            raise self.fail_request
        results: list[str | Exception] = []
        for source_id in ids:
            if source_id in self.refuse:
                results.append(self.refuse[source_id])
            else:
                self.written[source_id] = self.written.get(source_id, 0) + 1
                results.append(f"T{source_id}")
        return results


def _run(ledger: Ledger, adapter: BatchWriter, **kwargs):
    ctx = AttemptContext(run_id="manual__1", task_id="write_back", try_number=1, worker="qad_woo.write_back")
    return LoadProtocol(ledger, adapter, tenant="shop1", integration="qad_woo", entity="order", ctx=ctx,
                        **kwargs).run()


def test_records_go_in_requests_of_the_adapters_batch_limit_and_each_is_recorded_done(ledger: Ledger) -> None:
    seed(ledger, 25)
    adapter = BatchWriter()
    summary = _run(ledger, adapter)
    assert summary.created == 25
    assert sorted(len(ids) for ids in adapter.requests) == [5, 10, 10]
    assert set(adapter.written) == {str(n) for n in range(1, 26)} and set(adapter.written.values()) == {1}
    record = ledger.get(key(7))
    assert (record.status, record.target_id, record.target_ref) == ("done", "T7", "marker-7")


def test_an_item_the_target_refuses_is_quarantined_alone_and_a_transient_one_stays_queued(ledger: Ledger) -> None:
    seed(ledger, 4)
    refused = PermanentApiError(system="woocommerce", method="POST", url=URL, status=400,
                                code="woocommerce_rest_shop_order_invalid_id", vendor_message="Invalid ID.")
    busy = TransientApiError(system="woocommerce", method="POST", url=URL, reason="no answer for this item")
    summary = _run(ledger, BatchWriter(refuse={"2": refused, "3": busy}))
    assert (summary.created, summary.quarantined, summary.failed) == (2, 1, 1)
    quarantined = ledger.get(key(2))
    assert quarantined.status == Status.QUARANTINED
    assert quarantined.last_error.startswith(str(key(2))) and "Invalid ID." in quarantined.last_error
    assert ledger.get(key(3)).status == Status.FAILED
    assert ledger.get(key(1)).status == ledger.get(key(4)).status == Status.DONE


def test_a_failed_request_fails_every_record_in_it_and_the_next_run_writes_them(ledger: Ledger) -> None:
    seed(ledger, 3)
    down = TransientApiError(system="woocommerce", method="POST", url=URL, status=503)
    assert _run(ledger, BatchWriter(fail_request=down)).failed == 3
    assert {ledger.get(key(n)).status for n in (1, 2, 3)} == {Status.FAILED}
    adapter = BatchWriter()
    assert _run(ledger, adapter).created == 3
    assert adapter.requests == [["1", "2", "3"]]


def test_a_record_refused_before_sending_is_left_out_of_the_request(ledger: Ledger) -> None:
    seed(ledger, 3)
    ledger.upsert_source(key(2), payload={"id": 2, "total": "bad"}, source_modified=None, run_id="extract-2")
    adapter = BatchWriter()
    summary = _run(ledger, adapter)
    assert (summary.created, summary.quarantined) == (2, 1)
    assert adapter.requests == [["1", "3"]]
    assert ledger.get(key(2)).last_error == f"{key(2)}: total is not a number"


def test_a_dry_run_plans_every_record_without_any_request(ledger: Ledger) -> None:
    seed(ledger, 3)
    adapter = BatchWriter()
    summary = _run(ledger, adapter, dry_run=True)
    assert summary.created == 3 and adapter.requests == []
    assert {ledger.get(key(n)).status for n in (1, 2, 3)} == {Status.PENDING}
