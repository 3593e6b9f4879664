"""Start sandboxes on loopback ports, each behind the fault middleware, and describe them as Airflow connections.

    with start_sandboxes(["woocommerce", "qad"], orders=200) as running:
        running.woocommerce.base_url      # https://127.0.0.1:PORT (the connection points here)
        running.woocommerce.http_url      # http://127.0.0.1:PORT (OAuth 1.0a only, like a real store)
        running.woocommerce.faults.set({"status_burst": {"status": 429, "count": 3}})
        os.environ.update(running.env())  # AIRFLOW_CONN_ERPLINK_WOO_DEMO=...
"""

from __future__ import annotations

import importlib
import json
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from sandbox import Sandbox
from sandbox.faults import FaultInjector, FaultMiddleware, FaultPlan
from sandbox.seed import World, generate_world
from sandbox.server import ServedApp, serve
from sandbox.tls import TlsFiles, issue_loopback_certificate

KNOWN_SANDBOXES = ("woocommerce", "qad", "acumatica", "bigcommerce", "adobe_commerce")
# All are reached over HTTPS in production (a QAD cloud tenant or an Acumatica instance URL is HTTPS, and OAuth2
# token requests refuse plain HTTP); WooCommerce also answers plain HTTP, with OAuth 1.0a only, like a real store.
SCHEMES = {"woocommerce": ("https", "http"), "qad": ("https",), "acumatica": ("https",), "bigcommerce": ("https",),
           "adobe_commerce": ("https",)}


@dataclass
class RunningSandbox:
    name: str
    sandbox: Sandbox
    faults: FaultInjector
    servers: dict[str, ServedApp]
    ca_path: str | None

    @property
    def base_url(self) -> str:
        """The URL the Airflow connection uses: HTTPS when the sandbox is served over TLS."""
        return self.servers[SCHEMES[self.name][0]].base_url

    @property
    def http_url(self) -> str | None:
        served = self.servers.get("http")
        return served.base_url if served else None

    @property
    def state(self) -> Any:
        return self.sandbox.state

    def connections(self) -> dict[str, dict]:
        return self.sandbox.connections(self.base_url, self.ca_path)


@dataclass
class RunningSandboxes:
    world: World
    sandboxes: dict[str, RunningSandbox] = field(default_factory=dict)
    _tls_dir: tempfile.TemporaryDirectory | None = None

    def __getitem__(self, name: str) -> RunningSandbox:
        return self.sandboxes[name]

    @property
    def woocommerce(self) -> RunningSandbox:
        return self.sandboxes["woocommerce"]

    @property
    def qad(self) -> RunningSandbox:
        return self.sandboxes["qad"]

    @property
    def acumatica(self) -> RunningSandbox:
        return self.sandboxes["acumatica"]

    def connections(self) -> dict[str, dict]:
        merged: dict[str, dict] = {}
        for running in self.sandboxes.values():
            merged.update(running.connections())
        return merged

    def env(self) -> dict[str, str]:
        """AIRFLOW_CONN_<ID> variables holding each connection as JSON, as Airflow reads them."""
        return {f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(conn) for conn_id, conn in self.connections().items()}

    def close(self) -> None:
        for running in self.sandboxes.values():
            for served in running.servers.values():
                served.stop()
            getattr(running.sandbox, "close", _nothing)()
        if self._tls_dir is not None:
            self._tls_dir.cleanup()
            self._tls_dir = None

    def __enter__(self) -> RunningSandboxes:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _nothing() -> None:
    return None


def load_sandbox_factory(name: str):
    """Import `sandbox.<name>.create_sandbox` only when that sandbox is asked for."""
    if name not in KNOWN_SANDBOXES:
        raise ValueError(f"unknown sandbox {name!r}; known: {', '.join(KNOWN_SANDBOXES)}")
    return importlib.import_module(f"sandbox.{name}").create_sandbox


def start_sandboxes(names: Iterable[str], *, world: World | None = None, seed: int = 42, orders: int = 500,
                    skus: int = 200, latency_ms: int = 0,
                    options: Mapping[str, Mapping[str, Any]] | None = None) -> RunningSandboxes:
    """``options``: keyword arguments for one sandbox's ``create_sandbox``, by sandbox name (e.g. the
    WooCommerce store mode: ``{"woocommerce": {"store_mode": {"php_workers": 2, "page_cost_ms": 100}}}``)."""
    names = list(dict.fromkeys(names))
    options = options or {}
    factories = {name: load_sandbox_factory(name) for name in names}
    running = RunningSandboxes(world or generate_world(seed=seed, orders=orders, skus=skus))
    try:
        tls: TlsFiles | None = None
        if any("https" in SCHEMES[name] for name in names):
            running._tls_dir = tempfile.TemporaryDirectory(prefix="erplink-sandbox-tls-")
            tls = issue_loopback_certificate(Path(running._tls_dir.name))
        for name, factory in factories.items():
            sandbox = factory(running.world, **options.get(name, {}))
            injector = FaultInjector(FaultPlan(latency_ms=latency_ms))
            app = FaultMiddleware(sandbox.app, injector, getattr(sandbox, "fault_response", None))
            servers = {}
            for scheme in SCHEMES[name]:
                if scheme == "https":
                    servers[scheme] = serve(app, certfile=tls.cert_path, keyfile=tls.key_path)
                else:
                    servers[scheme] = serve(app)
            ca_path = str(tls.ca_path) if tls and "https" in SCHEMES[name] else None
            running.sandboxes[name] = RunningSandbox(name, sandbox, injector, servers, ca_path)
            configure = getattr(sandbox.state, "set_site_url", None)
            if configure is not None:
                configure(running.sandboxes[name].base_url)
    except BaseException:
        running.close()
        raise
    return running
