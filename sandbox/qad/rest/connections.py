"""The Airflow connections that reach the demo tenant through QAD's REST: the OAuth password grant and Basic."""

from __future__ import annotations

from typing import Any

from sandbox.qad.errors import REST_BASE
from sandbox.qad.state import QadState

CONNECTION_TIMEOUT_S = 30


def rest_connections(
    state: QadState, base_url: str, ca_path: str | None, *, oauth_conn_id: str, basic_conn_id: str
) -> dict[str, dict[str, Any]]:
    credentials = state.credentials()
    workspace = state.workspace()
    host = f"{base_url.rstrip('/')}/tenants/{state.demo_tenant}{REST_BASE}"
    common = {"workspace": workspace, "timeout": CONNECTION_TIMEOUT_S, "verify": ca_path if ca_path else True}
    login = {"host": host, "login": credentials.username, "password": credentials.password}
    return {
        oauth_conn_id: {
            "conn_type": "qad", **login,
            "extra": {"auth_mode": "oauth_password", "client_id": credentials.api_client_id, **common},
        },
        basic_conn_id: {"conn_type": "qad", **login, "extra": {"auth_mode": "basic", **common}},
    }  # fmt: skip
