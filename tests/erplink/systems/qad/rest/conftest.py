"""The QAD hook against a served QAD sandbox (real HTTP on loopback), connected through QAD's REST."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from airflow.sdk import Connection

from erplink.http.retry import RetryPolicy
from erplink.systems.qad.hooks.qad import QadHook
from sandbox.qad.rest.connections import rest_connections
from sandbox.runner import RunningSandbox, start_sandboxes

NO_SLEEP_RETRY = RetryPolicy(max_attempts=2, sleep=lambda _s: None)
OAUTH, BASIC = "qad_rest_oauth", "qad_rest_basic"


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    with start_sandboxes(["qad"], orders=30, skus=20) as sandboxes:
        yield sandboxes.qad


def connection_spec(served: RunningSandbox, conn_id: str = OAUTH) -> dict[str, Any]:
    specs = rest_connections(served.state, served.base_url, served.ca_path, oauth_conn_id=OAUTH, basic_conn_id=BASIC)
    return specs[conn_id]


@pytest.fixture
def connect(monkeypatch: pytest.MonkeyPatch, served: RunningSandbox) -> Callable[..., QadHook]:
    """Make a hook on the served sandbox; keyword overrides change the connection (``extra`` merges)."""

    def make(conn_id: str = OAUTH, **overrides: Any) -> QadHook:
        spec = connection_spec(served, conn_id)
        extra = {**spec["extra"], **overrides.pop("extra", {})}
        spec = {**spec, **overrides}
        conn = Connection(conn_id="sandbox", conn_type="qad", host=spec["host"], login=spec.get("login"),
                          password=spec.get("password"), extra=json.dumps(extra))  # fmt: skip
        monkeypatch.setattr(QadHook, "get_connection", classmethod(lambda cls, _conn_id: conn))
        return QadHook(retry=NO_SLEEP_RETRY, page_size=7)

    return make
