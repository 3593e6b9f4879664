"""The WooCommerce and QAD hooks against the running sandboxes (real HTTP on loopback, TLS for Woo)."""

import json
from collections.abc import Iterator

import pytest
from airflow.sdk import Connection

from erplink.hooks.qad import QadHook
from erplink.hooks.woocommerce import WooCommerceHook
from erplink.http.retry import RetryPolicy
from sandbox.runner import RunningSandboxes, start_sandboxes

NO_SLEEP_RETRY = RetryPolicy(max_attempts=2, sleep=lambda _s: None)


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSandboxes]:
    with start_sandboxes(["woocommerce", "qad"], orders=30, skus=20) as sandboxes:
        yield sandboxes


def connect(monkeypatch, hook_class: type, spec: dict, **overrides) -> None:
    spec = {**spec, **overrides}
    conn = Connection(conn_id="sandbox", conn_type=spec["conn_type"], host=spec["host"], login=spec.get("login"),
                      password=spec.get("password"), extra=json.dumps(spec.get("extra") or {}))
    monkeypatch.setattr(hook_class, "get_connection", classmethod(lambda cls, _conn_id: conn))


def test_woo_over_https_basic_auth_streams_every_order(monkeypatch, running):
    connect(monkeypatch, WooCommerceHook, running.connections()["erplink_woo_demo"])
    hook = WooCommerceHook(retry=NO_SLEEP_RETRY)
    ok, message = hook.test_connection()
    assert ok, message
    total = int(message.split("; ")[1].split()[0])
    orders = list(hook.iter_orders(per_page=7))
    assert len(orders) == total
    assert len({o["id"] for o in orders}) == total
    assert hook.get_order(orders[0]["id"])["id"] == orders[0]["id"]


def test_woo_over_plain_http_signs_with_oauth1(monkeypatch, running):
    spec = running.connections()["erplink_woo_demo"]
    connect(monkeypatch, WooCommerceHook, spec, host=running.woocommerce.http_url,
            extra={**spec["extra"], "allow_insecure_http": True})
    ok, message = WooCommerceHook(retry=NO_SLEEP_RETRY).test_connection()
    assert ok, message


def test_woo_plain_http_is_refused_without_permission(monkeypatch, running):
    connect(monkeypatch, WooCommerceHook, running.connections()["erplink_woo_demo"], host=running.woocommerce.http_url)
    ok, message = WooCommerceHook(retry=NO_SLEEP_RETRY).test_connection()
    assert not ok and "allow_insecure_http" in message


def test_qad_login_and_swagger_path_validation(monkeypatch, running):
    spec = running.connections()["erplink_qad_demo"]
    connect(monkeypatch, QadHook, spec)
    ok, message = QadHook(retry=NO_SLEEP_RETRY).test_connection()
    assert ok, message
    assert list(QadHook(retry=NO_SLEEP_RETRY).iter("items"))

    wrong = {**spec["extra"], "entity_paths": {**(spec["extra"].get("entity_paths") or {}),
                                               "sales-orders": "/api/erp/v1/salesorders"}}
    connect(monkeypatch, QadHook, spec, extra=wrong)
    ok, message = QadHook(retry=NO_SLEEP_RETRY).test_connection()
    assert not ok
    assert "sales-orders=/api/erp/v1/salesorders" in message


def test_qad_wrong_password_fails_the_test_without_echoing_it(monkeypatch, running):
    connect(monkeypatch, QadHook, running.connections()["erplink_qad_demo"], password="not-the-password-123")
    ok, message = QadHook(retry=NO_SLEEP_RETRY).test_connection()
    assert not ok and "not-the-password-123" not in message
