"""PUT as the endpoint runs it: wrapped values only, the contract's field names only, an upsert by key with
`If-None-Match: *` / `If-Match: *`, detail lines merged by `id`, auto-numbered documents."""

from __future__ import annotations

import requests
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import (
    FakeClock,
    entity_url,
    first_customer,
    first_item,
    new_invoice,
    value,
    wrapped,
)


def test_an_unwrapped_scalar_is_refused_whole_with_the_model_state_naming_it(api: requests.Session) -> None:
    response = api.put(entity_url("Customer"), json={"CustomerID": "WC1", "CustomerName": {"value": "Shopper"},
                                                     "MainContact": {"Email": "a@example.com"}})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The request is invalid."
    assert set(body["modelState"]) == {"entity.CustomerID", "entity.MainContact.Email"}
    assert "StringValue" in body["modelState"]["entity.CustomerID"][0]
    assert api.get(entity_url("Customer/WC1")).status_code == 500, "nothing was saved"


def test_a_value_of_the_wrong_type_is_refused_with_400(api: requests.Session) -> None:
    response = api.put(entity_url("StockItem"), json=wrapped(InventoryID="NEW-1", DefaultPrice="cheap"))
    assert response.status_code == 400
    assert list(response.json()["modelState"]) == ["entity.DefaultPrice.value"]


def test_an_unknown_or_invalid_field_answers_422_with_the_entity_and_each_fields_error(api: requests.Session,
                                                                                       acumatica: Sandbox) -> None:
    body = wrapped(CustomerID="WC2", CustomerName="Shopper", CustomerClass="NOPE", Nickname="Bob")
    response = api.put(entity_url("Customer"), json=body)
    assert response.status_code == 422
    refused = response.json()
    assert refused["error"].startswith("Inserting 'Customer' record raised at least one error")
    assert refused["CustomerClass"] == {"value": "NOPE",
                                        "error": "Customer Class 'NOPE' cannot be found in the system."}
    assert refused["Nickname"]["error"] == "The field is not defined in the contract of the endpoint."
    assert "error" not in refused["CustomerName"]
    assert all(value(c, "CustomerID") != "WC2" for c in acumatica.state.documents("Customer"))


def test_a_detail_lines_problem_is_reported_on_that_line(api: requests.Session, acumatica: Sandbox) -> None:
    body = {**wrapped(CustomerID=first_customer(acumatica)),
            "Details": [wrapped(InventoryID=first_item(acumatica), Qty=1), wrapped(InventoryID="NO-SUCH-SKU", Qty=1)]}
    response = api.put(entity_url("SalesInvoice"), json=body)
    assert response.status_code == 422
    good, bad = response.json()["Details"]
    assert "error" not in good["InventoryID"]
    assert bad["InventoryID"]["error"] == "Inventory ID 'NO-SUCH-SKU' cannot be found in the system."
    assert value(response.json(), "ReferenceNbr") == "<NEW>"


def test_put_is_an_upsert_matched_by_key_whatever_its_case(api: requests.Session, acumatica: Sandbox,
                                                          clock: FakeClock) -> None:
    created = api.put(entity_url("Customer"), json=wrapped(CustomerID="WC3", CustomerName="First"))
    clock.advance(5)
    updated = api.put(entity_url("Customer"), json=wrapped(CustomerID="wc3 ", CustomerName="Second"))
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert value(updated.json(), "CustomerName") == "Second"
    assert value(updated.json(), "LastModifiedDateTime") != value(created.json(), "LastModifiedDateTime")
    assert sum(value(c, "CustomerID") == "WC3" for c in acumatica.state.documents("Customer")) == 1


def test_a_save_that_changes_nothing_keeps_the_stamp(api: requests.Session, clock: FakeClock) -> None:
    created = api.put(entity_url("Customer"), json=wrapped(CustomerID="WC4", CustomerName="Same"))
    clock.advance(60)
    again = api.put(entity_url("Customer"), json=wrapped(CustomerID="WC4", CustomerName="Same"))
    assert value(again.json(), "LastModifiedDateTime") == value(created.json(), "LastModifiedDateTime")


def test_if_none_match_star_inserts_only_and_if_match_star_updates_only(api: requests.Session,
                                                                       acumatica: Sandbox) -> None:
    existing = first_customer(acumatica)
    insert_taken = api.put(entity_url("Customer"), json=wrapped(CustomerID=existing, CustomerName="X"),
                           headers={"If-None-Match": "*"})
    assert insert_taken.status_code == 412
    update_missing = api.put(entity_url("Customer"), json=wrapped(CustomerID="WC5", CustomerName="X"),
                             headers={"If-Match": "*"})
    assert update_missing.status_code == 412
    assert api.put(entity_url("Customer"), json=wrapped(CustomerID="WC5", CustomerName="X"),
                   headers={"If-None-Match": "*"}).status_code == 200
    assert api.put(entity_url("Customer"), json=wrapped(CustomerID="WC5", CustomerName="Y"),
                   headers={"If-Match": "*"}).status_code == 200


