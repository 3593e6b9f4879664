"""Provider metadata for Airflow's ``apache_airflow_provider`` entry point.

Declares the six connection types with their form fields. Fields under ``conn-fields`` are stored in the
connection's ``extra``; ``"format": "password"`` is what Airflow reads to mask a field in the UI.
This module must stay import-light: Airflow calls it while discovering providers.
"""

from __future__ import annotations

from typing import Any

from erplink import __version__


def _field(label: str, type_: str | list[str], description: str, **schema: Any) -> dict[str, Any]:
    # Nullable like Airflow's own providers: the form saves an empty field as null, which means "default".
    types = [type_] if isinstance(type_, str) else list(type_)
    return {"label": label, "description": description, "schema": {"type": [*types, "null"], **schema}}


def _secret(label: str, description: str) -> dict[str, Any]:
    return _field(label, "string", description, format="password")


def _text(label: str, description: str, **schema: Any) -> dict[str, Any]:
    return _field(label, "string", description, **schema)


def _rotation(label: str, key: str, *, secret: bool) -> dict[str, dict[str, Any]]:
    """The two extras that let the webhook receiver accept the key before the last rotation for a while."""
    previous = f"Previous {label.lower()}"
    described = f"{label} before the last rotation; accepted only until the instant below."
    return {
        f"{key}_previous": _secret(previous, described) if secret else _text(previous, described, format="multiline"),
        f"{key}_previous_valid_until": _text(
            f"{previous} valid until",
            f"ISO-8601 instant (e.g. 2026-03-01T13:00:00Z) until which the previous {label.lower()} is accepted; "
            "without it the previous one is never accepted.",
            format="date-time"),
    }


_TIMEOUT = _field("Request timeout (s)", "number", "Read timeout per request, in seconds.", default=30,
                  minimum=1, maximum=600)
_VERIFY = _field("Verify TLS", ["boolean", "string"],
                 "true, false, or the path of a CA bundle to trust.", default=True)


def _connection_type(
    conn_type: str, hook_class: str, hook_name: str, *, ui: dict[str, Any], fields: dict[str, Any]
) -> dict[str, Any]:
    """One connection type; every hook also reads the request timeout and TLS verification from ``extra``."""
    return {
        "connection-type": conn_type,
        "hook-class-name": hook_class,
        "hook-name": hook_name,
        "ui-field-behaviour": ui,
        "conn-fields": {**fields, "timeout": _TIMEOUT, "verify": _VERIFY},
    }


_WOOCOMMERCE = _connection_type(
    "woocommerce", "erplink.hooks.woocommerce.WooCommerceHook", "WooCommerce",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Store URL", "login": "Consumer key", "password": "Consumer secret"},
        "placeholders": {"host": "https://shop.example.com", "login": "ck_...", "password": "cs_..."},
    },
    fields={
        "webhook_secret": _secret("Webhook secret", "Secret WooCommerce signs webhook deliveries with."),
        **_rotation("Webhook secret", "webhook_secret", secret=True),
        "allow_insecure_http": _field(
            "Allow insecure HTTP", "boolean",
            "Allow a plain http:// store URL (requests are then signed with OAuth 1.0a).", default=False),
        "auth_placement": _field(
            "Key placement", "string",
            "header: HTTP Basic; query: consumer_key/consumer_secret parameters (for hosts that strip the "
            "Authorization header); auto: header, falling back to query.",
            enum=["header", "query", "auto"], default="header"),
        "api_path": _field("API path", "string", "REST API path under the store URL.", default="/wp-json/wc/v3"),
        "page_readers": _field(
            "Page readers", "integer",
            "List pages read at once (each keeps one of the store's PHP workers busy); fewer are used while the "
            "store slows down or answers 429/503.", minimum=1, maximum=16, default=2),
    },
)

_QAD = _connection_type(
    "qad", "erplink.hooks.qad.QadHook", "QAD Adaptive ERP",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Tenant URL", "login": "Username or client id", "password": "Password or client secret"},
        "placeholders": {"host": "https://acme.qad.example/erp"},
    },
    fields={
        "auth_mode": _field("Auth mode", "string", "JWT session login or OAuth2 client credentials.",
                            enum=["jwt_session", "client_credentials"], default="jwt_session"),
        "token_endpoint": _text("Token endpoint",
                                "Login/token path under the tenant URL (default /api/auth/login or /oauth2/token)."),
        "scope": _text("OAuth2 scope", "Scope requested with client credentials, if the tenant needs one."),
        "swagger_path": _field("Swagger path", "string", "The tenant's OpenAPI document, checked by Test.",
                               default="/api/swagger.json"),
        "entity_paths": _field("Entity path overrides", "object",
                               'JSON object, e.g. {"sales-orders": "/api/erp/v1/sales-orders"}.', format="json"),
    },
)

