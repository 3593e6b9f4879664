from datetime import datetime, timezone

import pytest

from erplink.auth import OAuth1OneLegged
from erplink.systems.woocommerce.auth import WooKeyAuth
from erplink.hooks.settings import ConnectionConfigError
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from erplink.http.errors import PermanentApiError, TransientApiError
from erplink.http.retry import RetryPolicy
from erplink.windows import Watermark, Window
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection

KEY, SECRET = "ck_0123456789abcdef", "cs_fedcba9876543210"
UTC = timezone.utc
ONE_RETRY = RetryPolicy(max_attempts=2, sleep=lambda _s: None)


def make_hook(monkeypatch, api: FakeApi | None = None, *, host="https://shop.example", **extra):
    use_connection(monkeypatch, WooCommerceHook, conn_type="woocommerce", host=host, login=KEY, password=SECRET,
                   extra=extra)
    api = api or FakeApi()
    return WooCommerceHook(woocommerce_conn_id="under_test", session=api.session(), retry=NO_RETRY), api


def test_https_store_uses_key_auth_with_the_configured_placement(monkeypatch):
    hook, _ = make_hook(monkeypatch, auth_placement="query")
    assert isinstance(hook.client.auth, WooKeyAuth)
    assert hook.client.base_url == "https://shop.example/wp-json/wc/v3/"


def test_plain_http_store_is_refused_unless_insecure_http_is_allowed(monkeypatch):
    hook, _ = make_hook(monkeypatch, host="http://shop.example")
    with pytest.raises(ConnectionConfigError) as caught:
        hook.client
    assert caught.value.field == "allow_insecure_http"


def test_plain_http_with_permission_signs_with_oauth1(monkeypatch):
    hook, api = make_hook(monkeypatch, host="http://shop.example", allow_insecure_http=True)
    assert isinstance(hook.client.auth, OAuth1OneLegged)
    api.route("GET", "/wp-json/wc/v3/orders/7", (200, {"id": 7}))
    hook.get_order(7)
    signed = api.seen[-1]
    assert 'oauth_signature_method="HMAC-SHA256"' in signed.headers["Authorization"]
    assert f'oauth_consumer_key="{KEY}"' in signed.headers["Authorization"]


def test_verify_extra_reaches_the_client(monkeypatch):
    hook, _ = make_hook(monkeypatch, verify="/certs/ca.pem", timeout=12)
    assert hook.client.verify == "/certs/ca.pem"
    assert hook.client.timeout == (10.0, 12.0)


def orders_api(api: FakeApi, orders: list[dict], per_page_seen: list[int]):
    """A store answering offset pages in id order within the modified bounds, as WooCommerce does."""
    def answer(seen):
        per_page, offset = int(seen.query["per_page"]), int(seen.query.get("offset", 0))
        per_page_seen.append(per_page)
        kept = sorted((o for o in orders
                       if seen.query.get("modified_after", "") < o["date_modified_gmt"]
                       < seen.query.get("modified_before", "9999")), key=lambda o: o["id"])
        return 200, kept[offset:offset + per_page], {"X-WP-Total": str(len(kept))}

    api.route("GET", "/wp-json/wc/v3/orders", answer)


def test_iter_orders_walks_ids_inside_both_window_bounds_and_drops_the_boundary_ids(monkeypatch):
    hook, api = make_hook(monkeypatch)
    mark = Watermark(datetime(2026, 1, 5, 10, 0, 0, tzinfo=UTC), frozenset({"5"}))
    window = Window(mark.value, datetime(2026, 1, 5, 12, 0, 0, 500000, tzinfo=UTC), boundary=mark)
    orders = [
        {"id": 9, "date_modified_gmt": "2026-01-05T12:00:01"},  # after the window's end: next run
        {"id": 8, "date_modified_gmt": "2026-01-05T11:00:00"},
        {"id": 7, "date_modified_gmt": "2026-01-05T12:00:00"},  # in the end's second, before the end itself
        {"id": 6, "date_modified_gmt": "2026-01-05T10:00:00"},  # same second as the watermark, new id
        {"id": 5, "date_modified_gmt": "2026-01-05T10:00:00"},  # taken last run
    ]
    per_page_seen: list[int] = []
    orders_api(api, orders, per_page_seen)
    got = [o["id"] for o in hook.iter_orders(window, statuses=["processing", "completed"], per_page=2, readers=1)]
    assert sorted(got) == [6, 7, 8]
    first = api.seen[0].query
    assert first["orderby"] == "id" and first["order"] == "asc" and first["dates_are_gmt"] == "true"
    assert first["modified_after"] == "2026-01-05T09:59:59"
    assert first["modified_before"] == "2026-01-05T12:00:01"  # exclusive, rounded up from the end's fraction
    assert first["status"] == "processing,completed"
    # Pages overlap by one row; the last (short) one proves the list ends there.
    assert [s.query["offset"] for s in api.seen] == ["0", "1", "2", "3"]


