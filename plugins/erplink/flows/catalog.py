"""What one catalog push did: the ERP side's reading, the store side's index and changes (the task's XCom)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)
