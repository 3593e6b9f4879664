"""The FastAPI app: ``POST /webhooks/{system}/{tenant}`` and ``GET /webhooks/status``.

Mounted by the Airflow plugin under ``/erplink``; ``create_standalone_app`` serves the same paths on its own:
``uvicorn erplink.webhooks.app:create_standalone_app --factory``. Airflow's login does not guard plugin apps:
every webhook is authenticated by its signature and the status by a bearer token.
"""

from __future__ import annotations

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from erplink.webhooks.cache import TtlCache
from erplink.webhooks.receiver import WebhookReceiver
from erplink.webhooks.status_token import StatusToken

URL_PREFIX = "/erplink"


def create_webhooks_app(receiver: WebhookReceiver | None = None, status_token: StatusToken | None = None) -> FastAPI:
    """Build the app; with no arguments, the production wiring from the environment (no I/O here)."""
    receiver = receiver or WebhookReceiver.from_env()
    status_token = status_token or StatusToken(TtlCache(receiver.settings.cache_seconds))
    app = FastAPI(title="erplink webhooks", docs_url=None, redoc_url=None, openapi_url=None)
    # Kept on app.state (not closed over) so an operator or a test can re-wire the app the plugin mounted.
    app.state.receiver = receiver
    app.state.status_token = status_token

    @app.get("/webhooks/status")
    def webhook_status(request: Request, authorization: str | None = Header(default=None)) -> dict:
        if not request.app.state.status_token.allows(authorization):
            raise HTTPException(status_code=401, detail="bearer token required", headers={"WWW-Authenticate": "Bearer"})
        return request.app.state.receiver.status()

    @app.post("/webhooks/{system}/{tenant}")
    async def receive_webhook(system: str, tenant: str, request: Request) -> JSONResponse:
        return await request.app.state.receiver.receive(system, tenant, request)

    return app


def create_standalone_app(receiver: WebhookReceiver | None = None) -> FastAPI:
    """The webhook app under the same ``/erplink`` prefix it has on the Airflow API server."""
    root = FastAPI(title="erplink webhook receiver", docs_url=None, redoc_url=None, openapi_url=None)
    root.mount(URL_PREFIX, create_webhooks_app(receiver))
    return root
