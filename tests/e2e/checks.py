"""Read-outs of the sandboxes, and store events, that several end-to-end tests share."""

from __future__ import annotations

import copy
import os
import signal
import time
from collections import Counter
from typing import Any

from tests.e2e.expectations import Expectation, expect
from tests.support.integration import Harness

QAD_BUSINESS_PREFIX = "/clouderp/api/erp/"
# A field change computes a line's defaults and saves nothing: not a write.
QAD_COMPUTATIONS = ("/salesOrderLines/fieldChange",)
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
POLL_SECONDS = 0.02
GIVE_UP_SECONDS = 120


def qad_writes(h: Harness) -> dict[str, int]:
    """Write requests QAD received on its business routes (logins are not writes), keyed `METHOD route`."""
    return {route: count for route, count in h.qad.request_counts().items()
            if route.split(" ", 1)[0] in WRITE_METHODS and QAD_BUSINESS_PREFIX in route
            and not route.endswith(QAD_COMPUTATIONS)}


def qad_creates(h: Harness) -> int:
    return sum(count for route, count in qad_writes(h).items() if route.startswith("POST "))


def duplicated_refs(h: Harness, entity: str) -> dict[str, int]:
    """externalRefs that more than one QAD document of `entity` carries, with how many carry each."""
    counts = Counter(doc["externalRef"] for doc in h.qad.documents(entity) if doc["externalRef"])
    return {ref: n for ref, n in counts.items() if n > 1}


def posted_refs(h: Harness, entity: str = "sales-orders") -> set[str]:
    return {doc["externalRef"] for doc in h.qad.documents(entity)}


def expectation(h: Harness) -> Expectation:
    """What QAD should hold for the harness's seeded world (see expectations.expect)."""
    return expect(h.world, qad_items={item.item_number for item in h.world.erp_items},
                  seeded_customer_emails=[c["email"] for c in h.world.erp_customers])


def qad_snapshot(h: Harness) -> dict[str, list[dict[str, Any]]]:
    return {entity: h.qad.documents(entity) for entity in ("customers", "sales-orders", "credit-memos")}


def store_orders_snapshot(h: Harness) -> dict[int, dict[str, Any]]:
    with h.woo.docs.lock:
        return copy.deepcopy(h.woo.docs.orders)


def store_catalog_snapshot(h: Harness) -> dict[str, dict[int, dict[str, Any]]]:
    with h.woo.docs.lock:
        return {"products": copy.deepcopy(h.woo.docs.products), "variations": copy.deepcopy(h.woo.docs.variations)}


def backdate_store_events(h: Harness, seconds: float = 300) -> None:
    """From now on the store stamps its changes `seconds` in the past.

    A run reads orders modified up to a short lag before now (late commits in the store), so an order placed
    "just now" is for the next run. Stamping it earlier stands for the run coming a few minutes later.
    """
    h.woo.docs.clock = lambda: time.time() - seconds


def place_order(h: Harness, *, email: str, sku: str, quantity: int = 1, status: str = "processing") -> dict:
    """A shopper checks out one SKU as a guest; the store fires its order webhooks as for any new order."""
    address = {"first_name": "Test", "last_name": "Shopper", "address_1": "1 Market St", "city": "Austin",
               "state": "TX", "postcode": "73301", "country": "US"}
    return h.woo.create_order({
        "status": status, "set_paid": True, "currency": "USD", "billing": {**address, "email": email},
        "shipping": address, "line_items": [{"sku": sku, "quantity": quantity}],
        "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00"}],
    })  # fmt: skip


def kill_while_posting(h: Harness, expected: int) -> int:
    """Start the orders DAG in a child process and SIGKILL it once QAD holds some but not all sales orders;
    returns how many QAD held at that moment."""
    child = h.start_child("orders")
    deadline = time.monotonic() + GIVE_UP_SECONDS
    try:
        while time.monotonic() < deadline:
            posted = len(h.qad.documents("sales-orders"))
            if posted >= 3:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                assert posted < expected, "the run finished before it could be killed"
                return posted
            assert child.poll() is None, f"the child run ended (exit {child.returncode}) before any posting"
            time.sleep(POLL_SECONDS)
        raise AssertionError("QAD saw no sales order in time")
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
