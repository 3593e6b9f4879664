"""The planning every ERP side shares (``DocumentPlanner``): an order the ERP has is judged for a change, a new one is
linked or created after its customer (planned once per customer), and a refund waits, is linked, created or held
back; the ERP side only names itself and answers the look-ups."""

from __future__ import annotations

import logging
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from erplink.flows.dry_run_plan import DocumentPlanner, is_placeholder, planning_record
from erplink.ledger import LedgerRecord, RecordKey
from erplink.load.errors import MappingError, NothingToUpdate

DOCUMENTS = {
    "orders": ("create", "update", "link"),
    "customers": ("create",),
    "credit_memos": ("create", "link", "waiting"),
}


def _record(entity: str, source_id: str, target_id: str | None = None) -> LedgerRecord:
    record = planning_record(RecordKey("demo", "erp_store", entity, source_id), {"id": source_id}, "h", None)
    return replace(record, target_id=target_id)


class _Orders:
    def reference(self, record: LedgerRecord, /) -> str:
        return f"REF-{record.key.source_id}"

    def vet(self, record: LedgerRecord, /) -> dict[str, Any]:
        if record.key.source_id == "bad":
            raise MappingError(record.key, "cannot be mapped")
        return {"customer": "ann@example.com"}

    def body(self, order: Any, reference: str, customer: str, /) -> dict[str, Any]:
        return {"ref": reference, "customer": customer}


class _Customers:
    def __init__(self, known: dict[str, str]) -> None:
        self.known = known

    def existing(self, order: Any, /) -> tuple[str, str | None]:
        return order["customer"], self.known.get(order["customer"])

    def new_customer(self, order: Any, reference: str, /) -> dict[str, Any]:
        return {"email": reference}


class _Refunds:
    def reference(self, record: LedgerRecord, /) -> str:
        return f"RF-{record.key.source_id}"

    def find(self, reference: str, /) -> str | None:
        return "CM-9" if reference == "RF-1-1" else None


class _ExampleErp(DocumentPlanner):
    erp, order_kind, order_document = "Example", "orders", "order"

    def __init__(self, *, in_erp: dict[str, str], customers: dict[str, str], changes: dict[str, Any]) -> None:
        fc: Any = SimpleNamespace(log=logging.getLogger("test.document_planner"))
        super().__init__(fc, DOCUMENTS, orders=_Orders(), customers=_Customers(customers), refunds=_Refunds())
        self.in_erp, self.changes = in_erp, changes

    def find_order(self, record: LedgerRecord, reference: str) -> str | None:
        return self.in_erp.get(reference)

    def change(self, record: LedgerRecord, number: str) -> tuple[str, Any] | None:
        change = self.changes.get(number)
        if change is None:
            raise NothingToUpdate(f"{number} holds this version")
        return change  # type: ignore[no-any-return]

    def refund_body(self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], number: str) -> Any:
        if record.key.source_id == "2-1":
            raise MappingError(record.key, "refund line names no order line")
        return {"ref": reference, "against": number}


def _planner(**overrides: Any) -> _ExampleErp:
    return _ExampleErp(**{"in_erp": {}, "customers": {}, "changes": {}, **overrides})


def test_new_orders_of_one_new_customer_plan_the_customer_once_and_create_each_order() -> None:
    planner = _planner()

    first, second = planner.order(_record("order", "1")), planner.order(_record("order", "2"))

    assert (first, second) == ("<new order REF-1>", "<new order REF-2>")
    assert is_placeholder(first)
    assert planner.plan.documents["customers"]["create"] == ["ann@example.com"]
    assert planner.plan.documents["orders"]["create"] == ["REF-1", "REF-2"]


def test_an_order_the_erp_holds_under_its_reference_is_linked_not_created() -> None:
    planner = _planner(in_erp={"REF-1": "SO-7"}, customers={"ann@example.com": "C-1"})

    assert planner.order(_record("order", "1")) == "SO-7"
    assert planner.plan.documents["orders"] == {"create": [], "update": [], "link": ["REF-1"]}
    assert planner.plan.documents["customers"]["create"] == []


def test_an_order_already_in_the_erp_plans_its_change_or_counts_as_unchanged() -> None:
    planner = _planner(changes={"SO-1": ("update", {"total": "2.00"})})

    assert planner.order(_record("order", "1", target_id="SO-1")) == "SO-1"
    assert planner.order(_record("order", "2", target_id="SO-2")) == "SO-2"

    assert planner.plan.documents["orders"]["update"] == ["REF-1"]
    assert planner.plan.unchanged == 1


def test_an_order_that_cannot_be_vetted_raises_for_the_store_side_to_hold_back() -> None:
    with pytest.raises(MappingError, match="cannot be mapped"):
        _planner().order(_record("order", "bad"))


def test_a_refund_waits_for_its_order_is_linked_created_or_held_back() -> None:
    planner = _planner()

    planner.refund(_record("refund", "3-1"), {}, None)
    planner.refund(_record("refund", "1-1"), {}, "SO-1")
    planner.refund(_record("refund", "1-2"), {}, "<new order REF-1>")
    planner.refund(_record("refund", "2-1"), {}, "SO-2")

    assert planner.plan.documents["credit_memos"] == {"create": ["RF-1-2"], "link": ["RF-1-1"], "waiting": ["RF-3-1"]}
    [held_back] = planner.plan.held_back
    assert "refund line names no order line" in held_back
