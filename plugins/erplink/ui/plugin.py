"""Airflow plugin (entry point ``airflow.plugins: erplink_page``): mounts the erplink page on the API server and
links it into the UI's navigation (shown in the UI, under its own address ``/plugin/erplink``)."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from erplink.ui.app import URL_PREFIX, create_page_app


class ErplinkPagePlugin(AirflowPlugin):
    name = "erplink_page"
    # Airflow reads these lists off the class.
    fastapi_apps = [  # noqa: RUF012
        {"app": create_page_app(), "url_prefix": URL_PREFIX, "name": "erplink page"}
    ]
    external_views = [  # noqa: RUF012
        {"name": "erplink", "href": f"{URL_PREFIX}/", "destination": "nav", "url_route": "erplink"}
    ]
