import pytest

from erplink.systems.qbm.hooks.qbm import QbmHook
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection


def make_hook(monkeypatch, host="http://qbm.local", **extra):
    use_connection(monkeypatch, QbmHook, conn_type="qbm", host=host, login="web", password="qbm-pass", extra=extra)
    api = FakeApi()
    return QbmHook(qbm_conn_id="under_test", session=api.session(), retry=NO_RETRY), api


def test_default_port_is_8053(monkeypatch):
    hook, _ = make_hook(monkeypatch)
    assert hook.service_url == "http://qbm.local:8053"


def test_connection_test_logs_in_with_configured_fields_and_validates_the_token(monkeypatch):
    hook, api = make_hook(monkeypatch, app_id="APP-7", token_header="X-QBM-Token", permission_header="X-QBM-App",
                          login_username_field="UserName", login_password_field="Password", token_field="data.token")
    api.route("POST", "/api/Connection/login", (200, {"data": {"token": "tok-1"}}))
    api.route("GET", "/api/Connection/validateToken", (200, True))
    assert hook.test_connection() == (True, "QBMWServices login succeeded and the token validated")
    assert api.calls("POST", "login")[0].json == {"UserName": "web", "Password": "qbm-pass"}
    validate = api.calls("GET", "validateToken")[0]
    assert validate.headers["X-QBM-Token"] == "tok-1" and validate.headers["X-QBM-App"] == "APP-7"


def test_login_without_a_token_fails_the_test_without_the_password(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("POST", "/api/Connection/login", (200, {"message": "bad password qbm-pass"}))
    ok, message = hook.test_connection()
    assert not ok and "token" in message and "qbm-pass" not in message


def test_expired_token_triggers_one_new_login(monkeypatch):
    hook, api = make_hook(monkeypatch, routes={"items": "api/v2/Items"})
    tokens = iter(["old", "new"])
    api.route("POST", "/api/Connection/login", lambda s: (200, {"token": next(tokens)}))
    api.route("GET", "/api/v2/Items", lambda s: (200, [{"sku": "A"}]) if s.headers["Token"] == "new" else (401, {}))
    assert hook.items(active=True) == [{"sku": "A"}]
    assert len(api.calls("POST", "login")) == 2
    assert api.calls("GET", "Items")[-1].query == {"active": "True"}


def test_bare_string_token_answers_are_accepted(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("POST", "/api/Connection/login", (200, "plain-token"))
    api.route("POST", "/api/CustomerOrder", lambda s: (201, {"id": 5, **s.json}))
    assert hook.create_customer_order({"reference": "WC-1"})["id"] == 5
    assert api.calls("POST", "CustomerOrder")[0].headers["Token"] == "plain-token"


def test_the_login_is_counted_with_the_business_calls(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("POST", "/api/Connection/login", (200, {"token": "tok-1"}))
    api.route("GET", "/api/Item", (200, []))
    hook.items()
    assert hook.counter.count("qbm", "POST login", 200) == 1
    assert hook.counter.count("qbm", "GET items", 200) == 1


def test_a_refused_login_is_an_authentication_error_tried_once(monkeypatch):
    from erplink.http.errors import AuthenticationError
    from erplink.http.retry import RetryPolicy

    use_connection(monkeypatch, QbmHook, conn_type="qbm", host="http://qbm.local", login="web", password="qbm-pass")
    api = FakeApi()
    api.route("POST", "/api/Connection/login", (401, {"message": "invalid user qbm-pass"}))
    hook = QbmHook(qbm_conn_id="under_test", session=api.session(),
                   retry=RetryPolicy(max_attempts=6, sleep=lambda _s: None, random=lambda: 0.0))
    with pytest.raises(AuthenticationError) as caught:
        hook.items()
    assert len(api.calls("POST", "login")) == 1
    assert "qbm-pass" not in str(caught.value)


def test_a_login_endpoint_that_is_down_is_tried_a_bounded_number_of_times(monkeypatch):
    from erplink.auth.base import TOKEN_MAX_ATTEMPTS
    from erplink.http.errors import TransientApiError
    from erplink.http.retry import RetryPolicy

    use_connection(monkeypatch, QbmHook, conn_type="qbm", host="http://qbm.local", login="web", password="qbm-pass")
    api = FakeApi()
    api.route("POST", "/api/Connection/login", (503, {}))
    hook = QbmHook(qbm_conn_id="under_test", session=api.session(),
                   retry=RetryPolicy(max_attempts=6, sleep=lambda _s: None, random=lambda: 0.0))
    with pytest.raises(TransientApiError):
        hook.items()
    assert len(api.calls("POST", "login")) == TOKEN_MAX_ATTEMPTS
    assert api.calls("GET", "Item") == []
