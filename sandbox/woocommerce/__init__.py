"""WooCommerce REST API v3 sandbox: `create_sandbox(world)` gives the app, the in-process state and the
Airflow connection that points at a served copy."""

from __future__ import annotations

import time
from collections.abc import Callable

from sandbox import Sandbox
from sandbox.seed.world import World
from sandbox.woocommerce.app import build_app
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.links import API_PATH
from sandbox.woocommerce.state import WooState
from sandbox.woocommerce.store_mode import StoreModePlan

CONN_ID = "erplink_woo_demo"


def fault_response(status: int) -> tuple[bytes, dict[str, str]]:
    """What a store's stack answers when it fails: WordPress's fatal-error JSON for 500, a proxy's HTML page for
    502-504, and a host's rate limiter (core WooCommerce has none) with Retry-After for 429."""
    if status == 429:
        body = {"code": "rest_too_many_requests", "message": "Too many requests.", "data": {"status": 429}}
        return wp_json(body), {"Retry-After": "1"}
    if status == 500:
        body = {"code": "internal_server_error", "message": "<p>There has been a critical error on this "
                "website.</p>", "data": {"status": 500}, "additional_errors": []}
        return wp_json(body), {}
    page = f"<html><head><title>{status}</title></head><body><center><h1>{status}</h1></center></body></html>"
    headers = {"Content-Type": "text/html"}
    if status == 503:
        headers["Retry-After"] = "1"
    return page.encode(), headers


def create_sandbox(world: World, *, clock: Callable[[], float] = time.time,
                   site_url: str = "https://shop.example.com", delivery_timeout: float = 60.0,
                   batch_limit: int = 100, store_mode: StoreModePlan | dict | None = None) -> Sandbox:
    """``store_mode``: PHP workers and request costs as a real store has them (see store_mode.py); off by default."""
    plan = StoreModePlan.model_validate(store_mode) if isinstance(store_mode, dict) else store_mode
    state = WooState(world, clock=clock, site_url=site_url, delivery_timeout=delivery_timeout,
                     batch_limit=batch_limit)

    def connections(base_url: str, ca_path: str | None) -> dict[str, dict]:
        return {CONN_ID: {
            "conn_type": "woocommerce", "host": base_url, "login": state.read_write_key.consumer_key,
            "password": state.read_write_key.consumer_secret,
            "extra": {"webhook_secret": state.webhook_secret, "allow_insecure_http": False,
                      "auth_placement": "header", "timeout": 30,
                      "verify": ca_path if ca_path else True, "api_path": API_PATH}}}

    return Sandbox(name="woocommerce", app=build_app(state, plan), state=state, connections=connections,
                   fault_response=fault_response, close=state.close)