def test_an_invoice_number_the_client_chooses_is_not_kept(api: requests.Session, acumatica: Sandbox) -> None:
    """Auto-numbering: a `ReferenceNbr` naming no document gets the next number, so sending one's own reference
    there twice makes two invoices, and `If-None-Match: *` cannot tell."""
    body = {**wrapped(Type="Invoice", ReferenceNbr="WC-1042", CustomerID=first_customer(acumatica)),
            "Details": [wrapped(InventoryID=first_item(acumatica), Qty=1)]}
    first = api.put(entity_url("SalesInvoice"), json=body, headers={"If-None-Match": "*"})
    second = api.put(entity_url("SalesInvoice"), json=body, headers={"If-None-Match": "*"})
    assert (first.status_code, second.status_code) == (200, 200)
    numbers = {value(first.json(), "ReferenceNbr"), value(second.json(), "ReferenceNbr")}
    assert len(numbers) == 2 and "WC-1042" not in numbers
    assert api.put(entity_url("SalesInvoice"), json=body, headers={"If-Match": "*"}).status_code == 412


def test_detail_lines_without_an_id_are_added_again(api: requests.Session, acumatica: Sandbox) -> None:
    """Re-sending an invoice's lines without their ids doubles them; a line's `id` changes or deletes it."""
    invoice = new_invoice(api, acumatica, qty=1, price=10).json()
    keys = wrapped(Type="Invoice", ReferenceNbr=value(invoice, "ReferenceNbr"))
    resent = api.put(entity_url("SalesInvoice"), params={"$expand": "Details"},
                     json={**keys, "Details": [wrapped(InventoryID=first_item(acumatica), Qty=1, UnitPrice=10)]})
    lines = resent.json()["Details"]
    assert len(lines) == 2 and value(resent.json(), "Amount") == 20
    changed = api.put(entity_url("SalesInvoice"), params={"$expand": "Details"},
                      json={**keys, "Details": [{"id": lines[0]["id"], **wrapped(Qty=3)},
                                                {"id": lines[1]["id"], "delete": True}]})
    assert [value(line, "Qty") for line in changed.json()["Details"]] == [3]
    assert value(changed.json(), "Amount") == 30


def test_details_are_absent_unless_expanded(api: requests.Session, acumatica: Sandbox) -> None:
    invoice = new_invoice(api, acumatica).json()
    path = f"SalesInvoice/Invoice/{value(invoice, 'ReferenceNbr')}"
    assert "Details" not in api.get(entity_url(path)).json()
    assert len(api.get(entity_url(path), params={"$expand": "Details"}).json()["Details"]) == 1


def test_an_invoice_computes_its_totals_and_takes_the_item_price_when_none_is_sent(api: requests.Session,
                                                                                  acumatica: Sandbox) -> None:
    item = acumatica.state.document("StockItem", first_item(acumatica))
    body = {**wrapped(CustomerID=first_customer(acumatica), FreightPrice=5),
            "Details": [wrapped(InventoryID=value(item, "InventoryID"), Qty=2)]}
    invoice = api.put(entity_url("SalesInvoice"), params={"$expand": "Details"}, json=body).json()
    price = value(item, "DefaultPrice")
    assert value(invoice["Details"][0], "UnitPrice") == price
    assert value(invoice, "DetailTotal") == round(2 * price, 2)
    assert value(invoice, "Amount") == round(2 * price + 5, 2)
    assert (value(invoice, "Status"), value(invoice, "Type")) == ("Balanced", "Invoice")


def test_another_currency_is_dropped_for_a_customer_without_currency_override(api: requests.Session,
                                                                             acumatica: Sandbox) -> None:
    body = {**wrapped(CustomerID=first_customer(acumatica), Currency="EUR"),
            "Details": [wrapped(InventoryID=first_item(acumatica), Qty=1)]}
    assert value(api.put(entity_url("SalesInvoice"), json=body).json(), "Currency") == "USD"


def test_a_credit_memo_is_a_sales_invoice_of_type_credit_memo(api: requests.Session, acumatica: Sandbox) -> None:
    invoice = new_invoice(api, acumatica).json()
    body = {**wrapped(Type="Credit Memo", CustomerID=first_customer(acumatica)),
            "Details": [wrapped(InventoryID=first_item(acumatica), Qty=1, UnitPrice=10.5, OrigInvType="Invoice",
                                OrigInvNbr=value(invoice, "ReferenceNbr"))]}
    memo = api.put(entity_url("SalesInvoice"), json=body).json()
    assert value(memo, "Type") == "Credit Memo" and value(memo, "ReferenceNbr").startswith("CRM")
    assert value(memo, "Amount") == 10.5 and value(memo, "DueDate") is None
    by_code = api.get(entity_url(f"SalesInvoice/CRM/{value(memo, 'ReferenceNbr')}"))
    assert by_code.json()["id"] == memo["id"]
