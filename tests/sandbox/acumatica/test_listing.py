"""Lists: `$filter` (the documented OData v3 subset, evaluated as SQL Server would), `$top`/`$skip` over a bare
array with no count, `$expand`/`$select` checked against the contract, and no defined order."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
import requests
from sandbox import Sandbox
from sandbox.acumatica import create_sandbox
from sandbox.seed import World

from tests.sandbox.acumatica.conftest import entity_url, password_grant, value, wrapped
from tests.support.asgi_session import asgi_session

PAGE = 5


def ids(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()]


def walk(api: requests.Session, entity_name: str, **params: str) -> list[str]:
    """Every page of a `$top`/`$skip` walk, as a client pages until a short page."""
    seen: list[str] = []
    while True:
        page = ids(api.get(entity_url(entity_name), params={**params, "$top": PAGE, "$skip": len(seen)}))
        seen.extend(page)
        if len(page) < PAGE:
            return seen


def stamps(api: requests.Session, acumatica: Sandbox) -> list[datetime]:
    return [datetime.fromisoformat(value(item, "LastModifiedDateTime"))
            for item in acumatica.state.documents("StockItem")]


def test_a_list_is_a_bare_array_and_top_and_skip_slice_it(api: requests.Session, acumatica: Sandbox) -> None:
    everything = api.get(entity_url("StockItem"))
    assert isinstance(everything.json(), list) and len(everything.json()) == len(acumatica.state.documents("StockItem"))
    assert len(ids(api.get(entity_url("StockItem"), params={"$top": 3}))) == 3
    assert ids(api.get(entity_url("StockItem"), params={"$top": 3, "$skip": 10_000})) == []


def test_without_an_order_each_request_draws_a_new_order_and_a_skip_walk_misses_rows(api: requests.Session,
                                                                                     acumatica: Sandbox) -> None:
    """No `$orderby` exists on this API and none is defined: two reads of one list differ in order, and a client
    that pages with `$skip` repeats some records and never sees others."""
    first, second = ids(api.get(entity_url("StockItem"))), ids(api.get(entity_url("StockItem")))
    assert sorted(first) == sorted(second) and first != second
    walked = walk(api, "StockItem")
    assert len(walked) == len(first)
    assert set(walked) != set(first), "the walk saw every record once: the order did not change between pages"


def test_records_that_tie_on_their_stamp_come_back_in_a_new_order_each_time(api: requests.Session,
                                                                            acumatica: Sandbox) -> None:
    """A window that starts inside a group of records saved together: paging it by `$skip` loses some of them."""
    tied, count = Counter(value(item, "LastModifiedDateTime")
                          for item in acumatica.state.documents("StockItem")).most_common(1)[0]
    assert count > PAGE, "the seed gives a tie larger than a page"
    params = {"$filter": f"LastModifiedDateTime eq datetimeoffset'{tied}'"}
    orders = [ids(api.get(entity_url("StockItem"), params=params)) for _ in range(2)]
    assert sorted(orders[0]) == sorted(orders[1]) and orders[0] != orders[1]
    walked = walk(api, "StockItem", **params)
    assert len(walked) == count and len(set(walked)) < count


def test_orderby_is_ignored(api: requests.Session) -> None:
    first = ids(api.get(entity_url("StockItem"), params={"$orderby": "InventoryID"}))
    second = ids(api.get(entity_url("StockItem"), params={"$orderby": "InventoryID"}))
    assert first != second


def test_the_stable_order_option_lists_in_a_fixed_order_and_a_walk_sees_everything(world: World) -> None:
    stable = create_sandbox(world, stable_order=True)
    with asgi_session(stable.app) as api:
        api.headers["Authorization"] = f"Bearer {password_grant(api, stable)['access_token']}"
        walked = walk(api, "StockItem")
        assert walked == ids(api.get(entity_url("StockItem")))
        assert len(set(walked)) == len(stable.state.documents("StockItem"))


def test_last_modified_window_with_datetimeoffset_literals(api: requests.Session, acumatica: Sandbox) -> None:
    moments = sorted(set(stamps(api, acumatica)))
    low, high = moments[1], moments[-1]
    window = (f"LastModifiedDateTime ge datetimeoffset'{low.isoformat()}' and "
              f"LastModifiedDateTime lt datetimeoffset'{high.isoformat()}'")
    found = api.get(entity_url("StockItem"), params={"$filter": window, "$select": "LastModifiedDateTime"}).json()
    expected = [m for m in stamps(api, acumatica) if low <= m < high]
    assert sorted(datetime.fromisoformat(value(row, "LastModifiedDateTime")) for row in found) == sorted(expected)


def test_an_unencoded_plus_in_an_offset_is_refused(api: requests.Session) -> None:
    """The facts' advice: URL-encode the date. A raw `+` reaches the server as a space."""
    response = api.get(entity_url("StockItem") + "?$filter=LastModifiedDateTime gt "
                                                 "datetimeoffset'2026-01-01T00:00:00+00:00'")
    assert response.status_code == 500
    assert "datetimeoffset" in response.json()["exceptionMessage"]


