"""The runner serves the store over HTTPS on loopback, and the connection it gives is one the hook uses as is."""

from __future__ import annotations

import json

from airflow.sdk import Connection
from sandbox.adobe_commerce import CONN_ID
from sandbox.runner import start_sandboxes
from sandbox.seed import World

from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook


def test_the_served_store_answers_the_hook_over_https_with_the_demo_connection(small_world: World) -> None:
    with start_sandboxes(["adobe_commerce"], world=small_world) as running:
        served = running["adobe_commerce"]
        assert served.base_url.startswith("https://127.0.0.1:")
        conn = running.connections()[CONN_ID]
        assert conn["host"] == served.base_url and conn["extra"]["verify"] == served.ca_path
        hook = AdobeCommerceHook(adobe_commerce_conn_id=CONN_ID)
        hook.__dict__["connection"] = Connection(
            conn_id=CONN_ID, conn_type="adobe_commerce", host=conn["host"], extra=json.dumps(conn["extra"])
        )
        ok, message = hook.test_connection()
        assert ok, message
        orders = list(hook.search("orders", page_size=20))
        assert {order["entity_id"] for order in orders} == set(served.state.records.orders)
