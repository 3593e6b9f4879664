"""What every store side's orders dry run shares: each order planned and noted in the plan next to the facts a
person picks it by, its ERP document asked of the ERP side's planner (``dry_run_plan.ErpPlanner``) and the marker
the store's order would get. How a store reads its orders and judges them against the ledger is its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import ErpPlanner
from erplink.flows.order_markers import ORDER_MARKER
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.load.errors import MappingError, NotLoadable


@dataclass(frozen=True)
class StoreMarker:
    """Where a store keeps the ERP document's number on its order: ``key`` in ``place`` (for people)."""

    key: str
    place: str


@dataclass(frozen=True)
class OrderVerdict:
    """What the ERP side's planner made of an order: its ERP document's number (or placeholder), or why it is no
    sale (``skipped``), or that it would be held back; only a planned order has refunds and payments to plan."""

    planned: bool
    number: str | None = None
    skipped: str | None = None


def plan_noted(planner: ErpPlanner, facts: Mapping[str, Any], plan: Callable[[], str | None]) -> None:
    """Run ``plan`` for one order (it returns why the order is no sale, when it is not one), then note in the plan
    what would happen to the order, next to its ``facts``: ``id``, ``number``, ``date_created_gmt``, ``status``,
    ``customer``, ``total`` and ``currency``, as the erplink page lists them."""
    since = planner.plan.mark()
    skipped = plan()
    planner.plan.note_order(facts, since, skipped=skipped)


def hold_unusable_id(planner: ErpPlanner, raw_id: Any) -> None:
    planner.plan.hold(f"an order without a usable id ({raw_id!r})")


def plan_order_document(
    fc: FlowContext, planner: ErpPlanner, record: LedgerRecord, order_id: int, marker: StoreMarker
) -> OrderVerdict:
    """Hand the order's planning record to the ERP side, and plan the marker its ERP document's number needs."""
    try:
        number = planner.order(record)
    except NotLoadable as exc:
        planner.plan.not_sales += 1
        fc.log.info("dry run: would skip %s: %s", record.key, exc)
        return OrderVerdict(planned=False, skipped=str(exc))
    except MappingError as exc:
        planner.plan.hold(exc)
        return OrderVerdict(planned=False)
    if number is not None:
        _plan_marker(fc, planner, order_id, number, marker)
    return OrderVerdict(planned=True, number=number)


def _plan_marker(fc: FlowContext, planner: ErpPlanner, order_id: int, number: str, marker: StoreMarker) -> None:
    """The store's order gets the ERP document's number unless the ledger shows that very marker written."""
    written = fc.ledger.get(RecordKey(fc.tenant.name, fc.integration, ORDER_MARKER, str(order_id)))
    if written and written.status == Status.DONE and written.payload.get("erp_reference") == number:
        return
    planner.plan.write_back.append({"order_id": order_id, "key": marker.key, "value": number})
    planner.plan.would("write", marker.place, f"{order_id} {marker.key}", number)
