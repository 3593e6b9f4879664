"""The API sandboxes as their own process (`python -m sandbox`), as a person runs them beside Airflow.

The sandbox writes the Airflow connections that point at it to an env file, the way compose's ``.env`` carries
``AIRFLOW_CONN_*`` lines; the harness hands that file to every Airflow process.
"""

from __future__ import annotations

import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WOO_CONN_ID = "erplink_woo_demo"
QAD_CONN_ID = "erplink_qad_demo"


def sandbox_argv(env_file: Path, *, orders: int, skus: int, seed: int) -> list[str]:
    return [sys.executable, "-m", "sandbox", "--only", "woocommerce,qad", "--orders", str(orders), "--skus", str(skus),
            "--seed", str(seed), "--env-file", str(env_file)]


def read_env_file(path: Path) -> dict[str, str]:
    """``NAME='value'`` lines (shell-quoted), as `python -m sandbox --env-file` writes them."""
    env = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            [assignment] = shlex.split(line)
            name, _, value = assignment.partition("=")
            env[name] = value
    return env


@dataclass(frozen=True)
class SandboxEndpoints:
    """What the tests need from the sandboxes' connections: where to reach them and the credentials the store
    signs its webhooks with."""

    connections: dict[str, dict]

    @classmethod
    def from_env(cls, env: dict[str, str]) -> SandboxEndpoints:
        prefix = "AIRFLOW_CONN_"
        return cls({name[len(prefix):].lower(): json.loads(value) for name, value in env.items()
                    if name.startswith(prefix)})

    def _root(self, conn_id: str) -> str:
        parts = urlsplit(self.connections[conn_id]["host"])
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def woo_url(self) -> str:
        return self._root(WOO_CONN_ID)

    @property
    def qad_url(self) -> str:
        return self._root(QAD_CONN_ID)

    @property
    def qad_tenant(self) -> str:
        """The QAD tenant the demo connection reaches (its URL is /tenants/<tenant>/clouderp)."""
        parts = urlsplit(self.connections[QAD_CONN_ID]["host"]).path.strip("/").split("/")
        return parts[parts.index("tenants") + 1]

    @property
    def ca_path(self) -> str:
        """The throwaway CA the sandboxes' TLS certificates chain to (what the connections verify against)."""
        return str(self.connections[WOO_CONN_ID]["extra"]["verify"])

    @property
    def webhook_secret(self) -> str:
        return str(self.connections[WOO_CONN_ID]["extra"]["webhook_secret"])

    @property
    def woo_credentials(self) -> tuple[str, str]:
        conn = self.connections[WOO_CONN_ID]
        return conn["login"], conn["password"]

    def secrets(self) -> list[str]:
        """Every credential the connections hold: none may ever show in a log."""
        found = [self.connections[WOO_CONN_ID].get("login")]  # the store's consumer key is half its credential
        for conn in self.connections.values():
            found += [conn.get("password")]
            extra = conn.get("extra") or {}
            found += [value for key, value in extra.items() if "secret" in key or "password" in key or "token" in key]
        return [value for value in found if isinstance(value, str) and len(value) >= 6]
