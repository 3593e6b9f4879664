from datetime import datetime, timezone

import pytest

from erplink.systems.qad.hooks.qad import DEFAULT_ENTITY_PATHS, QadHook
from erplink.hooks.settings import ConnectionConfigError
from erplink.windows import Window
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection

TENANT = "http://127.0.0.1:9/tenants/acme"
BASE = "/tenants/acme"
UTC = timezone.utc


def make_hook(monkeypatch, *, page_size=100, **extra):
    use_connection(monkeypatch, QadHook, conn_type="qad", host=TENANT, login="integration", password="s3cret-pw",
                   extra=extra)
    api = FakeApi()
    api.route("POST", f"{BASE}/api/auth/login", lambda seen: (200, {"token": "jwt-abc", "expiresIn": 900})
              if seen.json == {"username": "integration", "password": "s3cret-pw"} else (401, {}))
    api.route("POST", f"{BASE}/oauth2/token",
              (200, {"access_token": "cc-token", "token_type": "Bearer", "expires_in": 900}))
    return QadHook(qad_conn_id="under_test", session=api.session(), retry=NO_RETRY, page_size=page_size), api


def listing(docs):
    def answer(seen):
        offset, limit = int(seen.query["offset"]), int(seen.query["limit"])
        return 200, {"data": docs[offset : offset + limit],
                     "pagination": {"offset": offset, "limit": limit, "total": len(docs)}}

    return answer


def swagger(paths):
    return {"openapi": "3.0.3", "paths": {p: {} for p in paths}}


