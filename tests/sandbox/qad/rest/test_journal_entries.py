"""GL journal entries (an assumed QAD entity): posted whole or refused with QAD's field and message (unbalanced, a
line with both or neither side, an unknown account or daybook, a closed period, a currency without a rate), read
back by number, found by reference through their browse, and their answer lost after the post on request."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sandbox import Sandbox

from tests.sandbox.qad.rest.conftest import DOMAIN, submit_errors
from tests.sandbox.qad.rest.test_browses import browse

ENTRIES = "/api/erp/journalEntries"
VIEW = {"viewUri": "urn:be:com.qad.financials.journalentry.IJournalEntry"}
BROWSE = "urn:browse:bebrowse:com.qad.erp.financials.journalEntries"
# The sandbox's clock stands in January 2026 (tests/sandbox/qad/conftest.py): November 2025 on is open.
OPEN_DAY, CLOSED_DAY = "2026-01-05T00:00:00.000Z", "2025-10-31T00:00:00.000Z"


def _line(account: str, debit: Any = 0, credit: Any = 0, **changes: Any) -> dict[str, Any]:
    return {"glAccountCode": account, "subAccountCode": "100", "costCenterCode": "WEB", "debitTC": debit,
            "creditTC": credit, "lineDescription": f"store sale on {account}", **changes}  # fmt: skip


def _sale(reference: str = "BC-shop-1042-SALE", **changes: Any) -> dict[str, Any]:
    """A sale of 100.00 + 8.25 tax + 5.00 shipping against receivables."""
    entry = {"dataOperation": "C", "domainCode": DOMAIN, "daybookCode": "WEBJNL", "postingDate": OPEN_DAY,
             "currencyCode": "USD", "description": "Store order 1042", "customShort0": reference,
             "journalEntryLines": [_line("1200", debit="113.25"), _line("4000", credit=100),
                                   _line("2200", credit=8.25), _line("4100", credit=5)],
             **changes}  # fmt: skip
    return {"journalEntries": [entry]}


def _post(rest: TestClient, body: dict[str, Any]) -> Any:
    return rest.post(ENTRIES, params=VIEW, json=body)


def _posted(rest: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = _post(rest, body).json()
    assert answer["submitResult"]["success"], answer
    saved: dict[str, Any] = answer["data"]["journalEntries"][0]
    return saved


def test_no_journal_entry_is_seeded(qad: Sandbox) -> None:
    assert qad.state.documents("journal-entries") == []


def test_an_entry_is_numbered_in_its_daybook_read_back_by_number_and_found_by_its_reference(
    rest: TestClient, qad: Sandbox
) -> None:
    saved = _posted(rest, _sale())
    assert saved["journalEntryNumber"] == "WEBJNL/2026/000001"
    assert _posted(rest, _sale("BC-shop-1043-SALE"))["journalEntryNumber"] == "WEBJNL/2026/000002"
    read = rest.get(ENTRIES, params={**VIEW, "domainCode": DOMAIN, "journalEntryNumber": saved["journalEntryNumber"]})
    [entry] = read.json()["data"]["journalEntries"]
    assert entry["customShort0"] == "BC-shop-1042-SALE" and entry["postingDate"] == OPEN_DAY
    assert [(line["glAccountCode"], line["debitTC"], line["creditTC"]) for line in entry["journalEntryLines"]] == [
        ("1200", 113.25, 0), ("4000", 0, 100), ("2200", 0, 8.25), ("4100", 0, 5)]  # fmt: skip
    [row] = browse(rest, BROWSE, "journalEntry.customShort0,eq,BC-shop-1042-SALE,literal")["data"]
    assert row["journalEntry.journalEntryNumber"] == saved["journalEntryNumber"]
    assert row["journalEntry.totalDebitTC"] == 113.25
    nobody = {**VIEW, "domainCode": DOMAIN, "journalEntryNumber": "WEBJNL/2026/999999"}
    assert rest.get(ENTRIES, params=nobody).json()["data"]["journalEntries"] == []


def _lines(*lines: dict[str, Any]) -> dict[str, Any]:
    return {"journalEntryLines": list(lines)}


REFUSALS = {
    "debits and credits differ": (_lines(_line("1200", debit="113.25"), _line("4000", credit="113.24")),
                                  "journalEntryLines", "not balanced"),
    "a line with both sides": (_lines(_line("1200", debit=10, credit=10), _line("4000", credit=0.01),
                                      _line("1250", debit=0.01)), "debitTC", "either a debit or a credit"),
    "a line with neither side": (_lines(_line("1200", debit=10), _line("4000", credit=10), _line("4500")),
                                 "debitTC", "either a debit or a credit"),
    "an unknown GL account": (_lines(_line("1200", debit=10), _line("4999", credit=10)),
                              "glAccountCode", "GL account 4999 does not exist"),
    "an unknown daybook": ({"daybookCode": "NOSUCH"}, "daybookCode", "Daybook NOSUCH does not exist"),
    "a closed period": ({"postingDate": CLOSED_DAY}, "postingDate", "GL period 2025/10 is closed"),
    "a currency without a rate": ({"currencyCode": "JPY"}, "currencyCode", "No exchange rate from JPY"),
    "an unknown customer": ({"customerCode": "NOSUCH"}, "customerCode", "Customer NOSUCH does not exist"),
    "an update": ({"dataOperation": "U"}, "dataOperation", "never changed"),
}  # fmt: skip


@pytest.mark.parametrize(("changes", "field", "message"), list(REFUSALS.values()), ids=list(REFUSALS))
def test_a_refused_entry_names_the_field_and_posts_nothing(
    rest: TestClient, qad: Sandbox, changes: dict[str, Any], field: str, message: str
) -> None:
    [error] = submit_errors(_post(rest, _sale(**changes)))
    assert error["fieldName"] == field and message in error["message"], error
    assert qad.state.documents("journal-entries") == []


def test_a_closed_period_opened_by_the_admin_route_takes_entries_and_closing_the_current_one_refuses_them(
    rest: TestClient, admin: TestClient
) -> None:
    assert admin.post("/acme/gl-periods/2025/10/open").status_code == 204
    assert _posted(rest, _sale(postingDate=CLOSED_DAY))["journalEntryNumber"] == "WEBJNL/2025/000001"
    assert admin.post("/acme/gl-periods/2026/1/close").status_code == 204
    [error] = submit_errors(_post(rest, _sale("BC-shop-1043-SALE")))
    assert error["fieldName"] == "postingDate"


def test_a_currency_given_a_rate_can_be_posted_in(rest: TestClient, qad: Sandbox) -> None:
    qad.state.set_rated_currencies({"JPY"})
    assert _posted(rest, _sale(currencyCode="JPY"))["currencyCode"] == "JPY"
    [error] = submit_errors(_post(rest, _sale("BC-shop-1043-SALE", currencyCode="EUR")))
    assert error["fieldName"] == "currencyCode"


def test_a_lost_answer_is_a_500_after_the_entry_was_posted(rest: TestClient, admin: TestClient, qad: Sandbox) -> None:
    assert admin.post("/acme/lost-answers", json={"entity": "journal-entries", "count": 1}).status_code == 204
    lost = _post(rest, _sale())
    assert lost.status_code == 500 and lost.headers["content-type"].startswith("text/html")
    [entry] = qad.state.documents("journal-entries")
    assert entry["externalRef"] == "BC-shop-1042-SALE"
    assert _post(rest, _sale("BC-shop-1043-SALE")).status_code == 200  # only the armed count is lost


def test_the_browse_counts_live_rows_and_answers_them_in_a_new_order_per_request(rest: TestClient) -> None:
    numbers = {_posted(rest, _sale(f"BC-shop-{n}-SALE"))["journalEntryNumber"] for n in range(1000, 1006)}
    count = rest.get("/api/qracore/browses/totalCount/", params={"browseId": BROWSE}).json()
    assert count == {"totalCount": 6}
    orders = [[row["journalEntry.journalEntryNumber"] for row in browse(rest, BROWSE)["data"]] for _ in range(4)]
    assert all(set(order) == numbers for order in orders)
    assert len({tuple(order) for order in orders}) > 1
