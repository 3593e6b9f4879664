"""The end-of-run report: what the ledger holds for the tenant, and every record that needs a person."""

from __future__ import annotations

from typing import Any

from erplink.flows.context import FlowContext
from erplink.ledger import Status

NEEDS_A_PERSON = (Status.QUARANTINED, Status.FAILED)


def ledger_report(fc: FlowContext, *, limit: int = 200) -> dict[str, Any]:
    counts = fc.ledger.counts(fc.tenant.name, fc.integration)
    attention = []
    for record in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, statuses=NEEDS_A_PERSON,
                                    limit=limit):
        attention.append({"entity": record.key.entity, "source_id": record.key.source_id,
                          "status": record.status.value, "reason": record.last_error})
        fc.log.warning("%s %s is %s: %s", record.key.entity, record.key.source_id, record.status.value,
                       record.last_error)
    fc.log.info("ledger for %s: %s", fc.tenant.name, counts)
    return {"counts": counts, "needs_attention": attention}
