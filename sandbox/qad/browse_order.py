"""The order a browse answers in. QAD documents none, so by default every request draws a new one.

A browse's rows come back in an order that may differ from one request to the next, rows of equal sort key
included, and page ``n`` is taken from the result as it stands at that request: a page walk over rows that
change in between sees them shift, repeating some and missing others. The draws are seeded by the sandbox's
world and the tenant and counted per request, so a failing run replays. ``stable`` keeps the browse's key
order (pages then stay put while nothing changes).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any


@dataclass
class BrowseOrder:
    seed: str = "qad-browse"
    stable: bool = False
    _draws: int = 0

    def arrange(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` (sorted by the browse's key) in this request's order; the caller holds the tenant's lock."""
        if self.stable:
            return rows
        self._draws += 1
        random.Random(f"{self.seed}:{self._draws}").shuffle(rows)
        return rows
