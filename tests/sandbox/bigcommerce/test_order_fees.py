"""An order's fees as BigCommerce serves them: inside the order only with `include=fees` (on the list and on one
order), and at `/orders/{order_id}/fees`; a WooCommerce ad-hoc discount (a negative fee) as the order's manual
discount (`discount_amount`, spread over its products); and every order's totals what its parts make."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import requests
from sandbox import Sandbox
from sandbox.bigcommerce import create_sandbox
from sandbox.seed import World, generate_world

from tests.sandbox.bigcommerce.conftest import WORLD_NOW, FakeClock, store_url
from tests.sandbox.bigcommerce.world_edits import with_ad_hoc_discounts
from tests.support.asgi_session import asgi_session


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def _order_with_fee(sandbox: Sandbox) -> int:
    return next(order_id for order_id, record in sandbox.state.records.orders.items() if record.fees)


@contextmanager
def _api(sandbox: Sandbox) -> Iterator[requests.Session]:
    with asgi_session(sandbox.app) as session:
        session.headers["X-Auth-Token"] = sandbox.state.credentials.access_token
        yield session


def test_an_order_carries_its_fees_only_when_asked_for(api: requests.Session, bigcommerce: Sandbox) -> None:
    order_id = _order_with_fee(bigcommerce)
    plain = api.get(store_url(bigcommerce, f"v2/orders/{order_id}")).json()
    with_fees = api.get(store_url(bigcommerce, f"v2/orders/{order_id}"), params={"include": "fees"}).json()
    own = api.get(store_url(bigcommerce, f"v2/orders/{order_id}/fees"))
    assert "fees" not in plain
    assert own.status_code == 200 and with_fees["fees"] == own.json()["fees"]
    fee = with_fees["fees"][0]
    assert fee["type"] == "custom_fee" and fee["display_name_merchant"] == "Gift wrap"
    assert _money(fee["cost_ex_tax"]) + _money(fee["cost_tax"]) == _money(fee["cost_inc_tax"])


def test_the_order_list_carries_fees_only_with_include_fees(api: requests.Session, bigcommerce: Sandbox) -> None:
    plain = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250}).json()
    listed = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250, "include": "fees"}).json()
    assert all("fees" not in order for order in plain)
    by_id = {order["id"]: order["fees"] for order in listed}
    assert by_id == {
        order_id: record.fees for order_id, record in bigcommerce.state.records.orders.items() if not record.archived
    }
    assert any(by_id.values()) and not all(by_id.values())


def _parts_ex_tax(order: dict[str, Any], fees: list[dict[str, Any]]) -> Decimal:
    """What BigCommerce's `total_ex_tax` is made of: goods before discounts, shipping, handling, wrapping and fees,
    less the coupons and the manual discount."""
    charged = sum(
        (_money(order[name]) for name in ("subtotal_ex_tax", "shipping_cost_ex_tax", "handling_cost_ex_tax",
                                          "wrapping_cost_ex_tax")),
        Decimal(0),
    ) + sum((_money(fee["cost_ex_tax"]) for fee in fees), Decimal(0))  # fmt: skip
    return charged - _money(order["coupon_discount"]) - _money(order["discount_amount"])


def test_every_order_total_is_what_its_parts_make(world: World) -> None:
    sandbox = create_sandbox(with_ad_hoc_discounts(world, 3), clock=FakeClock(WORLD_NOW))
    with _api(sandbox) as api:
        listed = api.get(store_url(sandbox, "v2/orders"), params={"limit": 250, "include": "fees"}).json()
    missed = {
        order["id"]: _parts_ex_tax(order, order["fees"]) - _money(order["total_ex_tax"])
        for order in listed
        if _parts_ex_tax(order, order["fees"]) != _money(order["total_ex_tax"])
        or _money(order["total_ex_tax"]) + _money(order["total_tax"]) != _money(order["total_inc_tax"])
    }
    assert missed == {}


def test_an_ad_hoc_discount_is_the_orders_manual_discount_spread_over_its_products(world: World) -> None:
    changed = with_ad_hoc_discounts(world, 3)
    woo = next(order for order in changed.orders if any(_money(fee["total"]) < 0 for fee in order["fee_lines"]))
    discount = -sum((_money(fee["total"]) for fee in woo["fee_lines"] if _money(fee["total"]) < 0), Decimal(0))
    sandbox = create_sandbox(changed, clock=FakeClock(WORLD_NOW))
    with _api(sandbox) as api:
        order = api.get(store_url(sandbox, f"v2/orders/{woo['id']}"), params={"include": "fees"}).json()
        products = api.get(store_url(sandbox, f"v2/orders/{woo['id']}/products")).json()
    shares = [d for product in products for d in product["applied_discounts"] if d["id"] == "manual-discount"]
    assert _money(order["discount_amount"]) == discount
    assert all(_money(fee["cost_ex_tax"]) > 0 for fee in order["fees"])  # a discount is no fee
    assert len(shares) == len(products) and sum((_money(d["amount"]) for d in shares), Decimal(0)) == discount
    assert {(d["name"], d["code"], d["target"]) for d in shares} == {("Manual Discount", None, "order")}


def test_a_refund_of_the_whole_order_gives_its_fees_back() -> None:
    world = generate_world(seed=0, orders=60, skus=24, now=WORLD_NOW)  # order 46: a fee, then refunded in full
    sandbox = create_sandbox(world, clock=FakeClock(WORLD_NOW))
    totals = {order["id"]: _money(order["total"]) for order in world.orders}
    whole = [
        refund
        for refund in sandbox.state.records.refunds
        if sandbox.state.records.orders[refund["order_id"]].fees
        and _money(refund["total_amount"]) == totals[refund["order_id"]]
    ]
    assert whole
    for refund in whole:
        fees = sandbox.state.records.orders[refund["order_id"]].fees
        fee_items = [item for item in refund["items"] if item["item_type"] == "FEE"]
        assert [(item["item_id"], _money(item["requested_amount"])) for item in fee_items] == [
            (fee["id"], _money(fee["cost_inc_tax"])) for fee in fees
        ]
