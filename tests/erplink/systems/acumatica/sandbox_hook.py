"""An `AcumaticaHook` talking to an in-process Acumatica sandbox (no server, no Airflow connection store)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import Connection
from sandbox import Sandbox
from sandbox.acumatica import create_sandbox
from sandbox.seed import World, generate_world

from erplink.http.retry import RetryPolicy
from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
from tests.support.asgi_session import asgi_session

WORLD_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BASE_URL = "https://acumatica.test"
QUICK_RETRY = RetryPolicy(max_attempts=6, sleep=lambda _s: None, random=lambda: 0.0)


class Clock:
    def __init__(self, start: datetime = WORLD_NOW + timedelta(hours=1)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def small_world(seed: int = 7, orders: int = 40, skus: int = 24) -> World:
    return generate_world(seed=seed, orders=orders, skus=skus, now=WORLD_NOW)


def sandbox(world: World | None = None, clock: Clock | None = None, **options: Any) -> Sandbox:
    return create_sandbox(world or small_world(), clock=clock or Clock(), **options)


def hook_on(box: Sandbox, *, retry: RetryPolicy = QUICK_RETRY, extra: dict[str, Any] | None = None,
            password: str | None = None, **kwargs: Any) -> AcumaticaHook:
    conn = box.connections(BASE_URL, None)["erplink_acumatica_demo"]
    conn_extra = {**conn["extra"], **(extra or {})}
    conn_extra.pop("verify", None)
    hook = AcumaticaHook(acumatica_conn_id="erplink_acumatica_demo", session=asgi_session(box.app), retry=retry,
                         sleep=lambda _s: None, **kwargs)
    hook.__dict__["connection"] = Connection(
        conn_id="erplink_acumatica_demo", conn_type="acumatica", host=conn["host"], login=conn["login"],
        password=password or conn["password"], extra=json.dumps(conn_extra))
    return hook


def value(record: dict[str, Any], field: str) -> Any:
    node = record.get(field)
    return node.get("value") if isinstance(node, dict) else None
