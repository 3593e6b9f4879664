"""Reading a Magento ``searchCriteria`` list so that every row present throughout the read is read exactly once:
pages by key (``entity_id gt <last id read>``, sorted by ``entity_id``), never by page number.

Why not ``currentPage``: Magento defines no order among rows with equal sort keys (many orders share an
``updated_at`` second) and shuffles them between requests, rows that change while the pages are read move in the
list, and a ``currentPage`` past the end is clamped to the last page, which comes back again instead of an empty
one. Every request here asks for page 1 of the rows after the last id read, in id order: ids are unique, so there
are no ties; a row that changes keeps its id, so it is neither skipped nor read twice; and there is no page past
the end to be clamped. The walk checks what it is given: ids must rise strictly within a page and past the last
id, or the store did not apply the filter or the sort and the walk could not prove it read everything.

``total_count`` (the rows left after the last id, whatever the page size) says whether another page is needed, so
a store that caps the page size below the one asked for (Magento's input limits) is still read to the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

ID_FIELD = "entity_id"


class WalkNotProvable(ValueError):
    """The store answered a page the walk cannot build on (ids out of order, missing, or not past the last)."""


class MissingTotalCountError(ValueError):
    """A page of rows came without a usable ``total_count``: where the list ends is unknown.

    Guessing would be wrong either way: treating it as 0 stops after one page and silently drops the rest, and
    reading on until a short page fails on a store that caps the page size below the one asked for.
    """

    def __init__(self, name: str, after_id: int, value: Any) -> None:
        found = "no total_count" if value is None else f"total_count {value!r}"
        super().__init__(
            f"{name}: the page after id {after_id} has rows but {found}; cannot tell where the list ends "
            "(a proxy or extension may be reshaping the searchCriteria answer)"
        )
        self.value = value


def filter_params(group: int, field: str, value: Any, condition: str) -> dict[str, str]:
    """One ``searchCriteria`` filter group (groups are ANDed) holding one filter."""
    prefix = f"searchCriteria[filter_groups][{group}][filters][0]"
    return {f"{prefix}[field]": field, f"{prefix}[value]": str(value), f"{prefix}[condition_type]": condition}


def id_in_params(group: int, field: str, ids: Iterable[int]) -> dict[str, str]:
    """``field in (ids)``: the rows of chosen ids (orders) or of chosen parents (an order's credit memos)."""
    return filter_params(group, field, ",".join(str(i) for i in sorted(set(ids))), "in")


def walk_by_id(
    hook: Any,
    resource: str,
    filters: Mapping[str, str],
    *,
    page_size: int,
    label: str | None = None,
    id_field: str = ID_FIELD,
) -> Iterator[dict[str, Any]]:
    """The rows of ``resource`` matching ``filters`` (groups from 1 on: group 0 is the walk's own), in the order of
    ``id_field`` (``entity_id`` for sales documents, ``id`` for customers and companies)."""
    name = label or f"Magento {resource} list"
    last = 0
    while True:
        params = {
            **filter_params(0, id_field, last, "gt"),
            **filters,
            "searchCriteria[sortOrders][0][field]": id_field,
            "searchCriteria[sortOrders][0][direction]": "ASC",
            "searchCriteria[pageSize]": str(page_size),
            "searchCriteria[currentPage]": "1",
        }
        body = hook.client.get_json(resource, params=params, endpoint=f"GET {resource}") or {}
        if not isinstance(body, Mapping):
            raise WalkNotProvable(f"{name}: the answer after id {last} is not a JSON object")
        rows = body.get("items") or []
        if not isinstance(rows, list):
            raise WalkNotProvable(f"{name}: the items after id {last} are not a list")
        if not rows:
            return
        total = _total_count(body)
        if total is None:  # read before the rows are handed on: nothing acts on a list whose end is unknown
            raise MissingTotalCountError(name, last, body.get("total_count"))
        ids = [_row_id(row, id_field) for row in rows]
        previous = last
        for row_id in ids:
            if row_id is None or row_id <= previous:
                raise WalkNotProvable(
                    f"{name}: the page after id {last} holds ids {ids[:10]} (not rising past {last}); the store did "
                    "not apply the id filter or sort, so the walk cannot prove what it read"
                )
            previous = row_id
        yield from rows
        if total <= len(rows):
            return
        last = previous


def _row_id(row: Any, id_field: str) -> int | None:
    value = row.get(id_field) if isinstance(row, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _total_count(body: Mapping[str, Any]) -> int | None:
    value = body.get("total_count")
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
