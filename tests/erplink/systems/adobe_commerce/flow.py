"""An Adobe Commerce tenant's flow context on a fresh SQLite ledger, reading through a given hook."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from erplink.config.tenants import ErpConfig, TenantConfig
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext, Ledger
from erplink.systems.adobe_commerce.config import AdobeCommerceStore

TENANT, INTEGRATION = "luma", "qad_adobe_commerce"


def adobe_commerce_tenant(**store: Any) -> TenantConfig:
    store = {"currencies": ("USD", "EUR"), **store}
    section = AdobeCommerceStore(system="adobe_commerce", conn_id="ac", store_key="luma1", webhooks=False, **store)
    return TenantConfig(name=TENANT, integration=INTEGRATION, store=section, erp=ErpConfig(system="qad", conn_id="qad"))


@contextmanager
def flow_context(hook: Any, tenant: TenantConfig | None = None) -> Iterator[FlowContext]:
    with tempfile.TemporaryDirectory(prefix="erplink-adobe-commerce-") as folder:
        ledger = Ledger(f"sqlite:///{Path(folder) / 'ledger.db'}")
        ledger.migrate()
        try:
            yield FlowContext(
                tenant=tenant or adobe_commerce_tenant(),
                ledger=ledger,
                attempt=AttemptContext(run_id="run", task_id="extract", try_number=1, worker="w"),
                store_hook=hook,
            )
        finally:
            ledger.dispose()


def ledger_payloads(fc: FlowContext, entity: str) -> dict[str, dict[str, Any]]:
    return {
        r.key.source_id: r.payload for r in fc.ledger.records(tenant=TENANT, integration=INTEGRATION, entity=entity)
    }
