"""FaultMiddleware: each kind of fault happens exactly as many times as planned, then traffic flows normally."""

from __future__ import annotations

import pytest
import requests
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from sandbox.faults import FaultInjector, FaultMiddleware, FaultPlan
from sandbox.server import serve


def echo_app() -> FastAPI:
    app = FastAPI()

    @app.get("/{path:path}")
    async def echo(path: str) -> dict:
        return {"path": path}

    @app.get("/__admin__/ping")
    async def ping() -> dict:
        return {"ok": True}

    return app


def headers_app() -> FastAPI:
    app = FastAPI()

    @app.get("/whoami")
    async def whoami(request: Request) -> dict:
        return {"authorization": request.headers.get("authorization")}

    return app


class RecordingSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def client(app, injector, responder=None) -> TestClient:
    return TestClient(FaultMiddleware(app, injector, responder), base_url="http://127.0.0.1",
                      client=("127.0.0.1", 50000))


def test_status_burst_answers_exactly_count_matching_requests_then_passes_through():
    injector = FaultInjector(FaultPlan.model_validate(
        {"status_burst": {"status": 429, "count": 2, "path_prefix": "/wp-json/wc/v3/orders"}}))
    http = client(echo_app(), injector)
    assert http.get("/wp-json/wc/v3/products").status_code == 200, "other paths are not affected"
    assert [http.get("/wp-json/wc/v3/orders").status_code for _ in range(3)] == [429, 429, 200]


def test_burst_uses_the_sandbox_error_shape_and_headers():
    injector = FaultInjector(FaultPlan.model_validate({"status_burst": {"status": 503, "count": 1}}))
    http = client(echo_app(), injector, lambda status: (b'{"vendor": true}', {"Retry-After": "7"}))
    response = http.get("/anything")
    assert response.status_code == 503
    assert response.json() == {"vendor": True}
    assert response.headers["Retry-After"] == "7"


def test_several_bursts_are_consumed_in_order():
    injector = FaultInjector(FaultPlan.model_validate(
        {"status_burst": [{"status": 500, "count": 1}, {"status": 502, "count": 1}]}))
    http = client(echo_app(), injector)
    assert [http.get("/x").status_code for _ in range(3)] == [500, 502, 200]


def test_latency_is_applied_to_every_request_through_the_injected_sleeper():
    sleep = RecordingSleep()
    http = client(echo_app(), FaultInjector(FaultPlan(latency_ms=250), sleep=sleep))
    http.get("/a")
    http.get("/b")
    assert sleep.calls == [0.25, 0.25]


def test_slow_responses_hold_only_the_planned_number_of_responses():
    sleep = RecordingSleep()
    plan = FaultPlan.model_validate({"slow_responses": {"count": 2, "seconds": 30}})
    http = client(echo_app(), FaultInjector(plan, sleep=sleep))
    assert all(http.get("/a").status_code == 200 for _ in range(3))
    assert sleep.calls == [30, 30]


def test_strip_authorization_removes_the_header_before_the_app_sees_it():
    http = client(headers_app(), FaultInjector(FaultPlan(strip_authorization=True)))
    assert http.get("/whoami", headers={"Authorization": "Basic abc"}).json() == {"authorization": None}
    http = client(headers_app(), FaultInjector())
    assert http.get("/whoami", headers={"Authorization": "Basic abc"}).json() == {"authorization": "Basic abc"}


def test_admin_routes_are_never_faulted():
    injector = FaultInjector(FaultPlan.model_validate({"status_burst": {"status": 500, "count": 5}}))
    assert client(echo_app(), injector).get("/__admin__/ping").status_code == 200


def test_admin_routes_refuse_non_loopback_clients():
    app = FaultMiddleware(echo_app(), FaultInjector())
    remote = TestClient(app, base_url="http://127.0.0.1", client=("192.0.2.10", 5000))
    assert remote.get("/__admin__/ping").status_code == 403
    assert remote.get("/__admin__/faults").status_code == 403


def test_faults_admin_route_sets_shows_and_clears_the_plan():
    http = client(echo_app(), FaultInjector())
    response = http.post("/__admin__/faults", json={"status_burst": {"status": 429, "count": 1}})
    assert response.status_code == 200
    assert http.get("/x").status_code == 429
    assert http.get("/__admin__/faults").json()["injected"]["status"] == 1
    http.post("/__admin__/faults", json={"status_burst": {"status": 500, "count": 9}})
    assert http.delete("/__admin__/faults").status_code == 200
    assert http.get("/x").status_code == 200


def test_an_invalid_plan_is_refused_and_the_old_one_kept():
    http = client(echo_app(), FaultInjector(FaultPlan.model_validate({"status_burst": {"status": 500, "count": 1}})))
    assert http.post("/__admin__/faults", json={"status_burst": {"status": 200, "count": 1}}).status_code == 400
    assert http.post("/__admin__/faults", json={"no_such_fault": 1}).status_code == 400
    assert http.get("/x").status_code == 500


@pytest.fixture
def served_echo():
    injector = FaultInjector()
    served = serve(FaultMiddleware(echo_app(), injector))
    yield served, injector
    served.stop()


def test_dropped_connections_close_the_socket_without_a_response(served_echo):
    served, injector = served_echo
    injector.set({"drop_connections": 2})
    for _ in range(2):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{served.base_url}/x", timeout=5)
    assert requests.get(f"{served.base_url}/x", timeout=5).status_code == 200
    assert injector.describe()["injected"]["dropped"] == 2


def test_slow_response_outlasts_a_client_timeout(served_echo):
    served, injector = served_echo
    injector.set({"slow_responses": {"count": 1, "seconds": 2}})
    with pytest.raises(requests.Timeout):
        requests.get(f"{served.base_url}/x", timeout=0.2)
