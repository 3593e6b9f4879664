"""The BigCommerce side of a catalog push: bring the store's variant prices and stock in line with the ERP's offers.

The store's variant list (every product has at least its base variant, under the product's SKU) is read once a
run and compared with the offers, so only what differs is sent: prices as batch variant updates of at most
``VARIANTS_PER_BATCH``, stock as absolute inventory adjustments at the tenant's location. A batch the store refuses
is reported against its SKUs and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from erplink.flows.catalog import CatalogSummary
from erplink.flows.context import FlowContext
from erplink.http.errors import ApiError
from erplink.models import ItemOffer
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.hooks.bigcommerce import INVENTORY_ITEMS, VARIANTS_PER_BATCH
from erplink.systems.bigcommerce.mappings.catalog import Change, plan_variant_changes, store_variants

ADJUSTMENT_REASON = "ERP available stock"


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
    """Push the offers' prices and stock to the store variants of their SKUs. ``erp_name`` names the ERP in the log.

    The store is read whole every run, so ``full_resync`` changes nothing here; ``offers_complete`` False (only the
    ERP items that changed) is accepted for the same reason. ``resend`` sends every offer's values even where the
    store holds them already (a person chose these SKUs: the store may have been edited by hand).
    """
    section = bigcommerce_store(fc.tenant)
    variants, bad_rows = store_variants(fc.store.iter_variants())
    summary.store_index_refreshed = True
    summary.store_skus = len(variants)
    for reason in bad_rows:
        fc.log.warning("store variant left out of the catalog push: %s", reason)
    plan = plan_variant_changes(
        offers, variants, location_id=section.inventory_location_id,
        push_prices=fc.tenant.catalog.push_prices, push_stock=fc.tenant.catalog.push_stock, resend=resend,
    )  # fmt: skip
    summary.unchanged = plan.unchanged
    summary.missing_in_store = plan.missing_in_store
    if fc.dry_run:
        summary.dry_run_updates = [
            *({"sku": sku, "variant": body} for sku, body in plan.prices),
            *({"sku": sku, "inventory": body} for sku, body in plan.stock),
        ]
        return
    _send(summary, plan.prices, VARIANTS_PER_BATCH, fc.store.update_variants)
    _send(summary, plan.stock, INVENTORY_ITEMS, _inventory_writer(fc))
    fc.log.info(
        "%s → BigCommerce: %d price and %d stock change(s), %d unchanged, %d not in the store",
        erp_name, len(plan.prices), len(plan.stock), plan.unchanged, len(plan.missing_in_store),
    )  # fmt: skip


Write = Callable[[Sequence[dict[str, Any]]], None]


def _inventory_writer(fc: FlowContext) -> Write:
    def write(items: Sequence[dict[str, Any]]) -> None:
        fc.store.set_inventory(items, reason=ADJUSTMENT_REASON)

    return write


def _send(summary: CatalogSummary, changes: list[Change], size: int, write: Write) -> None:
    for start in range(0, len(changes), size):
        batch = changes[start : start + size]
        summary.batch_calls += 1
        try:
            write([body for _, body in batch])
        except ApiError as error:
            summary.item_errors.extend(f"{sku}: {error}" for sku, _ in batch)
            continue
        summary.pushed += len(batch)
