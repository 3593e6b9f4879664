"""Dry run of the orders flow: every document a real run would create or change, computed from reads only.

Nothing is written anywhere — not the ledger, not QAD, not the store. The window's orders (the trash included)
are judged against the ledger the way the extract judges them, then planned with the load targets' own vetting,
look-ups and body builders: QAD sales orders to create, update or cancel, QAD customers to create, credit memos
for the refunds QAD does not have yet, and the write-back markers the store would get. Each planned document is
logged with its body; the returned plan (the task's XCom) names them by reference.

A document that only exists once an earlier one is created (the customer of a new order, the sales order of a new
refund) is named by a placeholder such as ``<new sales order WC-shop-1042>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.qad_targets import CreditMemoTarget, CustomerDirectory, ItemCatalog, SalesOrderTarget
from erplink.flows.woo_extract import order_key, refund_key, stored_order_payload, unseen_refunds
from erplink.flows.woo_writeback import ORDER_MARKER
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.ledger.payloads import prepare_payload
from erplink.load.errors import MappingError, NotLoadable
from erplink.windows import Window

_EPOCH = datetime.fromtimestamp(0, timezone.utc)
# Rows the load step would pick up again even when the store did not change them.
_LOADABLE = (Status.PENDING, Status.FAILED, Status.IN_FLIGHT)


def _planning_record(key: RecordKey, payload: dict[str, Any], digest: str, row: LedgerRecord | None) -> LedgerRecord:
    """The ledger row the extract would leave: the new payload over what the ledger knows of the record."""
    return LedgerRecord(
        id=row.id if row else 0, key=key, status=Status.PENDING, attempts=row.attempts if row else 0,
        payload=payload, payload_hash=digest, source_modified=row.source_modified if row else None,
        target_ref=row.target_ref if row else None, target_id=row.target_id if row else None, last_error=None,
        last_http_status=None, run_id=None, claimed_by=None, lease_until=None,
        created_at=row.created_at if row else _EPOCH, updated_at=row.updated_at if row else _EPOCH,
        # The extract keeps aside what the target holds when it replaces the payload: the load compares with it.
        applied_payload=row.payload_at_target if row else None,
    )  # fmt: skip


def _has_work(row: LedgerRecord | None, digest: str) -> bool:
    return row is None or row.payload_hash != digest or Status(row.status) in _LOADABLE


class OrdersPlan:
    """What one dry run found, with the log line of every planned document."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self.orders_read = 0
        self.unchanged = 0
        self.not_sales = 0
        self.sales_orders: dict[str, list[str]] = {"create": [], "update": [], "cancel": [], "link": []}
        self.customers: dict[str, list[str]] = {"create": []}
        self.credit_memos: dict[str, list[str]] = {"create": [], "link": [], "waiting": []}
        self.write_back: list[dict[str, Any]] = []
        self.held_back: list[str] = []

    def would(self, action: str, kind: str, reference: str, body: Any = None) -> None:
        shown = "" if body is None else ": " + json.dumps(body, default=str, sort_keys=True)
        self._fc.log.info("dry run: would %s %s %s%s", action, kind, reference, shown)

    def hold(self, reason: Any) -> None:
        self.held_back.append(str(reason))
        self._fc.log.warning("dry run: would hold back %s", reason)

    def to_dict(self) -> dict[str, Any]:
        return {"dry_run": True, "orders_read": self.orders_read, "unchanged": self.unchanged,
                "not_sales": self.not_sales, "sales_orders": self.sales_orders, "customers": self.customers,
                "credit_memos": self.credit_memos, "write_back": self.write_back, "held_back": self.held_back}


