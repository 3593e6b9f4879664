from datetime import UTC

import pytest

from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection

BASE = "/AcumaticaERP/entity/Default/24.200.001"


def make_hook(monkeypatch, **extra):
    use_connection(monkeypatch, AcumaticaHook, conn_type="acumatica", host="https://erp.example/AcumaticaERP",
                   login="admin", password="acu-pass", extra=extra)
    api = FakeApi()
    return AcumaticaHook(acumatica_conn_id="under_test", session=api.session(), retry=NO_RETRY, page_size=2), api


def test_oauth2_password_grant_token_then_bearer_calls(monkeypatch):
    hook, api = make_hook(monkeypatch, client_id="0c1e@Company", client_secret="acu-client-secret")
    api.route("POST", "/AcumaticaERP/identity/connect/token",
              (200, {"access_token": "acu-token", "token_type": "Bearer", "expires_in": 3600}))
    api.route("GET", f"{BASE}/StockItem", (200, [{"id": "g1", "InventoryID": {"value": "A"}}]))
    assert hook.test_connection() == (True, "Acumatica answered; read 1 stock item(s)")
    token_form = api.calls("POST", "connect/token")[0].body
    assert "grant_type=password" in token_form and "username=admin" in token_form
    assert api.calls("GET", "StockItem")[0].headers["Authorization"] == "Bearer acu-token"
    assert api.calls("GET", "StockItem")[0].query["$top"] == "1"


def test_cookie_login_is_logged_out_after_the_connection_test(monkeypatch):
    hook, api = make_hook(monkeypatch, auth_mode="cookie", tenant="Company")
    api.route("POST", "/AcumaticaERP/entity/auth/login", (204, None, {"Set-Cookie": "ASP.NET_SessionId=s1; path=/"}))
    api.route("POST", "/AcumaticaERP/entity/auth/logout", (204, None))
    api.route("GET", f"{BASE}/StockItem",
              lambda s: (200, []) if "ASP.NET_SessionId=s1" in s.headers.get("Cookie", "") else (401, {}))
    ok, message = hook.test_connection()
    assert ok, message
    assert api.calls("POST", "auth/login")[0].json == {"name": "admin", "password": "acu-pass", "tenant": "Company"}
    assert len(api.calls("POST", "auth/logout")) == 1


def test_put_entity_is_insert_only_by_default(monkeypatch):
    hook, api = make_hook(monkeypatch, client_id="c@T", client_secret="s")
    api.route("POST", "/AcumaticaERP/identity/connect/token", (200, {"access_token": "t", "expires_in": 3600}))
    api.route("PUT", f"{BASE}/Customer", lambda s: (200, s.json))
    hook.put_entity("Customer", {"CustomerID": {"value": "C1"}})
    assert api.calls("PUT", "Customer")[0].headers["If-None-Match"] == "*"
    hook.put_entity("Customer", {"CustomerID": {"value": "C1"}}, insert_only=False, update_only=True)
    assert api.calls("PUT", "Customer")[1].headers["If-Match"] == "*"
    with pytest.raises(ValueError):
        hook.put_entity("Customer", {}, update_only=True)


def test_iter_entities_reads_filter_ranges_without_skip_and_combines_filters(monkeypatch):
    from datetime import datetime

    from erplink.windows import Window

    hook, api = make_hook(monkeypatch, client_id="c@T", client_secret="s")
    api.route("POST", "/AcumaticaERP/identity/connect/token", (200, {"access_token": "t", "expires_in": 3600}))
    rows = [{"id": f"g{i}", "InventoryID": {"value": f"A{i}"},
             "LastModifiedDateTime": {"value": "2026-01-01T10:00:00+00:00"}} for i in range(1)]
    api.route("GET", f"{BASE}/StockItem", lambda s: (200, rows))
    window = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))
    read = list(hook.iter_entities("StockItem", window=window, filter="ItemStatus eq 'Active'",
                                   select="InventoryID", key_field="InventoryID"))
    assert len(read) == 1
    query = api.calls("GET", "StockItem")[0].query
    assert query["$filter"] == ("(ItemStatus eq 'Active') and LastModifiedDateTime ge "
                                "datetimeoffset'2026-01-01T00:00:00.000+00:00' and LastModifiedDateTime lt "
                                "datetimeoffset'2026-01-02T00:00:00.000+00:00'")
    assert "$skip" not in query and query["$select"] == "InventoryID,LastModifiedDateTime"