def test_jwt_session_logs_in_and_sends_the_bearer_token(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", f"{BASE}/api/erp/v1/customers/C000001", (200, {"customerCode": "C000001"}))
    assert hook.get("customers", "C000001") == {"customerCode": "C000001"}
    assert api.calls("GET", "customers")[0].headers["Authorization"] == "Bearer jwt-abc"


def test_client_credentials_uses_the_configured_token_endpoint(monkeypatch):
    hook, api = make_hook(monkeypatch, auth_mode="client_credentials")
    api.route("GET", f"{BASE}/api/erp/v1/items/A", (200, {"itemNumber": "A"}))
    hook.get("items", "A")
    assert api.calls("POST", "/oauth2/token")
    assert api.calls("GET", "items")[0].headers["Authorization"] == "Bearer cc-token"


def test_entity_path_overrides_are_merged_with_the_defaults(monkeypatch):
    hook, _ = make_hook(monkeypatch, entity_paths='{"sales-orders": "/api/so/v2/orders"}')
    assert hook.entity_paths["sales-orders"] == "/api/so/v2/orders"
    assert hook.entity_paths["items"] == DEFAULT_ENTITY_PATHS["items"]


def test_a_relative_entity_path_override_is_rejected_naming_the_field(monkeypatch):
    hook, _ = make_hook(monkeypatch, entity_paths={"items": "api/items"})
    with pytest.raises(ConnectionConfigError) as caught:
        hook.entity_paths
    assert caught.value.field == "entity_paths"
    assert "'items' must start with '/'" in str(caught.value)


def test_connection_test_checks_every_entity_path_against_the_swagger_document(monkeypatch):
    hook, api = make_hook(monkeypatch, entity_paths={"sales-orders": "/api/erp/v9/orders"})
    api.route("GET", f"{BASE}/api/erp/v1/customers", listing([]))
    api.route("GET", f"{BASE}/api/swagger.json", (200, swagger([
        *DEFAULT_ENTITY_PATHS.values(), "/api/erp/v1/price-lists/{price_list}/prices"])))
    ok, message = hook.test_connection()
    assert not ok
    assert "sales-orders=/api/erp/v9/orders" in message
    assert "prices" not in message, "template parameter names may differ between the config and the document"
    assert api.calls("GET", "customers")[0].headers["Authorization"] == "Bearer jwt-abc"


def test_connection_test_succeeds_when_all_paths_are_declared(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", f"{BASE}/api/erp/v1/customers", listing([]))
    api.route("GET", f"{BASE}/api/swagger.json", (200, swagger(DEFAULT_ENTITY_PATHS.values())))
    ok, message = hook.test_connection()
    assert ok, message


def test_connection_test_fails_on_refused_login_without_the_password(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("POST", f"{BASE}/api/auth/login", (401, {"error": {"code": "UNAUTHORIZED", "message": "s3cret-pw?"}}))
    api.routes.insert(0, api.routes.pop())  # the refusing login wins over the accepting one
    ok, message = hook.test_connection()
    assert not ok
    assert "s3cret-pw" not in message


def test_iter_pages_by_offset_and_trims_records_after_the_window_end(monkeypatch):
    hook, api = make_hook(monkeypatch, page_size=2)
    docs = [{"itemNumber": f"I{i}", "modifiedAt": f"2026-01-05T10:00:0{i}Z"} for i in range(5)]
    api.route("GET", f"{BASE}/api/erp/v1/items", listing(docs))
    window = Window(datetime(2026, 1, 5, 10, 0, 1, tzinfo=UTC), datetime(2026, 1, 5, 10, 0, 4, tzinfo=UTC))
    got = [d["itemNumber"] for d in hook.iter("items", window=window, status="ACTIVE")]
    assert got == ["I1", "I2", "I3"]
    calls = api.calls("GET", "items")
    assert [c.query["offset"] for c in calls] == ["0", "2", "4"]
    assert calls[0].query["modifiedSince"] == "2026-01-05T10:00:01Z"
    assert calls[0].query["status"] == "ACTIVE"


def test_find_by_external_ref_returns_none_or_the_oldest_duplicate(monkeypatch):
    hook, api = make_hook(monkeypatch)
    docs = {"WC-1": [], "WC-2": [{"orderNumber": "SO2", "createdAt": "2026-01-02T00:00:00Z"},
                                 {"orderNumber": "SO1", "createdAt": "2026-01-01T00:00:00Z"}]}
    api.route("GET", f"{BASE}/api/erp/v1/sales-orders",
              lambda seen: listing(docs[seen.query["externalRef"]])(seen))
    assert hook.find_by_external_ref("sales-orders", "WC-1") is None
    assert hook.find_by_external_ref("sales-orders", "WC-2")["orderNumber"] == "SO1"


def test_create_update_and_cancel_use_the_entity_paths(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("POST", f"{BASE}/api/erp/v1/sales-orders", lambda s: (201, {"orderNumber": "SO9", **s.json}))
    api.route("PATCH", f"{BASE}/api/erp/v1/sales-orders/SO9", lambda s: (200, {"orderNumber": "SO9", **s.json}))
    api.route("POST", f"{BASE}/api/erp/v1/sales-orders/SO9/cancel", (200, {"orderNumber": "SO9", "status": "CANCELLED"}))
    assert hook.create("sales-orders", {"externalRef": "WC-9"})["orderNumber"] == "SO9"
    assert hook.update("sales-orders", "SO9", {"notes": "x"})["notes"] == "x"
    assert hook.cancel_sales_order("SO9")["status"] == "CANCELLED"


def test_items_by_numbers_chunks_the_item_filter(monkeypatch):
    hook, api = make_hook(monkeypatch)

    def answer(seen):
        asked = seen.query["itemNumber"].split(",")
        return listing([{"itemNumber": n} for n in asked if not n.endswith("7")])(seen)

    api.route("GET", f"{BASE}/api/erp/v1/items", answer)
    found = hook.items_by_numbers(f"N{i:03d}" for i in range(60))
    assert len(found) == 54 and "N007" not in found
    assert [len(c.query["itemNumber"].split(",")) for c in api.calls("GET", "items")] == [50, 10]


def test_prices_inventory_and_customers_by_email_pass_their_filters(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", f"{BASE}/api/erp/v1/price-lists/RETAIL%20USD/prices", listing([{"itemNumber": "A"}]))
    api.route("GET", f"{BASE}/api/erp/v1/inventory", listing([{"itemNumber": "A"}]))
    api.route("GET", f"{BASE}/api/erp/v1/customers", listing([{"customerCode": "C1"}]))
    assert list(hook.prices("RETAIL USD")) == [{"itemNumber": "A"}]
    assert list(hook.inventory("10-100", "FG"))
    assert hook.customers_by_email("a@example.com") == [{"customerCode": "C1"}]
    inventory_call = api.calls("GET", "inventory")[0].query
    assert (inventory_call["site"], inventory_call["location"]) == ("10-100", "FG")
    assert api.calls("GET", "customers")[0].query["email"] == "a@example.com"


def test_unknown_entity_is_a_clear_error(monkeypatch):
    hook, _ = make_hook(monkeypatch)
    with pytest.raises(ValueError, match="unknown QAD entity 'orders'"):
        hook.path_of("orders")
