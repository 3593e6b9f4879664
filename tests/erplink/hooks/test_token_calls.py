"""Token and login requests are calls like any other: counted with the hook's data calls, and retried a bounded
number of times overall, not once per retry of the data request they serve."""

from __future__ import annotations

import pytest

from erplink.auth.base import TOKEN_MAX_ATTEMPTS
from erplink.flows.context import FlowContext
from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
from erplink.systems.qad.hooks.qad import QadHook
from erplink.http.errors import TransientApiError
from erplink.http.retry import RetryPolicy
from tests.erplink.hooks.fakes import FakeApi, use_connection

QAD = "https://qad.example/tenants/acme/clouderp"
ACUMATICA = "https://erp.example/AcumaticaERP"
OUTER_ATTEMPTS = 6


def _retry() -> RetryPolicy:
    return RetryPolicy(max_attempts=OUTER_ATTEMPTS, sleep=lambda _s: None, random=lambda: 0.0)


def qad_hook(monkeypatch, api: FakeApi) -> QadHook:
    use_connection(monkeypatch, QadHook, conn_type="qad", host=QAD, login="integration", password="qad-pw-123456",
                   extra={"client_id": "afb97fd221925b87f01489aeb0e02e81", "workspace": "10USA_10USACO"})
    return QadHook(qad_conn_id="under_test", session=api.session(), retry=_retry())


def test_a_login_shows_in_the_hooks_call_counts_and_the_flow_context(monkeypatch) -> None:
    api = FakeApi()
    api.route("POST", "/tenants/acme/clouderp/oauth/token", (200, {"access_token": "tok-1", "expires_in": 900}))
    api.route("GET", "/tenants/acme/clouderp/api/erp/items", (200, {"data": []}))
    hook = qad_hook(monkeypatch, api)  # no counter injected: the hook makes one and shares it
    hook.client.get_json("api/erp/items", endpoint="GET items")
    assert hook.client.counter is hook.counter
    assert hook.counter.count("qad", "POST oauth/token", 200) == 1
    assert hook.counter.count("qad", "GET items", 200) == 1
    flow = FlowContext(tenant=None, ledger=None, attempt=None, erp_hook=hook)  # type: ignore[arg-type]
    assert flow.call_counts() == {"qad": {"POST oauth/token": 1, "GET items": 1}}


def test_a_failing_login_endpoint_is_tried_a_few_times_in_all_not_per_outer_retry(monkeypatch) -> None:
    api = FakeApi()
    api.route("POST", "/tenants/acme/clouderp/oauth/token", (503, {"errors": [{"code": "503", "message": "down"}]}))
    api.route("GET", "/tenants/acme/clouderp/api/erp/items", (200, {"data": []}))
    hook = qad_hook(monkeypatch, api)
    with pytest.raises(TransientApiError):
        hook.client.get_json("api/erp/items", endpoint="GET items")
    assert len(api.calls("POST", "oauth/token")) == TOKEN_MAX_ATTEMPTS < OUTER_ATTEMPTS
    assert api.calls("GET", "erp/items") == [], "no data request goes out without a token"
    assert hook.counter.count("qad", "POST oauth/token", 503) == TOKEN_MAX_ATTEMPTS


def test_a_data_request_failing_on_its_own_still_gets_its_full_retries(monkeypatch) -> None:
    """The cap is on the token request; the data request keeps its own policy."""
    api = FakeApi()
    api.route("POST", "/tenants/acme/clouderp/oauth/token", (200, {"access_token": "tok-1", "expires_in": 900}))
    api.route("GET", "/tenants/acme/clouderp/api/erp/items", (503, {}))
    hook = qad_hook(monkeypatch, api)
    with pytest.raises(TransientApiError):
        hook.client.get_json("api/erp/items", endpoint="GET items")
    assert len(api.calls("GET", "erp/items")) == OUTER_ATTEMPTS
    assert len(api.calls("POST", "oauth/token")) == 1


def test_an_oauth2_token_outage_during_a_401_renewal_is_bounded_too(monkeypatch) -> None:
    use_connection(monkeypatch, AcumaticaHook, conn_type="acumatica", host=ACUMATICA, login="admin",
                   password="acu-pass-123456", extra={"client_id": "c@T", "client_secret": "acu-secret-123456"})
    api = FakeApi()
    tokens = iter([(200, {"access_token": "first-token", "expires_in": 3600})])
    api.route("POST", "/AcumaticaERP/identity/connect/token", lambda _s: next(tokens, (503, {})))
    api.route("GET", "/AcumaticaERP/entity/Default/24.200.001/StockItem", (401, {}))
    hook = AcumaticaHook(acumatica_conn_id="under_test", session=api.session(), retry=_retry())
    with pytest.raises(TransientApiError):
        hook.client.get_json("StockItem", endpoint="GET StockItem")
    assert len(api.calls("POST", "connect/token")) == 1 + TOKEN_MAX_ATTEMPTS
    assert len(api.calls("GET", "StockItem")) == 1
    assert hook.counter.count("acumatica", "POST token") == 1 + TOKEN_MAX_ATTEMPTS
