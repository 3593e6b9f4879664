"""The Airflow connection that reaches the sandbox, in the fields of the `bigcommerce` connection type."""

from __future__ import annotations

from typing import Any

from sandbox.bigcommerce.state import StoreState

CONN_ID = "erplink_bigcommerce_demo"


def demo_connections(state: StoreState, base_url: str, ca_path: str | None) -> dict[str, dict[str, Any]]:
    credentials = state.credentials
    return {
        CONN_ID: {
            "conn_type": "bigcommerce",
            "login": credentials.client_id,
            "password": credentials.access_token,
            "extra": {
                "store_hash": state.options.store_hash,
                "client_secret": credentials.client_secret,
                "api_base": base_url.rstrip("/"),
                "verify": ca_path if ca_path else True,
            },
        },
    }
