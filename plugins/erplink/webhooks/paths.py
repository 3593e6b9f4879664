"""Where the receiver listens: one route per store system and tenant, under the prefix the Airflow plugin (and the
standalone app) mount it at. The app serves these routes, and a store's webhook check registers them."""

from __future__ import annotations

URL_PREFIX = "/erplink"


def tenant_route(system: str, tenant: str) -> str:
    """The route of a store system's deliveries for ``tenant`` inside the app, wherever the app is mounted."""
    return f"/webhooks/{system}/{tenant}"


def receiver_url(base_url: str, system: str, tenant: str) -> str:
    """The receiver's public URL for the tenant's deliveries, from the public base URL it is reached at."""
    return base_url.rstrip("/") + URL_PREFIX + tenant_route(system, tenant)
