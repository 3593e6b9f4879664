"""A served WooCommerce sandbox shared by the contract tests, reset to the seed world before each test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
from woocommerce import API

from sandbox.runner import RunningSandbox, start_sandboxes
from sandbox.woocommerce.state import WooState

API_PATH = "/wp-json/wc/v3"


@dataclass
class Store:
    """The served store and ready-made clients for it."""

    running: RunningSandbox
    conn: dict

    @property
    def state(self) -> WooState:
        return self.running.state

    @property
    def ca(self) -> str:
        return self.conn["extra"]["verify"]

    def https_api(self, **options) -> API:
        """The official client over HTTPS: HTTP Basic (or query keys with query_string_auth=True)."""
        return API(self.running.base_url, self.conn["login"], self.conn["password"], verify_ssl=self.ca, timeout=10,
                   **options)

    def http_api(self, key=None) -> API:
        """The official client over plain HTTP: OAuth 1.0a (HMAC-SHA256) in the query string."""
        key = key or self.state.read_write_key
        return API(self.running.http_url, key.consumer_key, key.consumer_secret, timeout=10)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("auth", (self.conn["login"], self.conn["password"]))
        return requests.request(method, f"{self.running.base_url}{API_PATH}{path}", verify=self.ca, timeout=10,
                                **kwargs)


@pytest.fixture(scope="session")
def served_store(small_world) -> Iterator[Store]:
    with start_sandboxes(["woocommerce"], world=small_world) as running:
        yield Store(running.woocommerce, running.connections()["erplink_woo_demo"])


@pytest.fixture
def store(served_store: Store) -> Iterator[Store]:
    served_store.state.reset()
    served_store.running.faults.clear()
    yield served_store
    served_store.running.faults.clear()
