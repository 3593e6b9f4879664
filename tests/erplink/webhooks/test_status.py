"""``GET /erplink/webhooks/status``: counters per tenant, behind a bearer token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from erplink.webhooks.app import create_standalone_app, create_webhooks_app
from erplink.webhooks.cache import TtlCache
from erplink.webhooks.status_token import StatusToken
from tests.erplink.webhooks.support import build_receiver, dumps, woo_headers, woo_order

STATUS = "/erplink/webhooks/status"
WEBHOOK = "/erplink/webhooks/woocommerce/shop1"


@pytest.fixture
def client(sqlite_ledger) -> TestClient:
    return TestClient(create_standalone_app(build_receiver(sqlite_ledger)))


def test_status_counts_each_verdict_per_tenant(monkeypatch, client) -> None:
    monkeypatch.setenv("ERPLINK_STATUS_TOKEN", "status-token-abc")
    body = dumps(woo_order())
    client.post(WEBHOOK, content=body, headers=woo_headers(body))
    client.post(WEBHOOK, content=body, headers=woo_headers(body))
    client.post(WEBHOOK, content=body, headers=woo_headers(body, secret="wrong"))
    client.post("/erplink/webhooks/woocommerce/ghost", content=body, headers=woo_headers(body))
    response = client.get(STATUS, headers={"Authorization": "Bearer status-token-abc"})
    assert response.status_code == 200
    deliveries = response.json()["deliveries"]
    assert deliveries["woocommerce/shop1"] == {"accepted": 1, "duplicate": 1, "rejected": 1}
    assert deliveries["woocommerce/(unknown)"] == {"unknown_tenant": 1}
    assert response.json()["wakes"]["woocommerce/shop1"]["issued"] == 1


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "status-token-abc"}, {"Authorization": "Basic status-token-abc"}],
    ids=["none", "wrong", "no-scheme", "basic"],
)
def test_status_refuses_callers_without_the_token(monkeypatch, client, headers) -> None:
    monkeypatch.setenv("ERPLINK_STATUS_TOKEN", "status-token-abc")
    assert client.get(STATUS, headers=headers).status_code == 401


def test_status_without_a_configured_token_refuses_everyone(monkeypatch, sqlite_ledger) -> None:
    monkeypatch.delenv("ERPLINK_STATUS_TOKEN", raising=False)
    token = StatusToken(TtlCache(30), read_variable=lambda: None)
    client = TestClient(create_webhooks_app(build_receiver(sqlite_ledger), token))
    assert client.get("/webhooks/status", headers={"Authorization": "Bearer "}).status_code == 401


def test_status_token_can_come_from_an_airflow_variable(monkeypatch, sqlite_ledger) -> None:
    monkeypatch.delenv("ERPLINK_STATUS_TOKEN", raising=False)
    monkeypatch.setenv("AIRFLOW_VAR_ERPLINK_STATUS_TOKEN", "from-variable-123")
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger)))
    assert client.get(STATUS, headers={"Authorization": "Bearer from-variable-123"}).status_code == 200


def test_probing_unknown_systems_and_tenants_shares_one_counter(monkeypatch, client) -> None:
    monkeypatch.setenv("ERPLINK_STATUS_TOKEN", "status-token-abc")
    for i in range(5):
        client.post(f"/erplink/webhooks/system{i}/tenant{i}", content=b"{}")
        client.post(f"/erplink/webhooks/woocommerce/tenant{i}", content=b"{}")
    deliveries = client.get(STATUS, headers={"Authorization": "Bearer status-token-abc"}).json()["deliveries"]
    assert deliveries == {"(unknown)/(unknown)": {"unknown_tenant": 5}, "woocommerce/(unknown)": {"unknown_tenant": 5}}
