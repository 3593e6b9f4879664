"""What Acumatica should hold after Acumatica ↔ WooCommerce ran, checked document by document against the seeded
world (the rules are `expectations.expect`'s, the product's promise stated apart from erplink's mappings), and the
read-outs of the Acumatica sandbox the end-to-end tests share."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from tests.e2e import expectations
from tests.e2e.expectations import Expectation, expect, money
from tests.support.integration import Harness, shipped_tenant

TENANT = "demo_acumatica"
STORE_KEY = shipped_tenant(TENANT)["store"]["store_key"]
CHARGES_ITEM = shipped_tenant(TENANT)["erp"]["charges_item"]
RELEASED = ("Open", "Closed")
# Requests that change nothing in Acumatica: signing in and out, and the inquiry (read with a PUT).
NOT_WRITES = ("/identity/connect/token", "/entity/auth/logout", "/InventoryQuantityAvailable")


def value(record: dict[str, Any], field: str) -> Any:
    node = record.get(field)
    return node.get("value") if isinstance(node, dict) else None


def reference(qad_demo_reference: str) -> str:
    """The tenant's reference of a store document (`expectations` names them for the QAD demo's store key)."""
    return qad_demo_reference.replace(f"WC-{expectations.STORE_KEY}-", f"WC-{STORE_KEY}-", 1)


def order_reference(order_id: int) -> str:
    return f"WC-{STORE_KEY}-{order_id}"


def expectation(h: Harness) -> Expectation:
    """What Acumatica should hold for the seeded world: its sellable stock items are the world's ERP items."""
    seeded = [c["email"] for c in h.world.erp_customers]
    return expect(h.world, qad_items={item.item_number for item in h.world.erp_items}, seeded_customer_emails=seeded)


def documents_by_reference(h: Harness, document_type: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for document in h.acumatica.documents("SalesInvoice"):
        if value(document, "Type") == document_type:
            found[value(document, "CustomerOrder") or ""].append(document)
    return dict(found)


def duplicated(documents: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    return {ref: len(docs) for ref, docs in documents.items() if len(docs) != 1}


def writes(h: Harness) -> list[tuple[str, str, int]]:
    """Every request that may change Acumatica (creates, updates, actions), as (method, path, status)."""
    return [(entry["method"], entry["path"], entry["status"]) for entry in h.acumatica.request_log()
            if entry["method"] in ("PUT", "POST", "DELETE") and not entry["path"].endswith(NOT_WRITES)]


def _money(amount: Any) -> Decimal:
    return money(amount if amount is not None else 0)


def _goods(document: dict[str, Any]) -> list[tuple[str, Decimal, Decimal]]:
    return sorted((value(line, "InventoryID"), Decimal(str(value(line, "Qty"))), _money(value(line, "Amount")))
                  for line in document["Details"] if value(line, "InventoryID") != CHARGES_ITEM)


def _charges(document: dict[str, Any]) -> list[Decimal]:
    return sorted(_money(value(line, "Amount")) for line in document["Details"]
                  if value(line, "InventoryID") == CHARGES_ITEM)


def assert_every_paid_order_one_invoice_and_every_refund_one_credit_memo(h: Harness) -> None:
    want = expectation(h)
    invoices = documents_by_reference(h, "Invoice")
    memos = documents_by_reference(h, "Credit Memo")
    assert duplicated(invoices) == {} and duplicated(memos) == {}
    assert set(invoices) == {reference(ref) for ref in want.sales_orders}
    assert set(memos) == {reference(ref) for ref in want.credit_memos}
    customers = {value(c, "CustomerID"): c for c in h.acumatica.documents("Customer")}
    emails = [value(c, "Email").casefold() for c in customers.values() if value(c, "Email")]
    assert len(emails) == len(set(emails)), "a customer was created twice"
    number_of: dict[str, str] = {}
    for ref, order in want.sales_orders.items():
        [invoice] = invoices[reference(ref)]
        number_of[ref] = value(invoice, "ReferenceNbr")
        assert value(invoice, "Status") in RELEASED, ref
        assert _money(value(invoice, "Amount")) == order.total, ref
        assert _goods(invoice) == sorted((line.item_number, line.quantity, line.net) for line in order.lines), ref
        assert _money(value(invoice, "FreightPrice")) == sum((a for kind, a, _ in order.charges if kind == "FREIGHT"),
                                                              Decimal(0)), ref
        assert _charges(invoice) == sorted(a for kind, a, _ in order.charges if kind == "FEE"), ref
        tax = sum((line.tax for line in order.lines), Decimal(0)) + sum((t for _, _, t in order.charges), Decimal(0))
        assert _money(value(invoice, "TaxTotal")) == tax, ref
        customer = customers[value(invoice, "CustomerID")]
        assert value(customer, "Email").casefold() == order.email.casefold(), ref
    for ref, memo in want.credit_memos.items():
        [credit] = memos[reference(ref)]
        assert value(credit, "Status") in RELEASED, ref
        assert _money(value(credit, "Amount")) == memo.amount, ref
        assert _goods(credit) == sorted((item, quantity, amount) for item, quantity, amount, _ in memo.lines), ref
        originals = {value(line, "OrigInvNbr") for line in credit["Details"] if value(line, "OrigInvNbr")}
        assert originals <= {number_of[memo.order_reference]}, ref
        [invoice] = invoices[reference(memo.order_reference)]
        assert value(credit, "CustomerID") == value(invoice, "CustomerID"), ref
