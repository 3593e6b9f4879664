"""erplink's `AdobeCommerceHook` against the sandbox through the demo connection (built without the Airflow
database): its connection test, and a list walk that survives the unkind store (orders edited during the walk,
ties, the last page repeated past the end)."""

from __future__ import annotations

import json
from typing import Any

from airflow.sdk import Connection
from sandbox import Sandbox
from sandbox.adobe_commerce import CONN_ID, create_sandbox
from sandbox.seed import World

from erplink.http.retry import RetryPolicy
from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook
from tests.sandbox.adobe_commerce.conftest import BASE_URL
from tests.support.asgi_session import asgi_session

QUICK_RETRY = RetryPolicy(max_attempts=3, sleep=lambda _s: None, random=lambda: 0.0)


def hook_on(box: Sandbox, **extra_changes: Any) -> AdobeCommerceHook:
    conn = box.connections(BASE_URL, None)[CONN_ID]
    extra = {k: v for k, v in conn["extra"].items() if k != "verify"} | extra_changes
    hook = AdobeCommerceHook(adobe_commerce_conn_id=CONN_ID, session=asgi_session(box.app), retry=QUICK_RETRY)
    hook.__dict__["connection"] = Connection(
        conn_id=CONN_ID, conn_type="adobe_commerce", host=conn["host"], extra=json.dumps(extra)
    )
    return hook


def test_the_hooks_connection_test_passes_with_the_demo_connection(world: World) -> None:
    # The hook signs with the wall clock, so the store runs on it too (its skew still applies).
    ok, message = hook_on(create_sandbox(world)).test_connection()
    assert ok, message
    assert "2 store views" in message


def test_the_hooks_connection_test_fails_with_a_wrong_token_secret(world: World) -> None:
    ok, message = hook_on(create_sandbox(world), access_token_secret="0" * 32).test_connection()
    assert not ok
    assert "The signature is invalid" in message


def test_the_hooks_search_reads_every_order_once_while_others_change_and_ties_shuffle(world: World) -> None:
    """By id, never by page number: every order the store holds is read exactly once although orders are edited
    during the walk, rows with equal keys come back shuffled and a page past the end would repeat the last."""
    box = create_sandbox(world, churn_every_pages=2, churn_orders=3)
    before = {i: o["updated_at"] for i, o in box.state.records.orders.items()}
    read = [order["entity_id"] for order in hook_on(box).search("orders", page_size=5)]
    edited = {i for i, o in box.state.records.orders.items() if o["updated_at"] != before[i]}
    assert edited, "the walk met no edited order: the churn did not happen"
    assert sorted(read) == sorted(box.state.records.orders)


def test_the_hook_reads_a_single_order(world: World) -> None:
    box = create_sandbox(world)
    order_id = next(iter(box.state.records.orders))
    assert hook_on(box).get_order(order_id)["entity_id"] == order_id
