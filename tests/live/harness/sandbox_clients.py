"""The sandboxes as the live tests reach them: the store's REST API with the connection's keys, and the
loopback-only admin routes (a shopper checks out, QAD gains an item, a fault is switched on or off)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import requests

from sandbox.woocommerce.webhooks import signature
from tests.live.harness.sandboxes import SandboxEndpoints

STORE_API = "/wp-json/wc/v3"
TIMEOUT = 30


class Store:
    """The WooCommerce sandbox: its REST API, its admin routes, and the signed deliveries it would send."""

    def __init__(self, endpoints: SandboxEndpoints) -> None:
        self._endpoints = endpoints
        self._http = requests.Session()
        self._http.auth = endpoints.woo_credentials
        # `verify` goes on each call: requests lets REQUESTS_CA_BUNDLE override a session-level one.
        self._verify = endpoints.ca_path

    def _get(self, path: str, **params: Any) -> Any:
        response = self._http.get(f"{self._endpoints.woo_url}{STORE_API}{path}", params=params, timeout=TIMEOUT,
                                  verify=self._verify)
        response.raise_for_status()
        return response.json()

    def orders(self) -> list[dict[str, Any]]:
        """Every order the store holds outside the trash (status=any), all pages."""
        found, page = [], 1
        while batch := self._get("/orders", per_page=100, page=page, status="any"):
            found += batch
            page += 1
        return found

    def order(self, order_id: int) -> dict[str, Any]:
        return self._get(f"/orders/{order_id}")

    def skus(self) -> set[str]:
        """The SKUs of every product and variation the store sells."""
        found: set[str] = set()
        page = 1
        while products := self._get("/products", per_page=100, page=page):
            for product in products:
                if product.get("sku"):
                    found.add(product["sku"])
                if product.get("type") == "variable":
                    found |= {v["sku"] for v in self._get(f"/products/{product['id']}/variations", per_page=100)
                              if v.get("sku")}
            page += 1
        return found

    def place_order(self, *, sku: str, email: str, quantity: int = 1) -> dict[str, Any]:
        """A guest checks out one SKU, paid (status processing); returns the order as the store keeps it."""
        address = {"first_name": "Live", "last_name": "Shopper", "address_1": "1 Market St", "city": "Austin",
                   "state": "TX", "postcode": "73301", "country": "US"}
        body = {"status": "processing", "set_paid": True, "currency": "USD", "billing": {**address, "email": email},
                "shipping": address, "line_items": [{"sku": sku, "quantity": quantity}],
                "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00"}]}
        response = self._http.post(f"{self._endpoints.woo_url}/__admin__/orders", json=body, timeout=TIMEOUT,
                                   verify=self._verify)
        response.raise_for_status()
        return response.json()

    def signed_delivery(self, order: dict[str, Any], *, topic: str = "order.updated") -> tuple[bytes, dict[str, str]]:
        """The body and headers WooCommerce sends for ``order`` on ``topic``, signed with the webhook secret."""
        body = json.dumps(order).encode()
        resource, _, event = topic.partition(".")
        return body, {
            "Content-Type": "application/json", "X-WC-Webhook-Topic": topic, "X-WC-Webhook-Resource": resource,
            "X-WC-Webhook-Event": event, "X-WC-Webhook-ID": "1", "X-WC-Webhook-Source": f"{self._endpoints.woo_url}/",
            "X-WC-Webhook-Signature": signature(body, self._endpoints.webhook_secret),
        }


class Qad:
    """The QAD sandbox's admin routes for the demo connection's tenant."""

    def __init__(self, endpoints: SandboxEndpoints) -> None:
        self._root = endpoints.qad_url
        self._admin = f"{endpoints.qad_url}/__admin__/qad/{endpoints.qad_tenant}"
        self._http = requests.Session()
        self._verify = endpoints.ca_path  # on each call, as above

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self._http.request(method, url, timeout=TIMEOUT, verify=self._verify, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def documents(self, entity: str) -> list[dict[str, Any]]:
        return self._call("GET", f"{self._admin}/documents/{entity}")

    def sales_order_refs(self) -> Counter[str]:
        """How many QAD sales orders carry each external reference."""
        return Counter(doc["externalRef"] for doc in self.documents("sales-orders") if doc.get("externalRef"))

    def active_items(self) -> set[str]:
        return {doc["itemNumber"] for doc in self.documents("items") if doc.get("status") == "ACTIVE"}

    def add_item(self, sku: str, *, price: str = "19.99", on_hand: str = "10") -> None:
        """Set the item up as a person would after reading the quarantine reason: item, list price and stock."""
        self._call("POST", f"{self._admin}/items", json={"itemNumber": sku, "description": f"Item {sku}"})
        self._call("PUT", f"{self._admin}/price-lists/USD/prices/{sku}", json={"price": price, "currency": "USD"})
        self._call("PUT", f"{self._admin}/inventory/10-100/FG/{sku}", json={"qtyOnHand": on_hand})

    def set_faults(self, plan: dict[str, Any]) -> dict[str, Any]:
        """Replace the fault plan (which also starts a new concurrency peak); returns what the sandbox reports."""
        return self._call("POST", f"{self._root}/__admin__/faults", json=plan)

    def clear_faults(self) -> None:
        self._call("DELETE", f"{self._root}/__admin__/faults")

    def faults(self) -> dict[str, Any]:
        return self._call("GET", f"{self._root}/__admin__/faults")
