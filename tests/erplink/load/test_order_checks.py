"""What every ERP side's targets judge alike: an order that is no sale is skipped before it is mapped, one naming SKUs
the ERP cannot sell is held back whole with the ERP's words, a refund waits until its order is in the ERP, and an
already-posted order is compared with the version the ERP received."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from erplink.flows.dry_run_plan import planning_record
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.load.errors import MappingError, NotLoadable
from erplink.load.order_checks import WAITING_FOR_ORDER, posted_order, received_order, vet_sale


class _Documents:
    always_sold_statuses = ("completed",)
    cancelled_statuses = ("cancelled",)

    def __init__(self) -> None:
        self.mapped: list[dict[str, Any]] = []

    def order_status(self, record: LedgerRecord) -> str | None:
        status: str | None = record.payload.get("status")
        return status

    def order(self, record: LedgerRecord) -> Any:
        self.mapped.append(record.payload)
        return SimpleNamespace(skus=record.payload.get("skus", []), status=record.payload.get("status"))

    def refund_order_id(self, record: LedgerRecord) -> int:
        return int(record.key.source_id.split("-")[0])

    def order_key(self, order_id: int) -> RecordKey:
        return RecordKey("demo", "erp_store", "order", str(order_id))


def _record(entity: str, source_id: str, payload: dict[str, Any]) -> LedgerRecord:
    return planning_record(RecordKey("demo", "erp_store", entity, source_id), payload, "h", None)


def _fc(rows: dict[RecordKey, LedgerRecord] | None = None) -> Any:
    return SimpleNamespace(
        tenant=SimpleNamespace(orders=SimpleNamespace(sale_statuses=("processing",))),
        ledger=SimpleNamespace(get=(rows or {}).get),
    )


def _vet(documents: _Documents, record: LedgerRecord) -> Any:
    return vet_sale(
        _fc(),
        documents,  # type: ignore[arg-type]
        record,
        unknown_skus=lambda order: [sku for sku in order.skus if sku.startswith("X")],
        unknown="SKUs the ERP lacks",
        fix="add the items",
    )


def test_an_order_that_is_no_sale_is_skipped_before_it_is_mapped() -> None:
    documents = _Documents()
    with pytest.raises(NotLoadable, match=r"status 'on-hold' is not a sale for this tenant \(processing\)"):
        _vet(documents, _record("order", "1", {"status": "on-hold"}))
    assert documents.mapped == []


def test_a_sale_or_a_status_the_store_always_sells_is_mapped() -> None:
    for status in ("processing", "completed"):
        assert _vet(_Documents(), _record("order", "1", {"status": status, "skus": ["A-1"]})).skus == ["A-1"]


def test_an_order_naming_skus_the_erp_cannot_sell_is_held_back_in_the_erps_words() -> None:
    with pytest.raises(MappingError) as raised:
        _vet(_Documents(), _record("order", "1", {"status": "processing", "skus": ["A-1", "X-1", "X-2"]}))
    assert raised.value.reason == (
        "SKUs the ERP lacks: X-1, X-2 (whole order held back; add the items, then replay the order)"
    )


def test_a_refund_waits_until_its_order_is_in_the_erp() -> None:
    documents, refund = _Documents(), _record("refund", "7-1", {})
    order = replace(_record("order", "7", {}), status=Status.QUARANTINED)
    with pytest.raises(NotLoadable) as raised:
        posted_order(_fc({order.key: order}), documents, refund, erp="Example")  # type: ignore[arg-type]
    assert raised.value.reason == f"{WAITING_FOR_ORDER} 7 to reach Example (the order is quarantined)"

    posted = replace(order, status=Status.DONE, target_id="SO-7")
    assert posted_order(_fc({order.key: posted}), documents, refund, erp="Example") == posted  # type: ignore[arg-type]


def test_the_received_version_is_the_one_the_ledger_kept_for_the_erp() -> None:
    documents = _Documents()
    posted = replace(_record("order", "7", {"status": "completed"}), target_id="SO-7", applied_payload={"status": "x"})

    assert received_order(documents, posted).status == "x"  # type: ignore[arg-type, union-attr]
    assert received_order(documents, replace(posted, target_id=None)) is None  # type: ignore[arg-type]
