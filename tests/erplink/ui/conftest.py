"""The erplink page on a test client: Airflow's real auth manager (the simple one) and real JWTs, a ledger with
records in every status, and a stand-in for Airflow's database that records the runs (replay, or of a tenant's
DAG) it is asked to start."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from erplink.config.tenants import load_tenants
from erplink.ledger import AttemptContext, Ledger, RecordKey
from erplink.ui.airflow_side import WebhookCheck
from erplink.ui.app import URL_PREFIX, PageServices, create_page_app
from tests.support.integration import airflow_db  # noqa: F401  (fixture)

TENANT = "acme"
INTEGRATION = "qad_woocommerce"
HOST = "testserver"
ORIGIN = f"http://{HOST}"
CONFIG = """
tenants:
  - name: acme
    integration: qad_woocommerce
    store: {system: woocommerce, conn_id: erplink_woo_acme, store_key: acme, webhook_base_url: "https://hooks.acme.example"}
    erp: {system: qad, conn_id: erplink_qad_acme, site: "10-100", price_list: WEB, stock_locations: [{site: "10-100", location: FG}]}
"""
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class RecordingAirflow:
    """Airflow's side of the page, in memory: the tenant's DAGs, and every replay run asked for."""

    triggered: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    # Runs of the tenant's own DAGs (the manual operations): DAG id, Params, user.
    started: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    check: WebhookCheck | None = None

    def tenant_dag_ids(self, dag_prefix: str) -> list[str]:
        return [f"{dag_prefix}__orders", f"{dag_prefix}__catalog"]

    def is_paused(self, dag_id: str) -> bool | None:
        return False

    def trigger_replay(self, conf: Mapping[str, Any], *, user: str) -> str:
        self.triggered.append((dict(conf), user))
        return f"erplink_page__run{len(self.triggered)}"

    def trigger_run(self, dag_id: str, conf: Mapping[str, Any], *, user: str) -> str:
        self.started.append((dag_id, dict(conf), user))
        return f"erplink_page__tenant_run{len(self.started)}"

    def last_webhook_check(self, dag_ids: Sequence[str]) -> WebhookCheck | None:
        return self.check


def key(entity: str, source_id: str | int) -> RecordKey:
    return RecordKey(TENANT, INTEGRATION, entity, str(source_id))


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def seed_ledger(ledger: Ledger) -> None:
    """Orders 1-30: 1-9 done (10 posted, then changed in the store: pending), 11-20 quarantined for a missing SKU, 21-25 failed, 26-30 pending; refunds 1-3:
    quarantined; one catalog record, which the integration does not replay."""
    task = AttemptContext(run_id="scheduled__2026-03-01", task_id="load_orders", try_number=2,
                          worker=f"erplink__{INTEGRATION}__{TENANT}__orders.load_orders")
    for number in range(1, 31):
        record = key("order", number)
        ledger.upsert_source(record, payload={"id": number, "total": f"{number}.00"}, source_modified=T0, run_id="x")
        if number <= 10:
            ledger.mark_in_flight(record, target_ref=f"WC-acme-{number}", ctx=task)
            ledger.mark_done(record, target_id=f"SO{number:06d}", target_ref=f"WC-acme-{number}", ctx=task,
                             action="created")
        elif number <= 20:
            ledger.quarantine(record, reason=f"order {number}: unknown SKU HOODIE-{number % 2}", ctx=task)
        elif number <= 25:
            ledger.mark_failed(record, error="QAD answered 503", ctx=task, http_status=503)
    # Order 10 changed in the store after QAD received it: the ledger keeps both payloads.
    ledger.upsert_source(key("order", 10), payload={"id": 10, "total": "12.50"}, source_modified=T0 + timedelta(1),
                         run_id="y")
    for number in range(1, 4):
        record = key("refund", f"{number}-9{number}")
        ledger.upsert_source(record, payload={"id": number}, source_modified=T0, run_id="x")
        ledger.quarantine(record, reason="credit exceeds order", ctx=task)
    catalog = key("catalog_sku", "HOODIE-1")
    ledger.upsert_source(catalog, payload={"sku": "HOODIE-1"}, source_modified=T0, run_id="x")
    ledger.quarantine(catalog, reason="no product", ctx=task)


@dataclass
class Page:
    client: TestClient
    ledger: Ledger
    airflow: RecordingAirflow
    tokens: dict[str, str]

    def as_user(self, name: str | None) -> TestClient:
        self.client.cookies.clear()
        if name is not None:
            self.client.cookies.set("_token", self.tokens[name])
        return self.client

    def csrf(self, name: str) -> str:
        """Open the records page as ``name`` and return the session's token (the cookie it set)."""
        client = self.as_user(name)
        assert client.get(f"{URL_PREFIX}/t/{TENANT}").status_code == 200
        return client.cookies["erplink_csrf"]


@pytest.fixture
def page(airflow_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    monkeypatch.setenv("AIRFLOW__API_AUTH__JWT_SECRET", "erplink-page-test-jwt-secret-" + "x" * 40)
    from airflow.api_fastapi.app import init_auth_manager
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser

    manager = init_auth_manager()
    tokens = {name: manager.generate_jwt(SimpleAuthManagerUser(username=name, role=role))
              for name, role in (("editor", "USER"), ("viewer", "VIEWER"))}
    config = tmp_path / "tenants.yaml"
    config.write_text(CONFIG)
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}", clock=Clock())
    ledger.migrate()
    seed_ledger(ledger)
    airflow = RecordingAirflow()
    services = PageServices(airflow=airflow, tenants=lambda: load_tenants(config), ledger=lambda: ledger,
                            delivery_counts=lambda system, tenant: {"accepted": 3, "duplicate": 2})
    root = FastAPI()
    root.mount(URL_PREFIX, create_page_app(services))
    with TestClient(root, base_url=ORIGIN, follow_redirects=False) as client:
        yield Page(client, ledger, airflow, tokens)
    ledger.dispose()
