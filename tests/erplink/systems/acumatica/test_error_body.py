"""Acumatica error bodies parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.systems.acumatica.error_body import acumatica_error
from tests.erplink.http.scripted import Reply, build_response


def response(status: int, body: Any = None, text: str | None = None) -> requests.Response:
    request = requests.Request("GET", "https://x.example/y").prepare()
    return build_response(request, Reply(status, json=body, text=text))


def test_acumatica_http_error_with_model_state() -> None:
    body = {"message": "An error has occurred.", "exceptionMessage": "Customer 'C1' cannot be found.",
            "exceptionType": "PX.Data.PXException", "modelState": {"CustomerID": ["is required", "is unknown"]}}
    assert acumatica_error(response(500, body)) == (
        "PX.Data.PXException", "Customer 'C1' cannot be found.: CustomerID: is required, is unknown")


def test_acumatica_422_entity_with_field_errors() -> None:
    body = {"id": "3f2504e0", "CustomerID": {"value": "NOPE", "error": "'Customer' cannot be found in the system."},
            "Description": {"value": "ok"}}
    assert acumatica_error(response(422, body)) == (None, "CustomerID: 'Customer' cannot be found in the system.")


def test_a_422_names_the_rejected_field_of_a_detail_line_and_of_a_linked_entity() -> None:
    """A refused invoice line is named by its position, so a quarantine reason says which line and field."""
    body = {"id": "3f2504e0", "error": "Inserting 'SO Invoice' record raised at least one error.",
            "Details": [{"id": "l1", "InventoryID": {"value": "OK-1"}},
                        {"id": "l2",
                         "InventoryID": {"value": "NOPE", "error": "Inventory ID 'NOPE' cannot be found."}}],
            "MainContact": {"Email": {"value": "x", "error": "Invalid email."}}}
    assert acumatica_error(response(422, body)) == (None, "Inserting 'SO Invoice' record raised at least one error.: "
                                                    "Details[1].InventoryID: Inventory ID 'NOPE' cannot be found.; "
                                                    "MainContact.Email: Invalid email.")
