"""The Airflow connections that reach the demo tenant: one per auth mode, in the shared connection contract."""

from __future__ import annotations

from typing import Any

from sandbox.qad.app import SWAGGER_PATH
from sandbox.qad.state import QadState

JWT_CONN_ID = "erplink_qad_demo"
OAUTH_CONN_ID = "erplink_qad_demo_oauth"
CONNECTION_TIMEOUT_S = 30

ENTITY_PATHS = {
    "customers": "/api/erp/v1/customers",
    "items": "/api/erp/v1/items",
    "price-lists": "/api/erp/v1/price-lists/{priceList}/prices",
    "inventory": "/api/erp/v1/inventory",
    "sales-orders": "/api/erp/v1/sales-orders",
    "credit-memos": "/api/erp/v1/credit-memos",
    "gl-journals": "/api/erp/v1/gl-journals",
}
"""Entity name → path template, exactly as the tenant's OpenAPI document lists them."""


def tenant_url(base_url: str, tenant: str) -> str:
    return f"{base_url.rstrip('/')}/tenants/{tenant}"


def demo_connections(state: QadState, base_url: str, ca_path: str | None) -> dict[str, dict[str, Any]]:
    credentials = state.credentials()
    host = tenant_url(base_url, state.demo_tenant)
    common_extra = {
        "swagger_path": SWAGGER_PATH,
        "entity_paths": dict(ENTITY_PATHS),
        "timeout": CONNECTION_TIMEOUT_S,
        "verify": ca_path if ca_path else True,
    }
    return {
        JWT_CONN_ID: {
            "conn_type": "qad",
            "host": host,
            "login": credentials.username,
            "password": credentials.password,
            "extra": {"auth_mode": "jwt_session", "token_endpoint": "/api/auth/login", **common_extra},
        },
        OAUTH_CONN_ID: {
            "conn_type": "qad",
            "host": host,
            "login": credentials.client_id,
            "password": credentials.client_secret,
            "extra": {"auth_mode": "client_credentials", "token_endpoint": "/oauth2/token", **common_extra},
        },
    }