_ADOBE_COMMERCE = _connection_type(
    "adobe_commerce", "erplink.hooks.adobe_commerce.AdobeCommerceHook", "Adobe Commerce",
    ui={
        "hidden-fields": ["schema", "port", "login", "password"],
        "relabeling": {"host": "Base URL"},
        "placeholders": {"host": "https://shop.example.com or https://<server>.api.commerce.adobe.com/<tenant>"},
    },
    fields={
        "deployment": _field("Deployment", "string", "paas: integration tokens; cloud_service: Adobe IMS.",
                             enum=["paas", "cloud_service"], default="paas"),
        "store_code": _field("Store view code", "string", "Store view in the URL (PaaS) or Store header.",
                             default="default"),
        "consumer_key": _text("Consumer key", "PaaS integration consumer key."),
        "consumer_secret": _secret("Consumer secret", "PaaS integration consumer secret."),
        "access_token": _secret("Access token", "PaaS integration access token."),
        "access_token_secret": _secret("Access token secret", "PaaS integration access token secret."),
        "ims_client_id": _text("IMS client id", "Cloud Service: Adobe Developer Console client id."),
        "ims_client_secret": _secret("IMS client secret", "Cloud Service: client secret."),
        "ims_org_id": _text("IMS org id", "Cloud Service: sent as x-gw-ims-org-id."),
        "ims_scopes": _text("IMS scopes", "Comma-separated scopes requested from IMS."),
        "ims_token_url": _text("IMS token URL", "Default https://ims-na1.adobelogin.com/ims/token/v3."),
        "webhook_public_key": _text("Webhook public key",
                                    "PEM public key that verifies the webhook signatures Commerce sends.",
                                    format="multiline"),
        **_rotation("Webhook public key", "webhook_public_key", secret=False),
    },
)

_BIGCOMMERCE = _connection_type(
    "bigcommerce", "erplink.hooks.bigcommerce.BigCommerceHook", "BigCommerce",
    ui={
        "hidden-fields": ["schema", "port", "host"],
        "relabeling": {"login": "Client id", "password": "Access token"},
        "placeholders": {},
    },
    fields={
        "store_hash": _text("Store hash", "The {store_hash} in https://api.bigcommerce.com/stores/{store_hash}."),
        "client_secret": _secret("Client secret", "App client secret; verifies webhook signatures."),
        **_rotation("Client secret", "client_secret", secret=True),
        "api_base": _field("API base", "string", "API gateway URL.", default="https://api.bigcommerce.com"),
    },
)

_ACUMATICA = _connection_type(
    "acumatica", "erplink.hooks.acumatica.AcumaticaHook", "Acumatica",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Instance URL", "login": "Username", "password": "Password"},
        "placeholders": {"host": "https://erp.example.com/AcumaticaERP"},
    },
    fields={
        "auth_mode": _field("Auth mode", "string", "OAuth 2.0 password grant or cookie login.",
                            enum=["oauth2_password", "cookie"], default="oauth2_password"),
        "endpoint_name": _field("Endpoint name", "string", "Web service endpoint.", default="Default"),
        "endpoint_version": _field("Endpoint version", "string", "Web service endpoint version.",
                                   default="24.200.001"),
        "tenant": _text("Tenant", "Tenant (company) name for cookie login."),
        "branch": _text("Branch", "Branch for cookie login."),
        "client_id": _text("Client id", "OAuth client id, <guid>@<Tenant>."),
        "client_secret": _secret("Client secret", "OAuth client secret."),
        "scope": _field("Scope", "string", "OAuth scope.", default="api offline_access"),
    },
)

_QBM = _connection_type(
    "qbm", "erplink.hooks.qbm.QbmHook", "QBM (QBMWServices)",
    ui={
        "hidden-fields": ["schema"],
        "relabeling": {"host": "QBMWServices URL", "login": "Username", "password": "Password"},
        "placeholders": {"host": "https://qbm.example.local", "port": "8053"},
    },
    fields={
        "app_id": _text("App id", "Application id sent in the permission header."),
        "token_header": _field("Token header", "string", "Header carrying the login token.", default="Token"),
        "permission_header": _text("Permission header", "Header carrying the app id (default AppId)."),
        "login_route": _field("Login route", "string", "Login route.", default="api/Connection/login"),
        "logout_route": _field("Logout route", "string", "Logout route.", default="api/Connection/logout"),
        "validate_token_route": _field("Validate-token route", "string", "Checked by Test.",
                                       default="api/Connection/validateToken"),
        "validate_token_method": _field("Validate-token method", "string", "HTTP method of that route.",
                                        enum=["GET", "POST"], default="GET"),
        "login_username_field": _field("Login username field", "string", "JSON field for the username.",
                                       default="userName"),
        "login_password_field": _field("Login password field", "string", "JSON field for the password.",
                                       default="password"),
        "token_field": _field("Token field", "string", "Field of the login answer holding the token.",
                              default="token"),
        "routes": _field("Route overrides", "object",
                         'JSON object of business routes, e.g. {"items": "api/Item"}.', format="json"),
    },
)


def get_provider_info() -> dict[str, Any]:
    return {
        "package-name": "erplink",
        "name": "erplink",
        "description": "Keeps online stores (WooCommerce, Adobe Commerce, BigCommerce) and ERPs "
        "(QAD, Acumatica, QBM) in agreement.",
        "versions": [__version__],
        "connection-types": [_WOOCOMMERCE, _QAD, _ADOBE_COMMERCE, _BIGCOMMERCE, _ACUMATICA, _QBM],
    }
