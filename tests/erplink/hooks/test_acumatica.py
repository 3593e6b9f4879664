import pytest

from erplink.hooks.acumatica import AcumaticaHook
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


def test_iter_entities_pages_with_top_and_skip_and_combines_filters(monkeypatch):
    from datetime import datetime, timezone

    from erplink.windows import Window

    hook, api = make_hook(monkeypatch, client_id="c@T", client_secret="s")
    api.route("POST", "/AcumaticaERP/identity/connect/token", (200, {"access_token": "t", "expires_in": 3600}))
    rows = [{"id": f"g{i}"} for i in range(3)]
    api.route("GET", f"{BASE}/StockItem",
              lambda s: (200, rows[int(s.query["$skip"]) : int(s.query["$skip"]) + int(s.query["$top"])]))
    window = Window(datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert len(list(hook.iter_entities("StockItem", window=window, filter="ItemStatus eq 'Active'"))) == 3
    query = api.calls("GET", "StockItem")[0].query
    assert query["$filter"] == ("(ItemStatus eq 'Active') and (LastModifiedDateTime ge "
                                "datetimeoffset'2026-01-01T00:00:00+00:00' and LastModifiedDateTime lt "
                                "datetimeoffset'2026-01-02T00:00:00+00:00')")
    assert [c.query["$skip"] for c in api.calls("GET", "StockItem")] == ["0", "2"]
