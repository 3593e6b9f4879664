"""Airflow plugin (entry point ``airflow.plugins: erplink``) that mounts the webhook app on the API server."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from erplink.webhooks.app import URL_PREFIX, create_webhooks_app


class ErplinkWebhooksPlugin(AirflowPlugin):
    name = "erplink_webhooks"
    # Airflow reads this list off the class (AirflowPlugin declares it as a plain attribute, so no ClassVar here).
    fastapi_apps = [  # noqa: RUF012
        {"app": create_webhooks_app(), "url_prefix": URL_PREFIX, "name": "erplink webhooks"}
    ]
