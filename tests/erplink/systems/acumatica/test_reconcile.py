"""The Acumatica side of a reconciliation against the sandbox: each invoice and credit memo the load made is found
under its reference (`CustomerOrder`) with the amount, tax and shipping the store shows; the lists are read by
stamp ranges, never with `$skip`; a voided invoice is reported cancelled, a copy keyed by hand under the same
reference adds to what Acumatica holds, and a reference keyed in another case is still found."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.flows.context import FlowContext
from erplink.ledger import Ledger
from erplink.systems.acumatica.reconcile import DocumentsByReference, erp_documents
from erplink.systems.acumatica.values import wrap
from tests.erplink.systems.acumatica.sandbox_hook import hook_on, sandbox, value
from tests.erplink.systems.acumatica.target_world import TargetWorld
from tests.erplink.systems.acumatica.test_targets import SKUS, load_orders, load_refunds

SINCE = datetime(2026, 1, 1, tzinfo=UTC)
SHIPPING_ITEM = "SHIPPING"


@pytest.fixture
def world(tmp_path) -> Iterator[TargetWorld]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    world = TargetWorld(sandbox(), ledger)
    world.add_items(*SKUS, SHIPPING_ITEM)
    yield world
    ledger.dispose()


def _reading_context(world: TargetWorld) -> FlowContext:
    """A new task's context; the earlier tasks logged out (the licence has two seats)."""
    for hook in world.hooks:
        hook.close()
    return world.context()


def _erp_documents(world: TargetWorld) -> DocumentsByReference:
    return erp_documents(_reading_context(world), SINCE)


def _invoice_of(world: TargetWorld, reference: str) -> dict[str, Any]:
    [invoice] = [doc for doc in world.invoices() if value(doc, "CustomerOrder") == reference]
    return invoice


def test_each_invoice_and_credit_memo_is_found_under_its_reference_with_the_store_amounts(
    world, registered_order, refunds_of_1042
) -> None:
    world.put_order(registered_order)
    load_orders(world)
    for refund in refunds_of_1042.values():
        world.put_refund(registered_order, refund)
    load_refunds(world)

    found = _erp_documents(world)

    invoice = found["WC-shop-1042"]
    assert invoice.number == value(_invoice_of(world, "WC-shop-1042"), "ReferenceNbr") and not invoice.cancelled
    assert invoice.currency == registered_order["currency"]
    assert (invoice.amounts.total, invoice.amounts.tax, invoice.amounts.shipping) == (
        Decimal(registered_order["total"]),
        Decimal(registered_order["total_tax"]),
        Decimal(registered_order["shipping_total"]),
    )
    for refund_id, refund in refunds_of_1042.items():
        memo = found[f"WC-shop-1042-R{refund_id}"]
        assert memo.amounts.total == Decimal(refund["amount"]) and memo.number.startswith("CRM")
    assert len(found) == 1 + len(refunds_of_1042)


def test_the_documents_are_read_by_stamp_ranges_each_once_and_never_with_skip(world, registered_order) -> None:
    references = []
    for offset in range(5):
        order = copy.deepcopy(registered_order) | {"id": 2000 + offset, "number": str(2000 + offset)}
        world.put_order(order)
        references.append(f"WC-shop-{order['id']}")
    load_orders(world)
    fc = _reading_context(world)
    fc.erp.page_size = 2  # every answer of a wide range comes back full: the ranges must be split
    world.box.state.clear_request_log()

    found = erp_documents(fc, SINCE)

    assert sorted(found) == sorted(references)
    reads = [
        entry
        for entry in world.box.state.request_log()
        if entry["method"] == "GET" and entry["path"].endswith("/SalesInvoice")
    ]
    assert len(reads) > 2, "the full answers were not split"
    assert not [entry for entry in reads if "$skip" in entry["query"]]


def test_a_voided_invoice_is_reported_cancelled(world, registered_order) -> None:
    world.put_order(registered_order)
    load_orders(world)
    number = value(_invoice_of(world, "WC-shop-1042"), "ReferenceNbr")
    world.box.state.alter_document("SalesInvoice", ("Invoice", number), {"Status": {"value": "Voided"}})

    assert _erp_documents(world)["WC-shop-1042"].cancelled


def test_a_copy_keyed_under_the_same_reference_adds_to_what_acumatica_holds_and_is_named(
    world, registered_order
) -> None:
    world.put_order(registered_order)
    load_orders(world)
    original = _invoice_of(world, "WC-shop-1042")
    hook = hook_on(world.box)
    copy_keyed = hook.put_wrapped("SalesInvoice", {
        "Type": "Invoice", "CustomerID": value(original, "CustomerID"), "CustomerOrder": "WC-shop-1042",
        "Details": [{"InventoryID": SKUS[1], "Qty": 1, "UnitPrice": Decimal("10.00")}]})  # fmt: skip
    hook.close()

    document = _erp_documents(world)["WC-shop-1042"]

    assert document.amounts.total == Decimal(registered_order["total"]) + Decimal("10.00")
    assert set(document.number.split(", ")) == {value(original, "ReferenceNbr"), value(copy_keyed, "ReferenceNbr")}


def test_a_reference_keyed_in_another_case_is_still_found(world, registered_order) -> None:
    world.put_order(registered_order)
    load_orders(world)
    number = value(_invoice_of(world, "WC-shop-1042"), "ReferenceNbr")
    world.box.state.alter_document("SalesInvoice", ("Invoice", number), wrap({"CustomerOrder": "wc-SHOP-1042"}))

    found = _erp_documents(world)

    assert found.get("WC-shop-1042") is not None and found["WC-shop-1042"].number == number


def test_shipping_invoiced_as_a_line_is_read_from_the_lines_on_the_shipping_item(world, registered_order) -> None:
    line_mode = {"shipping": {"mode": "line", "line_item": SHIPPING_ITEM}}
    world.tenant = world.tenant.model_copy(update={"erp": world.tenant.erp.model_validate(
        world.tenant.erp.model_dump() | line_mode)})  # fmt: skip
    world.put_order(registered_order)
    load_orders(world)
    assert value(_invoice_of(world, "WC-shop-1042"), "FreightPrice") == 0

    invoice = _erp_documents(world)["WC-shop-1042"]

    assert invoice.amounts.shipping == Decimal(registered_order["shipping_total"])
    assert invoice.amounts.total == Decimal(registered_order["total"])
