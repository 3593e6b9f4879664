from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection


def make_hook(monkeypatch, **extra):
    use_connection(
        monkeypatch, BigCommerceHook, conn_type="bigcommerce", login="client-1", password="bc-token-123", extra=extra
    )
    api = FakeApi()
    return BigCommerceHook(bigcommerce_conn_id="under_test", session=api.session(), retry=NO_RETRY), api


def test_store_hash_builds_the_gateway_url_and_the_token_goes_in_x_auth_token(monkeypatch):
    hook, api = make_hook(monkeypatch, store_hash="abc123")
    api.route("GET", "/stores/abc123/v2/store", (200, {"name": "Demo"}))
    assert hook.test_connection() == (True, "BigCommerce store 'Demo' answered")
    assert api.seen[0].headers["X-Auth-Token"] == "bc-token-123"
    assert "Authorization" not in api.seen[0].headers


def test_missing_store_hash_is_named(monkeypatch):
    hook, _ = make_hook(monkeypatch)
    ok, message = hook.test_connection()
    assert not ok and "'store_hash'" in message


def test_v2_lists_stop_on_204_and_v3_follow_meta_pagination(monkeypatch):
    hook, api = make_hook(monkeypatch, store_hash="abc123")
    api.route(
        "GET",
        "/stores/abc123/v2/orders/1/products",
        lambda s: (200, [{"id": 1}, {"id": 2}]) if s.query["page"] == "1" else (204, None),
    )
    assert [o["id"] for o in hook.iter_v2("orders/1/products", limit=2)] == [1, 2]

    api.route(
        "GET",
        "/stores/abc123/v3/catalog/products",
        lambda s: (
            200,
            {
                "data": [{"id": int(s.query["page"])}],
                "meta": {"pagination": {"current_page": int(s.query["page"]), "total_pages": 3}},
            },
        ),
    )
    assert [p["id"] for p in hook.iter_v3("catalog/products", limit=1)] == [1, 2, 3]


def test_client_secret_is_treated_as_a_secret(monkeypatch):
    hook, _ = make_hook(monkeypatch, store_hash="abc", client_secret="bc-client-secret")
    assert {"bc-token-123", "bc-client-secret"} <= set(hook.secrets)


def test_an_orders_transactions_are_read_from_v3_and_counted_under_one_endpoint_label(monkeypatch):
    hook, api = make_hook(monkeypatch, store_hash="abc123")
    rows = [{"id": 2, "event": "capture"}, {"id": 1, "event": "authorization"}]
    meta = {"pagination": {"total": 2, "count": 2, "current_page": 1, "total_pages": 1}}
    api.route("GET", "/stores/abc123/v3/orders/7/transactions", (200, {"data": rows, "meta": meta}))
    api.route("GET", "/stores/abc123/v3/orders/8/transactions", (204, None))  # an order without transactions
    assert hook.transactions_of(7) == rows
    assert hook.transactions_of(8) == []
    assert hook.counter.count("bigcommerce", "GET v3/orders/{id}/transactions") == 2
