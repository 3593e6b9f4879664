"""`create_sandbox`: one Acumatica instance seeded from the world."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from sandbox import Sandbox
from sandbox.acumatica.app import build_app
from sandbox.acumatica.connections import demo_connections
from sandbox.acumatica.errors import fault_response
from sandbox.acumatica.instance import Clock, Instance, Options, system_clock
from sandbox.acumatica.state import AcumaticaState

if TYPE_CHECKING:
    from sandbox.seed import World


def create_sandbox(world: World, *, clock: Clock | None = None, **options: Any) -> Sandbox:
    """Serve one instance; `options` are the fields of `Options` (README: "Options"), `clock` a callable giving
    the instance's aware `datetime` (token expiry, idle sessions, stamps, the request cap, long operations).
    `state` of the result is an `AcumaticaState`."""
    instance = Instance(Options(**options), seed=world.seed, clock=clock or system_clock)
    state = AcumaticaState(instance, world)
    return Sandbox(name="acumatica", app=build_app(state), state=state,
                   connections=partial(demo_connections, instance), fault_response=fault_response)
