"""Write-back: the ERP document number goes into the order's status history as a comment
(``POST /V1/orders/{id}/comments``), for store staff to see, not notified to the shopper nor shown to them.

Each marker is its own ledger record (entity ``order_marker``) and goes through the load protocol like any other
document, so a failed write-back is retried, and replayable, on its own. A comment is added, never replaced: a
second POST adds a second one. So each write first reads the order's comments and writes only when none says
``<prefix> <reference>`` already: repeating a write, or resuming one whose answer was lost, is harmless. The
extract reads the newest such comment back as the order's marker (``extract.marker_in_comments``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.order_markers import ORDER_MARKER as ORDER_MARKER
from erplink.flows.order_markers import queue_order_markers
from erplink.http.errors import ApiError
from erplink.ledger import LedgerRecord
from erplink.systems.adobe_commerce.config import adobe_commerce_store
from erplink.systems.adobe_commerce.extract import marker_in_comments
from erplink.systems.adobe_commerce.store_reads import add_order_comment, order_comments

MARKER_SCAN_STREAM = "adobe_commerce.order_markers"
MARKERS_PER_CLAIM = 10  # each marker costs one or two requests (read the comments, then add one)


def queue_markers(fc: FlowContext, *, keys: list[str] | None = None) -> int:
    """Queue a marker for every order that reached the ERP since the last scan, or for the orders ``keys`` names
    (see ``queue_order_markers``)."""
    return queue_order_markers(fc, scan_stream=MARKER_SCAN_STREAM, keys=keys)


def marker_comment(prefix: str, reference: str) -> str:
    """The comment text that carries ``reference``."""
    return f"{prefix} {reference}"


class OrderMarkerTarget:
    """Writes each order's marker comment; its target id is the comment's id (or its text, when the store's list
    of comments does not show the id)."""

    batch_limit = MARKERS_PER_CLAIM

    def __init__(self, fc: FlowContext):
        self._fc = fc
        self._prefix = adobe_commerce_store(fc.tenant).reference_comment_prefix

    def reference(self, record: LedgerRecord) -> str:
        return marker_comment(self._prefix, str(record.payload["erp_reference"]))

    def write_many(self, items: Sequence[tuple[LedgerRecord, str]]) -> list[str | Exception]:
        """Write each order's marker; the comment's id is the target id, or the error the store gave that order."""
        outcomes: list[str | Exception] = []
        for record, _ in items:
            try:
                outcomes.append(self.write(int(record.key.source_id), str(record.payload["erp_reference"])))
            except ApiError as error:
                outcomes.append(error)
        return outcomes

    def write(self, order_id: int, reference: str) -> str:
        """Find the order's comment naming ``reference`` as its newest marker; add it when there is none."""
        found = self._find(order_id, reference)
        if found is None:
            add_order_comment(self._fc.store, order_id, marker_comment(self._prefix, reference))
            found = self._find(order_id, reference)
        return _comment_id(found) if found is not None else marker_comment(self._prefix, reference)

    def _find(self, order_id: int, reference: str) -> Mapping[str, Any] | None:
        """The comment that makes ``reference`` the order's marker (the newest comment with the prefix names it)."""
        comments = order_comments(self._fc.store, order_id)
        if marker_in_comments(comments, self._prefix) != reference:
            return None
        text = marker_comment(self._prefix, reference)
        return max(
            (c for c in comments if isinstance(c.get("comment"), str) and c["comment"].strip() == text),
            key=_comment_order,
            default=None,
        )


def _comment_order(comment: Mapping[str, Any]) -> int:
    comment_id = comment.get("entity_id")
    return comment_id if isinstance(comment_id, int) else 0


def _comment_id(comment: Mapping[str, Any]) -> str:
    comment_id = comment.get("entity_id")
    return str(comment_id) if isinstance(comment_id, int) and not isinstance(comment_id, bool) else "comment"
