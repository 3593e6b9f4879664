"""The orders DAG through expiring QAD sessions, a host that strips the Authorization header, and 429 storms:
each run succeeds and QAD ends with every expected document exactly once."""

from __future__ import annotations

import json
import threading

import pytest

from tests.e2e.checks import duplicated_refs, expectation, posted_refs
from tests.support.integration import Harness

LOGIN_ROUTE = "POST /clouderp/oauth/token"
WOO_CONNECTION_ENV = "AIRFLOW_CONN_ERPLINK_WOO_DEMO"


def _assert_everything_posted_once(h: Harness) -> None:
    want = expectation(h)
    assert duplicated_refs(h, "sales-orders") == {}
    assert duplicated_refs(h, "credit-memos") == {}
    assert posted_refs(h) == set(want.sales_orders)
    assert posted_refs(h, "credit-memos") == set(want.credit_memos)


class _TokenRevoker(threading.Thread):
    """Revokes every QAD session each time QAD has received `every` more sales orders, while a run goes on."""

    def __init__(self, h: Harness, every: int) -> None:
        super().__init__(daemon=True)
        self._h, self._every = h, every
        self._halt = threading.Event()
        self.revoked_at: list[int] = []

    def run(self) -> None:
        next_at = self._every
        while not self._halt.wait(0.005):
            posted = len(self._h.qad.documents("sales-orders"))
            if posted >= next_at:
                self._h.qad.expire_tokens()
                self.revoked_at.append(posted)
                next_at = posted + self._every

    def stop(self) -> None:
        self._halt.set()
        self.join()


def test_qad_sessions_expiring_between_and_during_runs_lose_and_double_nothing(integration) -> None:
    h: Harness = integration(orders=100, skus=40)
    first_ids = [order["id"] for order in h.world.orders[:30]]
    assert h.run("orders", {"order_ids": first_ids}) == "success"
    h.qad.expire_tokens()  # between runs
    h.running.qad.faults.set({"latency_ms": 10})  # posting takes long enough to be interrupted
    logins_before = h.qad.request_counts().get(LOGIN_ROUTE, 0)

    revoker = _TokenRevoker(h, every=8)
    revoker.start()
    try:
        assert h.run("orders") == "success"
    finally:
        revoker.stop()

    total = len(expectation(h).sales_orders)
    mid_run = [count for count in revoker.revoked_at if count < total]
    assert len(mid_run) >= 2, f"sessions were not revoked during the load: {revoker.revoked_at}"
    # One login per QAD-using task, plus one per revocation the load step ran into.
    assert h.qad.request_counts()[LOGIN_ROUTE] - logins_before > len(mid_run)
    _assert_everything_posted_once(h)


def _woo_connection_with(monkeypatch: pytest.MonkeyPatch, h: Harness, **extra: object) -> None:
    connection = json.loads(h.env[WOO_CONNECTION_ENV])
    connection["extra"] = {**connection["extra"], **extra}
    monkeypatch.setenv(WOO_CONNECTION_ENV, json.dumps(connection))


def test_host_stripping_the_authorization_header_fails_header_auth_and_auto_falls_back_to_query_keys(
        integration, monkeypatch) -> None:
    """With the header stripped, header-only keys are refused (so the fault is real), while `auto` placement
    retries with the keys in the query string and the run succeeds."""
    h: Harness = integration(orders=60, skus=30)
    h.running.woocommerce.faults.set({"strip_authorization": True})
    assert h.run("orders") == "failed"
    assert h.qad.documents("sales-orders") == []

    _woo_connection_with(monkeypatch, h, auth_placement="auto")
    assert h.run("orders") == "success"

    _assert_everything_posted_once(h)
    markers = [o for o in h.woo.docs.orders.values()
               if any(m["key"] == "_erplink_qad_ref" for m in o["meta_data"])]
    assert len(markers) == len(expectation(h).sales_orders), "write-back needs the store's auth too"


def test_429_storm_on_both_systems_ends_in_success_after_backing_off(integration) -> None:
    """Both sandboxes answer bursts of 429 with Retry-After: 1 (the client honours the hint, so the test waits
    a few seconds in all); every burst is used up and the run still posts everything once."""
    h: Harness = integration(orders=60, skus=30)
    h.running.woocommerce.faults.set({"status_burst": [{"status": 429, "count": 3, "path_prefix": "/wp-json/"}]})
    h.running.qad.faults.set({"status_burst": [{"status": 429, "count": 3, "path_prefix": "/tenants/"}]})

    assert h.run("orders") == "success"

    assert h.running.woocommerce.faults.describe()["injected"]["status"] == 3
    assert h.running.qad.faults.describe()["injected"]["status"] == 3
    _assert_everything_posted_once(h)
