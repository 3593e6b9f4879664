"""The acumatica connection type: its form in Airflow's UI and the hook it builds."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, secret, text

CONNECTION_TYPE = connection_type(
    "acumatica",
    "erplink.systems.acumatica.hooks.acumatica.AcumaticaHook",
    "Acumatica",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Instance URL", "login": "Username", "password": "Password"},
        "placeholders": {"host": "https://erp.example.com/AcumaticaERP"},
    },
    fields={
        "auth_mode": field(
            "Auth mode",
            "string",
            "OAuth 2.0 password grant or cookie login.",
            enum=["oauth2_password", "cookie"],
            default="oauth2_password",
        ),
        "endpoint_name": field("Endpoint name", "string", "Web service endpoint.", default="Default"),
        "endpoint_version": field("Endpoint version", "string", "Web service endpoint version.", default="24.200.001"),
        "tenant": text("Tenant", "Tenant (company) name for cookie login."),
        "branch": text("Branch", "Branch for cookie login."),
        "client_id": text("Client id", "OAuth client id, <guid>@<Tenant>."),
        "client_secret": secret("Client secret", "OAuth client secret."),
        "scope": field("Scope", "string", "OAuth scope.", default="api offline_access"),
        "requests_per_minute": field(
            "Requests per minute",
            ["integer", "null"],
            "The licence's cap on API requests per minute, if it has one: the client keeps under it.",
            minimum=1,
        ),
        "seat_wait_s": field(
            "Seat wait (s)",
            "number",
            "How long a request waits for a free API-user seat when every seat of the licence is taken.",
            minimum=0,
            default=300,
        ),
    },
)
