"""The Airflow connections that reach the demo tenant through QAD's REST: one per auth mode."""

from __future__ import annotations

from typing import Any

from sandbox.qad.rest.connections import rest_connections
from sandbox.qad.state import QadState

JWT_CONN_ID = "erplink_qad_demo"
"""The OAuth2 password grant at `oauth/token` (the name stays: tenants and deployments refer to it)."""
OAUTH_CONN_ID = "erplink_qad_demo_oauth"
"""HTTP Basic, which QAD also accepts."""


def demo_connections(state: QadState, base_url: str, ca_path: str | None) -> dict[str, dict[str, Any]]:
    return rest_connections(state, base_url, ca_path, oauth_conn_id=JWT_CONN_ID, basic_conn_id=OAUTH_CONN_ID)
