"""What every integration's orders dry run shares: the plan it returns, the ledger row a planned document is
judged on, and what an ERP side plans for each store document.

A dry run reads and never writes (not the ledger, not the ERP, not the store). The store side walks the run's
orders and their refunds and judges each against the ledger the way its extract would (``has_work``,
``planning_record``); the ERP side (an ``ErpPlanner``) plans the documents each one asks for, with its load
targets' own vetting, look-ups and bodies, and names them in the ``OrdersPlan`` by reference. A document that
only exists once an earlier one is created is named by a placeholder such as ``<new invoice WC-shop-1042>``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord, RecordKey, Status

_EPOCH = datetime.fromtimestamp(0, UTC)
# Rows the load step would pick up again even when the store did not change them.
_LOADABLE = (Status.PENDING, Status.FAILED, Status.IN_FLIGHT)


def planning_record(key: RecordKey, payload: dict[str, Any], digest: str, row: LedgerRecord | None) -> LedgerRecord:
    """The ledger row the extract would leave: the new payload over what the ledger knows of the record."""
    return LedgerRecord(
        id=row.id if row else 0, key=key, status=Status.PENDING, attempts=row.attempts if row else 0,
        payload=payload, payload_hash=digest, source_modified=row.source_modified if row else None,
        target_ref=row.target_ref if row else None, target_id=row.target_id if row else None, last_error=None,
        last_http_status=None, run_id=None, claimed_by=None, lease_until=None,
        created_at=row.created_at if row else _EPOCH, updated_at=row.updated_at if row else _EPOCH,
        # The extract keeps aside what the target holds when it replaces the payload: the load compares with it.
        applied_payload=row.payload_at_target if row else None,
    )  # fmt: skip


def has_work(row: LedgerRecord | None, digest: str) -> bool:
    """Whether the load would take the record: new, changed in the store, or still queued."""
    return row is None or row.payload_hash != digest or Status(row.status) in _LOADABLE


class OrdersPlan:
    """What one dry run found, with the log line of every planned document.

    ``documents`` names the ERP's kinds of document and what may be planned for each, e.g.
    ``{"invoices": ("create", "link"), "customers": ("create",)}``; each becomes a key of the plan.
    """

    def __init__(self, fc: FlowContext, documents: Mapping[str, Sequence[str]]) -> None:
        self._fc = fc
        self.orders_read = 0
        self.unchanged = 0
        self.not_sales = 0
        self.documents: dict[str, dict[str, list[str]]] = {
            kind: {action: [] for action in actions} for kind, actions in documents.items()
        }
        self.write_back: list[dict[str, Any]] = []
        self.held_back: list[str] = []

    def add(self, kind: str, action: str, reference: str) -> None:
        self.documents[kind][action].append(reference)

    def would(self, action: str, kind: str, reference: str, body: Any = None) -> None:
        shown = "" if body is None else ": " + json.dumps(body, default=str, sort_keys=True)
        self._fc.log.info("dry run: would %s %s %s%s", action, kind, reference, shown)

    def hold(self, reason: Any) -> None:
        self.held_back.append(str(reason))
        self._fc.log.warning("dry run: would hold back %s", reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": True,
            "orders_read": self.orders_read,
            "unchanged": self.unchanged,
            "not_sales": self.not_sales,
            **self.documents,
            "write_back": self.write_back,
            "held_back": self.held_back,
        }


class ErpPlanner(Protocol):
    """The ERP side of a dry run: plans, into ``plan``, the documents a real load would create or change."""

    plan: OrdersPlan

    def order(self, record: LedgerRecord) -> str | None:
        """Plan the ERP document of the order ``record`` (the row the extract would leave); returns the document's
        number, or a placeholder for one to create, that the store's write-back would get (None: none).

        Raises ``NotLoadable`` for an order that is no sale and ``MappingError`` for one that would be held back.
        """
        ...

    def refund(self, record: LedgerRecord, order_payload: dict[str, Any], number: str | None) -> None:
        """Plan the ERP document of the refund ``record`` of the stored order ``order_payload``, whose ERP document
        is ``number`` (None: the order is not in the ERP, so the refund would wait). Holds back what it cannot map.
        """
        ...


def log_plan(fc: FlowContext, result: dict[str, Any]) -> None:
    """One line with the plan's counts."""
    fc.log.info(
        "dry run for %s: %s",
        fc.tenant.name,
        {
            key: (
                {k: len(v) for k, v in value.items()}
                if isinstance(value, dict)
                else len(value)
                if isinstance(value, list)
                else value
            )
            for key, value in result.items()
        },
    )
