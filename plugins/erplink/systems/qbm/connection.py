"""The qbm connection type: its form in Airflow's UI and the hook it builds."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, text

CONNECTION_TYPE = connection_type(
    "qbm",
    "erplink.systems.qbm.hooks.qbm.QbmHook",
    "QBM (QBMWServices)",
    ui={
        "hidden-fields": ["schema"],
        "relabeling": {"host": "QBMWServices URL", "login": "Username", "password": "Password"},
        "placeholders": {"host": "https://qbm.example.local", "port": "8053"},
    },
    fields={
        "app_id": text("App id", "Application id sent in the permission header."),
        "token_header": field("Token header", "string", "Header carrying the login token.", default="Token"),
        "permission_header": text("Permission header", "Header carrying the app id (default AppId)."),
        "login_route": field("Login route", "string", "Login route.", default="api/Connection/login"),
        "logout_route": field("Logout route", "string", "Logout route.", default="api/Connection/logout"),
        "validate_token_route": field(
            "Validate-token route", "string", "Checked by Test.", default="api/Connection/validateToken"
        ),
        "validate_token_method": field(
            "Validate-token method", "string", "HTTP method of that route.", enum=["GET", "POST"], default="GET"
        ),
        "login_username_field": field(
            "Login username field", "string", "JSON field for the username.", default="userName"
        ),
        "login_password_field": field(
            "Login password field", "string", "JSON field for the password.", default="password"
        ),
        "token_field": field("Token field", "string", "Field of the login answer holding the token.", default="token"),
        "routes": field(
            "Route overrides", "object", 'JSON object of business routes, e.g. {"items": "api/Item"}.', format="json"
        ),
    },
)
