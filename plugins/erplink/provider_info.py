"""Provider metadata for Airflow's ``apache_airflow_provider`` entry point.

Declares each system's connection type with its form fields (``erplink.systems.<system>.connection``).
This module must stay import-light: Airflow calls it while discovering providers.
"""

from __future__ import annotations

from typing import Any

from erplink import __version__


def get_provider_info() -> dict[str, Any]:
    from erplink.registry import connection_types

    return {
        "package-name": "erplink",
        "name": "erplink",
        "description": "Keeps online stores and ERPs in agreement: orders, refunds and customers into the ERP; "
        "items, prices and stock into the store.",
        "versions": [__version__],
        "connection-types": connection_types(),
    }
