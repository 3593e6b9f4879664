"""The Acumatica load targets against the sandbox: each store order one released AR invoice and each refund one
credit memo, found by its reference (`CustomerOrder`) before any create, the customer matched by email or its
stored reference before one is made; a change Acumatica cannot take is quarantined naming what changed."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from erplink.flows import steps
from erplink.flows.steps import run_protocol
from erplink.ledger import Ledger
from erplink.systems.acumatica.mappings.sales import customer_id_for
from erplink.systems.acumatica.targets import (
    WAITING_FOR_ORDER,
    CreditMemoTarget,
    CustomerDirectory,
    InvoiceTarget,
    ItemCatalog,
)
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from tests.erplink.systems.acumatica.sandbox_hook import hook_on, sandbox, value
from tests.erplink.systems.acumatica.target_world import TargetWorld

SKUS = ("HOODIE-BLUE-M", "SOCKS-3PK")


@pytest.fixture
def world(tmp_path) -> Iterator[TargetWorld]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    world = TargetWorld(sandbox(), ledger)
    world.add_items(*SKUS)
    yield world
    ledger.dispose()


def load_orders(world: TargetWorld, **tenant_changes: Any) -> dict[str, Any]:
    fc = world.context(**tenant_changes)
    documents = WooCommerceDocuments(fc)
    target = InvoiceTarget(fc, documents, ItemCatalog(fc), CustomerDirectory(fc))
    return {**run_protocol(fc, "order", target), "not_released": target.finish_releases()}


def load_refunds(world: TargetWorld) -> dict[str, Any]:
    fc = world.context()
    target = CreditMemoTarget(fc, WooCommerceDocuments(fc))
    return {**run_protocol(fc, "refund", target), "not_released": target.finish_releases()}


def test_an_order_becomes_one_released_invoice_for_a_new_customer(world, registered_order) -> None:
    world.put_order(registered_order)
    assert load_orders(world)["created"] == 1
    [invoice] = world.invoices()
    assert value(invoice, "CustomerOrder") == "WC-shop-1042" and value(invoice, "Status") == "Open"
    assert value(invoice, "Amount") == 114.60
    customer = world.box.state.document("Customer", value(invoice, "CustomerID"))
    assert value(customer, "AccountRef") == "WC-shop-C17" and value(customer, "Email") == "jane.smith@example.com"
    assert world.calls("PUT SalesInvoice") == 1


def test_a_ledger_that_lost_the_invoice_links_it_instead_of_creating_another(world, registered_order, tmp_path):
    world.put_order(registered_order)
    load_orders(world)
    customers = len(world.box.state.documents("Customer"))
    restored = Ledger(f"sqlite:///{tmp_path / 'restored.db'}")  # an old backup: the order is pending again
    restored.migrate()
    world.ledger = restored
    world.put_order(registered_order)

    result = load_orders(world)

    assert (result["created"], result["linked"]) == (0, 1)
    assert len(world.invoices()) == 1 and len(world.box.state.documents("Customer")) == customers
    restored.dispose()


def test_an_invoice_a_crashed_run_created_but_never_released_is_released_when_found(world, registered_order):
    world.put_order(registered_order)
    customer = value(world.box.state.documents("Customer")[0], "CustomerID")
    hook_on(world.box).put_wrapped("SalesInvoice", {"Type": "Invoice", "CustomerID": customer, "Hold": False,
                                                    "CustomerOrder": "WC-shop-1042",
                                                    "Details": [{"InventoryID": SKUS[0], "Qty": 1}]})
    assert load_orders(world)["linked"] == 1
    [invoice] = world.invoices()
    assert value(invoice, "Status") == "Open"


def test_a_customer_is_matched_by_email_whatever_its_case(world, registered_order) -> None:
    seeded = next(c for c in world.box.state.documents("Customer") if value(c, "Email") != value(c, "Email").lower())
    order = copy.deepcopy(registered_order)
    order["billing"]["email"] = value(seeded, "Email").lower()
    world.put_order(order)
    load_orders(world)
    [invoice] = world.invoices()
    assert value(invoice, "CustomerID") == value(seeded, "CustomerID")
    assert world.calls("PUT Customer") == 0


def test_a_customer_whose_create_answer_was_lost_is_found_by_its_derived_key(world, registered_order) -> None:
    """The create went through but its answer was lost, and someone changed its email since: neither look-up
    finds it, the insert-only create answers 412, and the invoice goes to that customer, not a second one."""
    key = customer_id_for("WC-shop-C17")
    hook_on(world.box).put_wrapped("Customer", {"CustomerID": key, "CustomerName": "Jane", "Email": "other@x.com"})
    customers = len(world.box.state.documents("Customer"))
    world.put_order(registered_order)
    load_orders(world)
    [invoice] = world.invoices()
    assert value(invoice, "CustomerID") == key and len(world.box.state.documents("Customer")) == customers


def test_customer_look_ups_are_cached_for_the_run(world, registered_order) -> None:
    for order_id in (1042, 1043, 1044):
        world.put_order({**copy.deepcopy(registered_order), "id": order_id, "number": str(order_id)})
    load_orders(world)
    assert len(world.invoices()) == 3
    # email, then reference: once for the customer, whatever the number of orders.
    assert (world.calls("GET Customer by filter"), world.calls("PUT Customer")) == (2, 1)


def test_an_order_naming_an_unknown_sku_is_quarantined_naming_it_and_nothing_is_written(world, registered_order):
    order = copy.deepcopy(registered_order)
    order["line_items"][1]["sku"] = "NOT-IN-ACUMATICA"
    key = world.put_order(order)
    assert load_orders(world)["quarantined"] == 1
    assert "NOT-IN-ACUMATICA" in world.ledger.get(key).last_error
    assert world.invoices() == [] and world.calls("PUT Customer") == 0


def test_a_refused_field_is_quarantined_naming_the_field(world, registered_order) -> None:
    key = world.put_order(registered_order)
    assert load_orders(world, customer_class="NOSUCH")["quarantined"] == 1
    assert "CustomerClass" in world.ledger.get(key).last_error and "NOSUCH" in world.ledger.get(key).last_error


def test_a_refund_is_one_credit_memo_against_the_invoice_found_with_one_look_up(
        world, registered_order, refunds_of_1042) -> None:
    world.put_order(registered_order)
    load_orders(world)
    for refund in refunds_of_1042.values():
        world.put_refund(registered_order, refund)
    before = world.calls("GET SalesInvoice by filter")

    assert load_refunds(world)["created"] == 2

    memos = {value(memo, "CustomerOrder"): memo for memo in world.invoices("Credit Memo")}
    assert set(memos) == {"WC-shop-1042-R77", "WC-shop-1042-R78"}
    assert value(memos["WC-shop-1042-R77"], "Amount") == 25.00 and value(memos["WC-shop-1042-R78"], "Amount") == 5.00
    invoice = world.invoices()[0]
    assert {value(memo, "CustomerID") for memo in memos.values()} == {value(invoice, "CustomerID")}
    # One look-up per refund finds both the credit memo (none yet) and the invoice's customer.
    assert world.calls("GET SalesInvoice by filter") - before == 2
    assert world.calls("GET SalesInvoice/{keys}") == 0


def test_a_refund_waits_for_its_order_and_goes_once_the_order_is_invoiced(
        world, registered_order, refunds_of_1042) -> None:
    key = world.put_refund(registered_order, refunds_of_1042[77])
    assert load_refunds(world)["skipped"] == 1
    assert WAITING_FOR_ORDER in world.ledger.get(key).last_error
    world.put_order(registered_order)
    load_orders(world)

    fc = world.context()
    documents = WooCommerceDocuments(fc)
    target = CreditMemoTarget(fc, documents)
    result = steps.load_refunds(fc, documents, target, entity="refund", waiting=WAITING_FOR_ORDER)
    target.finish_releases()

    assert (result["released_waiting"], result["created"]) == (1, 1)
    assert [value(memo, "CustomerOrder") for memo in world.invoices("Credit Memo")] == ["WC-shop-1042-R77"]


def _change(world: TargetWorld, registered_order: dict[str, Any], **changes: Any) -> Any:
    key = world.put_order(registered_order)
    load_orders(world)
    world.put_order({**copy.deepcopy(registered_order), **changes})
    load_orders(world)
    return world.ledger.get(key)


def test_a_status_change_alone_after_invoicing_sends_nothing(world, registered_order) -> None:
    record = _change(world, registered_order, status="completed")
    assert record.status.value == "done" and world.calls("PUT SalesInvoice") == 1


def test_a_changed_line_after_invoicing_is_quarantined_naming_what_changed(world, registered_order) -> None:
    lines = copy.deepcopy(registered_order["line_items"])
    lines[1]["quantity"] = 4
    record = _change(world, registered_order, line_items=lines)
    assert record.status.value == "quarantined" and "Details" in record.last_error
    assert world.calls("PUT SalesInvoice") == 1


def test_a_cancellation_after_invoicing_is_quarantined_for_a_person(world, registered_order) -> None:
    record = _change(world, registered_order, status="cancelled")
    assert record.status.value == "quarantined" and "cancelled" in record.last_error


def test_releases_are_started_as_documents_are_made_and_checked_once_the_load_is_done(
        world, registered_order) -> None:
    """No load thread waits for a release: it runs on the server meanwhile, and one check finds most done."""
    for order_id in (1042, 1043, 1044):
        world.put_order({**copy.deepcopy(registered_order), "id": order_id, "number": str(order_id)})
    fc = world.context()
    target = InvoiceTarget(fc, WooCommerceDocuments(fc), ItemCatalog(fc), CustomerDirectory(fc))
    run_protocol(fc, "order", target)
    assert world.calls("POST SalesInvoice/ReleaseSalesInvoice") == 3
    assert world.calls("GET SalesInvoice/ReleaseSalesInvoice/status") == 0

    assert target.finish_releases() == []
    assert {value(invoice, "Status") for invoice in world.invoices()} == {"Open"}


def test_a_release_acumatica_refuses_leaves_the_document_and_names_it(world, registered_order, caplog) -> None:
    key = world.put_order(registered_order)
    fc = world.context()
    target = InvoiceTarget(fc, WooCommerceDocuments(fc), ItemCatalog(fc), CustomerDirectory(fc))
    run_protocol(fc, "order", target)
    [invoice] = world.invoices()
    number = value(invoice, "ReferenceNbr")
    world.box.state.alter_document("SalesInvoice", ["Invoice", number], {"Status": {"value": "On Hold"}})  # a person

    assert target.finish_releases() == [number]
    assert f"{number} was created but not released" in caplog.text
    assert world.ledger.get(key).target_id == number  # the order is in Acumatica: it is not sent again
