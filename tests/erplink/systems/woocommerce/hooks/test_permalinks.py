"""Test Connection names a WordPress site on "Plain" permalinks, and how to fix it: there the REST API has no
/wp-json/ address (a theme page answers it), while /?rest_route=/wc/v3 works."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from airflow.sdk import Connection

from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from erplink.http.retry import RetryPolicy
from sandbox.runner import RunningSandboxes, start_sandboxes
from tests.erplink.hooks.fakes import FakeApi, Seen
from tests.erplink.systems.woocommerce.hooks.test_woocommerce import make_hook

INDEX = {"namespace": "wc/v3", "routes": {"/wc/v3/orders": {"methods": ["GET"]}}}
HOME_PAGE = "<!DOCTYPE html><html><body>Shop home</body></html>"
FIX = "Settings -> Permalinks"


def _rest_route_index(seen: Seen) -> tuple[int, object] | tuple[int, object, dict[str, str]]:
    if seen.query.get("rest_route") == "/wc/v3":
        return 200, INDEX
    return 200, HOME_PAGE, {"Content-Type": "text/html; charset=UTF-8"}


def test_a_home_page_at_the_api_address_is_named_as_plain_permalinks(monkeypatch) -> None:
    """Some hosts answer the unknown /wp-json/ address with the home page and status 200."""
    api = FakeApi()
    api.route("GET", "/wp-json/wc/v3/orders", (200, HOME_PAGE, {"Content-Type": "text/html; charset=UTF-8"}))
    api.route("GET", "/", _rest_route_index)
    hook, _ = make_hook(monkeypatch, api)

    ok, message = hook.test_connection()

    assert not ok
    assert '"Plain" permalinks' in message and FIX in message and "api_path to /?rest_route=/wc/v3" in message
    assert "'under_test'" in message


def test_the_permalinks_probe_sends_no_credentials(monkeypatch) -> None:
    api = FakeApi()
    api.route("GET", "/", _rest_route_index)
    hook, _ = make_hook(monkeypatch, api, auth_placement="query")
    hook.test_connection()
    (probe,) = api.calls("GET", "/")[-1:]
    assert probe.query == {"rest_route": "/wc/v3"} and "Authorization" not in probe.headers


def test_a_404_for_another_reason_is_not_blamed_on_permalinks(monkeypatch) -> None:
    """WooCommerce missing, or a wrong store URL: ?rest_route= fails too, and the store's own 404 is reported."""
    hook, _ = make_hook(monkeypatch, FakeApi())
    ok, message = hook.test_connection()
    assert not ok and "NotFoundError" in message and "Permalinks" not in message


def test_a_page_instead_of_json_without_a_rest_api_names_the_store_url(monkeypatch) -> None:
    api = FakeApi()
    api.route("GET", "/wp-json/wc/v3/orders", (200, HOME_PAGE, {"Content-Type": "text/html; charset=UTF-8"}))
    hook, _ = make_hook(monkeypatch, api)
    ok, message = hook.test_connection()
    assert not ok and "instead of JSON" in message and "'host'" in message


@pytest.fixture(scope="module")
def plain_permalinks_store() -> Iterator[RunningSandboxes]:
    """The WooCommerce sandbox with its WordPress site switched to "Plain" permalinks."""
    with start_sandboxes(["woocommerce"], orders=20, skus=10) as running:
        verify = running.connections()["erplink_woo_demo"]["extra"]["verify"]
        switched = requests.put(f"{running.woocommerce.base_url}/__admin__/permalinks", json={"structure": "plain"},
                                verify=verify, timeout=30)
        assert switched.json() == {"structure": "plain"}
        yield running


def _sandbox_hook(monkeypatch, running: RunningSandboxes, **extra: object) -> WooCommerceHook:
    spec = running.connections()["erplink_woo_demo"]
    conn = Connection(conn_id="erplink_woo_demo", conn_type="woocommerce", host=spec["host"], login=spec["login"],
                      password=spec["password"], extra=json.dumps({**spec["extra"], **extra}))
    monkeypatch.setattr(WooCommerceHook, "get_connection", classmethod(lambda cls, _conn_id: conn))
    return WooCommerceHook(woocommerce_conn_id="erplink_woo_demo",
                           retry=RetryPolicy(max_attempts=2, sleep=lambda _s: None))


def test_a_store_on_plain_permalinks_fails_test_connection_with_the_fix(monkeypatch, plain_permalinks_store) -> None:
    ok, message = _sandbox_hook(monkeypatch, plain_permalinks_store).test_connection()
    assert not ok
    assert "HTTP 404" in message and '"Plain" permalinks' in message and FIX in message
    assert "'erplink_woo_demo'" in message and "'api_path'" in message


def test_the_rest_route_api_path_the_message_offers_works(monkeypatch, plain_permalinks_store) -> None:
    hook = _sandbox_hook(monkeypatch, plain_permalinks_store, api_path="/?rest_route=/wc/v3")
    ok, message = hook.test_connection()
    assert ok, message
    assert {order["id"] for order in hook.iter_orders_with_trash()} == set(plain_permalinks_store.woocommerce.state.docs.orders)