def test_get_orders_by_ids_uses_include_in_chunks_that_fit_one_short_page(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", "/wp-json/wc/v3/orders",
              lambda seen: (200, [{"id": int(i)} for i in seen.query["include"].split(",")]
                            [int(seen.query["offset"]):][:100], {}))
    found = hook.get_orders_by_ids(range(1, 151))
    assert len(found) == 150
    # 99 ids a request: each answer is a short page, which proves the chunk read in one request.
    assert [(len(s.query["include"].split(",")), s.query["offset"]) for s in api.seen] == [(99, "0"), (51, "0")]


def test_find_products_by_skus_chunks_the_sku_filter_and_keys_by_sku(monkeypatch):
    hook, api = make_hook(monkeypatch)
    existing = {f"SKU-{i}" for i in range(0, 120, 2)}

    def answer(seen):
        asked = seen.query["sku"].split(",")
        return 200, [{"id": n, "sku": s} for n, s in enumerate(asked) if s in existing], {}

    api.route("GET", "/wp-json/wc/v3/products", answer)
    found = hook.find_products_by_skus(f"SKU-{i}" for i in range(120))
    assert set(found) == existing
    assert [len(s.query["sku"].split(",")) for s in api.seen] == [50, 50, 20]


def test_batch_products_splits_into_requests_of_100_and_surfaces_item_errors(monkeypatch):
    hook, api = make_hook(monkeypatch)

    def answer(seen):
        body = seen.json
        assert sum(len(v) for v in body.values()) <= 100
        result = {}
        for action, items in body.items():
            result[action] = [
                {"id": 0, "error": {"code": "product_invalid_sku", "message": "Invalid or duplicated SKU."}}
                if item.get("sku") == "DUP" else {"id": 1000 + n, **item}
                for n, item in enumerate(items)
            ]
        return 200, result

    api.route("POST", "/wp-json/wc/v3/products/batch", answer)
    create = [{"sku": f"N{i}"} for i in range(130)] + [{"sku": "DUP"}]
    update = [{"id": i, "regular_price": "1.00"} for i in range(120)]
    result = hook.batch_products(create=create, update=update)
    assert len(api.seen) == 3
    assert len(result.created) == 130 and len(result.updated) == 120
    assert [(e.action, e.item, e.code) for e in result.errors] == [("create", {"sku": "DUP"}, "product_invalid_sku")]


