"""Key windows over the Query Service: a list longer than ``MaxRows`` read whole, every row once.

An answer holding ``MaxRows`` rows is an arbitrary cut of the matches, in no order. The walk of
``browse_windows.py`` reads such a list as the REST browses are read: every request is the caller's ``where``
plus a range of the profile's key fields (``pt_part > "A10" and pt_part <= "B20"``), a full answer is split at
its keys, and rows are passed on once by key. A list shorter than ``MaxRows`` stays one request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from erplink.paging.base import Record
from erplink.systems.qad.browse_windows import WindowedBrowseWalk
from erplink.systems.qad.qxtend.queries import QueryService, quoted

OPERATORS = {"eq": "=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_EQUALS_CLAUSE = re.compile(r'\s*([A-Za-z][\w-]*)\s*=\s*"')


@dataclass(frozen=True)
class KeyField:
    """One key field of a profile: its name in an answer's rows and in a ``Filter``."""

    row_field: str
    filter_field: str


@dataclass(frozen=True)
class WhereClauseSyntax:
    """Window bounds as 4GL ``where`` clauses on the filter fields of the key (a window names row fields)."""

    filter_fields: Mapping[str, str]  # row field -> filter field

    def condition(self, column: str, op: str, value: str) -> str:
        return f"{self.filter_fields[column]} {OPERATORS[op]} {quoted(value)}"

    def held_columns(self, base_filters: Sequence[str]) -> set[str]:
        by_filter = {filter_field.lower(): row for row, filter_field in self.filter_fields.items()}
        held = set()
        for clause in base_filters:
            match = _EQUALS_CLAUSE.match(clause)
            if match and " and " not in clause.lower() and match.group(1).lower() in by_filter:
                held.add(by_filter[match.group(1).lower()])
        return held


def whole_rows(
    queries: QueryService, profile: str, where: Sequence[str], keys: Sequence[KeyField]
) -> list[dict[str, str]]:
    """Every row of ``profile`` matching ``where``, each once (rows are told apart by ``keys``)."""
    if queries.max_rows < 2 or not keys:  # no room to split a window: one answer, refused when it may be cut
        return queries.rows(profile, where, whole=True)

    def fetch(filters: Sequence[str], _size: int) -> tuple[list[Record], bool]:
        rows: list[Record] = list(queries.answer(profile, filters))
        return rows, len(rows) >= queries.max_rows

    walk = WindowedBrowseWalk(
        fetch,
        lambda _filters: None,  # the Query Service counts nothing: a full answer's window is halved
        [key.row_field for key in keys],
        where,
        page_size=queries.max_rows,
        max_page_size=queries.max_rows,
        label=f"query {profile}",
        syntax=WhereClauseSyntax({key.row_field: key.filter_field for key in keys}),
    )
    return [{name: str(value) for name, value in row.items()} for row in walk.rows()]
