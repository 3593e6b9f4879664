"""What every integration's orders dry run shares: the plan it returns, the ledger row a planned document is
judged on, and what an ERP side plans for each store document.

A dry run reads and never writes (not the ledger, not the ERP, not the store). The store side walks the run's
orders and their refunds and judges each against the ledger the way its extract would (``has_work``,
``planning_record``); the ERP side (an ``ErpPlanner``) plans the documents each one asks for, with its load
targets' own vetting, look-ups and bodies, and names them in the ``OrdersPlan`` by reference. A document that
only exists once an earlier one is created is named by a placeholder such as ``<new invoice WC-shop-1042>``.
``DocumentPlanner`` is what ERP sides share of that planning; each ERP's planner says only what differs.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.load.errors import MappingError, NothingToUpdate

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
        # One entry per order read: the store's facts about it and what would happen to it (see ``note_order``).
        self.orders: list[dict[str, Any]] = []

    def mark(self) -> PlanMark:
        """Where the plan stands now: ``note_order`` names what was planned after it."""
        return PlanMark(
            {(kind, action): len(refs) for kind, actions in self.documents.items() for action, refs in actions.items()},
            len(self.held_back),
            self.unchanged,
            self.not_sales,
            len(self.write_back),
        )

    def note_order(self, facts: Mapping[str, Any], since: PlanMark, *, skipped: str | None = None) -> None:
        """Record what was planned for one order since ``since``: its documents, what would be held back, or that
        nothing would happen (unchanged) or it is no sale (``skipped``, the reason)."""
        outcomes = [
            f"{action} {kind.replace('_', ' ').removesuffix('s')} {reference}"
            for (kind, action), before in since.documents.items()
            for reference in self.documents[kind][action][before:]
        ]
        outcomes += [f"write back {entry['value']}" for entry in self.write_back[since.write_back :]]
        held = self.held_back[since.held_back :]
        if skipped is not None:
            verdict = "skip"
            outcomes.insert(0, f"not a sale: {skipped}")
        elif held:
            verdict = "hold back"
            outcomes = [f"hold back: {reason}" for reason in held] + outcomes
        elif outcomes:
            verdict = "send"
        else:
            verdict = "nothing"
            outcomes = ["nothing to send: the ERP is up to date"]
        self.orders.append({**facts, "verdict": verdict, "outcomes": outcomes})

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
            "orders": self.orders,
        }


@dataclass(frozen=True)
class PlanMark:
    """How far each list of an ``OrdersPlan`` had grown at one moment."""

    documents: Mapping[tuple[str, str], int]
    held_back: int
    unchanged: int
    not_sales: int
    write_back: int


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


def placeholder(what: str) -> str:
    """The name a planned document goes by until it is created, e.g. ``<new invoice WC-shop-1042>``."""
    return f"<{what}>"


def is_placeholder(number: str) -> bool:
    """Whether ``number`` names a document that only a real run would create (see ``placeholder``)."""
    return number.startswith("<")


class OrderTargetPlanning(Protocol):
    """What a planner reads of the ERP side's order target: its reference, vetting and create body (reads only)."""

    def reference(self, record: LedgerRecord, /) -> str: ...

    def vet(self, record: LedgerRecord, /) -> Any: ...

    def body(self, order: Any, reference: str, customer: str, /) -> Any: ...


class CustomerPlanning(Protocol):
    """What a planner reads of the ERP side's customer directory: who the ERP has, and the body of a new one."""

    def existing(self, order: Any, /) -> tuple[str, str | None]: ...

    def new_customer(self, order: Any, reference: str, /) -> Any: ...


class RefundTargetPlanning(Protocol):
    """What a planner reads of the ERP side's refund target: its reference and its look-up by that reference."""

    def reference(self, record: LedgerRecord, /) -> str: ...

    def find(self, reference: str, /) -> str | None: ...


