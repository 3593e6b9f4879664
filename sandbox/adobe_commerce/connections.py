"""The Airflow connection that reaches the sandbox, in the fields of the `adobe_commerce` connection type (PaaS)."""

from __future__ import annotations

from typing import Any

from sandbox.adobe_commerce.state import StoreState

CONN_ID = "erplink_adobe_commerce_demo"


def demo_connections(state: StoreState, base_url: str, ca_path: str | None) -> dict[str, dict[str, Any]]:
    credentials = state.credentials
    return {
        CONN_ID: {
            "conn_type": "adobe_commerce",
            "host": base_url.rstrip("/"),
            "extra": {
                "deployment": "paas",
                "store_code": state.options.store_code,
                "consumer_key": credentials.consumer_key,
                "consumer_secret": credentials.consumer_secret,
                "access_token": credentials.access_token,
                "access_token_secret": credentials.access_token_secret,
                "webhook_public_key": state.webhook_public_key,
                "verify": ca_path if ca_path else True,
            },
        },
    }
