"""The FastAPI app of one WooCommerce sandbox: wc/v3 routes, admin routes, and WordPress-shaped errors."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from sandbox.woocommerce.admin import build_admin_router
from sandbox.woocommerce.api import build_router
from sandbox.woocommerce.churn import ChurnMiddleware, build_churn_router
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.errors import NO_ROUTE, WooError
from sandbox.woocommerce.http import error_response, json_response
from sandbox.woocommerce.links import API_PATH
from sandbox.woocommerce.permalinks import PermalinkRouting, Permalinks, build_permalinks_router
from sandbox.woocommerce.state import WooState
from sandbox.woocommerce.store_mode import PhpWorkers, StoreModeMiddleware, StoreModePlan, build_store_mode_router


def build_app(state: WooState, store_mode: StoreModePlan | None = None) -> FastAPI:
    """``store_mode``: the PHP workers and request costs of a real store (off unless given); the pool is
    ``app.state.php_workers``."""
    app = FastAPI(title="WooCommerce sandbox", docs_url=None, redoc_url=None, openapi_url=None)
    api = build_router(state)
    app.include_router(api)
    app.include_router(build_admin_router(state))
    app.include_router(build_churn_router(state.churn))
    app.add_middleware(ChurnMiddleware, churn=state.churn)
    app.state.php_workers = PhpWorkers(store_mode)
    app.include_router(build_store_mode_router(app.state.php_workers))
    app.add_middleware(StoreModeMiddleware, workers=app.state.php_workers)
    # Added last, so outermost: a ?rest_route= request is routed (and charged) as the /wp-json path it names.
    app.state.permalinks = Permalinks()
    app.include_router(build_permalinks_router(app.state.permalinks))
    app.add_middleware(PermalinkRouting, permalinks=app.state.permalinks)

    @app.get(API_PATH)
    async def index() -> Response:
        """The namespace index needs no authentication and lists every route."""
        routes: dict[str, dict] = {}
        for route in api.routes:
            entry = routes.setdefault(route.path.replace(":int", ""), {"namespace": "wc/v3", "methods": []})
            entry["methods"] = sorted({*entry["methods"], *route.methods})
        return json_response(wp_json({"namespace": "wc/v3", "routes": routes}))

    @app.exception_handler(WooError)
    async def woo_error(_: Request, error: WooError) -> Response:
        return error_response(error)

    @app.exception_handler(HTTPException)
    async def no_route(_: Request, error: HTTPException) -> Response:
        # WordPress answers an unknown path and a known path with the wrong method alike.
        if error.status_code in (404, 405):
            return error_response(NO_ROUTE)
        return error_response(WooError("rest_error", str(error.detail), error.status_code))

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, error: RequestValidationError) -> Response:
        return error_response(WooError("rest_invalid_param", "Invalid parameter(s).", 400))

    return app
