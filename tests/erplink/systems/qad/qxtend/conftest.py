"""The QXtend hook against a served QAD sandbox (real HTTP on loopback), through its QXI endpoint."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from airflow.sdk import Connection
from sandbox.qad.qxtend.connections import qxtend_connection
from sandbox.runner import RunningSandbox, start_sandboxes

from erplink.http.retry import RetryPolicy
from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook

RETRY_WITHOUT_SLEEP = RetryPolicy(max_attempts=3, sleep=lambda _s: None)


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    with start_sandboxes(["qad"], orders=30, skus=20) as sandboxes:
        yield sandboxes.qad


@pytest.fixture
def connect(monkeypatch: pytest.MonkeyPatch, served: RunningSandbox) -> Callable[..., QadQxtendHook]:
    """Make a hook on the served sandbox; keyword overrides change the connection (``extra`` merges)."""

    def make(**overrides: Any) -> QadQxtendHook:
        spec = qxtend_connection(served.state, served.base_url, served.ca_path)
        extra = {**spec["extra"], **overrides.pop("extra", {})}
        spec = {**spec, **overrides}
        conn = Connection(conn_id="sandbox", conn_type="qad_qxtend", host=spec["host"], login=spec.get("login"),
                          password=spec.get("password"), extra=json.dumps(extra))  # fmt: skip
        monkeypatch.setattr(QadQxtendHook, "get_connection", classmethod(lambda cls, _conn_id: conn))
        return QadQxtendHook(retry=RETRY_WITHOUT_SLEEP)

    return make
