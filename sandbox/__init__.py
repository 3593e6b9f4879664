"""Local emulators of the external APIs erplink talks to, used by the demo and the tests.

Each vendor package (`sandbox.woocommerce`, `sandbox.qad`) exposes `create_sandbox(world, **options) -> Sandbox`;
`sandbox.runner.start_sandboxes` serves them on loopback ports behind the fault-injection middleware.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _nothing_to_close() -> None:
    return None


@dataclass
class Sandbox:
    """One emulated system.

    `app` is an ASGI app (FastAPI) with the vendor API and its `/__admin__/...` routes; `state` is the in-process
    handle tests use to inspect and change documents; `connections(base_url, ca_path)` returns the Airflow
    connections (conn id -> connection JSON dict) that point at a served copy.
    `fault_response(status)` shapes the body and headers of an injected error the way the vendor would;
    `close()` stops background work (e.g. webhook delivery threads).
    """

    name: str
    app: Any
    state: Any
    connections: Callable[[str, str | None], dict[str, dict]]
    fault_response: Callable[[int], tuple[bytes, dict[str, str]]] | None = None
    close: Callable[[], None] = field(default=_nothing_to_close)
