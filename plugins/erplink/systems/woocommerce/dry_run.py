"""The WooCommerce side of an orders dry run: the run's orders and their refunds, judged against the ledger the way
the extract judges them, handed to the ERP side's planner (``erplink.flows.dry_run_plan.ErpPlanner``), and the
write-back markers the store would get. Reads only: nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import ErpPlanner, has_work, log_plan, planning_record
from erplink.ledger import RecordKey, Status
from erplink.ledger.payloads import prepare_payload
from erplink.load.errors import MappingError, NotLoadable
from erplink.systems.woocommerce.config import woocommerce_store
from erplink.systems.woocommerce.extract import order_key, refund_key, stored_order_payload, unseen_refunds
from erplink.systems.woocommerce.writeback import ORDER_MARKER
from erplink.windows import Window


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
    since = planner.plan.mark()
    skipped = _plan_order(fc, planner, raw)
    facts = {key: raw.get(key) for key in ("id", "number", "status", "date_created_gmt", "total", "currency")}
    billing = raw.get("billing")
    if isinstance(billing, Mapping):
        facts["customer"] = " ".join(str(billing.get(k) or "") for k in ("first_name", "last_name")).strip()
    planner.plan.note_order(facts, since, skipped=skipped)


def _plan_order(fc: FlowContext, planner: ErpPlanner, raw: Mapping[str, Any]) -> str | None:
    """Returns why the order is no sale, when it is not one."""
    plan = planner.plan
    raw_id = raw.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int) or raw_id < 1:
        plan.hold(f"an order without a usable id ({raw_id!r})")
        return None
    plan.orders_read += 1
    key = order_key(fc, raw_id)
    stored, digest = prepare_payload(stored_order_payload(raw, woocommerce_store(fc.tenant).reference_meta_key))
    row = fc.ledger.get(key)
    if not has_work(row, digest):
        plan.unchanged += 1
        _refunds(fc, planner, raw, row.payload if row else stored, row.target_id if row else None)
        return None
    # The stamp the ledger keeps beside the payload goes back in, for the mapping to read.
    record = planning_record(key, {**stored, "date_modified_gmt": raw.get("date_modified_gmt")}, digest, row)
    try:
        number = planner.order(record)
    except NotLoadable as exc:
        plan.not_sales += 1
        fc.log.info("dry run: would skip %s: %s", key, exc)
        return str(exc)
    except MappingError as exc:
        plan.hold(exc)
        return None
    if number is not None:
        _marker(fc, planner, raw_id, number)
    _refunds(fc, planner, raw, stored, number)
    return None


def _marker(fc: FlowContext, planner: ErpPlanner, order_id: int, number: str) -> None:
    """The store's order gets the ERP document's number unless the ledger shows that very marker written."""
    marker = fc.ledger.get(RecordKey(fc.tenant.name, fc.integration, ORDER_MARKER, str(order_id)))
    if marker and marker.status == Status.DONE and marker.payload.get("erp_reference") == number:
        return
    key = woocommerce_store(fc.tenant).reference_meta_key
    planner.plan.write_back.append({"order_id": order_id, "key": key, "value": number})
    planner.plan.would("write", "store order meta_data", f"{order_id} {key}", number)


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
