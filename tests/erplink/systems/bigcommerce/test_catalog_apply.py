"""The catalog push sends BigCommerce only the prices and stock that differ, prices at most 10 variants a batch."""

from __future__ import annotations

from erplink.flows.catalog import CatalogSummary
from erplink.models import ItemOffer
from erplink.systems.bigcommerce.catalog_apply import apply_catalog
from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
from erplink.systems.bigcommerce.mappings.catalog import store_variants
from tests.erplink.hooks.fakes import NO_RETRY, FakeApi, use_connection
from tests.erplink.systems.bigcommerce.flow import bigcommerce_tenant, flow_context

STORE = "/stores/abc123"


def catalog_store(monkeypatch, variants, *, refuse_batch_with: str | None = None):
    api = FakeApi()
    api.route("GET", f"{STORE}/v3/catalog/variants", lambda s: (200, {
        "data": variants[(int(s.query["page"]) - 1) * 250 : int(s.query["page"]) * 250],
        "meta": {"pagination": {"current_page": int(s.query["page"]), "total_pages": 1 + (len(variants) - 1) // 250}},
    }))  # fmt: skip

    def put_variants(seen):
        if len(seen.json) > 10:
            return 413, {"status": 413, "title": "The request payload is too large"}
        if refuse_batch_with and any(v["id"] == refuse_batch_with for v in seen.json):
            return 422, {"status": 422, "title": "Price is invalid"}
        return 200, {"data": seen.json, "meta": {}}

    api.route("PUT", f"{STORE}/v3/catalog/variants", put_variants)
    api.route("PUT", f"{STORE}/v3/inventory/adjustments/absolute", (200, {"transaction_id": "t1"}))
    use_connection(monkeypatch, BigCommerceHook, conn_type="bigcommerce", login="c", password="t",
                   extra={"store_hash": "abc123"})  # fmt: skip
    return BigCommerceHook(bigcommerce_conn_id="under_test", session=api.session(), retry=NO_RETRY), api


def offer(sku: str, price: str | None, available: int, active: bool = True) -> ItemOffer:
    return ItemOffer(item_number=sku, description=sku, active=active, price=price, available=available)


def test_only_changed_prices_and_stock_are_sent_prices_ten_variants_a_batch(monkeypatch):
    variants = [{"id": i, "sku": f"SKU-{i}", "price": 10.0, "inventory_level": 5} for i in range(1, 31)]
    offers = [offer(f"SKU-{i}", "12.50" if i <= 23 else "10.00", 5 if i != 30 else 7) for i in range(1, 31)]
    offers.append(offer("NOT-IN-STORE", "1.00", 1))
    hook, api = catalog_store(monkeypatch, variants)
    summary = CatalogSummary()
    with flow_context(hook, bigcommerce_tenant(inventory_location_id=3)) as fc:
        apply_catalog(fc, offers, summary, erp_name="QAD")
    batches = [seen.json for seen in api.calls("PUT", "/v3/catalog/variants")]
    assert [len(b) for b in batches] == [10, 10, 3]
    assert batches[0][0] == {"id": 1, "price": 12.5}
    [inventory] = [seen.json for seen in api.calls("PUT", "/inventory/adjustments/absolute")]
    assert inventory["items"] == [{"location_id": 3, "variant_id": 30, "quantity": 7}]
    assert summary.unchanged == 6 and summary.missing_in_store == ["NOT-IN-STORE"]
    assert summary.pushed == 24 and summary.item_errors == []


def test_a_refused_batch_is_reported_against_its_skus_and_the_rest_go_on(monkeypatch):
    variants = [{"id": i, "sku": f"SKU-{i}", "price": 10.0, "inventory_level": 5} for i in range(1, 13)]
    hook, _ = catalog_store(monkeypatch, variants, refuse_batch_with=11)
    summary = CatalogSummary()
    with flow_context(hook) as fc:
        apply_catalog(fc, [offer(f"SKU-{i}", "11.00", 5) for i in range(1, 13)], summary, erp_name="QAD")
    assert summary.pushed == 10 and summary.batch_calls == 2
    assert [error.split(":")[0] for error in summary.item_errors] == ["SKU-11", "SKU-12"]


def test_nothing_is_sent_when_the_store_holds_the_offers_values(monkeypatch):
    hook, api = catalog_store(monkeypatch, [{"id": 1, "sku": "A", "price": 12.5, "inventory_level": 3}])
    summary = CatalogSummary()
    with flow_context(hook) as fc:
        apply_catalog(fc, [offer("A", "12.50", 3)], summary, erp_name="QAD")
    assert [s.method for s in api.seen] == ["GET"] and summary.unchanged == 1


def test_store_variant_rows_that_cannot_be_read_are_named_and_left_out():
    index, bad = store_variants([
        {"id": 1, "sku": "A", "price": 12.5, "inventory_level": 2},
        {"id": 2, "sku": "", "price": 1},
        {"id": True, "sku": "B"},
        {"id": 3, "sku": "C", "price": "abc"},
        {"id": 4, "sku": "D", "price": None, "inventory_level": 1.5},
        "junk",
    ])  # fmt: skip
    assert set(index) == {"A"} and str(index["A"].price) == "12.50"
    assert len(bad) == 4 and any("inventory_level" in reason for reason in bad)


def test_stock_is_set_on_the_product_for_a_base_variant_and_on_the_variant_for_an_option_variant(monkeypatch):
    variants = [
        {"id": 1, "product_id": 10, "sku": "SIMPLE", "price": 1.0, "inventory_level": 0, "option_values": []},
        {"id": 2, "product_id": 20, "sku": "SHIRT-S", "price": 1.0, "inventory_level": 0,
         "option_values": [{"id": 5, "label": "S", "option_id": 1, "option_display_name": "Size"}]},
    ]  # fmt: skip
    hook, api = catalog_store(monkeypatch, variants)
    with flow_context(hook) as fc:
        apply_catalog(fc, [offer("SIMPLE", "1.00", 4), offer("SHIRT-S", "1.00", 6)], CatalogSummary(), erp_name="QAD")
    [inventory] = [seen.json for seen in api.calls("PUT", "/inventory/adjustments/absolute")]
    assert inventory["items"] == [
        {"location_id": 1, "product_id": 10, "quantity": 4},
        {"location_id": 1, "variant_id": 2, "quantity": 6},
    ]
