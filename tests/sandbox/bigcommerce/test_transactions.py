"""An order's payment transactions: served as orders.v3.yml declares them, seeded the way real stores record
payments (purchases, authorizations and captures, voids, declines, refunds, test gateways, offline and manual
payments), unkind where the document leaves things open, and a capture a test can take after the order was read."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import FakeClock, store_url
from tests.sandbox.bigcommerce.openapi_contract import check_response, response_schema

ORDERS_V3 = "orders.v3.yml"
TRANSACTIONS = "/orders/{order_id}/transactions"


def transactions(api: requests.Session, sandbox: Sandbox, order_id: int) -> list[dict[str, Any]]:
    response = api.get(store_url(sandbox, f"v3/orders/{order_id}/transactions"))
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["data"]
    return rows


def seeded(sandbox: Sandbox) -> dict[int, list[dict[str, Any]]]:
    return sandbox.state.records.transactions


def order_with(sandbox: Sandbox, wanted: set[str], *, status_id: int | None = None) -> int:
    """An order whose transactions are exactly these events."""
    return next(
        order_id
        for order_id, rows in seeded(sandbox).items()
        if {row["event"] for row in rows} == wanted
        and (status_id is None or sandbox.state.records.orders[order_id].document["status_id"] == status_id)
    )


def test_a_paid_orders_transactions_fit_the_transaction_collection(api: requests.Session, bigcommerce: Sandbox):
    order_id = order_with(bigcommerce, {"authorization", "capture"})
    response = api.get(store_url(bigcommerce, f"v3/orders/{order_id}/transactions"))
    check_response(response, ORDERS_V3, TRANSACTIONS)
    rows = response.json()["data"]
    assert {row["order_id"] for row in rows} == {str(order_id)}  # a string, as the schema says
    capture = next(row for row in rows if row["event"] == "capture")
    authorization = next(row for row in rows if row["event"] == "authorization")
    assert capture["reference_transaction_id"] == authorization["id"]
    assert capture["status"] == "ok" and capture["date_created"].endswith("+00:00")


def test_every_seeded_order_with_transactions_fits_the_schema(api: requests.Session, bigcommerce: Sandbox):
    for order_id in seeded(bigcommerce):
        check_response(api.get(store_url(bigcommerce, f"v3/orders/{order_id}/transactions")), ORDERS_V3, TRANSACTIONS)


def test_an_order_without_transactions_is_204_and_an_unknown_order_the_documented_404(
    api: requests.Session, bigcommerce: Sandbox
):
    without = next(order_id for order_id in bigcommerce.state.records.orders if order_id not in seeded(bigcommerce))
    empty = api.get(store_url(bigcommerce, f"v3/orders/{without}/transactions"))
    assert empty.status_code == 204 and not empty.content
    assert response_schema(ORDERS_V3, TRANSACTIONS, "get", 204) is not None  # declared for this operation
    unknown = api.get(store_url(bigcommerce, "v3/orders/987654/transactions"))
    assert unknown.status_code == 404
    check_response(unknown, ORDERS_V3, TRANSACTIONS)


def test_the_seed_records_every_kind_of_payment_a_store_sees(bigcommerce: Sandbox):
    rows = [row for order_rows in seeded(bigcommerce).values() for row in order_rows]
    kinds = Counter((row["event"], row["status"]) for row in rows)
    for kind in [("purchase", "ok"), ("authorization", "ok"), ("capture", "ok"), ("void", "ok"),
                 ("purchase", "error"), ("refund", "ok"), ("pending", "ok")]:  # fmt: skip
        assert kinds[kind], f"no {kind} in the seed: {dict(kinds)}"
    assert any(row.get("test") for row in rows) and any(row["gateway"] == "testgateway" for row in rows)
    assert any((row.get("offline") or {}).get("display_name") == "Cash on Delivery" for row in rows)
    assert any(row["method"] == "custom" and row["custom"]["payment_method"] for row in rows)
    assert any("gateway_transaction_id" not in row and "test" not in row for row in rows), "no optional field left out"


def test_authorized_only_orders_await_payment_and_refund_events_match_the_refunds_list(bigcommerce: Sandbox):
    records = bigcommerce.state.records
    authorized = order_with(bigcommerce, {"authorization"})
    assert records.orders[authorized].document["status_id"] == 7
    assert records.orders[authorized].document["payment_status"] == "authorized"
    refunded = {
        (int(row["order_id"]), row["amount"])
        for rows in seeded(bigcommerce).values()
        for row in rows
        if row["event"] == "refund"
    }
    assert refunded == {(refund["order_id"], refund["total_amount"]) for refund in records.refunds}


def test_transactions_come_back_in_a_new_order_on_each_request(api: requests.Session, bigcommerce: Sandbox):
    order_id = max(seeded(bigcommerce), key=lambda order: len(seeded(bigcommerce)[order]))
    assert len(seeded(bigcommerce)[order_id]) >= 3
    orders = {tuple(row["id"] for row in transactions(api, bigcommerce, order_id)) for _ in range(12)}
    assert len(orders) > 1


@pytest.mark.parametrize("options", [{"shuffle_transactions": False}])
def test_without_shuffling_transactions_come_in_the_order_they_happened(api: requests.Session, bigcommerce: Sandbox):
    order_id = order_with(bigcommerce, {"authorization", "capture"})
    ids = [row["id"] for row in transactions(api, bigcommerce, order_id)]
    assert ids == sorted(ids)


def test_the_transactions_route_needs_the_token_and_spends_the_quota(
    api: requests.Session, anonymous: requests.Session, bigcommerce: Sandbox
):
    order_id = next(iter(seeded(bigcommerce)))
    refused = anonymous.get(store_url(bigcommerce, f"v3/orders/{order_id}/transactions"))
    assert refused.status_code == 401
    answered = api.get(store_url(bigcommerce, f"v3/orders/{order_id}/transactions"))
    assert int(answered.headers["X-Rate-Limit-Requests-Left"]) < bigcommerce.state.options.quota_per_window


def test_a_capture_taken_later_captures_the_authorization_and_changes_the_order(
    api: requests.Session, bigcommerce: Sandbox, admin: TestClient, clock: FakeClock
):
    order_id = order_with(bigcommerce, {"authorization"}, status_id=7)
    before = api.get(store_url(bigcommerce, f"v2/orders/{order_id}")).json()
    clock.advance(120)
    answer = admin.post(f"/orders/{order_id}/capture")
    assert answer.status_code == 200
    after = api.get(store_url(bigcommerce, f"v2/orders/{order_id}")).json()
    assert after["date_modified"] != before["date_modified"]
    assert (after["status_id"], after["payment_status"]) == (11, "captured")
    rows = transactions(api, bigcommerce, order_id)
    capture = next(row for row in rows if row["event"] == "capture")
    authorization = next(row for row in rows if row["event"] == "authorization")
    assert capture["id"] == answer.json()["transaction_id"]
    assert capture["reference_transaction_id"] == authorization["id"]
    assert capture["amount"] == float(before["total_inc_tax"]) and capture["status"] == "ok"


def test_a_capture_of_a_given_amount_and_refusals(bigcommerce: Sandbox, admin: TestClient):
    order_id = next(iter(bigcommerce.state.records.orders))
    assert admin.post(f"/orders/{order_id}/capture", json={"amount": 12.5}).status_code == 200
    assert seeded(bigcommerce)[order_id][-1]["amount"] == 12.5
    assert admin.post(f"/orders/{order_id}/capture", json={"amount": -1}).status_code == 400
    assert admin.post("/orders/987654/capture").status_code == 404
