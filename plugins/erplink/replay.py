"""Replay: put chosen ledger records back in the queue and load them again, exactly once.

Used by the replay DAG and the `erplink replay` command. Records are chosen by key, status and time range; the load
protocol looks every one of them up in the target before creating anything, so replaying a record that did reach the
ERP links it instead of creating a second document.

A replay that cannot run leaves every record where it was: the connections the load needs are tested before any
record is touched, the requeue hands the records straight to this replay's own load (one ledger transaction, so
no record waits in the queue with nobody working on it), and the records that load never reached are given back.
Each of those records carries the failure in its audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.http.redact import mask_message
from erplink.windows import parse_timestamp

DEFAULT_STATUSES = ("failed", "quarantined")
# The audit action of a replay that did not run for a record.
FAILED_ACTION = "replay_failed"


class ReplayNotRunError(RuntimeError):
    """The replay could not start, or stopped before loading; the records it did not reach are unchanged."""


def _bound(value: str | datetime | None) -> datetime | None:
    return parse_timestamp(value) if value else None


def connection_problems(fc: FlowContext, entity: str) -> list[str]:
    """Why a system the entity's load calls cannot be used now, one line each (empty: all answer).

    The hook's own Test connection: a missing or malformed connection, a refused connection and rejected
    credentials all show here, before any record is touched.
    """
    problems = []
    # Which of the tenant's systems the entity's load calls: their connections must be usable before anything moves.
    for system in fc.spec.replay_entity(entity).calls:
        hook = getattr(fc, system)
        works, message = hook.test_connection()
        if not works:
            problems.append(f"connection {hook.conn_id!r} ({hook.system}): {message}")
    return problems


def replay(
    fc: FlowContext,
    *,
    entity: str,
    source_ids: Sequence[str] = (),
    statuses: Sequence[str] = DEFAULT_STATUSES,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> dict[str, Any]:
    """Requeue the matching records (all of the entity's failed/quarantined ones by default) and load them now.

    Raises ``ReplayNotRunError`` when the replay cannot run; the records it did not reach keep their status.
    """
    load = fc.spec.replay_entity(entity).load  # an entity the integration does not replay is refused here
    worker = fc.attempt.worker
    if not worker:
        raise ValueError("a replay needs fc.attempt.worker: its load takes back the records under that name")
    tenant, integration = fc.tenant.name, fc.integration
    wanted = tuple(statuses)
    start, end = _bound(since), _bound(until)
    matching = list(
        fc.ledger.records(
            tenant=tenant,
            integration=integration,
            entity=entity,
            statuses=wanted,
            keys=[str(source_id) for source_id in source_ids] or None,
            since=start,
            until=end,
        )
    )
    result: dict[str, Any] = {
        "entity": entity,
        "matched": len(matching),
        "records": [r.key.source_id for r in matching[:100]],
    }
    if fc.dry_run:
        for record in matching:
            fc.log.info("dry run: would replay %s (%s: %s)", record.key, record.status.value, record.last_error)
        return result
    result["requeued"] = 0
    if not matching:
        return result

    problems = connection_problems(fc, entity)
    if problems:
        reason = mask_message("replay not started: " + "; ".join(problems))
        fc.ledger.note_failure([r.key for r in matching], action=FAILED_ACTION, error=reason, ctx=fc.attempt)
        raise ReplayNotRunError(f"{reason}; {len(matching)} {entity} record(s) left as they were")

    # A record that changed status since it was read (a regular run took it) is left to that run.
    holds = fc.ledger.take_for_replay(
        tenant=tenant,
        integration=integration,
        entity=entity,
        worker=worker,
        keys=[r.key for r in matching],
        statuses=wanted,
        since=start,
        until=end,
        ctx=fc.attempt,
    )
    result["requeued"] = len(holds)
    if not holds:
        return result
    try:
        result["load"] = load(fc, [hold.key.source_id for hold in holds])
    except Exception as exc:
        reason = mask_message(f"replay stopped: {str(exc) or type(exc).__name__}")
        returned = fc.ledger.give_back(holds, worker=worker, reason=reason, ctx=fc.attempt)
        raise ReplayNotRunError(
            f"{reason}; {returned} {entity} record(s) it had not reached left as they were"
        ) from exc
    return result
