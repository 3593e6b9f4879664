"""The collection filters every wc/v3 list shares (WC_REST_CRUD_Controller::get_collection_params()); each
collection's query adds its own, and ranks what these admit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.woocommerce.ordering import Ranking


@dataclass(frozen=True)
class ListFilters:
    include: tuple[int, ...] = ()
    exclude: tuple[int, ...] = ()
    after: str | None = None
    before: str | None = None
    modified_after: str | None = None
    modified_before: str | None = None
    dates_are_gmt: bool = False
    search: str | None = None
    orderby: str = "date"
    order: str = "desc"

    @property
    def created_field(self) -> str:
        return "date_created_gmt" if self.dates_are_gmt else "date_created"

    @property
    def modified_field(self) -> str:
        return "date_modified_gmt" if self.dates_are_gmt else "date_modified"

    @property
    def descending(self) -> bool:
        return self.order == "desc"

    def admits(self, doc: Mapping[str, Any], *, modified_field: str | None = None) -> bool:
        """`include`/`exclude` and the four date bounds (exclusive, compared as the stored text, as the database
        compares the column); ``modified_field`` for a document whose modification date is another field."""
        if self.include and doc["id"] not in self.include or doc["id"] in self.exclude:
            return False
        # Dates are read only when a bound asks for them: a document a broken plugin saved may lack them.
        if self.after or self.before:
            created = doc[self.created_field]
            if self.after and not created > self.after or self.before and not created < self.before:
                return False
        if self.modified_after or self.modified_before:
            modified = doc[modified_field or self.modified_field]
            if self.modified_after and not modified > self.modified_after:
                return False
            if self.modified_before and not modified < self.modified_before:
                return False
        return True

    def fixed_order(self, rows: Iterable[Mapping[str, Any]]) -> Ranking | None:
        """The orders with no ties (`include` position, `id`); None for the sorts each collection ranks itself."""
        if self.orderby == "include" and self.include:
            position = {row_id: index for index, row_id in enumerate(self.include)}
            return Ranking.unique(row["id"] for row in sorted(rows, key=lambda row: position[row["id"]]))
        if self.orderby == "id":
            return Ranking.of(rows, lambda row: row["id"], reverse=self.descending)
        return None

    def post_date_order(self, rows: list[Mapping[str, Any]]) -> Ranking:
        """A post type's date sorts (products, coupons): the CRUD controller turns `date` into WP_Query's
        "date ID", so creation ties are broken by id; `modified` goes to WP_Query as it is, with no tie-breaker."""
        if self.orderby == "modified":
            return Ranking.of(rows, lambda row: row[self.modified_field], reverse=self.descending)
        return Ranking.of(rows, lambda row: (row[self.created_field], row["id"]), reverse=self.descending)
