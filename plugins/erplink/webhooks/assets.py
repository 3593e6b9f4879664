"""The Airflow asset a tenant's inbox stands for: the receiver emits events on it, the tenant's DAG is scheduled
on it."""

from __future__ import annotations

from airflow.sdk import Asset

SCHEME = "erplink"


def inbox_asset_uri(system: str, tenant: str) -> str:
    return f"{SCHEME}://{system}/{tenant}/inbox"


def inbox_asset(system: str, tenant: str) -> Asset:
    """Asset updated whenever new webhook events for (system, tenant) were committed to the inbox."""
    return Asset(name=f"erplink_{system}_{tenant}_inbox", uri=inbox_asset_uri(system, tenant))
