"""The WooCommerce side of an orders dry run: the run's orders and their refunds, judged against the ledger the way
the extract judges them, handed to the ERP side's planner (``erplink.flows.dry_run_plan.ErpPlanner``), and the
write-back markers the store would get. Reads only: nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import ErpPlanner, has_work, log_plan, planning_record
from erplink.flows.dry_run_store import StoreMarker, hold_unusable_id, plan_noted, plan_order_document
from erplink.ledger.payloads import prepare_payload
from erplink.systems.woocommerce.config import woocommerce_store
from erplink.systems.woocommerce.extract import order_key, refund_key, stored_order_payload, unseen_refunds
from erplink.windows import Window

MARKER_PLACE = "store order meta_data"


def plan_orders(
    fc: FlowContext, window: Window | None, planner: ErpPlanner, *, order_ids: Iterable[int] | None = None
) -> dict[str, Any]:
    """Read the window's orders, the trash included (or those named), and return what a real run would send where."""
    orders = fc.store.get_orders_by_ids(order_ids) if order_ids else fc.store.iter_orders_with_trash(window)
    for raw in orders:
        _order(fc, planner, raw)
    result = planner.plan.to_dict()
    log_plan(fc, result)
    return result


def _order(fc: FlowContext, planner: ErpPlanner, raw: Mapping[str, Any]) -> None:
    """Plan one order, then note in the plan what would happen to it, next to the facts a person picks it by."""
    facts = {key: raw.get(key) for key in ("id", "number", "status", "date_created_gmt", "total", "currency")}
    billing = raw.get("billing")
    if isinstance(billing, Mapping):
        facts["customer"] = " ".join(str(billing.get(k) or "") for k in ("first_name", "last_name")).strip()
    plan_noted(planner, facts, lambda: _plan_order(fc, planner, raw))


def _plan_order(fc: FlowContext, planner: ErpPlanner, raw: Mapping[str, Any]) -> str | None:
    """Returns why the order is no sale, when it is not one."""
    plan = planner.plan
    raw_id = raw.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int) or raw_id < 1:
        hold_unusable_id(planner, raw_id)
        return None
    plan.orders_read += 1
    key = order_key(fc, raw_id)
    meta_key = woocommerce_store(fc.tenant).reference_meta_key
    stored, digest = prepare_payload(stored_order_payload(raw, meta_key))
    row = fc.ledger.get(key)
    if not has_work(row, digest):
        plan.unchanged += 1
        _refunds(fc, planner, raw, row.payload if row else stored, row.target_id if row else None)
        return None
    # The stamp the ledger keeps beside the payload goes back in, for the mapping to read.
    record = planning_record(key, {**stored, "date_modified_gmt": raw.get("date_modified_gmt")}, digest, row)
    verdict = plan_order_document(fc, planner, record, raw_id, StoreMarker(meta_key, MARKER_PLACE))
    if verdict.planned:
        _refunds(fc, planner, raw, stored, verdict.number)
    return verdict.skipped


def _refunds(
    fc: FlowContext, planner: ErpPlanner, raw: Mapping[str, Any], order_payload: dict[str, Any], number: str | None
) -> None:
    order_id = int(raw["id"])
    # Nothing to plan when every refund is in the ERP already (or there are none).
    refunds = unseen_refunds(fc, raw, seen=lambda key: bool((row := fc.ledger.get(key)) and row.target_id))
    for refund in refunds or []:
        key = refund_key(fc, order_id, refund["id"])
        row = fc.ledger.get(key)
        if row is not None and row.target_id:
            continue
        payload, digest = prepare_payload({**refund, "_order": {"id": order_id, "currency": raw.get("currency")}})
        planner.refund(planning_record(key, payload, digest, row), order_payload, number)
