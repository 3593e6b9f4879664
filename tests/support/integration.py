"""End-to-end harness: the sandboxes on loopback, Airflow connections pointing at them, a fresh ledger, and the
tenant's real DAGs run with `dag.test()` — in this process, or in a child process that a test may kill -9.

    def test_something(integration):
        h = integration(orders=60, skus=40)           # starts WooCommerce + QAD sandboxes
        assert h.run("orders") == "success"
        assert len(h.qad.documents("sales-orders")) == ...

`integration(tenant="demo_acumatica")` runs another shipped tenant instead, on the sandboxes of its systems (here
WooCommerce and Acumatica: `h.acumatica`); `start_harness` builds a harness for a fixture of a wider scope.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
TENANT = "demo"
INTEGRATION = "qad_woocommerce"
DAG_IDS = {kind: f"erplink__{INTEGRATION}__{TENANT}__{kind}" for kind in ("orders", "catalog")}
CHILD_RUNNER = Path(__file__).with_name("run_dag.py")


def shipped_tenant(name: str = TENANT) -> dict[str, Any]:
    document = yaml.safe_load((REPO / "include" / "tenants.yaml").read_text())
    return next(t for t in document["tenants"] if t["name"] == name)


class SandboxStates:
    """The in-process state of the running sandboxes, for a test to inspect and change."""

    running: Any  # sandbox.runner.RunningSandboxes

    @property
    def woo(self) -> Any:
        return self.running.woocommerce.state

    @property
    def qad(self) -> Any:
        return self.running.qad.state

    @property
    def acumatica(self) -> Any:
        return self.running.acumatica.state

    @property
    def bigcommerce(self) -> Any:
        return self.running["bigcommerce"].state


@dataclass
class Harness(SandboxStates):
    running: Any  # sandbox.runner.RunningSandboxes
    ledger_url: str
    config_path: Path
    env: dict[str, str]
    tenant: str = TENANT
    _ledger: Any = field(default=None, repr=False)

    @property
    def integration_name(self) -> str:
        return str(shipped_tenant(self.tenant)["integration"])

    def dag_id(self, kind: str) -> str:
        return f"erplink__{self.integration_name}__{self.tenant}__{kind}"

    @property
    def world(self) -> Any:
        return self.running.world

    def ledger(self) -> Any:
        if self._ledger is None:
            from erplink.ledger import Ledger

            self._ledger = Ledger(self.ledger_url)
            self._ledger.migrate()
        return self._ledger

    def records(self, entity: str, statuses: tuple[str, ...] | None = None) -> list[Any]:
        return list(self.ledger().records(tenant=self.tenant, integration=self.integration_name, entity=entity,
                                          statuses=statuses))

    def configure(self, **tenant_overrides: Any) -> None:
        """Rewrite the tenant's entry (deep-merged one level), e.g. configure(store={"webhook_base_url": u})."""
        tenant = shipped_tenant(self.tenant)
        for key, value in tenant_overrides.items():
            tenant[key] = {**tenant.get(key, {}), **value} if isinstance(value, dict) else value
        self.config_path.write_text(yaml.safe_dump({"tenants": [tenant]}))

    def dag(self, kind: str) -> Any:
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(REPO / "dags"))
        assert bag.import_errors == {}, bag.import_errors
        return bag.dags[self.dag_id(kind)]

    def run(self, kind: str = "orders", conf: dict[str, Any] | None = None) -> str:
        """Run the tenant's DAG in this process; returns the run's final state ("success" or "failed")."""
        run = self.dag(kind).test(run_conf=conf or {})
        return str(getattr(run.state, "value", run.state))

    def start_child(self, kind: str = "orders", conf: dict[str, Any] | None = None) -> subprocess.Popen[bytes]:
        """Run the DAG in a child process (same connections, ledger and Airflow home) that the test may kill.

        The child leads its own process group: `os.killpg(child.pid, SIGKILL)` takes down anything it started.
        """
        return subprocess.Popen([sys.executable, str(CHILD_RUNNER), self.dag_id(kind), json.dumps(conf or {})],
                                env={**os.environ, **self.env}, cwd=str(REPO), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """Airflow's metadata database in the session's private AIRFLOW_HOME, created once."""
    from airflow.utils import db

    db.initdb()


@pytest.fixture
def integration(airflow_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Harness]]:
    """Factory: start the sandboxes (seeded world of the given size) and point everything at them.

    Takes `ledger_url=` to run on another backend (pass the `database_url` fixture's value for PostgreSQL).
    """
    started: list[Harness] = []

    def start(**kwargs: Any) -> Harness:
        harness = start_harness(tmp_path, monkeypatch, **kwargs)
        started.append(harness)
        return harness

    yield start
    for harness in started:
        harness.running.close()
    _reset_task_runtime_caches()


def start_harness(folder: Path, monkeypatch: pytest.MonkeyPatch, *, orders: int = 60, skus: int = 40, seed: int = 42,
                  ledger_url: str | None = None, latency_ms: int = 0, tenant: str = TENANT,
                  options: Mapping[str, Mapping[str, Any]] | None = None) -> Harness:
    """Start the sandboxes of the shipped ``tenant``'s systems (``options`` per sandbox, see ``start_sandboxes``),
    point the connections, a ledger in ``folder`` and a tenants file holding that entry at them through
    ``monkeypatch``; the caller closes ``harness.running`` (and calls ``_reset_task_runtime_caches``)."""
    from sandbox.runner import start_sandboxes

    entry = shipped_tenant(tenant)
    systems = [entry["store"]["system"], entry["erp"]["system"]]
    running = start_sandboxes(systems, seed=seed, orders=orders, skus=skus, latency_ms=latency_ms, options=options)
    config_path = folder / "tenants.yaml"
    env = {
        **running.env(),
        "ERPLINK_LEDGER_URL": ledger_url or f"sqlite:///{folder / 'ledger.db'}",
        "ERPLINK_CONFIG": str(config_path),
        "ERPLINK_RETRY_DELAY_SECONDS": "0",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _reset_task_runtime_caches()
    harness = Harness(running, env["ERPLINK_LEDGER_URL"], config_path, env, tenant=tenant)
    harness.configure()
    return harness


def _reset_task_runtime_caches() -> None:
    """Tasks run in this process: forget the ledger and connections a previous test's tasks cached."""
    from erplink.dagfactory import runtime

    if runtime._ledger is not None:
        runtime._ledger.dispose()
    runtime._ledger = None
