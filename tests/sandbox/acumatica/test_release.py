"""`ReleaseSalesInvoice`: 202 and a `Location` to poll (202 while running, 204 when done); the document is
released when the operation finishes, whether or not anyone polls."""

from __future__ import annotations

from typing import Any

import requests
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import FakeClock, entity_url, new_invoice, value, wrapped


def start_release(api: requests.Session, invoice: dict[str, Any]) -> requests.Response:
    keys = wrapped(Type=value(invoice, "Type"), ReferenceNbr=value(invoice, "ReferenceNbr"))
    return api.post(entity_url("SalesInvoice/ReleaseSalesInvoice"), json={"entity": keys})


def status_of(api: requests.Session, invoice: dict[str, Any]) -> str:
    path = f"SalesInvoice/{value(invoice, 'Type')}/{value(invoice, 'ReferenceNbr')}"
    return str(value(api.get(entity_url(path)).json(), "Status"))


def test_the_invoice_is_released_when_the_operation_reports_done(api: requests.Session, acumatica: Sandbox) -> None:
    invoice = new_invoice(api, acumatica).json()
    location = start_release(api, invoice).headers["Location"]
    assert api.get(location).status_code == 202
    assert status_of(api, invoice) == "Balanced", "still running"
    assert api.get(location).status_code == 202
    assert api.get(location).status_code == 204
    assert status_of(api, invoice) == "Open"
    assert api.get(location).status_code == 204


def test_the_operation_finishes_in_time_without_being_polled(api: requests.Session, acumatica: Sandbox,
                                                            clock: FakeClock) -> None:
    invoice = new_invoice(api, acumatica).json()
    start_release(api, invoice)
    clock.advance(acumatica.state.instance.options.long_operation_s)
    assert status_of(api, invoice) == "Open"


def test_a_credit_memo_is_released_the_same_way(api: requests.Session, acumatica: Sandbox) -> None:
    memo = new_invoice(api, acumatica, invoice_type="Credit Memo").json()
    location = start_release(api, memo).headers["Location"]
    while api.get(location).status_code == 202:
        pass
    assert status_of(api, memo) == "Open"


def test_a_release_that_fails_reports_why_when_polled(api: requests.Session, acumatica: Sandbox) -> None:
    held = new_invoice(api, acumatica, hold=True).json()
    location = start_release(api, held).headers["Location"]
    answers = [api.get(location) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [202, 202, 500]
    assert answers[-1].json()["exceptionMessage"] == "The document is on hold and cannot be released."
    assert status_of(api, held) == "On Hold"


def test_an_unknown_operation_reads_as_done(api: requests.Session) -> None:
    """Acumatica reports a long operation it does not know as completed (so does a lost or expired one)."""
    unknown = entity_url("SalesInvoice/ReleaseSalesInvoice/status/00000000-0000-0000-0000-000000000000")
    assert api.get(unknown).status_code == 204


def test_releasing_a_document_that_does_not_exist_is_refused(api: requests.Session) -> None:
    response = api.post(entity_url("SalesInvoice/ReleaseSalesInvoice"),
                        json={"entity": wrapped(Type="Invoice", ReferenceNbr="INV999999")})
    assert response.status_code == 500
    assert response.json()["exceptionMessage"] == "No entity satisfies the condition."


def test_a_released_invoice_cannot_be_changed(api: requests.Session, acumatica: Sandbox) -> None:
    invoice = new_invoice(api, acumatica).json()
    location = start_release(api, invoice).headers["Location"]
    while api.get(location).status_code == 202:
        pass
    keys = wrapped(Type="Invoice", ReferenceNbr=value(invoice, "ReferenceNbr"))
    assert api.put(entity_url("SalesInvoice"), json=keys).status_code == 200, "naming it changes nothing"
    refused = api.put(entity_url("SalesInvoice"), json={**keys, **wrapped(Description="changed")})
    assert refused.status_code == 422
    assert refused.json()["error"] == "The document has been released and cannot be changed."


def test_an_action_body_without_its_entity_is_refused(api: requests.Session) -> None:
    response = api.post(entity_url("SalesInvoice/ReleaseSalesInvoice"), json={"ReferenceNbr": {"value": "X"}})
    assert response.status_code == 400 and "invocation" in response.json()["modelState"]
