"""The load protocol: an exactly-once effect on targets that offer no idempotency keys.

For each claimed record: compute the deterministic reference, commit ``in_flight`` with it, then ask the target
whether a document with that reference exists — link it if so, create it if not — and record the target id.
A crash at any point leaves either no document (the next run creates it) or a document the next run finds by
its reference; nothing is ever re-sent without that lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import cast

from erplink.http.redact import mask_message
from erplink.ledger.errors import ClaimLostError
from erplink.ledger.ledger import Ledger, utc_now
from erplink.ledger.models import AttemptContext, LedgerRecord, RecordKey, Status
from erplink.load.adapter import LookupTarget, TargetAdapter
from erplink.load.classify import Classifier, Disposition, default_classifier, describe_failure, http_status_of
from erplink.load.errors import LoadAbortedError, MappingError, NothingToUpdate
from erplink.load.summary import LoadSummary

__all__ = ["LOADABLE", "LoadProtocol", "LoadSummary", "MappingError", "TargetAdapter", "default_classifier"]

# A failed or reclaimed record is tried again by the next runs until it has been claimed this many times.
DEFAULT_MAX_ATTEMPTS = 8
# Statuses a run picks up, whichever run queued the record; in_flight rows of this worker or with an expired
# lease are taken back by the ledger too.
LOADABLE = (Status.PENDING, Status.FAILED)
# How many earlier errors a give-up reason quotes.
_HISTORY_LINES = 5


@dataclass(frozen=True)
class _Outcome:
    """What happened to one record; counted into the summary by the coordinating thread."""

    action: str  # created | linked | updated | unchanged | quarantined | failed | skipped | lost
    error: str | None = None


class LoadProtocol:
    """Loads one (tenant, integration, entity) into a target through ``adapter``.

    :param ctx: the task try; ``ctx.worker`` (the logical task id, stable across retries) is required.
    :param dry_run: report what would be created/updated; no ledger writes and no target call but ``find``.
    :param max_workers: records loaded in parallel for this tenant (each thread uses its own ledger connection);
        the threads are the only ones that call the target, so a DAG task gives the run that many pool slots.
    :param classify: maps an exception to a ``Disposition``.
    :param max_attempts: claims after which a still-failing record is quarantined with its error history.
    :param batch_size: records claimed at a time (default ``4 * max_workers``, or the adapter's ``batch_limit``
        when it writes many records in one request); small batches keep claims fresh.
    """

    def __init__(
        self,
        ledger: Ledger,
        adapter: TargetAdapter,
        *,
        tenant: str,
        integration: str,
        entity: str,
        ctx: AttemptContext,
        dry_run: bool = False,
        max_workers: int = 4,
        classify: Classifier = default_classifier,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        batch_size: int | None = None,
    ) -> None:
        if not ctx.worker:
            raise ValueError("ctx.worker must name the logical task (stable across its retries)")
        if max_workers < 1 or max_attempts < 1:
            raise ValueError("max_workers and max_attempts must be at least 1")
        self._ledger = ledger
        self._adapter = adapter
        self._tenant = tenant
        self._integration = integration
        self._entity = entity
        self._ctx = ctx
        self._worker = ctx.worker
        self._dry_run = dry_run
        self._max_workers = max_workers
        self._classify = classify
        self._max_attempts = max_attempts
        # An adapter with ``write_many`` sends each claimed batch as one request, so a batch is its request size.
        self._write_many = getattr(adapter, "write_many", None)
        self._batch_size = (
            batch_size or (getattr(adapter, "batch_limit", None) if self._write_many else None) or 4 * max_workers
        )
        self._abort = threading.Event()
        self._abort_cause: Exception | None = None

    def run(self, *, keys: Sequence[RecordKey | str] | None = None, limit: int | None = None) -> LoadSummary:
        """Load pending and failed records (or only ``keys``: RecordKeys or source ids), at most ``limit`` of them.

        Each record is visited at most once per run. Raises ``LoadAbortedError`` (carrying the summary) when the
        classifier says to stop.
        """
        if self._dry_run:
            return self._plan(keys, limit)
        summary = LoadSummary()
        after_id: int | None = None
        remaining = limit
        running: set[Future[list[_Outcome]]] = set()
        exhausted = False
        with ThreadPoolExecutor(max_workers=self._max_workers, thread_name_prefix=f"load-{self._tenant}") as pool:
            while True:
                # Claim the next batch while every worker still has work queued behind it, not after the whole
                # batch is done: one slow record (a new customer, a retried call) must not idle the other threads.
                while (
                    not exhausted
                    and not self._abort.is_set()
                    and len(running) <= self._max_workers
                    and (remaining is None or remaining > 0)
                ):
                    batch = self._ledger.claim(
                        self._tenant, self._integration, self._entity,
                        limit=self._batch_size if remaining is None else min(self._batch_size, remaining),
                        statuses=LOADABLE, keys=keys, worker=self._worker, after_id=after_id, ctx=self._ctx,
                    )  # fmt: skip
                    if not batch:
                        exhausted = True
                        break
                    after_id = batch[-1].id
                    if remaining is not None:
                        remaining -= len(batch)
                    if self._write_many is not None:
                        running.add(pool.submit(self._load_many, batch))
                    else:
                        running.update(pool.submit(self._load_alone, record) for record in batch)
                if not running:
                    break
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    for outcome in future.result():
                        _count(summary, outcome)
        if self._abort_cause is not None:
            raise LoadAbortedError(summary, self._abort_cause) from self._abort_cause
        return summary

    def waiting(self, *, keys: Sequence[RecordKey | str] | None = None) -> list[tuple[str, Status]]:
        """(source id, status) of every record ``run`` would take now, read without claiming anything.

        That is every pending and failed record of the tenant and entity, whichever run queued it (a cleared or
        retried task takes them all, not only its own run's), and the in-flight ones this worker left behind or
        whose lease ran out.
        """
        now = utc_now()
        return [
            (record.key.source_id, record.status)
            for record in self._ledger.records(
                tenant=self._tenant,
                integration=self._integration,
                entity=self._entity,
                statuses=(*LOADABLE, Status.IN_FLIGHT),
                keys=keys,
            )
            if record.status is not Status.IN_FLIGHT
            or record.claimed_by == self._ctx.worker
            or record.lease_until is None
            or record.lease_until < now
        ]

    # ------------------------------------------------------------------------------------------------ one record

    def _load_alone(self, record: LedgerRecord) -> list[_Outcome]:
        return [self._load_one(record)]

    def _load_one(self, record: LedgerRecord) -> _Outcome:
        key = record.key
        reference, refused = self._prepare(record)
        if refused is not None:
            return refused
        assert reference is not None
        try:
            action, target_id = self._apply(record, reference)
        except Exception as exc:
            return self._failed(record, exc, reference)
        if action == "no_updates":
            reason = f"{key}: changed after it was loaded as {record.target_id}; this target takes no updates"
            return self._skip(record, reason)
        if action == "keeps_crashing":
            return self._keeps_crashing(record)
        assert target_id is not None
        return self._done(record, target_id, reference, action)

    def _prepare(self, record: LedgerRecord) -> tuple[str | None, _Outcome | None]:
        """Everything before the first call to the target: vet, reference, ``in_flight`` committed.

        Returns the reference, or the outcome of a record that goes no further.
        """
        if self._abort.is_set():
            reason = mask_message(f"{record.key}: not attempted, the run stopped: {self._abort_cause}")
            return None, self._settle(record, Disposition.ABORT, reason, None)
        try:
            self._vet_if_never_sent(record)
            reference = self._adapter.reference(record)
        except Exception as exc:
            return None, self._failed(record, exc)
        try:
            self._ledger.mark_in_flight(record.key, target_ref=reference, ctx=self._ctx)
        except ClaimLostError as exc:
            return None, _Outcome("lost", str(exc))
        return reference, None

    def _load_many(self, records: Sequence[LedgerRecord]) -> list[_Outcome]:
        """One request for a whole claimed batch, for adapters whose writes are safe to repeat (``write_many``).

        Such a target needs no look-up: sending a record twice leaves the same document, so a crash anywhere only
        means the next run writes it again. Each record still gets its own outcome: one refused item neither
        fails nor hides the others.
        """
        outcomes: list[_Outcome] = []
        ready: list[tuple[LedgerRecord, str]] = []
        for record in records:
            reference, refused = self._prepare(record)
            if refused is not None:
                outcomes.append(refused)
            elif record.attempts > self._max_attempts:
                outcomes.append(self._keeps_crashing(record))
            else:
                assert reference is not None
                ready.append((record, reference))
        if not ready:
            return outcomes
        assert self._write_many is not None
        try:
            results = self._write_many(ready)
        except Exception as exc:
            return outcomes + [self._failed(record, exc, reference) for record, reference in ready]
        for (record, reference), result in zip(ready, results, strict=True):
            if isinstance(result, Exception):
                outcomes.append(self._failed(record, result, reference))
            else:
                outcomes.append(self._done(record, result, reference, "updated" if record.target_id else "created"))
        return outcomes

    def _keeps_crashing(self, record: LedgerRecord) -> _Outcome:
        """Claimed again and again without ever finishing: its worker keeps dying on this record."""
        reason = f"{record.key}: claimed {record.attempts} times without finishing; not sending it again"
        return self._settle(record, Disposition.QUARANTINE, reason, None)

    def _vet_if_never_sent(self, record: LedgerRecord) -> None:
        """Let the adapter refuse a record (not a sale, unmappable) before the look-up by reference.

        Only for records that were never marked in flight (no reference recorded, no target id): the target cannot
        hold a document for those, so the look-up could only answer "none". A record that was once in flight is
        always looked up first, because its create may have gone through before the worker died.
        """
        vet = getattr(self._adapter, "vet", None)
        if vet is not None and record.target_ref is None and record.target_id is None:
            vet(record)

    def _apply(self, record: LedgerRecord, reference: str) -> tuple[str, str | None]:
        """The remote calls for one record, as (action, target id). Only this part talks to the target."""
        if record.target_id:
            update = getattr(self._adapter, "update", None)
            if update is None:
                return "no_updates", None
            try:
                return "updated", update(record, record.target_id) or record.target_id
            except NotImplementedError:
                return "no_updates", None
            except NothingToUpdate:
                return "unchanged", record.target_id
        existing = self._find(record, reference)
        if existing is not None:
            return "linked", existing
        if record.attempts > self._max_attempts:
            return "keeps_crashing", None
        return "created", self._lookup().create(record, reference)

    def _find(self, record: LedgerRecord, reference: str) -> str | None:
        """The adapter's look-up; ``find_record`` when it has one (it may also read what the source says)."""
        find_record = getattr(self._adapter, "find_record", None)
        return find_record(record, reference) if find_record is not None else self._lookup().find(reference)

    def _lookup(self) -> LookupTarget:
        # Only an adapter without ``write_many`` is looked up and created a record at a time (``run`` sends the
        # others' batches to ``_load_many``, ``_plan_one`` plans them without a look-up).
        return cast(LookupTarget, self._adapter)

    def _done(self, record: LedgerRecord, target_id: str, reference: str, action: str) -> _Outcome:
        try:
            self._ledger.mark_done(
                record.key, target_id=target_id, target_ref=reference, ctx=self._ctx, action=action,
                payload_hash=record.payload_hash, applied_payload=record.payload,
            )  # fmt: skip
        except ClaimLostError as exc:
            return _Outcome("lost", str(exc))
        return _Outcome(action)

    def _skip(self, record: LedgerRecord, reason: str) -> _Outcome:
        try:
            self._ledger.mark_skipped(record.key, reason=reason, ctx=self._ctx)
        except ClaimLostError as exc:
            return _Outcome("lost", str(exc))
        return _Outcome("skipped")

    def _failed(self, record: LedgerRecord, exc: Exception, reference: str | None = None) -> _Outcome:
        disposition = self._classify(exc)
        reason = describe_failure(record.key, exc)
        if disposition is Disposition.ABORT:
            self._abort_cause = self._abort_cause or exc
            self._abort.set()
        elif disposition is Disposition.AMBIGUOUS:
            reason += f" (the write may have been applied; the next attempt looks up {reference} before sending)"
        return self._settle(record, disposition, reason, http_status_of(exc))

    def _settle(self, record: LedgerRecord, disposition: Disposition, reason: str, http_status: int | None) -> _Outcome:
        """Record a failure: quarantined for good, or failed for the next run until attempts run out."""
        key = record.key
        if disposition is Disposition.SKIP:
            return self._skip(record, reason)
        try:
            if disposition is Disposition.QUARANTINE:
                self._ledger.quarantine(key, reason=reason, ctx=self._ctx, http_status=http_status)
                return _Outcome("quarantined", reason)
            if disposition is not Disposition.ABORT and record.attempts >= self._max_attempts:
                reason = self._give_up_reason(record, reason)
                self._ledger.quarantine(key, reason=reason, ctx=self._ctx, http_status=http_status)
                return _Outcome("quarantined", reason)
            self._ledger.mark_failed(key, error=reason, ctx=self._ctx, http_status=http_status)
            return _Outcome("failed", reason)
        except ClaimLostError as exc:
            return _Outcome("lost", str(exc))

    def _give_up_reason(self, record: LedgerRecord, last: str) -> str:
        earlier = [entry.error for entry in self._ledger.audit(record.key) if entry.action == "failed" and entry.error]
        history = "; ".join(earlier[-_HISTORY_LINES:])
        text = f"gave up after {record.attempts} attempts. Last error: {last}"
        return f"{text}. Earlier errors: {history}" if history else text

    # ---------------------------------------------------------------------------------------------------- dry run

    def _plan(self, keys: Sequence[RecordKey | str] | None, limit: int | None) -> LoadSummary:
        """What a real run would do, using only reads: the ledger's rows and the target's ``find``."""
        summary = LoadSummary(dry_run=True)
        candidates = list(
            self._ledger.records(
                tenant=self._tenant,
                integration=self._integration,
                entity=self._entity,
                statuses=(*LOADABLE, Status.IN_FLIGHT),
                keys=keys,
                limit=limit,
            )
        )
        with ThreadPoolExecutor(max_workers=self._max_workers, thread_name_prefix=f"plan-{self._tenant}") as pool:
            for record, planned in zip(candidates, pool.map(self._plan_one, candidates), strict=True):
                action, reference, error = planned
                setattr(summary, action, getattr(summary, action) + 1)
                if action in ("created", "updated"):
                    summary.dry_run_planned.append((reference, record.payload))
                if error:
                    summary.errors.append(error)
        return summary

    def _plan_one(self, record: LedgerRecord) -> tuple[str, str, str | None]:
        try:
            reference = self._adapter.reference(record)
            if record.target_id:
                return "updated", reference, None
            if self._write_many is not None:  # nothing to look up: every record would be written
                return "created", reference, None
            return ("linked" if self._find(record, reference) else "created"), reference, None
        except Exception as exc:
            disposition = self._classify(exc)
            if disposition is Disposition.SKIP:
                return "skipped", "", None
            action = "quarantined" if disposition is Disposition.QUARANTINE else "failed"
            return action, "", describe_failure(record.key, exc)


def _count(summary: LoadSummary, outcome: _Outcome) -> None:
    if outcome.action != "lost":
        setattr(summary, outcome.action, getattr(summary, outcome.action) + 1)
    if outcome.error:
        summary.errors.append(outcome.error)
