"""Waking the DAG the Airflow way: asset events land in Airflow's metadata DB, in-process and over the REST API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from erplink.webhooks.assets import inbox_asset, inbox_asset_uri
from erplink.webhooks.tenants import DefaultTenantResolver
from erplink.webhooks.wake import InProcessAssetWaker, RestApiAssetWaker, WakeError
from tests.erplink.webhooks.servers import serve
from tests.erplink.webhooks.support import build_receiver, connection_env, dumps, woo_headers, woo_order

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


DAGS_FOLDER = Path(__file__).resolve().parents[3] / "dags"
DEMO_ORDERS_DAG = "erplink__qad_woocommerce__demo__orders"


@pytest.fixture(scope="module")
def demo_orders_dag(airflow_db) -> str:
    """The repository's DAG files parsed and written to the metadata DB the way the DAG processor does it, with the
    demo orders DAG unpaused (new DAGs start paused, and Airflow queues no runs for a paused DAG)."""
    from airflow.dag_processing.bundles.manager import DagBundlesManager
    from airflow.dag_processing.dagbag import DagBag, sync_bag_to_db
    from airflow.models.dag import DagModel
    from airflow.utils.session import create_session
    from sqlalchemy import update

    bundles = DagBundlesManager()
    bundles.sync_bundles_to_db()
    (bundle,) = [b for b in bundles.get_all_dag_bundles() if Path(b.path).resolve() == DAGS_FOLDER]
    bag = DagBag(dag_folder=DAGS_FOLDER, bundle_path=DAGS_FOLDER, bundle_name=bundle.name)
    assert bag.import_errors == {}
    sync_bag_to_db(bag, bundle.name, None)
    with create_session() as session:
        unpaused = session.execute(update(DagModel).where(DagModel.dag_id == DEMO_ORDERS_DAG).values(is_paused=False))
        assert unpaused.rowcount == 1
    return DEMO_ORDERS_DAG


def queued_runs(dag_id: str, uri: str) -> int:
    from airflow.models.asset import AssetDagRunQueue, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import func, select

    with create_session() as session:
        return session.scalar(
            select(func.count()).select_from(AssetDagRunQueue)
            .join(AssetModel, AssetDagRunQueue.asset_id == AssetModel.id)
            .where(AssetDagRunQueue.target_dag_id == dag_id, AssetModel.uri == uri)
        )


def test_a_signed_webhook_queues_a_run_of_the_demo_tenants_orders_dag(demo_orders_dag, sqlite_ledger, monkeypatch) -> None:
    """The real DAG file, the tenant from the integration config, the API server's app, the in-process waker:
    the delivery leaves the scheduler a queued run of exactly that DAG (the row it turns into a DAG run)."""
    from airflow.api_fastapi.app import create_app
    from erplink.webhooks.plugin import ErplinkWebhooksPlugin

    monkeypatch.delenv("ERPLINK_WEBHOOK_TENANTS", raising=False)  # resolve "demo" from include/tenants.yaml
    monkeypatch.delenv("ERPLINK_CONFIG", raising=False)
    monkeypatch.setenv(*connection_env("erplink_woo_demo", {"webhook_secret": "demo-webhook-secret"},
                                       conn_type="woocommerce"))
    uri = inbox_asset_uri("woocommerce", "demo")
    assert queued_runs(demo_orders_dag, uri) == 0

    plugin_app = ErplinkWebhooksPlugin.fastapi_apps[0]["app"]
    original = plugin_app.state.receiver
    plugin_app.state.receiver = build_receiver(sqlite_ledger, waker=InProcessAssetWaker(), tenants=DefaultTenantResolver())
    try:
        body = dumps(woo_order(order_id=4001))
        response = TestClient(create_app()).post(
            "/erplink/webhooks/woocommerce/demo", content=body, headers=woo_headers(body, secret="demo-webhook-secret")
        )
    finally:
        plugin_app.state.receiver = original
    assert response.status_code == 200, response.text
    assert queued_runs(demo_orders_dag, uri) == 1
