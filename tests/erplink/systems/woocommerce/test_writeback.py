"""SalesOrderTarget.find_record: a store order whose write-back marker names a QAD order is linked to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.qad.targets import SalesOrderTarget
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.extract import stored_order_payload
from erplink.http.errors import NotFoundError
from erplink.ledger import AttemptContext, Ledger, RecordKey
from erplink.load.errors import MappingError
from tests.erplink.conftest import load_fixture

ORDER = load_fixture("woo_order_guest.json")
REFERENCE = f"WC-demo-{ORDER['id']}"


class Erp:
    """QAD's sales orders by number, and the look-up by external reference, counting both."""

    def __init__(self, orders: list[dict[str, Any]]) -> None:
        self.orders = {o["orderNumber"]: o for o in orders}
        self.calls: list[str] = []

    def get(self, entity: str, key: str) -> dict[str, Any]:
        self.calls.append(f"get {key}")
        if key not in self.orders:
            raise NotFoundError(system="qad", method="GET", url=f"sales-orders/{key}", status=404)
        return self.orders[key]

    def find_by_external_ref(self, entity: str, external_ref: str) -> dict[str, Any] | None:
        self.calls.append(f"find {external_ref}")
        return next((o for o in self.orders.values() if o.get("externalRef") == external_ref), None)


def _target_and_record(tmp_path: Path, erp: Erp, marker: Any):
    tenant = load_tenants().get("demo")
    order = dict(ORDER)
    if marker is not None:
        order["meta_data"] = [{"id": 9, "key": tenant.store.reference_meta_key, "value": marker}]
    order = stored_order_payload(order, tenant.store.reference_meta_key)  # as the extract stores it
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    key = RecordKey("demo", "qad_woocommerce", "order", str(ORDER["id"]))
    ledger.upsert_source(key, payload=order, source_modified=None, run_id="extract")
    fc = FlowContext(tenant=tenant, ledger=ledger, attempt=AttemptContext(worker="test"), erp_hook=erp)  # type: ignore[arg-type]
    return SalesOrderTarget(fc, WooCommerceDocuments(fc)), ledger.get(key)


def test_an_order_keyed_by_hand_and_marked_is_linked_to_that_qad_order(tmp_path: Path) -> None:
    erp = Erp([{"orderNumber": "SO-HAND-7", "externalRef": None}])
    target, record = _target_and_record(tmp_path, erp, marker="SO-HAND-7")
    assert target.find_record(record, REFERENCE) == "SO-HAND-7"
    assert erp.calls == ["get SO-HAND-7"]  # no look-up by reference needed


def test_a_marker_naming_an_order_qad_does_not_have_is_ignored_and_the_reference_decides(tmp_path: Path) -> None:
    erp = Erp([])
    target, record = _target_and_record(tmp_path, erp, marker="SO-GONE")
    assert target.find_record(record, REFERENCE) is None
    assert erp.calls == ["get SO-GONE", f"find {REFERENCE}"]


def test_a_marker_naming_another_store_orders_qad_order_is_a_conflict_for_a_person(tmp_path: Path) -> None:
    erp = Erp([{"orderNumber": "SO-1", "externalRef": "WC-demo-1"}])
    target, record = _target_and_record(tmp_path, erp, marker="SO-1")
    with pytest.raises(MappingError) as refused:
        target.find_record(record, REFERENCE)
    assert "SO-1" in refused.value.reason and "WC-demo-1" in refused.value.reason


def test_an_unmarked_order_is_looked_up_by_its_reference_only(tmp_path: Path) -> None:
    erp = Erp([{"orderNumber": "SO-5", "externalRef": REFERENCE}])
    target, record = _target_and_record(tmp_path, erp, marker=None)
    assert target.find_record(record, REFERENCE) == "SO-5"
    assert erp.calls == [f"find {REFERENCE}"]


@pytest.mark.parametrize("value", [123, "  ", {"so": "SO-1"}])
def test_an_unreadable_marker_is_ignored_and_the_reference_decides(tmp_path: Path, value: Any) -> None:
    erp = Erp([{"orderNumber": "SO-5", "externalRef": REFERENCE}])
    target, record = _target_and_record(tmp_path, erp, marker=value)
    assert target.find_record(record, REFERENCE) == "SO-5"
    assert erp.calls == [f"find {REFERENCE}"]