class DocumentPlanner(ABC):
    """The planning every ERP side shares (an ``ErpPlanner``), with its load targets' own vetting, look-ups and bodies.

    An order already in the ERP asks for the change ``change`` finds, or nothing; a new one is vetted, linked when the
    ERP holds a document under its reference, else created after its customer (planned once per customer). A refund
    waits while its order is not in the ERP, is linked when the ERP has it, else created (or held back when it cannot
    be mapped). A subclass names the ERP and its order document and says how it finds an order, judges the change of
    one it has, and builds a refund's body.
    """

    erp: str  # the ERP's name for people, e.g. "Acumatica"
    order_kind: str  # the plan's key of the orders' documents, e.g. "invoices"
    order_document: str  # one of them for people, e.g. "invoice"
    customer_kind, customer_document = "customers", "customer"
    refund_kind, refund_document = "credit_memos", "credit memo"

    def __init__(
        self,
        fc: FlowContext,
        documents: Mapping[str, Sequence[str]],
        *,
        orders: OrderTargetPlanning,
        customers: CustomerPlanning,
        refunds: RefundTargetPlanning,
    ) -> None:
        self._fc = fc
        self._order_target = orders
        self._customer_directory = customers
        self._refund_target = refunds
        self._planned_customers: dict[str, str] = {}  # customer reference → its ERP id, or its placeholder
        self.plan = OrdersPlan(fc, documents)

    @abstractmethod
    def find_order(self, record: LedgerRecord, reference: str) -> str | None:
        """The ERP document the order ``record`` is already in (reads only); None when there is none."""

    @abstractmethod
    def change(self, record: LedgerRecord, number: str) -> tuple[str, Any] | None:
        """The action and body a store change of the order in ERP document ``number`` asks for (reads only).

        Raises ``NothingToUpdate`` with the reason when it asks nothing, ``MappingError`` when it would be held back.
        """

    @abstractmethod
    def refund_body(self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], number: str) -> Any:
        """The body of the refund's document against the order's ERP document ``number`` (perhaps a placeholder)."""

    def order(self, record: LedgerRecord) -> str | None:
        """Plan the order's ERP document; the number (or the placeholder) the store's write-back would get."""
        plan, target = self.plan, self._order_target
        reference = target.reference(record)
        if record.target_id:
            self._plan_change(record, reference, record.target_id)
            return record.target_id
        order = target.vet(record)
        found = self.find_order(record, reference)
        if found:
            plan.add(self.order_kind, "link", reference)
            plan.would("link", f"{self.erp} {self.order_document}", f"{found} ({reference})")
            return found
        body = target.body(order, reference, self._customer(order))
        plan.add(self.order_kind, "create", reference)
        plan.would("create", f"{self.erp} {self.order_document}", reference, body)
        return placeholder(f"new {self.order_document} {reference}")

    def _plan_change(self, record: LedgerRecord, reference: str, number: str) -> None:
        try:
            change = self.change(record, number)
        except NothingToUpdate as exc:
            self.plan.unchanged += 1
            self._fc.log.info(
                "dry run: %s %s %s (%s) needs nothing: %s", self.erp, self.order_document, number, reference, exc
            )
            return
        if change is not None:
            action, body = change
            self.plan.add(self.order_kind, action, reference)
            self.plan.would(action, f"{self.erp} {self.order_document}", f"{number} ({reference})", body)

    def _customer(self, order: Any) -> str:
        """The order's customer in the ERP: its id, or the placeholder of the one planned for creation."""
        reference, customer = self._customer_directory.existing(order)
        if reference in self._planned_customers:
            return self._planned_customers[reference]
        if customer is None:
            self.plan.add(self.customer_kind, "create", reference)
            body = self._customer_directory.new_customer(order, reference)
            self.plan.would("create", f"{self.erp} {self.customer_document}", reference, body)
            customer = placeholder(f"new {self.customer_document} {reference}")
        self._planned_customers[reference] = customer
        return customer

    def refund(self, record: LedgerRecord, order_payload: dict[str, Any], number: str | None) -> None:
        """Plan the refund's ERP document against the order's, ``number`` (None: the refund would wait for it)."""
        plan = self.plan
        reference = self._refund_target.reference(record)
        if number is None:
            plan.add(self.refund_kind, "waiting", reference)
            self._fc.log.info("dry run: %s would wait for its order to reach %s", reference, self.erp)
            return
        found = self._refund_target.find(reference)
        if found:
            plan.add(self.refund_kind, "link", reference)
            plan.would("link", f"{self.erp} {self.refund_document}", f"{found} ({reference})")
            return
        try:
            body = self.refund_body(record, reference, order_payload, number)
        except MappingError as exc:
            plan.hold(exc)
            return
        plan.add(self.refund_kind, "create", reference)
        plan.would("create", f"{self.erp} {self.refund_document}", reference, body)


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
