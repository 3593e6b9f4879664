"""The ASGI app: the store's v2 and v3 routes under `/stores/{store_hash}`, admin routes under
`/__admin__/bigcommerce/`."""

from __future__ import annotations

from fastapi import FastAPI

from sandbox.bigcommerce.admin import build_admin_router
from sandbox.bigcommerce.api import catalog, hooks, inventory, order_metafields, orders_v2, refunds, transactions
from sandbox.bigcommerce.errors import install_error_handlers
from sandbox.bigcommerce.gateway import build_gateway
from sandbox.bigcommerce.state import StoreState


def build_app(state: StoreState) -> FastAPI:
    app = FastAPI(title="BigCommerce sandbox", openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    app.include_router(build_admin_router(state))
    store = f"/stores/{state.options.store_hash}"
    app.include_router(orders_v2.build_router(state), prefix=f"{store}/v2")
    for module in (catalog, inventory, order_metafields, refunds, transactions, hooks):
        app.include_router(module.build_router(state), prefix=f"{store}/v3")
    app.middleware("http")(build_gateway(state))
    return app
