"""Admin routes under `/__admin__/acumatica/`: loopback only; reset, revoke, expire, caps, the request log
(without secrets), reading and altering records, stock."""

from __future__ import annotations

import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import (
    BASE_URL,
    TOKEN_PATH,
    FakeClock,
    cookie_client,
    entity_url,
    first_customer,
    first_item,
    login,
    password_grant,
    url,
    value,
    wrapped,
)


def test_admin_routes_answer_loopback_callers_only(acumatica: Sandbox) -> None:
    remote = TestClient(acumatica.app, base_url=BASE_URL, client=("203.0.113.9", 4000))
    assert remote.get("/__admin__/acumatica/sessions").status_code == 403


def test_reset_restores_the_seed_and_ends_every_client(admin: TestClient, api: requests.Session,
                                                       acumatica: Sandbox) -> None:
    seeded = acumatica.state.documents("Customer")
    api.put(entity_url("Customer"), json=wrapped(CustomerID="WC20", CustomerName="Gone after reset"))
    assert admin.post("/reset").status_code == 204
    assert acumatica.state.documents("Customer") == seeded
    assert acumatica.state.open_sessions() == [] and acumatica.state.request_log() == []
    assert api.get(entity_url("Customer")).status_code == 401


def test_revoke_expire_list_and_caps(admin: TestClient, anonymous: requests.Session, acumatica: Sandbox) -> None:
    token = password_grant(anonymous, acumatica)["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=headers)
    assert [s["kind"] for s in admin.get("/sessions").json()] == ["oauth"]
    assert admin.post("/sessions/expire").json() == {"ended": 1}
    assert admin.put("/licence", json={"api_users": 1}).status_code == 204
    login(cookie_client(acumatica), acumatica)
    assert anonymous.get(entity_url("StockItem"), headers=headers).json()["exceptionMessage"] == "API Login Limit"
    assert admin.put("/rate-limit", json={"requests_per_minute": 1}).status_code == 204
    assert acumatica.state.instance.budget.per_minute == 1
    assert admin.post("/tokens/revoke").status_code == 204
    assert anonymous.get(entity_url("StockItem"), headers=headers).status_code == 401


def test_the_request_log_shows_method_path_query_and_status_and_no_secret(admin: TestClient,
                                                                          anonymous: requests.Session,
                                                                          acumatica: Sandbox) -> None:
    token = password_grant(anonymous, acumatica)
    anonymous.get(entity_url("StockItem"), params={"$top": 2, "access_token": token["access_token"]},
                  headers={"Authorization": f"Bearer {token['access_token']}"})
    log = admin.get("/requests").json()
    assert log[0] == {"method": "POST", "path": TOKEN_PATH, "query": {}, "status": 200}
    assert log[1] == {"method": "GET", "path": "/AcumaticaERP/entity/Default/24.200.001/StockItem",
                      "query": {"$top": ["2"], "access_token": ["***"]}, "status": 200}
    credentials = acumatica.state.credentials
    for secret in (token["access_token"], token["refresh_token"], credentials.password, credentials.client_secret):
        assert secret not in str(log)
    assert admin.delete("/requests").status_code == 204 and admin.get("/requests").json() == []


def test_a_record_altered_by_the_admin_reads_changed_with_a_new_stamp(admin: TestClient, api: requests.Session,
                                                                      acumatica: Sandbox, clock: FakeClock) -> None:
    customer = first_customer(acumatica)
    before = admin.get(f"/documents/Customer/{customer}").json()
    clock.advance(30)
    altered = admin.patch(f"/documents/Customer/{customer}", json=wrapped(CustomerName="Renamed on the ERP"))
    assert value(altered.json(), "CustomerName") == "Renamed on the ERP"
    read = api.get(entity_url(f"Customer/{customer}")).json()
    assert value(read, "CustomerName") == "Renamed on the ERP"
    assert value(read, "LastModifiedDateTime") != value(before, "LastModifiedDateTime")


def test_touch_gives_several_records_one_stamp(admin: TestClient, acumatica: Sandbox, clock: FakeClock) -> None:
    items = [value(item, "InventoryID") for item in acumatica.state.documents("StockItem")[:3]]
    clock.advance(10)
    touched = admin.post("/documents/StockItem/touch", json={"keys": [[item] for item in items]}).json()
    assert len({value(item, "LastModifiedDateTime") for item in touched}) == 1


def test_stock_is_set_per_warehouse(admin: TestClient, acumatica: Sandbox) -> None:
    item = first_item(acumatica)
    answer = admin.put(f"/stock/{item}/WH2", json={"on_hand": "7", "allocated": "2", "committed": "0"}).json()
    assert (answer["warehouse_id"], answer["available"]) == ("WH2", "5")
    assert admin.put(f"/stock/{item}/NOWHERE", json={"on_hand": "1"}).status_code == 404


def test_admin_routes_are_not_in_the_request_log(admin: TestClient, acumatica: Sandbox) -> None:
    admin.get("/sessions")
    assert acumatica.state.request_log() == []
    assert url("/x").startswith(BASE_URL)
