"""What one catalog push did: the ERP side's reading, the store side's index and changes (the task's XCom); and
one line of the stock a person may push by hand."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from erplink.models import ItemOffer

if TYPE_CHECKING:
    from erplink.flows.context import FlowContext


@dataclass
class CatalogSummary:
    erp_items: int = 0
    store_index_refreshed: bool = False
    store_skus: int = 0
    looked_up: int = 0  # SKUs searched in the store because the index did not hold them
    found_by_sku: int = 0
    dropped_from_index: list[str] = field(default_factory=list)
    pushed: int = 0
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    batch_calls: int = 0
    item_errors: list[str] = field(default_factory=list)
    missing_in_store: list[str] = field(default_factory=list)
    variable_in_store: int = 0  # ERP items whose SKU is a variable product's own, sold through its variations
    unknown_to_erp: int = 0
    bad_erp_rows: list[str] = field(default_factory=list)
    dry_run_updates: list[dict[str, Any]] = field(default_factory=list)
    # SKUs a person asked to push that the ERP does not offer (a push of chosen SKUs only).
    not_in_erp: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class StockRow:
    """One ERP item on the stock push form: its available quantity, and the store's where the ledger knows it."""

    sku: str
    description: str
    erp_available: int
    store_quantity: int | None = None
    in_store: bool = False  # the ledger's SKU index links it to a store product
    # The ledger entity that keeps the SKU's store link (its source id is the SKU): where a push request is noted.
    ledger_entity: str | None = None


def chosen_offers(offers: Sequence[ItemOffer], skus: Collection[str], summary: CatalogSummary) -> list[ItemOffer]:
    """The offers of the chosen SKUs only; the chosen SKUs the ERP does not offer go to ``summary.not_in_erp``."""
    wanted = set(skus)
    kept = [offer for offer in offers if offer.item_number in wanted]
    summary.not_in_erp = sorted(wanted - {offer.item_number for offer in kept})
    return kept


class ApplyCatalog(Protocol):
    """A store side's push of offers (``systems.<store>.catalog_apply.apply_catalog``)."""

    def __call__(
        self, fc: FlowContext, offers: Sequence[ItemOffer], summary: CatalogSummary, *, erp_name: str,
        full_resync: bool = ..., offers_complete: bool = ..., resend: bool = ...,
    ) -> None: ...  # fmt: skip


def push_offers(
    fc: FlowContext,
    summary: CatalogSummary,
    offers: Sequence[ItemOffer],
    apply: ApplyCatalog,
    *,
    erp_name: str,
    full_resync: bool = False,
    skus: Collection[str] | None = None,
) -> CatalogSummary:
    """Push an ERP's whole catalog of ``offers`` through a store side's ``apply``; with ``skus``, those SKUs only,
    sent whether or not the store seems to hold them already (a person chose them)."""
    if skus:
        offers = chosen_offers(offers, skus, summary)
    apply(fc, offers, summary, erp_name=erp_name, full_resync=full_resync, offers_complete=not skus,
          resend=bool(skus))  # fmt: skip
    return summary


def stock_rows(
    offers: Sequence[ItemOffer], store_stock: dict[str, int | None], *, ledger_entity: str | None = None
) -> list[StockRow]:
    """The stock push form's lines: the ERP's active items by SKU, with the store's quantity where known."""
    return [
        StockRow(
            sku=offer.item_number,
            description=offer.description,
            erp_available=offer.available,
            store_quantity=store_stock.get(offer.item_number),
            in_store=offer.item_number in store_stock,
            ledger_entity=ledger_entity,
        )
        for offer in sorted(offers, key=lambda offer: offer.item_number)
        if offer.active
    ]
