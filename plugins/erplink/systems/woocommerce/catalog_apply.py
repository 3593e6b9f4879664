"""The WooCommerce side of a catalog push: bring the store's products and variations in line with the ERP's offers.

The whole store catalog is read only when the SKU index is missing or a full resync is asked for: the index (SKU →
product/variation id) and the fingerprint of what was last pushed per SKU are kept in the ledger, so a run where
nothing changed in the ERP sends nothing to the store. The index is kept honest cheaply instead: every run looks
up, by SKU, the active items it does not hold (products added to the store since), and an entry whose product the
store says is gone is dropped and looked up again by SKU. A variable product's own SKU is indexed too (marked
`variable`): an item the ERP keeps for it is in the store, sold through the variations, so it is neither pushed
nor missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from erplink.flows.catalog import CatalogSummary
from erplink.flows.context import FlowContext
from erplink.ledger import RecordKey
from erplink.models import CatalogUpdate, ItemOffer
from erplink.systems.woocommerce.mappings.catalog import (
    GONE_PRODUCT_CODES,
    CatalogPlan,
    WooCatalogEntry,
    plan_store_updates,
    woo_catalog_index,
    woo_catalog_lookup,
)

CATALOG_SKU = "catalog_sku"


def apply_catalog(
    fc: FlowContext,
    offers: Sequence[ItemOffer],
    summary: CatalogSummary,
    *,
    erp_name: str,
    full_resync: bool = False,
    offers_complete: bool = True,
    resend: bool = False,
) -> None:
    """Push the offers' prices and stock to the store products of their SKUs; create the missing products when
    the tenant has the push create them. ``erp_name`` names the ERP in the log. ``offers_complete`` False: the
    offers are only the ERP items that changed (an ERP read by modification time), so a store SKU without an
    offer says nothing about the ERP and is not counted as unknown to it. ``resend``: push every offer even where
    the store seems to hold its values already (a person chose these SKUs: the store may have been edited by
    hand), without re-reading the whole store as a full resync does."""
    catalog_cfg = fc.tenant.catalog

    def plan_for(index: dict[str, WooCatalogEntry], *, only: set[str] | None = None, create: bool) -> CatalogPlan:
        chosen = offers if only is None else [offer for offer in offers if offer.item_number in only]
        return plan_store_updates(
            chosen,
            index,
            previous_pushed=pushed,
            full_resync=full_resync or resend,
            push_prices=catalog_cfg.push_prices,
            push_stock=catalog_cfg.push_stock,
            create_missing=create,
        )

    index, pushed = ({}, {}) if full_resync else _cached_index(fc)
    if not index:
        index = read_store_index(fc)
        summary.store_index_refreshed = True
        if not fc.dry_run:
            _remember(fc, [(sku, entry, pushed.get(sku)) for sku, entry in index.items()], "linked")
    else:
        # Products added to the store since the index was built: only the SKUs the ERP sells and the index lacks.
        absent = sorted(offer.item_number for offer in offers if offer.active and offer.item_number not in index)
        found = _look_up(fc, absent, summary)
        index.update(found)
        if found and not fc.dry_run:
            _remember(fc, [(sku, entry, None) for sku, entry in found.items()], "linked")
    summary.store_skus = len(index)

    plan = plan_for(index, create=False)
    summary.unchanged = plan.unchanged
    summary.variable_in_store = len(plan.variable_in_store)
    summary.unknown_to_erp = len(plan.unknown_to_erp) if offers_complete else 0
    if plan.unknown_to_erp and offers_complete:
        fc.log.info("%d store SKUs are not %s items and were left alone", len(plan.unknown_to_erp), erp_name)

    gone = _push_updates(fc, plan, index, summary)
    if gone:
        # The index pointed at products the store no longer has: drop those links, then see whether the SKU
        # lives on under another product (deleted and made again) and push to that one in this same run.
        summary.dropped_from_index = sorted(gone)
        fc.log.warning(
            "%d store products in the SKU index are gone from the store and were unlinked: %s",
            len(gone),
            ", ".join(sorted(gone)[:50]),
        )
        for sku in gone:
            index.pop(sku, None)
            pushed.pop(sku, None)  # what was pushed to the old product says nothing about a new one
        _forget(fc, {sku: f"store product {gone[sku]} no longer exists" for sku in gone})
        found = _look_up(fc, sorted(gone), summary)
        if found:
            index.update(found)
            _remember(fc, [(sku, entry, None) for sku, entry in found.items()], "linked")
            # Gone again at once is left for the next run: it is reported as missing, not chased in a loop.
            _push_updates(fc, plan_for(index, only=set(found), create=False), index, summary)

    final = plan_for(
        index,
        only={offer.item_number for offer in offers if offer.item_number not in index},
        create=catalog_cfg.create_missing_products,
    )
    missing = set(final.missing_in_store)
    if final.product_creates:
        missing -= set(_create_products(fc, final, summary))
    summary.missing_in_store = sorted(missing)
    if summary.missing_in_store:
        # Once per run, not per record: the list is the actionable part.
        why = "creating them failed" if catalog_cfg.create_missing_products else "creation is off for this tenant"
        fc.log.warning(
            "%d active %s items have no store product (%s): %s",
            len(summary.missing_in_store),
            erp_name,
            why,
            ", ".join(summary.missing_in_store[:50]),
        )


def known_store_stock(fc: FlowContext) -> dict[str, int | None]:
    """SKU → the store's stock quantity as the ledger's SKU index last saw or pushed it (no store call; None: the
    store does not manage that product's stock)."""
    index, _ = _cached_index(fc)
    return {sku: entry.stock_quantity if entry.manage_stock else None for sku, entry in index.items()}


def read_store_index(fc: FlowContext) -> dict[str, WooCatalogEntry]:
    """The whole store catalog as SKU → entry: every product, and the variations of the variable ones."""
    products = list(fc.store.iter_products({"status": "any"}))
    variations = {p["id"]: list(fc.store.iter_variations(p["id"])) for p in products if p.get("type") == "variable"}
    return woo_catalog_index(products, variations)


def _sku_key(fc: FlowContext, sku: str) -> RecordKey:
    return RecordKey(fc.tenant.name, fc.integration, CATALOG_SKU, sku)


def _entry_payload(entry: WooCatalogEntry, pushed: str | None) -> dict[str, Any]:
    return {
        "product_id": entry.product_id,
        "parent_id": entry.parent_id,
        "regular_price": entry.regular_price,
        "stock_quantity": entry.stock_quantity,
        "manage_stock": entry.manage_stock,
        "variable": entry.variable,
        "pushed": pushed,
    }


def _cached_index(fc: FlowContext) -> tuple[dict[str, WooCatalogEntry], dict[str, str]]:
    index: dict[str, WooCatalogEntry] = {}
    pushed: dict[str, str] = {}
    for record in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity=CATALOG_SKU):
        data = record.payload
        if data.get("product_id") is None:
            continue  # unlinked: the store product is gone (see `_forget`)
        index[record.key.source_id] = WooCatalogEntry(
            product_id=data["product_id"], parent_id=data["parent_id"], regular_price=data["regular_price"],
            stock_quantity=data["stock_quantity"], manage_stock=data["manage_stock"],
            variable=data.get("variable") is True,  # rows written before variable products were indexed lack it
        )  # fmt: skip
        if data.get("pushed"):
            pushed[record.key.source_id] = data["pushed"]
    return index, pushed


