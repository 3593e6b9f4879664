"""Store read floors: pages a full read needs and the time a store's PHP workers need to serve them."""

from __future__ import annotations

import pytest

from bench.store_read import floors


def test_the_given_floor_is_ceil_of_orders_over_100_and_the_own_floor_adds_the_trash_list():
    result = floors({"orders": 2000, "trashed": 39}, php_workers=2, page_cost_ms=100)
    assert result["given"] == {"pages": 20, "seconds": pytest.approx(1.0)}
    assert result["own"] == {"pages": 20 + 1, "seconds": pytest.approx(1.05)}


def test_an_empty_trash_is_still_asked_for():
    assert floors({"orders": 250, "trashed": 0}, php_workers=1, page_cost_ms=100)["own"]["pages"] == 3 + 1