def test_batch_variations_posts_to_the_product_variations_batch(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("POST", "/wp-json/wc/v3/products/42/variations/batch", (200, {"update": [{"id": 1}]}))
    assert hook.batch_variations(42, update=[{"id": 1, "stock_quantity": 3}]).updated == [{"id": 1}]


def test_set_orders_meta_sends_one_batch_and_types_each_orders_outcome(monkeypatch):
    hook, api = make_hook(monkeypatch)
    invalid = {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.", "data": {"status": 400}}
    api.route("POST", "/wp-json/wc/v3/orders/batch",
              (200, {"update": [{"id": 1, "meta_data": []}, {"id": 2, "error": invalid}]}))  # says nothing of 3
    outcome = hook.set_orders_meta("_erplink_qad_so", {1: "SO1", 2: "SO2", 3: "SO3"})
    assert len(api.seen) == 1
    assert api.seen[0].json == {"update": [{"id": n, "meta_data": [{"key": "_erplink_qad_so", "value": f"SO{n}"}]}
                                           for n in (1, 2, 3)]}
    assert outcome[1] is None
    assert type(outcome[2]) is PermanentApiError and outcome[2].status == 400 and "Invalid ID." in str(outcome[2])
    assert type(outcome[3]) is TransientApiError  # not mentioned: nothing says it was written


def test_set_orders_meta_is_resent_after_a_dropped_answer_because_it_only_sets_values(monkeypatch):
    use_connection(monkeypatch, WooCommerceHook, conn_type="woocommerce", host="https://shop.example", login=KEY,
                   password=SECRET, extra={})
    api = FakeApi()
    answers = iter([(502, {"code": "bad_gateway", "message": "Bad Gateway"}), (200, {"update": [{"id": 5}]})])
    api.route("POST", "/wp-json/wc/v3/orders/batch", lambda _seen: next(answers))
    hook = WooCommerceHook(woocommerce_conn_id="under_test", session=api.session(), retry=ONE_RETRY)
    assert hook.set_orders_meta("_erplink_qad_so", {5: "SO5"}) == {5: None}
    assert len(api.seen) == 2, "a 502 after a POST is ambiguous; this POST is safe to send again"


def test_list_refunds_pages_the_order_refunds(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", "/wp-json/wc/v3/orders/7/refunds", (200, [{"id": 70}], {"X-WP-TotalPages": "1"}))
    assert hook.list_refunds(7) == [{"id": 70}]


def test_create_webhook_signs_with_the_connections_webhook_secret(monkeypatch):
    hook, api = make_hook(monkeypatch, webhook_secret="whsec_abc123")
    api.route("POST", "/wp-json/wc/v3/webhooks", lambda seen: (201, {"id": 3, **seen.json}))
    hook.create_webhook(topic="order.updated", delivery_url="https://airflow.example/hooks/woo")
    assert api.seen[0].json["secret"] == "whsec_abc123"
    assert "whsec_abc123" in hook.secrets


def test_connection_test_reports_success_with_the_order_count(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", "/wp-json/wc/v3/orders", (200, [{"id": 1}], {"X-WP-Total": "57", "X-WP-TotalPages": "57"}))
    assert hook.test_connection() == (True, "WooCommerce store answered; 57 orders visible to this key")
    assert api.seen[0].query["per_page"] == "1"


def test_connection_test_fails_without_raising_or_leaking_the_secret(monkeypatch):
    hook, api = make_hook(monkeypatch)
    api.route("GET", "/wp-json/wc/v3/orders",
              (401, {"code": "woocommerce_rest_cannot_view", "message": f"Bad secret {SECRET}"}))
    ok, message = hook.test_connection()
    assert not ok
    assert "401" in message
    assert SECRET not in message


def test_connection_test_reports_configuration_errors(monkeypatch):
    hook, _ = make_hook(monkeypatch, host="http://shop.example")
    ok, message = hook.test_connection()
    assert not ok and "allow_insecure_http" in message


def test_refunds_are_read_99_named_at_a_time_from_the_store_wide_list(monkeypatch):
    hook, api = make_hook(monkeypatch)

    def answer(seen):
        asked = [int(i) for i in seen.query["include"].split(",")]
        return 200, [{"id": r, "parent_id": r // 10} for r in asked], {"X-WP-Total": str(len(asked))}

    api.route("GET", "/wp-json/wc/v3/refunds", answer)
    wanted = {order: [order * 10 + k for k in range(3)] for order in range(1, 51)}  # 150 refunds of 50 orders
    found = hook.refunds_of(wanted)
    assert {order: [r["id"] for r in refunds] for order, refunds in found.items()} == wanted
    assert len(api.seen) == 2


def test_a_store_without_the_store_wide_refunds_list_is_read_order_by_order(monkeypatch):
    hook, api = make_hook(monkeypatch)
    no_route = {"code": "rest_no_route", "message": "No route was found matching the URL and request method.",
                "data": {"status": 404}}
    api.route("GET", "/wp-json/wc/v3/refunds", (404, no_route))
    api.route("GET", r"/wp-json/wc/v3/orders/(\d+)/refunds",
              lambda seen: (200, [{"id": int(seen.path.split("/")[-2]) * 10}], {}))
    assert hook.refunds_of({1: [10], 2: [20]}) == {1: [{"id": 10}], 2: [{"id": 20}]}
    assert hook.refunds_of({3: [30]}) == {3: [{"id": 30}]}  # asked once, remembered
    assert [s.path.rsplit("/v3/", 1)[1] for s in api.seen] == [
        "refunds", "orders/1/refunds", "orders/2/refunds", "orders/3/refunds"]
