from datetime import datetime, timezone

import pytest

from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook
from erplink.hooks.settings import ConnectionConfigError
from erplink.windows import Window
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection

PAAS = {"consumer_key": "ck1", "consumer_secret": "consumer-secret-1", "access_token": "access-token-1",
        "access_token_secret": "token-secret-1"}


def make_hook(monkeypatch, host="https://shop.example", **extra):
    use_connection(monkeypatch, AdobeCommerceHook, conn_type="adobe_commerce", host=host, extra=extra)
    api = FakeApi()
    return AdobeCommerceHook(adobe_commerce_conn_id="under_test", session=api.session(), retry=NO_RETRY), api


def test_paas_uses_the_store_code_path_and_oauth1_integration_tokens(monkeypatch):
    hook, api = make_hook(monkeypatch, store_code="eu", **PAAS)
    api.route("GET", "/rest/eu/V1/store/storeViews", (200, [{"code": "default"}, {"code": "eu"}]))
    assert hook.test_connection() == (True, "Adobe Commerce answered; 2 store views")
    header = api.seen[0].headers["Authorization"]
    assert 'oauth_signature_method="HMAC-SHA256"' in header and 'oauth_token="access-token-1"' in header


def test_paas_without_integration_tokens_names_the_missing_field(monkeypatch):
    hook, _ = make_hook(monkeypatch, consumer_key="ck1", consumer_secret="s")
    with pytest.raises(ConnectionConfigError) as caught:
        hook.client
    assert caught.value.field == "access_token"


def test_cloud_service_gets_an_ims_token_and_sends_the_gateway_headers(monkeypatch):
    hook, api = make_hook(monkeypatch, host="https://na1.api.commerce.adobe.com/TENANT", deployment="cloud_service",
                          ims_client_id="client-1", ims_client_secret="ims-secret", ims_org_id="ORG@AdobeOrg",
                          ims_token_url="https://ims.example/ims/token/v3")
    api.route("POST", "/ims/token/v3", (200, {"access_token": "ims-token", "token_type": "bearer", "expires_in": 86399}))
    api.route("GET", "/TENANT/V1/store/storeViews", (200, []))
    ok, message = hook.test_connection()
    assert ok, message
    call = api.calls("GET", "storeViews")[0]
    assert call.headers["Authorization"] == "Bearer ims-token"
    assert call.headers["x-api-key"] == "client-1"
    assert call.headers["x-gw-ims-org-id"] == "ORG@AdobeOrg"
    assert call.headers["Store"] == "default"


def test_iter_orders_filters_on_updated_at_and_stops_at_total_count(monkeypatch):
    hook, api = make_hook(monkeypatch, **PAAS)
    orders = [{"entity_id": i, "updated_at": f"2026-01-05 10:00:0{9 - i}"} for i in range(5)]

    def answer(seen):
        page = int(seen.query["searchCriteria[currentPage]"])
        size = int(seen.query["searchCriteria[pageSize]"])
        page = min(page, -(-len(orders) // size))  # Magento clamps past the end
        return 200, {"items": orders[(page - 1) * size : page * size], "total_count": len(orders)}

    api.route("GET", "/rest/default/V1/orders", answer)
    window = Window(datetime(2026, 1, 5, 10, 0, 5, tzinfo=timezone.utc), datetime(2026, 1, 5, 10, 0, 9, tzinfo=timezone.utc))
    got = [o["entity_id"] for o in hook.iter_orders(window, page_size=2)]
    assert got == [1, 2, 3, 4]  # entity 0 (10:00:09) is at the window's end: next run
    first = api.seen[0].query
    assert first["searchCriteria[filter_groups][0][filters][0][field]"] == "updated_at"
    assert first["searchCriteria[filter_groups][0][filters][0][condition_type]"] == "gteq"
    assert first["searchCriteria[filter_groups][0][filters][0][value]"] == "2026-01-05 10:00:05"
    assert first["searchCriteria[sortOrders][0][direction]"] == "DESC"
    assert len(api.seen) == 3
