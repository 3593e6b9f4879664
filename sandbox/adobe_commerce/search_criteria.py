"""`searchCriteria` as Magento's REST layer reads it from the query string, and a list answered with it.

Filters inside one group are ORed, groups are ANDed; sort orders apply in turn; `pageSize` absent means every
record. A `currentPage` past the end is clamped to the last page (`Magento\\Framework\\Data\\Collection::
getCurPage()`), or answers an empty page when the store is told to. Records whose sort keys tie come back in a new
order on every request when `shuffle_ties` is on: MySQL promises no order among equal keys.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.adobe_commerce.dates import MAGENTO_FORMAT, parse_magento_time
from sandbox.adobe_commerce.errors import MagentoError, internal_error, wrong_type

Document = dict[str, Any]
_KEY = re.compile(r"^searchCriteria((?:\[[^\]]*\])+)$")
_PART = re.compile(r"\[([^\]]*)\]")
CONDITIONS = frozenset(
    {"eq", "neq", "gt", "gteq", "lt", "lteq", "in", "nin", "like", "nlike", "null", "notnull", "from", "to",
     "finset", "nfinset", "moreq"}
)  # fmt: skip


@dataclass(frozen=True)
class Filter:
    field: str
    value: str
    condition_type: str = "eq"


@dataclass(frozen=True)
class SortOrder:
    field: str
    direction: str


@dataclass
class SearchCriteria:
    filter_groups: list[list[Filter]] = field(default_factory=list)
    sort_orders: list[SortOrder] = field(default_factory=list)
    page_size: int | None = None
    current_page: int | None = None

    def echo(self) -> dict[str, Any]:
        """`search_criteria` of the answer: what was asked, as Magento echoes it."""
        echoed: dict[str, Any] = {
            "filter_groups": [
                {"filters": [{"field": f.field, "value": f.value, "condition_type": f.condition_type} for f in group]}
                for group in self.filter_groups
            ]
        }
        if self.sort_orders:
            echoed["sort_orders"] = [{"field": s.field, "direction": s.direction} for s in self.sort_orders]
        if self.page_size is not None:
            echoed["page_size"] = self.page_size
        if self.current_page is not None:
            echoed["current_page"] = self.current_page
        return echoed


def _integer(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise MagentoError(400, wrong_type(field, value, "int")) from None


def parse(query: Iterable[tuple[str, str]]) -> SearchCriteria:
    groups: dict[int, dict[int, dict[str, str]]] = {}
    sorts: dict[int, dict[str, str]] = {}
    criteria = SearchCriteria()
    for key, value in query:
        match = _KEY.match(key)
        if match is None:
            continue
        parts = _PART.findall(match[1])
        if parts == ["pageSize"]:
            criteria.page_size = _integer(value, "pageSize")
        elif parts == ["currentPage"]:
            criteria.current_page = _integer(value, "currentPage")
        elif len(parts) == 5 and parts[0] == "filter_groups" and parts[2] == "filters":
            group_number, number = _integer(parts[1], "filter_groups"), _integer(parts[3], "filters")
            groups.setdefault(group_number, {}).setdefault(number, {})[parts[4]] = value
        elif len(parts) == 3 and parts[0] == "sortOrders":
            sorts.setdefault(_integer(parts[1], "sortOrders"), {})[parts[2]] = value
    for group in (groups[g] for g in sorted(groups)):
        filters = []
        for entry in (group[n] for n in sorted(group)):
            if "field" not in entry:
                continue
            condition = entry.get("condition_type") or "eq"
            if condition not in CONDITIONS:
                # The SQL condition builder has no such operator: an exception production mode does not show.
                raise internal_error()
            filters.append(Filter(entry["field"], entry.get("value", ""), condition))
        if filters:
            criteria.filter_groups.append(filters)
    for entry in (sorts[n] for n in sorted(sorts)):
        if entry.get("field"):
            direction = (entry.get("direction") or "ASC").upper()
            criteria.sort_orders.append(SortOrder(entry["field"], "DESC" if direction == "DESC" else "ASC"))
    return criteria


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        moment = parse_magento_time(value) if len(value) >= 10 and value[4:5] == "-" else None
        if moment is not None:
            return moment.strftime(MAGENTO_FORMAT)
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _like(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(pattern).replace("%", ".*").replace("_", ".") + "$", re.IGNORECASE | re.S)


def _matches(value: Any, condition: Filter) -> bool:
    kind, raw = condition.condition_type, condition.value
    if kind == "null":
        return value is None
    if kind == "notnull":
        return value is not None
    if value is None:
        return False
    if kind in ("in", "nin"):
        wanted = {_comparable(part.strip()) for part in raw.split(",")}
        return (_comparable(value) in wanted) == (kind == "in")
    if kind in ("like", "nlike"):
        return bool(_like(raw).match(str(value))) == (kind == "like")
    if kind in ("finset", "nfinset"):
        return (raw in str(value).split(",")) == (kind == "finset")
    left, right = _comparable(value), _comparable(raw)
    if type(left) is not type(right):
        left, right = str(left), str(right)
    return bool({
        "eq": left == right, "neq": left != right, "gt": left > right, "lt": left < right,
        "gteq": left >= right, "from": left >= right, "moreq": left >= right, "lteq": left <= right,
        "to": left <= right,
    }[kind])  # fmt: skip


Fields = Mapping[str, Callable[[Document], Any]]


def select(documents: Iterable[Document], criteria: SearchCriteria, fields: Fields) -> list[Document]:
    """The documents that pass every group; a filter on a column the table lacks is a database error."""
    for group in criteria.filter_groups:
        for condition in group:
            if condition.field not in fields:
                raise internal_error()
    return [
        document
        for document in documents
        if all(any(_matches(fields[f.field](document), f) for f in group) for group in criteria.filter_groups)
    ]


def ordered(
    documents: list[Document], criteria: SearchCriteria, fields: Fields, id_field: str, rng: random.Random | None
) -> list[Document]:
    """Sorted by the sort orders; ties shuffled when `rng` is given. Without sort orders the table's order (ids)."""
    for sort in criteria.sort_orders:
        if sort.field not in fields:
            raise internal_error()
    result = sorted(documents, key=lambda d: d[id_field])
    if not criteria.sort_orders:
        return result
    if rng is not None:
        rng.shuffle(result)
    for sort in reversed(criteria.sort_orders):
        value_of = fields[sort.field]
        result.sort(key=lambda document: _sort_key(value_of(document)), reverse=sort.direction == "DESC")
    return result


def _sort_key(value: Any) -> tuple[int, Any]:
    comparable = _comparable(value)
    return (0, "") if comparable is None else (1 if isinstance(comparable, float) else 2, comparable)


def page(documents: list[Document], criteria: SearchCriteria, *, clamp: bool) -> list[Document]:
    if criteria.page_size is None or criteria.page_size <= 0:
        return documents
    size = criteria.page_size
    last = max(1, math.ceil(len(documents) / size))
    current = max(1, criteria.current_page or 1)
    if current > last:
        if not clamp:
            return []
        current = last
    return documents[(current - 1) * size : current * size]
