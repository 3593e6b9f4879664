"""What the tenant actually holds, for tests that need a real item or customer of it."""

from __future__ import annotations

from sandbox import Sandbox


def active_items(qad: Sandbox, count: int, tenant: str = "acme") -> list[str]:
    items = [item["itemNumber"] for item in qad.state.documents("items", tenant=tenant) if item["status"] == "ACTIVE"]
    assert len(items) >= count, "the seeded tenant has too few active items for this test"
    return items[:count]


def first_customer(qad: Sandbox, tenant: str = "acme") -> str:
    code: str = qad.state.documents("customers", tenant=tenant)[0]["customerCode"]
    return code
