"""`create_sandbox`: a QAD stand-in serving several tenants on one app."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from sandbox import Sandbox
from sandbox.qad.app import build_app
from sandbox.qad.browse_order import BrowseOrder
from sandbox.qad.connections import demo_connections
from sandbox.qad.errors import qad_errors_body
from sandbox.qad.rate_limit import RateLimit
from sandbox.qad.seed import SITES, seed_from_world, seed_small
from sandbox.qad.state import QadState
from sandbox.qad.tenant import TenantStore
from sandbox.qad.timestamps import Clock, system_clock

if TYPE_CHECKING:
    from sandbox.seed import World

# Injected faults read like QAD's own errors, so a client's error handling is exercised as in production.
_FAULT_RETRY_AFTER_S = 1


def fault_response(status: int) -> tuple[bytes, dict[str, str]]:
    body = qad_errors_body(status, f"HTTP {status}")
    headers = {"Content-Type": "application/json"}
    if status in (429, 503):
        headers["Retry-After"] = str(_FAULT_RETRY_AFTER_S)
    return json.dumps(body).encode(), headers


def create_sandbox(
    world: World,
    *,
    tenants: Sequence[str] = ("acme", "globex"),
    token_lifetime_s: int = 900,
    clock: Clock | None = None,
    rate_limit: RateLimit | None = None,
    stable_browses: bool = False,
) -> Sandbox:
    """Serve `tenants` under `/tenants/<tenant>/clouderp`: the first is the demo tenant, seeded from `world`; the others
    get a small catalog of their own. Each tenant has its own credentials, signing key and request budget
    (`rate_limit`, none by default). Browses answer in a new order per request unless `stable_browses` (see
    `browse_order.py`). `state` of the result is a `QadState`."""
    if not tenants or len(set(tenants)) != len(tenants):
        raise ValueError("tenants must be distinct and at least one")
    stores = {
        name: TenantStore.create(
            name, clock=clock or system_clock, token_lifetime_s=token_lifetime_s, rate_limit=rate_limit
        )
        for name in tenants
    }
    for name, store in stores.items():
        store.sites.update(SITES)
        store.browse_order = BrowseOrder(f"{world.seed}:qad-browse:{name}", stable=stable_browses)
    state = QadState(stores, demo_tenant=tenants[0])
    seed_from_world(state, tenants[0], world)
    for other in tenants[1:]:
        seed_small(state, other)
    return Sandbox(
        name="qad",
        app=build_app(stores, state),
        state=state,
        connections=partial(demo_connections, state),
        fault_response=fault_response,
    )
