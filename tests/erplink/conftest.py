"""Store and ERP documents shaped like the real APIs' responses, read fresh for every test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def guest_order() -> dict[str, Any]:
    """The wc/v3 docs' order example (727), guest checkout, with SKUs on both lines."""
    return load_fixture("woo_order_guest.json")


@pytest.fixture
def registered_order() -> dict[str, Any]:
    """Order 1042: registered customer, variation line, coupon, fee, write-back marker, one refund."""
    return load_fixture("woo_order_registered.json")


@pytest.fixture
def refunds_of_1042() -> dict[int, dict[str, Any]]:
    """Refunds of order 1042 by id: 77 with lines and restock, 78 amount-only."""
    return {refund["id"]: refund for refund in load_fixture("woo_refunds_1042.json")}
