"""Production wiring: tenants from env or the integration config, and no I/O when the app is built."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from erplink.config.tenants import load_tenants
from erplink.webhooks.app import create_standalone_app, store_readers
from erplink.webhooks.receiver import WebhookReceiver
from erplink.webhooks.tenants import ConfigTenantResolver, DefaultTenantResolver, EnvTenantResolver, WebhookTenant
from tests.erplink.webhooks.support import RecordingWaker, dumps, woo_headers, woo_order

CONFIG = """
tenants:
  - name: acme
    integration: qad_woocommerce
    store: {system: woocommerce, conn_id: erplink_woo_acme, store_key: acme, webhook_base_url: "https://hooks.acme.example"}
    erp: {system: qad, conn_id: erplink_qad_acme, site: "10-100", price_list: WEB, stock_locations: [{site: "10-100", location: FG}]}
  - name: quiet
    integration: qad_woocommerce
    store: {system: woocommerce, conn_id: erplink_woo_quiet, store_key: quiet, webhooks: false}
    erp: {system: qad, conn_id: erplink_qad_quiet, site: "10-100", price_list: WEB, stock_locations: [{site: "10-100", location: FG}]}
"""


def test_env_resolver_reads_the_json_mapping(monkeypatch) -> None:
    monkeypatch.setenv("ERPLINK_WEBHOOK_TENANTS", json.dumps({"shop9": {"system": "woocommerce", "conn_id": "c9"}}))
    resolver = EnvTenantResolver()
    assert resolver.resolve("woocommerce", "shop9") == WebhookTenant("shop9", "woocommerce", "c9")
    assert resolver.resolve("bigcommerce", "shop9") is None
    assert resolver.resolve("woocommerce", "other") is None


def test_config_resolver_uses_the_integration_config_and_honours_webhooks_off(tmp_path: Path) -> None:
    path = tmp_path / "tenants.yaml"
    path.write_text(CONFIG)
    resolver = ConfigTenantResolver(lambda: load_tenants(path))
    assert resolver.resolve("woocommerce", "acme") == WebhookTenant("acme", "woocommerce", "erplink_woo_acme")
    assert resolver.resolve("woocommerce", "quiet") is None
    assert resolver.resolve("woocommerce", "nobody") is None


def test_default_resolver_falls_back_to_the_config_file(monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "tenants.yaml"
    path.write_text(CONFIG)
    monkeypatch.delenv("ERPLINK_WEBHOOK_TENANTS", raising=False)
    monkeypatch.setenv("ERPLINK_CONFIG", str(path))
    assert DefaultTenantResolver().resolve("woocommerce", "acme") is not None


def test_building_the_app_opens_nothing_and_the_first_delivery_opens_the_ledger(monkeypatch, tmp_path: Path) -> None:
    ledger_file = tmp_path / "lazy" / "ledger.db"
    ledger_file.parent.mkdir()
    monkeypatch.setenv("ERPLINK_LEDGER_URL", f"sqlite:///{ledger_file}")
    monkeypatch.setenv("ERPLINK_WEBHOOK_TENANTS", json.dumps({"shop1": {"system": "woocommerce", "conn_id": "erplink_woo_test"}}))
    waker = RecordingWaker()
    app = create_standalone_app(WebhookReceiver.from_env(readers=store_readers(), waker=waker))
    assert not ledger_file.exists()
    body = dumps(woo_order())
    response = TestClient(app).post("/erplink/webhooks/woocommerce/shop1", content=body, headers=woo_headers(body))
    assert response.status_code == 200
    assert ledger_file.exists()
    from erplink.ledger import Ledger

    stored = Ledger(f"sqlite:///{ledger_file}").inbox_pending(system="woocommerce", tenant="shop1")
    assert [event.resource_id for event in stored] == ["1042"]


def test_production_wiring_drains_every_store_system_an_integration_consumes(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ERPLINK_LEDGER_URL", f"sqlite:///{tmp_path / 'ledger.db'}")
    receiver = WebhookReceiver.from_env(readers=store_readers(), waker=RecordingWaker())
    assert {"woocommerce", "bigcommerce", "adobe_commerce"} <= receiver.consumed_systems


def test_a_mapped_tenant_of_a_system_no_installed_integration_drains_is_turned_away(monkeypatch, tmp_path) -> None:
    """Even when the tenant mapping names a BigCommerce tenant, nothing would drain its inbox in a package whose
    integrations consume only WooCommerce: 404 with the reason, and the ledger is not even opened."""
    ledger_file = tmp_path / "ledger.db"
    monkeypatch.setenv("ERPLINK_LEDGER_URL", f"sqlite:///{ledger_file}")
    monkeypatch.setenv("ERPLINK_WEBHOOK_TENANTS", json.dumps({"bc1": {"system": "bigcommerce", "conn_id": "erplink_bc_test"}}))
    receiver = WebhookReceiver.from_env(readers=store_readers(), waker=RecordingWaker(),
                                        consumed_systems={"woocommerce"})  # fmt: skip
    response = TestClient(create_standalone_app(receiver)).post("/erplink/webhooks/bigcommerce/bc1", content=b"{}")
    assert response.status_code == 404
    assert response.json() == {"detail": "no integration consumes bigcommerce deliveries"}
    assert not ledger_file.exists()
