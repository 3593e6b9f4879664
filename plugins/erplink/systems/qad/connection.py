"""The qad connection type: its form in Airflow's UI and the hook it builds."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, text

CONNECTION_TYPE = connection_type(
    "qad",
    "erplink.systems.qad.hooks.qad.QadHook",
    "QAD Adaptive ERP",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Tenant URL", "login": "Username or client id", "password": "Password or client secret"},
        "placeholders": {"host": "https://acme.qad.example/erp"},
    },
    fields={
        "auth_mode": field(
            "Auth mode",
            "string",
            "JWT session login or OAuth2 client credentials.",
            enum=["jwt_session", "client_credentials"],
            default="jwt_session",
        ),
        "token_endpoint": text(
            "Token endpoint", "Login/token path under the tenant URL (default /api/auth/login or /oauth2/token)."
        ),
        "scope": text("OAuth2 scope", "Scope requested with client credentials, if the tenant needs one."),
        "swagger_path": field(
            "Swagger path", "string", "The tenant's OpenAPI document, checked by Test.", default="/api/swagger.json"
        ),
        "entity_paths": field(
            "Entity path overrides",
            "object",
            'JSON object, e.g. {"sales-orders": "/api/erp/v1/sales-orders"}.',
            format="json",
        ),
    },
)
