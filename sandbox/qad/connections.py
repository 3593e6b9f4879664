"""The Airflow connections that reach the demo tenant: QAD's REST, one per auth mode, and QXtend."""

from __future__ import annotations

from typing import Any

from sandbox.qad.qxtend.connections import qxtend_connection
from sandbox.qad.rest.connections import rest_connections
from sandbox.qad.state import QadState

JWT_CONN_ID = "erplink_qad_demo"
"""The OAuth2 password grant at `oauth/token` (the name stays: tenants and deployments refer to it)."""
OAUTH_CONN_ID = "erplink_qad_demo_oauth"
"""HTTP Basic, which QAD also accepts."""
QXTEND_CONN_ID = "erplink_qad_demo_qxtend"
"""QXtend Inbound QDocs (QAD EE on premise), on the same tenant."""


def demo_connections(state: QadState, base_url: str, ca_path: str | None) -> dict[str, dict[str, Any]]:
    return {
        **rest_connections(state, base_url, ca_path, oauth_conn_id=JWT_CONN_ID, basic_conn_id=OAUTH_CONN_ID),
        QXTEND_CONN_ID: qxtend_connection(state, base_url, ca_path),
    }
