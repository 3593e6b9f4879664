"""A `BigCommerceHook` talking to an in-process BigCommerce sandbox (no server, no Airflow connection store)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import Connection
from sandbox import Sandbox
from sandbox.bigcommerce import CONN_ID, create_sandbox
from sandbox.seed import generate_world

from erplink.http.retry import RetryPolicy
from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
from tests.support.asgi_session import asgi_session

WORLD_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BASE_URL = "https://api.bigcommerce.test"
QUICK_RETRY = RetryPolicy(max_attempts=6, sleep=lambda _s: None, random=lambda: 0.0)


class Clock:
    def __init__(self, start: datetime = WORLD_NOW + timedelta(hours=1)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def sandbox(clock: Clock, *, orders: int = 60, **options: Any) -> Sandbox:
    world = generate_world(seed=7, orders=orders, skus=24, now=WORLD_NOW)
    return create_sandbox(world, clock=clock, **options)


def hook_on(box: Sandbox) -> BigCommerceHook:
    conn = box.connections(BASE_URL, None)[CONN_ID]
    extra = {k: v for k, v in conn["extra"].items() if k != "verify"}
    hook = BigCommerceHook(bigcommerce_conn_id=CONN_ID, session=asgi_session(box.app), retry=QUICK_RETRY)
    hook.__dict__["connection"] = Connection(
        conn_id=CONN_ID, conn_type="bigcommerce", login=conn["login"], password=conn["password"],
        extra=json.dumps(extra),
    )  # fmt: skip
    return hook