def _remember(fc: FlowContext, entries: Sequence[tuple[str, WooCatalogEntry, str | None]], action: str) -> None:
    """Record SKU → store product links (and what was pushed) as done ledger rows, visible like any record."""
    keys = []
    for sku, entry, pushed in entries:
        key = _sku_key(fc, sku)
        fc.ledger.upsert_source(
            key, payload=_entry_payload(entry, pushed), source_modified=None, run_id=fc.attempt.run_id
        )
        keys.append(key)
    if not keys:
        return
    worker = fc.attempt.worker or f"{fc.tenant.dag_prefix}.catalog"
    for record in fc.ledger.claim(
        fc.tenant.name, fc.integration, CATALOG_SKU, limit=len(keys), keys=keys, worker=worker, ctx=fc.attempt
    ):
        fc.ledger.mark_done(
            record.key,
            target_id=str(record.payload["product_id"]),
            target_ref=record.key.source_id,
            ctx=fc.attempt._replace(worker=worker),
            action=action,
        )


def _forget(fc: FlowContext, gone: dict[str, str]) -> None:
    """Unlink SKUs whose store product is gone (SKU → reason): the row stays, skipped, with the reason."""
    if fc.dry_run or not gone:
        return
    keys = []
    for sku, reason in gone.items():
        key = _sku_key(fc, sku)
        fc.ledger.upsert_source(
            key, payload={"product_id": None, "unlinked": reason}, source_modified=None, run_id=fc.attempt.run_id
        )
        keys.append(key)
    worker = fc.attempt.worker or f"{fc.tenant.dag_prefix}.catalog"
    for record in fc.ledger.claim(
        fc.tenant.name, fc.integration, CATALOG_SKU, limit=len(keys), keys=keys, worker=worker, ctx=fc.attempt
    ):
        fc.ledger.mark_skipped(record.key, reason=record.payload["unlinked"], ctx=fc.attempt._replace(worker=worker))


