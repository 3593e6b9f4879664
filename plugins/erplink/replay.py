"""Replay: put chosen ledger records back in the queue and load them again, exactly once.

Used by the replay DAG and the `erplink replay` command. Records are chosen by key, status and time range; the load
protocol looks every one of them up in the target before creating anything, so replaying a record that did reach the
ERP links it instead of creating a second document.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.windows import parse_timestamp

REPLAYABLE_ENTITIES = ("order", "refund", "order_marker")
DEFAULT_STATUSES = ("failed", "quarantined")


def _bound(value: str | datetime | None) -> datetime | None:
    return parse_timestamp(value) if value else None


def replay(
    fc: FlowContext,
    *,
    entity: str,
    source_ids: Sequence[str] = (),
    statuses: Sequence[str] = DEFAULT_STATUSES,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> dict[str, Any]:
    """Requeue the matching records (all of the entity's failed/quarantined ones by default) and load them now."""
    if entity not in REPLAYABLE_ENTITIES:
        raise ValueError(f"entity must be one of {', '.join(REPLAYABLE_ENTITIES)}, not {entity!r}")
    from erplink.flows import qad_woocommerce as flows

    keys = [str(source_id) for source_id in source_ids] or None
    matching = list(fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity=entity,
                                      statuses=tuple(statuses), keys=keys, since=_bound(since), until=_bound(until)))
    result: dict[str, Any] = {"entity": entity, "matched": len(matching),
                              "records": [r.key.source_id for r in matching[:100]]}
    if fc.dry_run:
        for record in matching:
            fc.log.info("dry run: would replay %s (%s: %s)", record.key, record.status.value, record.last_error)
        return result
    requeued = fc.ledger.requeue(tenant=fc.tenant.name, integration=fc.integration, entity=entity,
                                 keys=[r.key for r in matching] or None, statuses=tuple(statuses),
                                 ctx=fc.attempt) if matching else 0
    result["requeued"] = requeued
    if not requeued:
        return result
    selected = [r.key.source_id for r in matching]
    loaders = {"order": flows.load_orders, "refund": flows.load_refunds}
    if entity in loaders:
        result["load"] = loaders[entity](fc, keys=selected)
    else:
        result["load"] = flows.write_back(fc)
    return result
