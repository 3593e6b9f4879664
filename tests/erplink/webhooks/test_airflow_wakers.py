"""Waking the DAG the Airflow way: asset events land in Airflow's metadata DB, in-process and over the REST API."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from erplink.webhooks.assets import inbox_asset, inbox_asset_uri
from erplink.webhooks.wake import InProcessAssetWaker, RestApiAssetWaker, WakeError
from tests.erplink.webhooks.servers import serve
from tests.erplink.webhooks.support import build_receiver, dumps, woo_headers, woo_order

API_USER, API_PASSWORD = "erplink-waker", "waker-password-123"


@pytest.fixture(scope="module")
def airflow_db(tmp_path_factory) -> Iterator[None]:
    """Airflow's metadata DB with the shop1 inbox asset registered (as parsing a DAG scheduled on it does)."""
    passwords = tmp_path_factory.mktemp("auth") / "passwords.json"
    passwords.write_text(json.dumps({API_USER: API_PASSWORD}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AIRFLOW__API_AUTH__JWT_SECRET", "erplink-test-jwt-secret-" + "x" * 48)
        patch.setenv("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", f"{API_USER}:admin")
        patch.setenv("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", str(passwords))
        from airflow.models.asset import AssetActive, AssetModel
        from airflow.utils import db
        from airflow.utils.session import create_session
        from sqlalchemy import select

        db.initdb()
        asset = inbox_asset("woocommerce", "shop1")
        with create_session() as session:
            if session.scalar(select(AssetModel).where(AssetModel.uri == asset.uri)) is None:
                session.add(AssetModel(name=asset.name, uri=asset.uri, group="asset"))
                session.add(AssetActive(name=asset.name, uri=asset.uri))
        yield


def asset_events(system: str, tenant: str) -> list[dict]:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.scalars(
            select(AssetEvent).join(AssetModel, AssetEvent.asset_id == AssetModel.id).where(
                AssetModel.uri == inbox_asset_uri(system, tenant)
            )
        )
        return [dict(row.extra) for row in rows]


def test_in_process_waker_records_an_asset_event(airflow_db) -> None:
    before = len(asset_events("woocommerce", "shop1"))
    InProcessAssetWaker().wake("woocommerce", "shop1")
    events = asset_events("woocommerce", "shop1")
    assert len(events) == before + 1
    assert events[-1]["source"] == "erplink.webhooks"


def test_in_process_waker_reports_an_unregistered_asset(airflow_db) -> None:
    with pytest.raises(WakeError, match="not registered"):
        InProcessAssetWaker().wake("woocommerce", "no_such_tenant")


def test_delivery_through_airflow_api_server_emits_the_asset_event(airflow_db, sqlite_ledger) -> None:
    """End to end inside Airflow: webhook -> inbox commit -> asset event in the metadata DB."""
    from airflow.api_fastapi.app import create_app
    from erplink.webhooks.plugin import ErplinkWebhooksPlugin

    plugin_app = ErplinkWebhooksPlugin.fastapi_apps[0]["app"]
    original = plugin_app.state.receiver
    plugin_app.state.receiver = build_receiver(sqlite_ledger, waker=InProcessAssetWaker())
    try:
        before = len(asset_events("woocommerce", "shop1"))
        body = dumps(woo_order(order_id=3001))
        response = TestClient(create_app()).post("/erplink/webhooks/woocommerce/shop1", content=body, headers=woo_headers(body))
    finally:
        plugin_app.state.receiver = original
    assert response.status_code == 200
    assert len(asset_events("woocommerce", "shop1")) == before + 1


@pytest.fixture(scope="module")
def airflow_api(airflow_db) -> Iterator[str]:
    from airflow.api_fastapi.app import create_app

    with serve(create_app()) as base_url:
        yield base_url


def test_rest_waker_posts_an_asset_event_through_the_public_api(airflow_api) -> None:
    before = len(asset_events("woocommerce", "shop1"))
    waker = RestApiAssetWaker(airflow_api, username=API_USER, password=API_PASSWORD)
    waker.wake("woocommerce", "shop1")
    waker.wake("woocommerce", "shop1")  # second call reuses the token and the asset id
    events = asset_events("woocommerce", "shop1")
    assert len(events) == before + 2
    assert events[-1] == {"source": "erplink.webhooks", "from_rest_api": True}


def test_rest_waker_with_wrong_password_fails_without_revealing_it(airflow_api) -> None:
    with pytest.raises(WakeError) as failure:
        RestApiAssetWaker(airflow_api, username=API_USER, password="not-the-password").wake("woocommerce", "shop1")
    assert "401" in str(failure.value) and "not-the-password" not in str(failure.value)


def test_rest_waker_relogs_in_when_its_token_is_rejected(airflow_api) -> None:
    before = len(asset_events("woocommerce", "shop1"))
    waker = RestApiAssetWaker(airflow_api, username=API_USER, password=API_PASSWORD, token="expired-or-forged")
    waker.wake("woocommerce", "shop1")
    assert len(asset_events("woocommerce", "shop1")) == before + 1
