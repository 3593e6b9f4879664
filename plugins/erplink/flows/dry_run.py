"""Dry run of the orders flow: what would be sent to QAD, computed from reads only.

Nothing is written anywhere — not the ledger, not QAD, not the store. Each order in the window is mapped, its
SKUs and customer are looked up, and its reference is searched in QAD; the log shows the document that would be
created (or the reason it would be held back).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.qad_targets import ItemCatalog, counts_as_sale, map_order
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.load.errors import MappingError
from erplink.mappings.qad_sales import reference_for_order, unknown_skus
from erplink.windows import Window


def _as_record(fc: FlowContext, order: dict[str, Any]) -> LedgerRecord:
    from datetime import datetime, timezone

    epoch = datetime.fromtimestamp(0, timezone.utc)
    key = RecordKey(fc.tenant.name, fc.integration, "order", str(order.get("id")))
    return LedgerRecord(id=0, key=key, status=Status.PENDING, attempts=0, payload=order, payload_hash="",
                        source_modified=None, target_ref=None, target_id=None, last_error=None, last_http_status=None,
                        run_id=None, claimed_by=None, lease_until=None, created_at=epoch, updated_at=epoch)


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    items = ItemCatalog(fc)
    plan: dict[str, Any] = {"dry_run": True, "would_create": 0, "already_in_qad": 0, "held_back": 0, "not_sales": 0}
    orders = fc.store.get_orders_by_ids(order_ids) if order_ids else fc.store.iter_orders(window)
    for raw in orders:
        record = _as_record(fc, raw)
        status = raw.get("status")
        if isinstance(status, str) and not counts_as_sale(fc, status):
            plan["not_sales"] += 1  # judged before mapping, as the load step does
            continue
        try:
            order = map_order(fc, record)
        except MappingError as exc:
            plan["held_back"] += 1
            fc.log.warning("dry run: would quarantine %s", exc)
            continue
        reference = reference_for_order(fc.tenant.store.store_key, order.source_id)
        if fc.erp.find_by_external_ref("sales-orders", reference):
            plan["already_in_qad"] += 1
            continue
        missing = unknown_skus(order, items.known(order.skus))
        if missing:
            plan["held_back"] += 1
            fc.log.warning("dry run: would quarantine order %s: SKUs unknown to QAD: %s", order.source_id, missing)
            continue
        plan["would_create"] += 1
        fc.log.info("dry run: would create QAD sales order %s for order %s (%s lines, total %s %s): %s", reference,
                    order.source_id, len(order.lines), order.total, order.currency,
                    json.dumps({"lines": [{"sku": line.sku, "quantity": line.quantity} for line in order.lines]}))
    return plan
