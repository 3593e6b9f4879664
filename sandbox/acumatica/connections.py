"""The Airflow connection that reaches the sandbox, in the shape `AcumaticaHook` reads."""

from __future__ import annotations

from typing import Any

from sandbox.acumatica.contract import ENDPOINT_NAME, ENDPOINT_VERSION
from sandbox.acumatica.instance import Instance

CONN_ID = "erplink_acumatica_demo"
CONNECTION_TIMEOUT_S = 30
SCOPE = "api offline_access"


def demo_connections(instance: Instance, base_url: str, ca_path: str | None) -> dict[str, dict[str, Any]]:
    credentials, options = instance.credentials, instance.options
    return {
        CONN_ID: {
            "conn_type": "acumatica",
            "host": f"{base_url.rstrip('/')}{options.site_path}",
            "login": credentials.username,
            "password": credentials.password,
            "extra": {
                "auth_mode": "oauth2_password",
                "endpoint_name": ENDPOINT_NAME,
                "endpoint_version": ENDPOINT_VERSION,
                "client_id": credentials.client_id,
                "client_secret": credentials.client_secret,
                "tenant": options.tenant,
                "branch": options.branch,
                "scope": SCOPE,
                "timeout": CONNECTION_TIMEOUT_S,
                "verify": ca_path if ca_path else True,
            },
        },
    }
