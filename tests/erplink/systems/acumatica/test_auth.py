"""OAuth tokens and the licence's API-user seats: Acumatica frees a token's seat only when it is logged out or
idles out (20 minutes), not when the token expires, so a token renewed while valid is logged out first."""

from __future__ import annotations

import dataclasses

from erplink.systems.acumatica.auth import AcumaticaPasswordGrant
from tests.erplink.systems.acumatica.sandbox_hook import hook_on, sandbox

LIFETIME_S = 300


class ClientClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_renewing_a_token_before_it_expires_gives_its_seat_back_so_a_long_task_keeps_one_seat() -> None:
    box = sandbox(token_lifetime_s=LIFETIME_S, api_users=2)
    hook = hook_on(box)
    hook.client.get_json("StockItem", params={"$top": 1})
    auth = hook.client.auth
    assert isinstance(auth, AcumaticaPasswordGrant)
    clock = ClientClock()
    auth._clock = clock  # the client's clock from now on: the token it holds was handed out now
    auth._token = dataclasses.replace(auth._token, expires_at=clock.now + LIFETIME_S)

    for _renewal in range(3):  # each within the client's renewal margin: the token is renewed, still valid
        clock.now += LIFETIME_S - auth.skew + 1
        hook.client.get_json("StockItem", params={"$top": 1})
        assert len(box.state.open_sessions()) == 1

    assert hook.counter.count("acumatica", "POST auth/logout") == 3
    hook.close()
    assert box.state.open_sessions() == []


def test_a_refused_token_is_renewed_without_a_logout_attempt() -> None:
    box = sandbox()
    hook = hook_on(box)
    hook.client.get_json("StockItem", params={"$top": 1})
    box.state.revoke_tokens()
    assert hook.client.get_json("StockItem", params={"$top": 1})
    assert hook.counter.count("acumatica", "POST auth/logout") == 0
