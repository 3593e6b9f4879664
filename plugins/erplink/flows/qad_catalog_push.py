"""Catalog push: QAD items, prices and available stock → WooCommerce products and variations by SKU.

QAD is pull-only, so every run reads the tenant's items, price list and inventory. The store side is read
only when the SKU index is missing or a full resync is asked for: the index (SKU → product/variation id) and the
fingerprint of what was last pushed per SKU are kept in the ledger, so a run where nothing changed in QAD sends
nothing to the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from erplink.flows.context import FlowContext
from erplink.ledger import RecordKey, Status
from erplink.load.errors import MappingError
from erplink.mappings.qad_catalog import item_from_qad, plan_catalog_updates, price_from_qad, stock_level_from_qad
from erplink.mappings.woocommerce_catalog import WooCatalogEntry, woo_catalog_index

CATALOG_SKU = "catalog_sku"


@dataclass
class CatalogSummary:
    erp_items: int = 0
    store_index_refreshed: bool = False
    store_skus: int = 0
    pushed: int = 0
    unchanged: int = 0
    batch_calls: int = 0
    item_errors: list[str] = field(default_factory=list)
    missing_in_store: list[str] = field(default_factory=list)
    unknown_to_erp: int = 0
    bad_erp_rows: list[str] = field(default_factory=list)
    dry_run_updates: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _sku_key(fc: FlowContext, sku: str) -> RecordKey:
    return RecordKey(fc.tenant.name, fc.integration, CATALOG_SKU, sku)


def _read_store_index(fc: FlowContext) -> dict[str, WooCatalogEntry]:
    products = list(fc.store.iter_products({"status": "any"}))
    variations = {p["id"]: list(fc.store.iter_variations(p["id"])) for p in products if p.get("type") == "variable"}
    return woo_catalog_index(products, variations)


def _entry_payload(entry: WooCatalogEntry, pushed: str | None) -> dict[str, Any]:
    return {"product_id": entry.product_id, "parent_id": entry.parent_id, "regular_price": entry.regular_price,
            "stock_quantity": entry.stock_quantity, "manage_stock": entry.manage_stock, "pushed": pushed}


def _cached_index(fc: FlowContext) -> tuple[dict[str, WooCatalogEntry], dict[str, str]]:
    index: dict[str, WooCatalogEntry] = {}
    pushed: dict[str, str] = {}
    for record in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity=CATALOG_SKU):
        data = record.payload
        index[record.key.source_id] = WooCatalogEntry(
            product_id=data["product_id"], parent_id=data["parent_id"], regular_price=data["regular_price"],
            stock_quantity=data["stock_quantity"], manage_stock=data["manage_stock"],
        )  # fmt: skip
        if data.get("pushed"):
            pushed[record.key.source_id] = data["pushed"]
    return index, pushed


def _remember(fc: FlowContext, entries: list[tuple[str, WooCatalogEntry, str | None]], action: str) -> None:
    """Record SKU → store product links (and what was pushed) as done ledger rows, visible like any record."""
    keys = []
    for sku, entry, pushed in entries:
        key = _sku_key(fc, sku)
        fc.ledger.upsert_source(key, payload=_entry_payload(entry, pushed), source_modified=None,
                                run_id=fc.attempt.run_id)
        keys.append(key)
    if not keys:
        return
    worker = fc.attempt.worker or f"{fc.tenant.dag_prefix}.catalog"
    for record in fc.ledger.claim(fc.tenant.name, fc.integration, CATALOG_SKU, limit=len(keys), keys=keys,
                                  worker=worker, ctx=fc.attempt):
        fc.ledger.mark_done(record.key, target_id=str(record.payload["product_id"]), target_ref=record.key.source_id,
                            ctx=fc.attempt._replace(worker=worker), action=action)


def _mapped(rows, mapper, summary: CatalogSummary) -> list:
    out = []
    for row in rows:
        try:
            out.append(mapper(row))
        except MappingError as exc:
            summary.bad_erp_rows.append(str(exc))
    return out


def push_catalog(fc: FlowContext, *, full_resync: bool = False) -> CatalogSummary:
    summary = CatalogSummary()
    erp_cfg = fc.tenant.erp
    items = _mapped(fc.erp.iter("items"), item_from_qad, summary)
    prices = _mapped(fc.erp.prices(erp_cfg.price_list), price_from_qad, summary)
    locations = [(loc.site, loc.location) for loc in erp_cfg.stock_locations]
    levels = []
    for site in sorted({site for site, _ in locations}):
        levels.extend(_mapped(fc.erp.inventory(site), stock_level_from_qad, summary))
    summary.erp_items = len(items)

    index, pushed = ({}, {}) if full_resync else _cached_index(fc)
    if not index:
        index = _read_store_index(fc)
        summary.store_index_refreshed = True
        if not fc.dry_run:
            _remember(fc, [(sku, entry, pushed.get(sku)) for sku, entry in index.items()], "linked")
    summary.store_skus = len(index)

    plan = plan_catalog_updates(items, prices, levels, index, locations=locations, previous_pushed=pushed,
                                full_resync=full_resync, currency=fc.tenant.store.currencies[0])
    summary.unchanged = plan.unchanged
    summary.missing_in_store = list(plan.missing_in_store)
    summary.unknown_to_erp = len(plan.unknown_to_erp)
    if plan.missing_in_store:
        # Once per run, not per record: the list is the actionable part.
        fc.log.warning("%d active QAD items have no store product (creation is off for this tenant): %s",
                       len(plan.missing_in_store), ", ".join(plan.missing_in_store[:50]))
    if plan.unknown_to_erp:
        fc.log.info("%d store SKUs are not QAD items and were left alone", len(plan.unknown_to_erp))

    for batch in plan.batches():
        if fc.dry_run:
            summary.dry_run_updates.append({"parent_id": batch.parent_id, **batch.body()})
            continue
        body = batch.body()
        if batch.parent_id is None:
            result = fc.store.batch_products(update=body["update"])
        else:
            result = fc.store.batch_variations(batch.parent_id, update=body["update"])
        summary.batch_calls += 1
        failed = {error.item.get("id") for error in result.errors}
        for error in result.errors:
            summary.item_errors.append(f"store product {error.item.get('id')}: {error.code}: {error.message}")
        pushed_now = [
            (update.sku, WooCatalogEntry(update.product_id, update.parent_id, update.regular_price,
                                         update.stock_quantity, update.manage_stock), update.fingerprint)
            for update in batch.updates if update.product_id not in failed
        ]  # fmt: skip
        summary.pushed += len(pushed_now)
        _remember(fc, pushed_now, "pushed")
    return summary


__all__ = ["CATALOG_SKU", "CatalogSummary", "Status", "push_catalog"]
