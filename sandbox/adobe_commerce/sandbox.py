"""`create_sandbox`: one Adobe Commerce store seeded from the world."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from sandbox import Sandbox
from sandbox.adobe_commerce.app import build_app
from sandbox.adobe_commerce.connections import demo_connections
from sandbox.adobe_commerce.errors import fault_response
from sandbox.adobe_commerce.options import Options
from sandbox.adobe_commerce.state import Clock, StoreState, system_clock

if TYPE_CHECKING:
    from sandbox.seed import World


def create_sandbox(world: World, *, clock: Clock | None = None, **options: Any) -> Sandbox:
    """`options` are the fields of `Options` (README "Options"); `clock` gives the caller's aware `datetime`
    (the store's own clock is it plus `clock_skew_s`). `state` of the result is a `StoreState`."""
    state = StoreState(world, Options(**options), clock or system_clock)
    return Sandbox(
        name="adobe_commerce",
        app=build_app(state),
        state=state,
        connections=partial(demo_connections, state),
        fault_response=fault_response,
    )
