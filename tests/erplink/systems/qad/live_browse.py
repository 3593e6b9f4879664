"""A QAD browse over rows that change between requests, answering as the QAD sandbox does: its filters
(`sandbox.qad.rest.browse_filters`), the rows in a new order per request (or in key order, a kind server), page 1
cut from the result as it stands at that request, and `HasMoreParams`."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from sandbox.qad.rest.browse_filters import BrowseFilter

Row = dict[str, Any]


class LiveBrowse:
    def __init__(
        self, rows: list[Row], key_columns: Sequence[str], *, seed: int, in_key_order: bool = False,
        changes_per_request: int = 0,
    ) -> None:  # fmt: skip
        self.key_columns = tuple(key_columns)
        self.rows = {self.key(row): row for row in rows}
        self.columns = frozenset(column for row in rows for column in row) | {*self.key_columns, "qty"}
        self.rng = random.Random(seed)
        self.in_key_order = in_key_order
        self.changes_per_request = changes_per_request
        self.ever: set[tuple[str, ...]] = set(self.rows)
        self.gone: set[tuple[str, ...]] = set()  # deleted at some moment of the walk
        self.deleted: dict[tuple[str, ...], Row] = {}
        self.browses = self.counts = 0
        self._new = 0

    def key(self, row: Row) -> tuple[str, ...]:
        return tuple(str(row[column]).casefold() for column in self.key_columns)

    def fetch(self, filters: Sequence[str], page_size: int) -> tuple[list[Row], bool]:
        if self.browses or self.counts:
            self.change()
        self.browses += 1
        rows = self.selected(filters)
        if not self.in_key_order:
            self.rng.shuffle(rows)
        return [dict(row) for row in rows[:page_size]], len(rows) > page_size

    def count(self, filters: Sequence[str]) -> int:
        self.change()
        self.counts += 1
        return len(self.selected(filters))

    def selected(self, filters: Sequence[str]) -> list[Row]:
        parsed = [BrowseFilter.parse(text, self.columns) for text in filters]
        rows = [row for row in self.rows.values() if all(f.admits(row) for f in parsed)]
        return sorted(rows, key=self.key)

    def change(self) -> None:
        """Shoppers and planners at work: a row is added, changed, deleted or added back."""
        for _ in range(self.rng.randint(0, self.changes_per_request)):
            action = self.rng.choice(("add", "update", "delete", "restore"))
            if action == "add":
                template = self.rng.choice(list(self.rows.values())) if self.rows else None
                self._new += 1
                row = {**(template or {}), self.key_columns[-1]: f"new{self._new:04d}", "qty": self._new}
                for column in self.key_columns:
                    row.setdefault(column, f"new{self._new:04d}")
                self.rows[self.key(row)] = row
                self.ever.add(self.key(row))
            elif action == "update" and self.rows:
                key = self.rng.choice(sorted(self.rows))
                self.rows[key] = {**self.rows[key], "qty": self.rng.randint(0, 99)}
            elif action == "delete" and self.rows:
                key = self.rng.choice(sorted(self.rows))
                self.gone.add(key)
                self.deleted[key] = self.rows.pop(key)
            elif action == "restore" and self.deleted:
                key = self.rng.choice(sorted(self.deleted))
                self.rows[key] = self.deleted.pop(key)
