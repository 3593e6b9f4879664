"""The woocommerce connection type: its form in Airflow's UI and the hook it builds."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, rotation, secret

CONNECTION_TYPE = connection_type(
    "woocommerce",
    "erplink.systems.woocommerce.hooks.woocommerce.WooCommerceHook",
    "WooCommerce",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Store URL", "login": "Consumer key", "password": "Consumer secret"},
        "placeholders": {"host": "https://shop.example.com", "login": "ck_...", "password": "cs_..."},
    },
    fields={
        "webhook_secret": secret("Webhook secret", "Secret WooCommerce signs webhook deliveries with."),
        **rotation("Webhook secret", "webhook_secret", is_secret=True),
        "allow_insecure_http": field(
            "Allow insecure HTTP",
            "boolean",
            "Allow a plain http:// store URL (requests are then signed with OAuth 1.0a).",
            default=False,
        ),
        "auth_placement": field(
            "Key placement",
            "string",
            "header: HTTP Basic; query: consumer_key/consumer_secret parameters (for hosts that strip the "
            "Authorization header); auto: header, falling back to query.",
            enum=["header", "query", "auto"],
            default="header",
        ),
        "api_path": field("API path", "string", "REST API path under the store URL.", default="/wp-json/wc/v3"),
        "page_readers": field(
            "Page readers",
            "integer",
            "List pages read at once (each keeps one of the store's PHP workers busy); fewer are used while the "
            "store slows down or answers 429/503.",
            minimum=1,
            maximum=16,
            default=2,
        ),
    },
)
