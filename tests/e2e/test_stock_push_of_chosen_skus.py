"""The stock push of chosen SKUs (the catalog DAG's ``skus`` Param, which the erplink page's "Push stock" form
starts): exactly the chosen SKUs are sent again, even when the ledger thinks the store already holds their values
(the store was edited by hand), the others are left as they are, a SKU the ERP does not sell is reported, and an
ERP read by modification marks (Acumatica) keeps its marks, so the items changed since still go with the next
regular push. The form's list (the integration's ``catalog_stock``) shows the ERP's and the store's quantities."""

from __future__ import annotations

import pytest

from erplink import registry
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext
from erplink.systems.acumatica.catalog_source import ITEMS_STREAM, QUANTITIES_STREAM
from tests.support.integration import Harness

pytestmark = pytest.mark.slow
HAND_EDITED = 999


def _stock_list(h: Harness) -> dict[str, tuple[int, int | None, bool]]:
    tenant = load_tenants(h.config_path).get(h.tenant)
    fc = FlowContext(tenant=tenant, ledger=h.ledger(), attempt=AttemptContext(worker="test"))
    read = registry.integration(tenant.integration).catalog_stock
    assert read is not None
    return {row.sku: (row.erp_available, row.store_quantity, row.in_store) for row in read(fc)}


def _simple_products_by_sku(h: Harness) -> dict[str, dict]:
    with h.woo.docs.lock:
        return {p["sku"]: p for p in h.woo.docs.products.values()
                if p["type"] == "simple" and p.get("manage_stock") and p.get("sku")}  # fmt: skip


def _marks(h: Harness) -> list[object]:
    ledger = h.ledger()
    return [ledger.get_watermark(h.tenant, h.integration_name, stream) for stream in (ITEMS_STREAM, QUANTITIES_STREAM)]


@pytest.mark.parametrize("tenant", ["demo", "demo_acumatica"])
def test_pushing_chosen_skus_sends_exactly_those_again_and_leaves_the_rest(integration, tenant: str) -> None:
    h: Harness = integration(orders=10, skus=30, tenant=tenant)
    assert h.run("catalog") == "success"
    listed = _stock_list(h)
    products = _simple_products_by_sku(h)
    linked = sorted(sku for sku in products if sku in listed and listed[sku][2])
    assert len(linked) >= 3
    for sku in linked:  # after a full push the store holds what the ERP offers, and the list says so
        assert listed[sku][1] == products[sku]["stock_quantity"] == listed[sku][0], sku
    chosen, left = linked[:2], linked[2]
    with h.woo.docs.lock:  # someone edits the store by hand; the ledger still thinks the store is in line
        for sku in (*chosen, left):
            products[sku]["stock_quantity"] = HAND_EDITED
    marks = _marks(h)

    assert h.run("catalog", {"skus": [*chosen, "NOT-AN-ERP-ITEM"]}) == "success"

    after = _simple_products_by_sku(h)
    for sku in chosen:
        assert after[sku]["stock_quantity"] == listed[sku][0], sku
    assert after[left]["stock_quantity"] == HAND_EDITED
    assert _marks(h) == marks
