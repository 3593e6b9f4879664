"""A FlowContext whose ERP is an in-process Acumatica sandbox and whose ledger holds WooCommerce documents: what
the Acumatica load targets and catalog source are tested on."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox import Sandbox

from erplink.flows.context import FlowContext
from erplink.integrations.acumatica_woocommerce.config import AcumaticaWooCommerceTenant
from erplink.ledger import AttemptContext, Ledger, RecordKey
from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
from erplink.systems.woocommerce.extract import ORDER, REFUND, stored_order_payload
from tests.erplink.systems.acumatica.sandbox_hook import hook_on, value

MARKER_KEY = "_erplink_acumatica_ref"
TENANT = AcumaticaWooCommerceTenant.model_validate({
    "name": "shop", "integration": "acumatica_woocommerce",
    "store": {"system": "woocommerce", "conn_id": "woo", "store_key": "shop", "webhooks": False,
              "reference_meta_key": MARKER_KEY},
    "erp": {"system": "acumatica", "conn_id": "erplink_acumatica_demo", "branch": "MAIN",
            "warehouses": ["WH1", "WH2"], "charges_item": "STORE-CHARGES", "tax": {"tax_id": "STORETAX"}},
})  # fmt: skip


@dataclass
class TargetWorld:
    box: Sandbox
    ledger: Ledger
    tenant: AcumaticaWooCommerceTenant = TENANT
    hooks: list[AcumaticaHook] = field(default_factory=list)
    runs: int = 0

    def context(self, **tenant_changes: Any) -> FlowContext:
        """A new task's context (its own hook, as each task has), the tenant's erp section changed as given."""
        self.runs += 1
        tenant = self.tenant
        if tenant_changes:
            tenant = tenant.model_copy(update={"erp": tenant.erp.model_copy(update=tenant_changes)})
        hook = hook_on(self.box)
        self.hooks.append(hook)
        return FlowContext(tenant=tenant, ledger=self.ledger, erp_hook=hook,
                           attempt=AttemptContext(run_id=f"run-{self.runs}", task_id="load", try_number=1,
                                                  worker=f"test.load.{self.runs}"))

    def calls(self, endpoint: str) -> int:
        return sum(hook.counter.count("acumatica", endpoint) for hook in self.hooks)

    def add_items(self, *skus: str) -> None:
        hook = hook_on(self.box)
        for sku in skus:
            hook.put_wrapped("StockItem", {"InventoryID": sku, "Description": sku, "ItemStatus": "Active",
                                           "DefaultPrice": 10})
        hook.close()

    def put_order(self, document: dict[str, Any]) -> RecordKey:
        key = RecordKey(TENANT.name, TENANT.integration, ORDER, str(document["id"]))
        self.ledger.upsert_source(key, payload=stored_order_payload(document, MARKER_KEY),
                                  source_modified=datetime(2026, 1, 5, tzinfo=UTC), run_id="extract")
        return key

    def put_refund(self, order: dict[str, Any], refund: dict[str, Any]) -> RecordKey:
        key = RecordKey(TENANT.name, TENANT.integration, REFUND, f"{order['id']}-{refund['id']}")
        payload = {**copy.deepcopy(refund), "_order": {"id": order["id"], "currency": order["currency"]}}
        self.ledger.upsert_source(key, payload=payload, source_modified=None, run_id="extract")
        return key

    def invoices(self, document_type: str = "Invoice") -> list[dict[str, Any]]:
        return [doc for doc in self.box.state.documents("SalesInvoice") if value(doc, "Type") == document_type]
