"""QadHook settings: the workspace header, the domain, the auth mode and the endpoint overrides."""

from __future__ import annotations

import pytest

from erplink.hooks.settings import ConnectionConfigError
from erplink.systems.qad.endpoints import BROWSE_IDS
from erplink.systems.qad.hooks.qad import QadHook
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection

BASE_URL = "http://127.0.0.1:9/clouderp"
CLIENT_ID = "afb97fd221925b87f01489aeb0e02e81"
EMPTY_BROWSE = (200, {"data": [], "auxillaryData": {"HasMoreParams": "false"}})


def make_hook(monkeypatch, **extra) -> tuple[QadHook, FakeApi]:
    use_connection(monkeypatch, QadHook, conn_type="qad", host=BASE_URL, login="mfg@qad.com", password="s3cret-pw",
                   extra={"client_id": CLIENT_ID, "workspace": "10USA_10USACO", **extra})  # fmt: skip
    api = FakeApi()
    api.route("POST", "/clouderp/oauth/token", (200, {"access_token": "tok-1", "expires_in": 900}))
    api.route("GET", "/clouderp/api/qracore/browses", EMPTY_BROWSE)
    return QadHook(qad_conn_id="under_test", session=api.session(), retry=NO_RETRY), api


def test_every_call_carries_the_workspace_and_the_domain_is_its_first_part(monkeypatch) -> None:
    hook, api = make_hook(monkeypatch)
    assert list(hook.iter("items")) == []
    [browse] = api.calls("GET", "qracore/browses")
    assert browse.headers["x-qad-workspace-id"] == "10USA_10USACO"
    assert browse.headers["Authorization"] == "Bearer tok-1"
    assert browse.query["browseId"] == BROWSE_IDS["items"]
    assert hook.domain == "10USA"


def test_a_domain_setting_wins_over_the_workspace(monkeypatch) -> None:
    hook, _ = make_hook(monkeypatch, domain="11CAN")
    assert hook.domain == "11CAN"


def test_basic_auth_sends_no_token_request(monkeypatch) -> None:
    hook, api = make_hook(monkeypatch, auth_mode="basic")
    list(hook.iter("items"))
    assert api.calls("POST", "oauth/token") == []
    assert api.calls("GET", "qracore/browses")[0].headers["Authorization"].startswith("Basic ")


def test_the_password_grant_needs_the_client_id(monkeypatch) -> None:
    hook, _ = make_hook(monkeypatch, client_id=None)
    with pytest.raises(ConnectionConfigError, match="client_id"):
        list(hook.iter("items"))


def test_overrides_replace_a_default_and_an_unknown_key_is_refused_naming_the_field(monkeypatch) -> None:
    hook, api = make_hook(monkeypatch, browse_ids={"items": "urn:browse:mfg:gp999"})
    list(hook.iter("items"))
    assert api.calls("GET", "qracore/browses")[0].query["browseId"] == "urn:browse:mfg:gp999"
    hook, _ = make_hook(monkeypatch, browse_ids={"stok": "urn:browse:mfg:x"})
    with pytest.raises(ConnectionConfigError, match="browse_ids"):
        list(hook.iter("items"))
