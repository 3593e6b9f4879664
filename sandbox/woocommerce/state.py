"""The in-process handle on one WooCommerce sandbox: documents, keys, webhooks, and shortcuts for tests."""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from sandbox.seed.world import World
from sandbox.woocommerce.auth import ApiKey, Authenticator, new_api_key
from sandbox.woocommerce.churn import Churn
from sandbox.woocommerce.coupons import Coupons
from sandbox.woocommerce.customers import Customers
from sandbox.woocommerce.documents import Documents
from sandbox.woocommerce.orders import Orders
from sandbox.woocommerce.products import Products
from sandbox.woocommerce.refunds import Refunds
from sandbox.woocommerce.webhooks import Delivery, Webhooks

DEFAULT_BATCH_LIMIT = 100  # the woocommerce_rest_batch_items_limit filter's default


class WooState:
    def __init__(self, world: World, *, clock: Callable[[], float] = time.time,
                 site_url: str = "https://shop.example.com", delivery_timeout: float = 60.0,
                 batch_limit: int = DEFAULT_BATCH_LIMIT):
        self.world = world
        self.batch_limit = batch_limit
        self.docs = Documents(world, clock=clock, site_url=site_url)
        self.orders = Orders(self.docs)
        self.products = Products(self.docs)
        self.customers = Customers(self.docs)
        self.refunds = Refunds(self.docs)
        self.coupons = Coupons(self.docs)
        self.webhooks = Webhooks(self.docs, self._payload, delivery_timeout=delivery_timeout)
        self.read_write_key: ApiKey = new_api_key(1, "erplink (read/write)", "read_write")
        self.read_key: ApiKey = new_api_key(2, "erplink reports (read)", "read")
        self.webhook_secret = secrets.token_urlsafe(24)
        self.auth = Authenticator([self.read_write_key, self.read_key], clock=clock)
        self.churn = Churn(self)  # off until a plan is set (a test, or POST /__admin__/churn)

    def _payload(self, resource: str, resource_id: int) -> bytes:
        """A webhook payload is the same JSON GET /<resource>s/<id> returns."""
        readers = {"order": self.orders.json, "product": self.products.json, "customer": self.customers.json,
                   "coupon": self.coupons.json}
        return readers[resource](resource_id)

    @property
    def site_url(self) -> str:
        return self.docs.site_url

    def set_site_url(self, url: str) -> None:
        self.docs.set_site_url(url)

    def reset(self) -> None:
        """Back to the seed world: documents, webhooks and the delivery log (keys stay valid)."""
        self.webhooks.wait_idle()
        self.churn.reset()
        self.docs.load(self.world)
        self.webhooks.reset()

    def summary(self) -> dict[str, Any]:
        with self.docs.lock:
            return {
                "site_url": self.site_url,
                "products": len(self.docs.products), "variations": len(self.docs.variations),
                "customers": len(self.docs.customers), "coupons": len(self.docs.coupons),
                "orders": dict(Counter(order["status"] for order in self.docs.orders.values())),
                "refunds": sum(len(refunds) for refunds in self.docs.refunds.values()),
                "webhooks": [{"id": w["id"], "topic": w["topic"], "status": w["status"],
                              "failure_count": self.webhooks.failure_count(w["id"])}
                             for w in self.docs.webhooks.values()],
                "deliveries": len(self.webhooks.deliveries),
            }

    # shortcuts that make store events happen, as a shopper or shop manager would ---------------------------------
    def create_order(self, body: Mapping[str, Any]) -> dict:
        return self.orders.create(body, created_via="checkout")

    def update_order(self, order_id: int, body: Mapping[str, Any]) -> dict:
        return self.orders.update(order_id, body)

    def create_refund(self, order_id: int, body: Mapping[str, Any]) -> dict:
        return self.orders.create_refund(order_id, body)

    def deliveries(self) -> list[Delivery]:
        with self.docs.lock:
            return list(self.webhooks.deliveries)

    def close(self) -> None:
        self.webhooks.close()
