"""The collection filters every wc/v3 list shares (WC_REST_CRUD_Controller::get_collection_params()); each
collection's query adds its own."""

from __future__ import annotations

from dataclasses import dataclass


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
