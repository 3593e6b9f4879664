"""GL journals: balanced journals only, one side per line, strict dates, look-up by externalRef."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.sandbox.qad.conftest import error_code

JOURNALS = "/api/erp/v1/gl-journals"


def journal_body(**changes: Any) -> dict[str, Any]:
    body = {
        "externalRef": "BC-store1-ORDER-311",
        "date": "2026-01-05",
        "description": "Order 311",
        "lines": [
            {"account": "1200", "debit": "110.00", "memo": "cash"},
            {"account": "4000", "credit": "100.00", "memo": "revenue"},
            {"account": "2300", "credit": "10", "memo": "sales tax"},
        ],
    }
    body.update(changes)
    return body


def test_balanced_journal_is_created_and_found_by_external_ref(api: TestClient) -> None:
    """A balanced journal is 201 with a `GJ…` number and amounts to two places; `externalRef` finds it."""
    response = api.post(JOURNALS, json=journal_body())
    assert response.status_code == 201
    journal = response.json()
    assert journal["journalNumber"] == "GJ000001"
    assert [(line["debit"], line["credit"]) for line in journal["lines"]] == [
        ("110.00", "0.00"), ("0.00", "100.00"), ("0.00", "10.00")
    ]
    assert api.get(JOURNALS, params={"externalRef": "BC-store1-ORDER-311"}).json()["data"] == [journal]
    assert api.get(JOURNALS, params={"externalRef": "BC-other"}).json()["data"] == []


def test_unbalanced_journal_is_refused_with_both_totals(api: TestClient) -> None:
    """Debits 110.00 against credits 109.99: 422 UNBALANCED_JOURNAL with the totals; nothing is created."""
    lines = [{"account": "1200", "debit": "110.00"}, {"account": "4000", "credit": "109.99"}]
    response = api.post(JOURNALS, json=journal_body(lines=lines))
    assert response.status_code == 422 and error_code(response) == "UNBALANCED_JOURNAL"
    assert response.json()["error"]["details"] == [{"totalDebit": "110.00", "totalCredit": "109.99"}]
    assert api.get(JOURNALS).json()["pagination"]["total"] == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lines": [{"account": "1200", "debit": "1.00", "credit": "1.00"}, {"account": "4000", "credit": "0"}]},
         "lines[0]"),
        ({"lines": [{"account": "1200", "debit": "1.00"}]}, "lines"),
        ({"lines": [{"account": "", "debit": "1.00"}, {"account": "4000", "credit": "1.00"}]}, "lines[0].account"),
        ({"date": "05/01/2026"}, "date"),
        ({"date": "2026-01-05T00:00:00Z"}, "date"),
    ],
)
def test_malformed_journal_is_refused(api: TestClient, changes: dict, field: str) -> None:
    """Both sides on one line, a single line, an empty account or a date that is not YYYY-MM-DD:
    400 VALIDATION_FAILED naming the field."""
    response = api.post(JOURNALS, json=journal_body(**changes))
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
    assert field in [detail["field"] for detail in response.json()["error"]["details"]]
