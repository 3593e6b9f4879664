"""Magento's error bodies for an unknown entity, an unknown route, a badly typed searchCriteria value, a filter on a
column the table lacks, an unknown store, and a comment without its required fields."""

from __future__ import annotations

import re

import requests
from sandbox import Sandbox

from tests.sandbox.adobe_commerce.conftest import rest_url


def test_an_unknown_order_is_the_no_such_entity_body(api: requests.Session, store: Sandbox) -> None:
    answer = api.get(rest_url(store, "orders/987654"))
    assert answer.status_code == 404
    assert answer.json() == {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}


def test_an_unknown_route_is_the_no_route_body(api: requests.Session, store: Sandbox) -> None:
    answer = api.get(rest_url(store, "no-such-thing"))
    assert answer.status_code == 404
    assert answer.json() == {"message": "Request does not match any route."}


def test_a_page_size_that_is_no_integer_is_a_400_naming_field_value_and_type(
    api: requests.Session, store: Sandbox
) -> None:
    answer = api.get(rest_url(store, "orders"), params={"searchCriteria[pageSize]": "ten"})
    assert answer.status_code == 400
    assert answer.json() == {
        "message": 'Error occurred during "pageSize" processing. The "ten" value\'s type is invalid. '
        'The "int" type was expected. Verify and try again.'
    }


def test_a_filter_on_an_unknown_column_is_an_internal_error_with_a_report_id(
    api: requests.Session, store: Sandbox
) -> None:
    prefix = "searchCriteria[filter_groups][0][filters][0]"
    answer = api.get(rest_url(store, "orders"), params={f"{prefix}[field]": "no_column", f"{prefix}[value]": "1"})
    assert answer.status_code == 500
    assert re.fullmatch(
        r"Internal Error\. Details are available in Magento log file\. Report ID: webapi-[0-9a-f]{12}",
        answer.json()["message"],
    )


def test_an_unknown_store_code_is_refused(api: requests.Session, store: Sandbox) -> None:
    answer = api.get(rest_url(store, "orders", store_code="nowhere"))
    assert answer.status_code == 404
    assert "store" in answer.json()["message"]


def test_a_comment_without_its_required_fields_is_a_400_naming_the_field(api: requests.Session, store: Sandbox) -> None:
    order_id = next(iter(store.state.records.orders))
    answer = api.post(rest_url(store, f"orders/{order_id}/comments"), json={"statusHistory": {"comment": "x"}})
    assert answer.status_code == 400
    assert answer.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "is_customer_notified"},
    }
