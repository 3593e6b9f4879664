"""What a store's orders extract does around its walk of the store, the same for every store: it reports the window
it read, and keeps only the (modified, id) marks of the orders it passes, from which the next watermark is computed
(``erplink.windows.next_watermark``), so a walk of any length holds no orders in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar

from erplink.windows import Window

OrderT = TypeVar("OrderT", bound=Mapping[str, Any])


def window_summary(window: Window) -> dict[str, str | None]:
    """The window as the extract's summary reports it: ISO-8601 bounds, no start on a first run."""
    return {"start": window.start.isoformat() if window.start else None, "end": window.end.isoformat()}


def with_marks(
    orders: Iterable[OrderT],
    marks: list[tuple[datetime, str]],
    *,
    modified: Callable[[OrderT], datetime | None],
    mark_id: Callable[[OrderT], object | None],
) -> Iterator[OrderT]:
    """Pass the orders through, noting in ``marks`` each one's (modified, id) where both can be read: an order
    without them is still stored, and its mapping says what is wrong with it."""
    for order in orders:
        stamp = modified(order)
        order_id = mark_id(order)
        if stamp is not None and order_id is not None:
            marks.append((stamp, str(order_id)))
        yield order
