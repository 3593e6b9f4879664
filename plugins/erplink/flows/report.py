"""What the ledger says, for people: the end-of-run report, the records a load task picks up, and reasons
counted once each instead of repeated per record."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord, Status

NEEDS_A_PERSON = (Status.QUARANTINED, Status.FAILED)
# Source ids listed per line before "and N more": enough for a cleared task, short enough for a first run.
IDS_LISTED = 200
# The numbers of other things a reason cites (its order, a line item): they differ from record to record while
# the cause is the same. SKUs and codes are kept: a different SKU is a different fix.
_CITED_NUMBER = re.compile(r"\b(order|line item|item|refund|product|variation|customer)( #?)\d+\b")
_LOADING = {
    Status.PENDING: "pending",
    Status.FAILED: "failed",
    Status.IN_FLIGHT: "in flight (left by an earlier try, or its lease ran out)",
}


def ledger_report(fc: FlowContext, *, limit: int = 200) -> dict[str, Any]:
    counts = fc.ledger.counts(fc.tenant.name, fc.integration)
    attention = []
    for record in fc.ledger.records(
        tenant=fc.tenant.name, integration=fc.integration, statuses=NEEDS_A_PERSON, limit=limit
    ):
        attention.append(
            {
                "entity": record.key.entity,
                "source_id": record.key.source_id,
                "status": record.status.value,
                "reason": record.last_error,
            }
        )
        fc.log.warning(
            "%s %s is %s: %s", record.key.entity, record.key.source_id, record.status.value, record.last_error
        )
    fc.log.info("ledger for %s: %s", fc.tenant.name, counts)
    return {"counts": counts, "needs_attention": attention}


def log_pickup(
    fc: FlowContext, entity: str, waiting: Sequence[tuple[str, Status]], *, chosen: bool = False
) -> dict[str, int]:
    """Log which records a load task takes (``LoadProtocol.waiting``), by the status each had; return the counts.

    A cleared or retried task takes every pending and failed record of the tenant, whichever run queued it, so
    its log says which ones those are; a load of ``chosen`` records (a replay, a run for chosen orders) takes only
    those of them that are pending or failed.
    """
    by_status: dict[Status, list[str]] = {}
    for source_id, status in waiting:
        by_status.setdefault(status, []).append(source_id)
    counts = {status.value: len(ids) for status, ids in by_status.items()}
    verb = "would pick up" if fc.dry_run else "picks up"
    if not waiting and chosen:
        fc.log.info("%s load %s nothing: no %s record asked for is pending or failed", entity, verb, entity)
        return counts
    if not waiting:
        fc.log.info("%s load %s nothing: tenant %s has no pending or failed %s", entity, verb, fc.tenant.name, entity)
        return counts
    if chosen:
        scope = f"the pending and failed {entity} records among those asked for"
    else:
        scope = f"every pending and failed {entity}, whichever run queued it"
    fc.log.info(
        "%s load %s %d record(s) of tenant %s (%s): %s",
        entity,
        verb,
        len(waiting),
        fc.tenant.name,
        scope,
        ", ".join(f"{status} {count}" for status, count in counts.items()),
    )
    for status, ids in by_status.items():
        fc.log.info(
            "%s load %s %d %s record(s) that were %s: %s",
            entity,
            verb,
            len(ids),
            entity,
            _LOADING.get(status, status.value),
            listed(ids),
        )
    return counts


def listed(ids: Sequence[str], limit: int = IDS_LISTED) -> str:
    """``1042, 1043`` or ``1042, ... and 12 more``."""
    shown = ", ".join(ids[:limit])
    return f"{shown} and {len(ids) - limit} more" if len(ids) > limit else shown


def reason_of(record: LedgerRecord) -> str:
    """A record's reason as it reads for a whole group: without its own key and the numbers it cites."""
    reason = (record.last_error or "no reason recorded").strip()
    prefix = f"{record.key}: "
    if reason.startswith(prefix):
        reason = reason[len(prefix) :]
    return _CITED_NUMBER.sub(r"\1\2…", reason)


@dataclass
class ReasonGroup:
    """Records of one entity that share a reason."""

    entity: str
    reason: str
    source_ids: list[str] = field(default_factory=list)


def group_by_reason(records: Iterable[LedgerRecord]) -> list[ReasonGroup]:
    """One group per (entity, reason), the largest first (ties in the order first seen)."""
    groups: dict[tuple[str, str], ReasonGroup] = {}
    for record in records:
        key = (record.key.entity, reason_of(record))
        groups.setdefault(key, ReasonGroup(*key)).source_ids.append(record.key.source_id)
    return sorted(groups.values(), key=lambda group: -len(group.source_ids))


def reason_lines(groups: Sequence[ReasonGroup], *, reasons_shown: int = 8, ids_shown: int = 8) -> list[str]:
    """Each reason once with how many records it holds, and (unless ``ids_shown`` is 0) their first ids under it."""
    lines: list[str] = []
    for group in groups[:reasons_shown]:
        lines.append(f"{len(group.source_ids):>5}  {group.entity:<8} {group.reason}")
        if ids_shown:
            lines.append(f"{'':>16}{group.entity} {listed(group.source_ids, ids_shown)}")
    if len(groups) > reasons_shown:
        rest = groups[reasons_shown:]
        lines.append(f"  ... {len(rest)} more reason(s) for {sum(len(g.source_ids) for g in rest)} record(s)")
    return lines