class OrdersPlanner:
    """Plans the window's orders and their refunds with the load targets, calling nothing that writes."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self._customers = CustomerDirectory(fc)
        self._orders = SalesOrderTarget(fc, ItemCatalog(fc), self._customers)
        self._memos = CreditMemoTarget(fc)
        self._customer_codes: dict[str, str] = {}
        self.plan = OrdersPlan(fc)

    def order(self, raw: Mapping[str, Any]) -> None:
        fc, plan = self._fc, self.plan
        raw_id = raw.get("id")
        if isinstance(raw_id, bool) or not isinstance(raw_id, int) or raw_id < 1:
            plan.hold(f"an order without a usable id ({raw_id!r})")
            return
        plan.orders_read += 1
        key = order_key(fc, raw_id)
        stored, digest = prepare_payload(stored_order_payload(raw, fc.tenant.store.reference_meta_key))
        row = fc.ledger.get(key)
        if not _has_work(row, digest):
            plan.unchanged += 1
            self._refunds(raw, row.payload if row else stored, row.target_id if row else None)
            return
        # The stamp the ledger keeps beside the payload goes back in, for the mapping to read.
        record = _planning_record(key, {**stored, "date_modified_gmt": raw.get("date_modified_gmt")}, digest, row)
        try:
            number = self._sales_order(record)
        except NotLoadable as exc:
            plan.not_sales += 1
            fc.log.info("dry run: would skip %s: %s", key, exc)
            return
        except MappingError as exc:
            plan.hold(exc)
            return
        if number is not None:
            self._marker(raw_id, number)
        self._refunds(raw, stored, number)

    def _sales_order(self, record: LedgerRecord) -> str | None:
        """Plan the order's QAD sales order; the QAD order number (or its placeholder) it would then have."""
        plan, target = self.plan, self._orders
        reference = target.reference(record)
        if record.target_id:
            change = target.change(record, record.target_id)
            if change.action == "none":
                plan.unchanged += 1
                self._fc.log.info("dry run: QAD sales order %s (%s) needs nothing: %s", record.target_id, reference,
                                  change.reason)
                return record.target_id
            plan.sales_orders[change.action].append(reference)
            plan.would(change.action, "QAD sales order", f"{record.target_id} ({reference})", change.body)
            return record.target_id
        order = target.vet(record)
        found = target.find_record(record, reference)
        if found:
            plan.sales_orders["link"].append(reference)
            plan.would("link", "QAD sales order", f"{found} ({reference})")
            return found
        body = target.body(order, reference, self._customer_code(order))
        plan.sales_orders["create"].append(reference)
        plan.would("create", "QAD sales order", reference, body)
        return f"<new sales order {reference}>"

    def _customer_code(self, order: Any) -> str:
        reference, code = self._customers.existing(order)
        if reference in self._customer_codes:
            return self._customer_codes[reference]
        if code is None:
            self.plan.customers["create"].append(reference)
            self.plan.would("create", "QAD customer", reference, CustomerDirectory.new_customer(order, reference))
            code = f"<new customer {reference}>"
        self._customer_codes[reference] = code
        return code

    def _marker(self, order_id: int, number: str) -> None:
        """The store's order gets the QAD order number unless the ledger shows that very marker written."""
        fc = self._fc
        marker = fc.ledger.get(RecordKey(fc.tenant.name, fc.integration, ORDER_MARKER, str(order_id)))
        if marker and marker.status == Status.DONE and marker.payload.get("erp_reference") == number:
            return
        key = fc.tenant.store.reference_meta_key
        self.plan.write_back.append({"order_id": order_id, "key": key, "value": number})
        self.plan.would("write", "store order meta_data", f"{order_id} {key}", number)

    def _refunds(self, raw: Mapping[str, Any], order_payload: dict[str, Any], number: str | None) -> None:
        fc, plan = self._fc, self.plan
        order_id = int(raw["id"])
        # Nothing to plan when every refund is a credit memo already (or there are none).
        refunds = unseen_refunds(fc, raw, seen=lambda key: bool((row := fc.ledger.get(key)) and row.target_id))
        for refund in refunds or []:
            key = refund_key(fc, order_id, refund["id"])
            row = fc.ledger.get(key)
            if row is not None and row.target_id:
                continue
            payload, digest = prepare_payload({**refund, "_order": {"id": order_id, "currency": raw.get("currency")}})
            record = _planning_record(key, payload, digest, row)
            reference = self._memos.reference(record)
            if number is None:
                plan.credit_memos["waiting"].append(reference)
                fc.log.info("dry run: %s would wait for its order to reach QAD", reference)
                continue
            found = self._memos.find(reference)
            if found:
                plan.credit_memos["link"].append(reference)
                plan.would("link", "QAD credit memo", f"{found} ({reference})")
                continue
            try:
                body = self._memos.body(record, reference, order_payload, number)
            except MappingError as exc:
                plan.hold(exc)
                continue
            plan.credit_memos["create"].append(reference)
            plan.would("create", "QAD credit memo", reference, body)


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    planner = OrdersPlanner(fc)
    orders = fc.store.get_orders_by_ids(order_ids) if order_ids else fc.store.iter_orders_with_trash(window)
    for raw in orders:
        planner.order(raw)
    result = planner.plan.to_dict()
    fc.log.info("dry run for %s: %s", fc.tenant.name,
                {key: ({k: len(v) for k, v in value.items()} if isinstance(value, dict)
                       else len(value) if isinstance(value, list) else value) for key, value in result.items()})
    return result
