import pytest

from erplink.hooks.settings import ConnectionConfigError
from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook
from erplink.systems.adobe_commerce.id_walk import MissingTotalCountError
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection

PAAS = {
    "consumer_key": "ck1",
    "consumer_secret": "consumer-secret-1",
    "access_token": "access-token-1",
    "access_token_secret": "token-secret-1",
}


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
        _ = hook.client
    assert caught.value.field == "access_token"


def test_cloud_service_gets_an_ims_token_and_sends_the_gateway_headers(monkeypatch):
    hook, api = make_hook(
        monkeypatch,
        host="https://na1.api.commerce.adobe.com/TENANT",
        deployment="cloud_service",
        ims_client_id="client-1",
        ims_client_secret="ims-secret",
        ims_org_id="ORG@AdobeOrg",
        ims_token_url="https://ims.example/ims/token/v3",
    )
    token = {"access_token": "ims-token", "token_type": "bearer", "expires_in": 86399}
    api.route("POST", "/ims/token/v3", (200, token))
    api.route("GET", "/TENANT/V1/store/storeViews", (200, []))
    ok, message = hook.test_connection()
    assert ok, message
    call = api.calls("GET", "storeViews")[0]
    assert call.headers["Authorization"] == "Bearer ims-token"
    assert call.headers["x-api-key"] == "client-1"
    assert call.headers["x-gw-ims-org-id"] == "ORG@AdobeOrg"
    assert call.headers["Store"] == "default"


def clamping_orders_list(orders):
    """Magento's orders list: filters on ``entity_id gt``, sorts by the sort order asked, and clamps a
    ``currentPage`` past the end to the last page."""

    def answer(seen):
        after = int(seen.query.get("searchCriteria[filter_groups][0][filters][0][value]", 0))
        rows = sorted((o for o in orders if o["entity_id"] > after), key=lambda o: o["entity_id"])
        size = int(seen.query["searchCriteria[pageSize]"])
        page = min(int(seen.query["searchCriteria[currentPage]"]), max(1, -(-len(rows) // size)))
        return 200, {"items": rows[(page - 1) * size : page * size], "total_count": len(rows)}

    return answer


def test_search_walks_by_id_after_the_last_id_read_and_never_asks_for_a_page_by_number(monkeypatch):
    """Each request asks for page 1 of the rows after the last id read, in id order, with the caller's filters
    in the groups after the walk's own; every row comes once and the walk stops when no row is left."""
    hook, api = make_hook(monkeypatch, **PAAS)
    orders = [{"entity_id": i, "updated_at": "2026-01-05 10:00:00"} for i in (3, 5, 8, 13, 21)]
    api.route("GET", "/rest/default/V1/orders", clamping_orders_list(orders))
    state_filter = {
        "searchCriteria[filter_groups][1][filters][0][field]": "state",
        "searchCriteria[filter_groups][1][filters][0][value]": "complete",
        "searchCriteria[filter_groups][1][filters][0][condition_type]": "eq",
    }
    got = [o["entity_id"] for o in hook.search("orders", state_filter, page_size=2)]
    assert got == [3, 5, 8, 13, 21]
    asked = [seen.query for seen in api.seen]
    assert [q["searchCriteria[filter_groups][0][filters][0][value]"] for q in asked] == ["0", "5", "13"]
    assert all(q["searchCriteria[currentPage]"] == "1" for q in asked)
    assert all(q["searchCriteria[sortOrders][0][field]"] == "entity_id" for q in asked)
    assert all(q["searchCriteria[filter_groups][1][filters][0][value]"] == "complete" for q in asked)


@pytest.mark.parametrize(
    "envelope",
    [{}, {"total_count": None}, {"total_count": "many"}, {"total_count": -1}],
    ids=["absent", "null", "not-a-number", "negative"],
)
def test_rows_without_a_usable_total_count_stop_the_search_instead_of_ending_it_after_one_page(monkeypatch, envelope):
    """Without a total the walk cannot tell where the list ends: it raises before handing on any row."""
    hook, api = make_hook(monkeypatch, **PAAS)
    api.route("GET", "/rest/default/V1/orders", (200, {"items": [{"entity_id": 1}, {"entity_id": 2}], **envelope}))
    with pytest.raises(MissingTotalCountError, match="the page after id 0 has rows but"):
        list(hook.search("orders", page_size=2))
    assert len(api.seen) == 1
