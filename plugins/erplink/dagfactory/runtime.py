"""What a running task needs from Airflow: the ledger, the attempt context and a FlowContext for its tenant.

Imported only inside tasks, so DAG files stay fast to parse.
"""

from __future__ import annotations

import logging
from typing import Any

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext, Ledger

_ledger: Ledger | None = None


def ledger() -> Ledger:
    """One ledger per worker process, migrated on first use (idempotent)."""
    global _ledger
    if _ledger is None:
        _ledger = Ledger.from_env()
        _ledger.migrate()
    return _ledger


def attempt_context(context: dict[str, Any]) -> AttemptContext:
    ti = context["ti"]
    map_index = getattr(ti, "map_index", -1)
    # The worker is the logical task: stable across retries, so a retry takes back what its predecessor left.
    worker = f"{ti.dag_id}.{ti.task_id}" + (f"[{map_index}]" if map_index not in (None, -1) else "")
    return AttemptContext(
        run_id=ti.run_id, task_id=ti.task_id, try_number=getattr(ti, "try_number", None), worker=worker
    )


def flow_context(tenant_name: str, context: dict[str, Any]) -> FlowContext:
    tenant = load_tenants().get(tenant_name)
    params = context.get("params") or {}
    return FlowContext(
        tenant=tenant,
        ledger=ledger(),
        attempt=attempt_context(context),
        dry_run=bool(params.get("dry_run")),
        log=logging.getLogger(f"erplink.{tenant_name}"),
    )


def with_call_counts(fc: FlowContext, result: dict[str, Any]) -> dict[str, Any]:
    """Attach (and log) the API calls the task made, per system and endpoint, to its XCom result."""
    calls = fc.call_counts()
    if calls:
        fc.log.info("API calls: %s", calls)
    return {**result, "api_calls": calls}
