"""The bigcommerce connection type: its form in Airflow's UI and the hook it builds."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, rotation, secret, text

CONNECTION_TYPE = connection_type(
    "bigcommerce",
    "erplink.systems.bigcommerce.hooks.bigcommerce.BigCommerceHook",
    "BigCommerce",
    ui={
        "hidden-fields": ["schema", "port", "host"],
        "relabeling": {"login": "Client id", "password": "Access token"},
        "placeholders": {},
    },
    fields={
        "store_hash": text("Store hash", "The {store_hash} in https://api.bigcommerce.com/stores/{store_hash}."),
        "client_secret": secret("Client secret", "App client secret; verifies webhook signatures."),
        **rotation("Client secret", "client_secret", is_secret=True),
        "api_base": field("API base", "string", "API gateway URL.", default="https://api.bigcommerce.com"),
    },
)
