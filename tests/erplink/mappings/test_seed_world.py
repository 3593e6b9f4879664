"""Every document of a generated sandbox world goes through the mappings: mapped, or refused by name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from erplink.load.errors import MappingError
from erplink.integrations.qad_woocommerce.catalog import plan_catalog_updates
from erplink.systems.qad.mappings.sales import sales_order_payload, unknown_skus
from erplink.systems.woocommerce.mappings.references import reference_for_order
from erplink.systems.woocommerce.mappings.catalog import woo_catalog_index
from erplink.systems.woocommerce.mappings.orders import order_from_woo, refund_from_woo
from erplink.models import Item, Price, StockLevel

import sandbox.seed as seed


@pytest.fixture(scope="module")
def world():
    return seed.generate_world(seed=7, orders=300)


def test_every_order_maps_or_is_refused_naming_that_order(world):
    mapped = 0
    for document in world.orders:
        try:
            order = order_from_woo(document, store="shop1", currencies={seed.world.STORE_CURRENCY})
        except MappingError as error:
            assert error.record_key == f"woocommerce order {document['id']}"
            assert error.reason
        else:
            assert order.source_id == document["id"]
            mapped += 1
    assert mapped > len(world.orders) // 2


def test_every_refund_maps_in_its_order_currency(world):
    currency_by_order = {document["id"]: document["currency"] for document in world.orders}
    for order_id, refunds in world.refunds.items():
        for document in refunds:
            refund = refund_from_woo(document, store="shop1", order_id=order_id, currency=currency_by_order[order_id])
            assert refund.amount > 0


def test_mapped_orders_become_balanced_qad_orders_and_unknown_skus_are_the_missing_ones(world):
    known = {item.item_number for item in world.erp_items}
    for document in world.orders:
        try:
            order = order_from_woo(document, store="shop1", currencies={seed.world.STORE_CURRENCY})
        except MappingError:
            continue
        assert set(unknown_skus(order, known)) <= world.missing_skus
        payload = sales_order_payload(
            order, reference=reference_for_order("shop1", order.source_id), customer_code="C000001",
            site="10-100", currency=order.currency,
        )
        for sent, line in zip(payload["lines"], order.lines, strict=True):
            net = Decimal(sent["unitPrice"]) * int(sent["quantity"]) - Decimal(sent["discountAmount"])
            assert net == line.total.quantize(Decimal("0.01"))


def test_catalog_plan_over_the_world_reports_every_store_sku_the_erp_lacks(world):
    items = [Item(item_number=erp.item_number, description=erp.description, active=True) for erp in world.erp_items]
    prices = [Price(item_number=erp.item_number, price=erp.price, currency=erp.currency) for erp in world.erp_items]
    inventory = [
        StockLevel(item_number=erp.item_number, site=site, location=location, on_hand=level.on_hand,
                   allocated=level.allocated, committed=level.committed)
        for erp in world.erp_items
        for (site, location), level in erp.stock.items()
    ]
    index = woo_catalog_index(world.products, world.variations)

    plan = plan_catalog_updates(items, prices, inventory, index, locations=seed.SITES_AND_LOCATIONS)

    sold_skus = {sku for sku, entry in index.items() if not entry.variable}
    assert set(plan.unknown_to_erp) == sold_skus - {item.item_number for item in items}
    # The seed's QAD keeps an item for one variable product's own SKU: in the store, not missing.
    assert plan.variable_in_store
    assert set(plan.variable_in_store) == {sku for sku, entry in index.items() if entry.variable} & {
        item.item_number for item in items}
    assert not set(plan.variable_in_store) & set(plan.missing_in_store)
    assert world.missing_skus & set(index) <= set(plan.unknown_to_erp)
    assert all(update.stock_quantity >= 0 for update in plan.updates)
    assert all(len(batch.updates) <= 100 for batch in plan.batches())