@pytest.mark.parametrize(("expression", "expected"), [
    ("CustomerClass eq 'wholesale'", {"WHOLESALE"}),
    ("CustomerClass ne 'WHOLESALE'", {"RETAIL"}),
    ("CustomerClass eq 'RETAIL' or CustomerClass eq 'WHOLESALE'", {"RETAIL", "WHOLESALE"}),
    ("(CustomerClass eq 'RETAIL') and (Status eq 'Inactive')", set()),
    ("substringof('trade.example', Email)", {"WHOLESALE"}),
    ("startswith(Email, 'AP')", {"WHOLESALE"}),
    ("endswith(Email, '.NET')", {"WHOLESALE"}),
    ("MainContact/Email eq 'ap0@trade.example.net'", {"WHOLESALE"}),
    ("BAccountID gt 7000", {"RETAIL", "WHOLESALE"}),
    ("LastModifiedDateTime gt datetime'2000-01-01T00:00:00'", {"RETAIL", "WHOLESALE"}),
    ("NoteID ne guid'00000000-0000-0000-0000-000000000000'", {"RETAIL", "WHOLESALE"}),
])
def test_filter_operators_compare_text_case_insensitively(api: requests.Session, expression: str,
                                                         expected: set[str]) -> None:
    found = api.get(entity_url("Customer"), params={"$filter": expression}).json()
    assert {value(row, "CustomerClass") for row in found} == expected


def test_a_comparison_with_an_empty_field_is_neither_true_nor_false(api: requests.Session) -> None:
    """SQL's NULL: a customer without a tax zone is not `ne 'X'`, only `eq null`."""
    everyone = ids(api.get(entity_url("Customer")))
    assert ids(api.get(entity_url("Customer"), params={"$filter": "TaxZone ne 'EXEMPT'"})) == []
    assert sorted(ids(api.get(entity_url("Customer"), params={"$filter": "TaxZone eq null"}))) == sorted(everyone)


@pytest.mark.parametrize("expression", [
    "Nickname eq 'x'",  # not in the contract
    "Details/InventoryID eq 'X'",  # a detail field
    "CustomerName eq 5",  # text compared with a number
    "LastModifiedDateTime gt '2026-01-01'",  # a date compared with text
    "CustomerName eq 'unterminated",
    "not (CustomerName eq 'x')",  # `not` is not among the documented operators
])
def test_a_filter_the_endpoint_cannot_run_answers_500(api: requests.Session, expression: str) -> None:
    response = api.get(entity_url("SalesInvoice" if "Details" in expression else "Customer"),
                       params={"$filter": expression})
    assert response.status_code == 500
    assert response.json()["exceptionMessage"].startswith("The $filter parameter is invalid")


def test_select_narrows_the_fields_and_expand_adds_the_named_entities(api: requests.Session) -> None:
    row = api.get(entity_url("Customer"), params={"$top": 1, "$select": "CustomerID,Email",
                                                  "$expand": "MainContact/Address"}).json()[0]
    assert set(row) == {"id", "rowNumber", "note", "CustomerID", "Email", "MainContact", "custom", "_links"}
    assert "Address" in row["MainContact"] and "Email" in row["MainContact"]


@pytest.mark.parametrize(("parameter", "text"), [("$expand", "Nope"), ("$expand", "Email"),
                                                 ("$select", "Nope"), ("$select", "Email/Value")])
def test_expand_and_select_name_only_what_the_contract_has(api: requests.Session, parameter: str, text: str) -> None:
    assert api.get(entity_url("Customer"), params={parameter: text}).status_code == 500


@pytest.mark.parametrize("top", ["-1", "ten"])
def test_a_count_that_is_not_a_non_negative_integer_is_a_400(api: requests.Session, top: str) -> None:
    response = api.get(entity_url("Customer"), params={"$top": top})
    assert response.status_code == 400 and "$top" in response.json()["modelState"]


def test_a_record_is_read_by_its_keys_or_its_id(api: requests.Session) -> None:
    created = api.put(entity_url("Customer"), json=wrapped(CustomerID="WC10", CustomerName="Keyed")).json()
    assert api.get(entity_url("Customer/wc10")).json()["id"] == created["id"]
    assert value(api.get(entity_url(f"Customer/{created['id']}")).json(), "CustomerID") == "WC10"
