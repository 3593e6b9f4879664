"""A store change of an order already in QAD, loaded through the load protocol: only what QAD holds is sent, and
a change QAD no longer takes is held for a person with the fields, old and new, named."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.integrations.qad_woocommerce.flows import load_orders
from erplink.systems.woocommerce.extract import order_key, stored_order_payload
from erplink.http.errors import PermanentApiError
from erplink.ledger import AttemptContext, Ledger, LedgerRecord
from tests.erplink.conftest import load_fixture

ORDER = load_fixture("woo_order_registered.json")
POSTED = datetime(2026, 1, 5, 10, 5, tzinfo=timezone.utc)


class Qad:
    """QAD's sales order SO-1 in a given status: it takes a change or a cancellation only while OPEN."""

    def __init__(self, status: str) -> None:
        self.status = status
        self.calls: list[tuple[str, Any]] = []

    def items_by_numbers(self, numbers: Any) -> dict[str, dict[str, Any]]:
        return {number: {"itemNumber": number, "status": "ACTIVE"} for number in numbers}

    def update(self, entity: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(("PATCH", body))
        self._only_while_open("PATCH", key)
        return {"orderNumber": key}

    def cancel_sales_order(self, key: str) -> dict[str, Any]:
        self.calls.append(("cancel", key))
        self._only_while_open("POST", key)
        self.status = "CANCELLED"
        return {"orderNumber": key}

    def _only_while_open(self, method: str, key: str) -> None:
        if self.status != "OPEN":
            raise PermanentApiError(system="qad", method=method, url=f"sales-orders/{key}", status=409,
                                    code="ORDER_NOT_OPEN",
                                    vendor_message=f"sales order {key} is {self.status}, not OPEN")


class Shop:
    """One store order, posted to QAD as SO-1 by an earlier run, that the store now changes."""

    def __init__(self, tmp_path: Path, qad_status: str) -> None:
        self.tenant = load_tenants().get("demo")
        self.ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
        self.ledger.migrate()
        self.qad = Qad(qad_status)
        self.fc = FlowContext(tenant=self.tenant, ledger=self.ledger, erp_hook=self.qad,  # type: ignore[arg-type]
                              attempt=AttemptContext(run_id="run", task_id="load_orders", worker="load_orders"))
        self.order = copy.deepcopy(ORDER)
        self.key = order_key(self.fc, self.order["id"])
        self._store()
        [claimed] = self.ledger.claim(*self.key[:3], limit=1, worker="load_orders")
        self.ledger.mark_in_flight(self.key, target_ref="WC-demo-1042", ctx=self.fc.attempt)
        self.ledger.mark_done(self.key, target_id="SO-1", target_ref="WC-demo-1042", ctx=self.fc.attempt,
                              action="created", payload_hash=claimed.payload_hash, applied_payload=claimed.payload)

    def change(self, edit) -> None:
        edit(self.order)
        self._store()

    def load(self) -> dict[str, Any]:
        return load_orders(self.fc)

    def record(self) -> LedgerRecord:
        record = self.ledger.get(self.key)
        assert record is not None
        return record

    def _store(self) -> None:
        payload = stored_order_payload(self.order, self.tenant.store.reference_meta_key)  # as the extract stores it
        self.ledger.upsert_source(self.key, payload=payload, source_modified=POSTED, run_id="extract")


@pytest.fixture
def shop(tmp_path: Path):
    """Makes the test's one shop, its QAD order in the status given."""
    made: list[Shop] = []

    def make(qad_status: str) -> Shop:
        made.append(Shop(tmp_path, qad_status))
        return made[0]

    yield make
    for each in made:
        each.ledger.dispose()


def _more_socks(order: dict[str, Any]) -> None:
    order["line_items"][1].update(quantity=4, subtotal="13.33", total="13.33", total_tax="1.07")


def _refund(order: dict[str, Any]) -> None:
    order["refunds"] = [{"id": 90, "reason": "", "total": "-5.00"}, *order["refunds"]]


@pytest.mark.parametrize("edit", [
    pytest.param(lambda order: order.update(status="completed"), id="completed"),
    pytest.param(lambda order: order.update(status="on-hold"), id="on-hold"),
    pytest.param(_refund, id="refunded"),
    pytest.param(lambda order: order.update(status="refunded", refunds=[{"id": 91, "total": "-114.60"}]),
                 id="refunded in full"),
])
def test_a_status_change_or_a_refund_of_an_order_qad_shipped_sends_nothing_and_leaves_it_done(shop, edit) -> None:
    posted = shop("SHIPPED")
    posted.change(edit)
    result = posted.load()
    assert posted.qad.calls == []
    assert (result["unchanged"], result["quarantined"]) == (1, 0)
    record = posted.record()
    assert (record.status, record.target_id, record.last_error) == ("done", "SO-1", None)
    assert record.applied_payload is None, "what QAD holds is now the stored order"


def test_a_quantity_change_of_an_order_qad_shipped_is_held_for_a_person_naming_the_field_and_both_values(shop) -> None:
    posted = shop("SHIPPED")
    posted.change(_more_socks)
    assert posted.load()["quarantined"] == 1
    record = posted.record()
    assert record.status == "quarantined"
    assert "line item 202 (SOCKS-3PK) quantity: '3' → '4'" in record.last_error, record.last_error
    assert "SO-1" in record.last_error and "SHIPPED" in record.last_error
    assert "status" not in record.last_error, "the status did not change"

    # A later status change does not hide the change QAD never received.
    posted.change(lambda order: order.update(status="completed"))
    posted.load()
    assert "quantity: '3' → '4'" in posted.record().last_error


def test_a_quantity_change_of_an_open_order_is_sent_and_later_status_changes_send_nothing(shop) -> None:
    posted = shop("OPEN")
    posted.change(_more_socks)
    assert posted.load()["updated"] == 1
    [(call, body)] = posted.qad.calls
    assert call == "PATCH" and [line["quantity"] for line in body["lines"]] == ["2", "4"]

    posted.change(lambda order: order.update(status="completed"))
    assert posted.load()["unchanged"] == 1
    assert len(posted.qad.calls) == 1 and posted.record().status == "done"


def test_a_note_for_an_order_qad_shipped_is_sent_and_left_done_when_refused(shop) -> None:
    posted = shop("SHIPPED")
    posted.change(lambda order: order.update(customer_note="Ring twice"))
    assert posted.load()["unchanged"] == 1
    assert [call for call, _ in posted.qad.calls] == ["PATCH"]
    assert posted.record().status == "done"


def test_a_cancellation_qad_refuses_names_the_status_change(shop) -> None:
    posted = shop("SHIPPED")
    posted.change(lambda order: order.update(status="cancelled"))
    posted.load()
    record = posted.record()
    assert record.status == "quarantined"
    assert "status: 'processing' → 'cancelled'" in record.last_error and "SHIPPED" in record.last_error


def test_an_order_cancelled_in_qad_and_reinstated_in_the_store_is_held_for_a_person(shop) -> None:
    posted = shop("OPEN")
    posted.change(lambda order: order.update(status="cancelled"))
    posted.load()
    assert posted.qad.status == "CANCELLED" and posted.record().status == "done"

    posted.change(lambda order: order.update(status="trash"))
    assert posted.load()["unchanged"] == 1, "already cancelled: nothing to send"

    posted.change(lambda order: order.update(status="processing"))
    posted.load()
    record = posted.record()
    assert record.status == "quarantined" and "status: 'trash' → 'processing'" in record.last_error
    assert [call for call, _ in posted.qad.calls] == ["cancel"]