def _look_up(fc: FlowContext, skus: list[str], summary: CatalogSummary) -> dict[str, WooCatalogEntry]:
    """Store products of these SKUs (the hook sends the `sku` filter in comma lists of a bounded size)."""
    if not skus:
        return {}
    summary.looked_up += len(skus)
    wanted = set(skus)
    found = woo_catalog_lookup(fc.store.find_products_by_skus(skus).values())
    found = {sku: entry for sku, entry in found.items() if sku in wanted}
    summary.found_by_sku += len(found)
    return found


def _push_updates(
    fc: FlowContext, plan: CatalogPlan, index: dict[str, WooCatalogEntry], summary: CatalogSummary
) -> dict[str, int]:
    """Send the plan's update batches; returns SKU → product id for the entries the store says are gone."""
    gone: dict[str, int] = {}
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
        sku_of = {update.product_id: update.sku for update in batch.updates}
        failed = set()
        for error in result.errors:
            product_id = error.item.get("id")
            failed.add(product_id)
            if error.code in GONE_PRODUCT_CODES and product_id in sku_of:
                gone[sku_of[product_id]] = product_id
                continue
            summary.item_errors.append(
                f"store product {product_id} (sku {sku_of.get(product_id, '?')}): {error.code}: {error.message}"
            )
        pushed_now = [
            (update.sku, _after_push(update, index[update.sku]), update.fingerprint)
            for update in batch.updates if update.product_id not in failed
        ]  # fmt: skip
        summary.pushed += len(pushed_now)
        _remember(fc, pushed_now, "pushed")
    return gone


def _after_push(update: CatalogUpdate, before: WooCatalogEntry) -> WooCatalogEntry:
    """What the store holds once the update took: the pushed fields, and the rest as they were."""
    entry = before._replace(product_id=update.product_id, parent_id=update.parent_id)
    if update.regular_price is not None:
        entry = entry._replace(regular_price=update.regular_price)
    if update.stock_quantity is not None:
        entry = entry._replace(stock_quantity=update.stock_quantity, manage_stock=update.manage_stock)
    return entry


def _create_products(fc: FlowContext, plan: CatalogPlan, summary: CatalogSummary) -> list[str]:
    """Create the plan's new products (100 a request); returns the SKUs the store created.

    A batch is not retried after an ambiguous failure; a product it did create is found by SKU on the next run,
    before anything is created again.
    """
    created: list[str] = []
    for chunk in plan.create_batches():
        if fc.dry_run:
            summary.dry_run_updates.append({"parent_id": None, "create": [new.woo_create() for new in chunk]})
            continue
        result = fc.store.batch_products(create=[new.woo_create() for new in chunk])
        summary.batch_calls += 1
        by_sku = {new.sku: new for new in chunk}
        for error in result.errors:
            sku = error.item.get("sku") if isinstance(error.item, dict) else None
            summary.item_errors.append(f"creating store product for sku {sku}: {error.code}: {error.message}")
        made = []
        for product in result.created:
            new = by_sku.get(product.get("sku"))
            if new is not None and isinstance(product.get("id"), int):
                made.append((new.sku, new.entry(product["id"]), None))
        _remember(fc, made, "created")
        created.extend(sku for sku, _, _ in made)
    summary.created.extend(created)
    return created
