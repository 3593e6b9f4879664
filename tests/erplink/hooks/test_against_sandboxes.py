"""The WooCommerce and QAD hooks against the running sandboxes (real HTTP on loopback, TLS for Woo)."""

import json
from collections.abc import Iterator

import pytest
from airflow.sdk import Connection

from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
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


def test_qad_sign_in_and_entity_path_validation(monkeypatch, running):
    spec = running.connections()["erplink_qad_demo"]
    connect(monkeypatch, QadHook, spec)
    ok, message = QadHook(retry=NO_SLEEP_RETRY).test_connection()
    assert ok, message
    assert list(QadHook(retry=NO_SLEEP_RETRY).iter("items"))

    wrong = {**spec["extra"], "entity_paths": {"salesOrderHeaders": "api/erp/salesOrderHeader"}}
    connect(monkeypatch, QadHook, spec, extra=wrong)
    ok, message = QadHook(retry=NO_SLEEP_RETRY).test_connection()
    assert not ok
    assert "entity salesOrderHeaders (api/erp/salesOrderHeader" in message


def test_qad_wrong_password_fails_the_test_without_echoing_it(monkeypatch, running):
    connect(monkeypatch, QadHook, running.connections()["erplink_qad_demo"], password="not-the-password-123")
    ok, message = QadHook(retry=NO_SLEEP_RETRY).test_connection()
    assert not ok and "not-the-password-123" not in message


@pytest.fixture
def stripped_authorization(running) -> Iterator[None]:
    """The store sits behind a host that drops the Authorization header before WooCommerce sees it."""
    running.woocommerce.faults.set({"strip_authorization": True})
    try:
        yield
    finally:
        running.woocommerce.faults.clear()


def plain_http_hook(monkeypatch, running, placement: str) -> WooCommerceHook:
    spec = running.connections()["erplink_woo_demo"]
    connect(monkeypatch, WooCommerceHook, spec, host=running.woocommerce.http_url,
            extra={**spec["extra"], "allow_insecure_http": True, "auth_placement": placement})
    return WooCommerceHook(retry=NO_SLEEP_RETRY)


def test_oauth1_in_the_header_fails_for_good_where_the_header_is_stripped(monkeypatch, running,
                                                                           stripped_authorization):
    ok, message = plain_http_hook(monkeypatch, running, "header").test_connection()
    assert not ok and "401" in message


def record_signatures(monkeypatch) -> list[str]:
    """Every oauth_signature sent, from the header or the query string, as it went on the wire."""
    from urllib.parse import parse_qsl, urlsplit

    from oauthlib.oauth1.rfc5849.utils import parse_authorization_header
    from requests.adapters import HTTPAdapter

    sent: list[str] = []
    send = HTTPAdapter.send

    def recording(adapter, request, *args, **kwargs):
        header = request.headers.get("Authorization") or ""
        header = header.decode() if isinstance(header, bytes) else header
        params = parse_authorization_header(header) if header.startswith("OAuth ") else []
        params += parse_qsl(urlsplit(request.url).query)
        sent.extend(value for name, value in params if name == "oauth_signature")
        return send(adapter, request, *args, **kwargs)

    monkeypatch.setattr(HTTPAdapter, "send", recording)
    return sent


@pytest.mark.parametrize("placement", ["query", "auto"])
def test_oauth1_signed_into_the_query_survives_a_stripped_authorization_header(monkeypatch, running, caplog,
                                                                               stripped_authorization, placement):
    import logging
    from urllib.parse import unquote

    caplog.set_level(logging.DEBUG)
    signatures = record_signatures(monkeypatch)
    hook = plain_http_hook(monkeypatch, running, placement)
    ok, message = hook.test_connection()
    assert ok, message
    orders = list(hook.iter_orders(per_page=9))  # several signed pages, each with a fresh nonce
    assert len(orders) == int(message.split("; ")[1].split()[0])
    outcome = hook.set_orders_meta("_erplink_probe", {orders[0]["id"]: "signed-in-query"})  # a signed POST too
    assert outcome == {orders[0]["id"]: None}
    assert hook.client.auth.uses_query
    refused = hook.counter.count("woocommerce", status=401)
    # auto: the very first request is refused once, then every request is signed into the query string.
    assert refused == (1 if placement == "auto" else 0)
    # Signed URLs are logged at DEBUG (the transport, the signing library): never with the signature or key.
    secret = running.connections()["erplink_woo_demo"]["password"]
    logged = caplog.text
    assert signatures and "oauth_signature=***" in logged
    assert not [s for s in signatures if s in logged or unquote(s) in logged]
    assert secret not in logged