# --- cookie login through the HTTP core ---------------------------------------------------------------------

LOGIN = "/AcumaticaERP/entity/auth/login"
LOGIN_LIMIT_BODY = {"message": "An error has occurred.", "exceptionMessage": "API Login Limit",
                    "exceptionType": "PX.Data.PXException"}


def cookie_hook(monkeypatch, login_answers, *, attempts=6, seat_wait_s=0):
    from erplink.http.retry import RetryPolicy

    # seat_wait_s 0: a full licence fails at once (waiting for a seat is tested against the sandbox).
    use_connection(monkeypatch, AcumaticaHook, conn_type="acumatica", host="https://erp.example/AcumaticaERP",
                   login="admin", password="acu-pass-7c1d",
                   extra={"auth_mode": "cookie", "tenant": "Company", "seat_wait_s": seat_wait_s})
    api = FakeApi()
    answers = iter(login_answers)
    api.route("POST", LOGIN, lambda _s: next(answers))
    api.route("POST", "/AcumaticaERP/entity/auth/logout", (204, None))
    api.route("GET", f"{BASE}/StockItem",
              lambda s: (200, []) if "ASP.NET_SessionId=s1" in s.headers.get("Cookie", "") else (401, {}))
    retry = RetryPolicy(max_attempts=attempts, sleep=lambda _s: None, random=lambda: 0.0)
    return AcumaticaHook(acumatica_conn_id="under_test", session=api.session(), retry=retry), api


SESSION = (204, None, {"Set-Cookie": "ASP.NET_SessionId=s1; path=/"})


def test_cookie_login_is_counted_and_retried_after_an_outage(monkeypatch):
    hook, api = cookie_hook(monkeypatch, [(503, {}), SESSION])
    assert hook.client.get_json("StockItem", endpoint="GET StockItem") == []
    assert len(api.calls("POST", "auth/login")) == 2
    assert hook.counter.count("acumatica", "POST auth/login", 503) == 1
    assert hook.counter.count("acumatica", "POST auth/login", 204) == 1
    assert hook.counter.count("acumatica", "GET StockItem", 200) == 1


def test_a_refused_cookie_login_is_an_authentication_error_that_stops_the_load(monkeypatch):
    from erplink.http.errors import AuthenticationError
    from erplink.load import Disposition, default_classifier

    hook, api = cookie_hook(monkeypatch, [(401, {"message": "Invalid credentials for admin/acu-pass-7c1d"})] * 9)
    with pytest.raises(AuthenticationError) as raised:
        hook.client.get_json("StockItem", endpoint="GET StockItem")
    assert len(api.calls("POST", "auth/login")) == 1, "a refusal is not retried"
    assert "acu-pass-7c1d" not in str(raised.value)
    assert default_classifier(raised.value) is Disposition.ABORT


@pytest.mark.parametrize("status", [500, 401])
def test_api_login_limit_is_a_retryable_429_tried_a_bounded_number_of_times(monkeypatch, status):
    from erplink.auth.base import TOKEN_MAX_ATTEMPTS
    from erplink.http.errors import AuthenticationError, TransientApiError
    from erplink.load import Disposition, default_classifier

    hook, api = cookie_hook(monkeypatch, [(status, LOGIN_LIMIT_BODY)] * 20, attempts=6)
    with pytest.raises(TransientApiError) as raised:
        hook.client.get_json("StockItem", endpoint="GET StockItem")
    error = raised.value
    assert not isinstance(error, AuthenticationError)
    assert (error.status, error.code) == (429, "API_LOGIN_LIMIT")
    assert "API Login Limit" in str(error)
    assert default_classifier(error) is Disposition.RETRY, "the next run tries again; the run goes on"
    logins = len(api.calls("POST", "auth/login"))
    assert 1 <= logins <= TOKEN_MAX_ATTEMPTS, "not multiplied by the data request's own retries"
    assert api.calls("GET", "StockItem") == []


def test_a_failed_logout_does_not_hide_the_error_that_ended_the_work(monkeypatch, caplog):
    hook, api = cookie_hook(monkeypatch, [SESSION])
    api.routes = [r for r in api.routes if "logout" not in r[1].pattern]
    api.route("POST", "/AcumaticaERP/entity/auth/logout", (500, {}))
    with pytest.raises(RuntimeError, match="the real problem"), hook:
        hook.client.get_json("StockItem", endpoint="GET StockItem")
        raise RuntimeError("the real problem")
    assert any("logout failed" in r.getMessage() for r in caplog.records)
