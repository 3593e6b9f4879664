"""The Airflow connection (type qad_qxtend) that reaches the demo tenant's QXI receiver."""

from __future__ import annotations

from typing import Any

from sandbox.qad.qxtend.service import RECEIVER
from sandbox.qad.state import QadState

CONNECTION_TIMEOUT_S = 30


def qxtend_connection(state: QadState, base_url: str, ca_path: str | None) -> dict[str, Any]:
    credentials = state.credentials()
    return {
        "conn_type": "qad_qxtend", "host": f"{base_url.rstrip('/')}/tenants/{state.demo_tenant}",
        "login": credentials.username, "password": credentials.password,
        "extra": {"receiver": RECEIVER, "webapp": "qxi", "domain": state.workspace().split("_", 1)[0],
                  "timeout": CONNECTION_TIMEOUT_S, "verify": ca_path if ca_path else True},
    }  # fmt: skip
