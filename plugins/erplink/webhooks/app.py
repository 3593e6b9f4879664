"""The FastAPI app: ``POST /webhooks/{system}/{tenant}`` and ``GET /webhooks/status``.

Mounted by the Airflow plugin under ``/erplink``; ``create_standalone_app`` serves the same paths on its own:
``uvicorn erplink.webhooks.app:create_standalone_app --factory``. Airflow's login does not guard plugin apps:
every webhook is authenticated by its signature and the status by a bearer token.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from erplink.integration import lazy
from erplink.registry import SYSTEMS_PACKAGE
from erplink.webhooks.cache import TtlCache
from erplink.webhooks.deliveries import DeliveryReader
from erplink.webhooks.paths import URL_PREFIX as URL_PREFIX
from erplink.webhooks.receiver import WebhookReceiver
from erplink.webhooks.status_token import StatusToken


def store_readers() -> dict[str, Callable[[], DeliveryReader]]:
    """Store system → the factory of its delivery reader (``erplink.systems.<system>.webhooks.READER``), for each
    system ``erplink.systems.SYSTEMS`` lists that has a ``webhooks`` module. Found by name, so the core imports no
    system; a reader's module is imported when the reader is built."""
    readers: dict[str, Callable[[], DeliveryReader]] = {}
    for system in importlib.import_module(SYSTEMS_PACKAGE).SYSTEMS:
        module = f"{SYSTEMS_PACKAGE}.{system}.webhooks"
        if importlib.util.find_spec(module) is not None:
            readers[system] = lazy(f"{module}:READER")
    return readers


def create_webhooks_app(receiver: WebhookReceiver | None = None, status_token: StatusToken | None = None) -> FastAPI:
    """Build the app; with no arguments, the production wiring from the environment (no I/O here)."""
    receiver = receiver or WebhookReceiver.from_env(readers=store_readers())
    status_token = status_token or StatusToken(TtlCache(receiver.settings.cache_seconds))
    app = FastAPI(title="erplink webhooks", docs_url=None, redoc_url=None, openapi_url=None)
    # Kept on app.state (not closed over) so an operator or a test can re-wire the app the plugin mounted.
    app.state.receiver = receiver
    app.state.status_token = status_token

    @app.get("/webhooks/status")
    def webhook_status(request: Request, authorization: str | None = Header(default=None)) -> dict[str, Any]:
        if not request.app.state.status_token.allows(authorization):
            raise HTTPException(status_code=401, detail="bearer token required", headers={"WWW-Authenticate": "Bearer"})
        wired: WebhookReceiver = request.app.state.receiver
        return wired.status()

    @app.post("/webhooks/{system}/{tenant}")
    async def receive_webhook(system: str, tenant: str, request: Request) -> JSONResponse:
        wired: WebhookReceiver = request.app.state.receiver
        return await wired.receive(system, tenant, request)

    return app


def create_standalone_app(receiver: WebhookReceiver | None = None) -> FastAPI:
    """The webhook app under the same ``/erplink`` prefix it has on the Airflow API server."""
    root = FastAPI(title="erplink webhook receiver", docs_url=None, redoc_url=None, openapi_url=None)
    root.mount(URL_PREFIX, create_webhooks_app(receiver))
    return root
