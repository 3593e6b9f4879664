"""Reconciliation: for a period, do the store and the ERP agree on every document?

Each integration reads both of its systems (``Integration.reconcile``: the store's documents of the period and the
ERP documents filed under their references); this module compares them document by document, sums both sides by
currency, and sets aside what the ledger knowingly holds back (quarantined, failed, waiting): those are listed
with their reasons on the records page and are no difference. A difference is a document the ERP lacks although
the ledger does not hold it back, an ERP document whose amounts or currency differ from the store's, or one the
ERP keeps open while the store no longer counts it as a sale.

Used by the erplink page, ``erplink reconcile`` and the scheduled reconciliation DAG (which fails on a difference).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from erplink.flows.context import FlowContext
from erplink.ledger import RecordKey, Status

# The ledger holds these back knowingly (their reason is on the records page): not a difference.
HELD_BACK = (Status.QUARANTINED, Status.FAILED, Status.PENDING, Status.IN_FLIGHT, Status.SKIPPED)
AMOUNT_FIELDS = ("total", "tax", "shipping")


@dataclass(frozen=True)
class Amounts:
    """A document's money, in its currency; None where a side does not record that amount (it is not compared)."""

    total: Decimal
    tax: Decimal | None = None
    shipping: Decimal | None = None


@dataclass(frozen=True)
class StoreDocument:
    entity: str  # the ledger entity it is kept under ("order", "refund")
    source_id: str  # ...and its source id there
    kind: str  # how the totals count it: "order" or "refund"
    reference: str  # the external reference its ERP document carries
    label: str  # for people: "<store system> order 1042"
    currency: str
    amounts: Amounts
    # A sale (or a sale's refund): the ERP must hold it. False: not a sale (cancelled, unpaid): it must not be open.
    expected_in_erp: bool


@dataclass(frozen=True)
class ErpDocument:
    reference: str
    number: str  # the ERP's own document number
    currency: str
    amounts: Amounts
    cancelled: bool = False


@dataclass(frozen=True)
class ReconcileSides:
    """What an integration's ``reconcile(fc, since, until)`` returns: the store's documents created in the period
    and the ERP documents filed under their references (others may be included: they are ignored)."""

    store: Sequence[StoreDocument]
    erp: Mapping[str, ErpDocument]


@dataclass(frozen=True)
class Difference:
    label: str
    entity: str
    source_id: str
    reference: str
    erp_number: str | None
    problem: str
    # field → (store value, ERP value), as text
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class HeldBack:
    label: str
    entity: str
    source_id: str
    status: str


@dataclass
class Totals:
    orders: int = 0
    order_total: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    shipping: Decimal = Decimal(0)
    refunds: int = 0
    refund_total: Decimal = Decimal(0)

    def add(self, kind: str, amounts: Amounts) -> None:
        if kind == "refund":
            self.refunds += 1
            self.refund_total += amounts.total
            return
        self.orders += 1
        self.order_total += amounts.total
        self.tax += amounts.tax or 0
        self.shipping += amounts.shipping or 0


@dataclass
class ReconciliationReport:
    tenant: str
    integration: str
    since: datetime
    until: datetime
    # currency → totals: every sale of the store; what the ERP holds of them; what the ledger holds back
    store: dict[str, Totals] = field(default_factory=dict)
    erp: dict[str, Totals] = field(default_factory=dict)
    held_back_totals: dict[str, Totals] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    documents: int = 0

    @property
    def clean(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, Any]:
        def totals(by_currency: dict[str, Totals]) -> dict[str, dict[str, Any]]:
            return {currency: {k: str(v) if isinstance(v, Decimal) else v for k, v in asdict(t).items()}
                    for currency, t in sorted(by_currency.items())}  # fmt: skip

        return {
            "tenant": self.tenant, "integration": self.integration,
            "since": self.since.isoformat(), "until": self.until.isoformat(),
            "documents": self.documents, "clean": self.clean,
            "store": totals(self.store), "erp": totals(self.erp), "held_back_totals": totals(self.held_back_totals),
            "differences": [asdict(d) for d in self.differences],
            "held_back": [asdict(h) for h in self.held_back],
        }  # fmt: skip

    def summary(self) -> str:
        """One line for a log or a failed task."""
        if self.clean:
            return (
                f"{self.tenant}: store and ERP agree on {self.documents} document(s) from "
                f"{self.since:%Y-%m-%d %H:%M} to {self.until:%Y-%m-%d %H:%M} UTC "
                f"({len(self.held_back)} held back in the ledger)"
            )
        listed = "; ".join(f"{d.label} ({d.reference}): {d.problem}" for d in self.differences[:20])
        more = f"; and {len(self.differences) - 20} more" if len(self.differences) > 20 else ""
        return f"{self.tenant}: {len(self.differences)} difference(s) between store and ERP: {listed}{more}"


class ReconciliationUnsupportedError(ValueError):
    """The tenant's integration offers no reconciliation."""


def reconcile(fc: FlowContext, *, since: datetime, until: datetime) -> ReconciliationReport:
    """Compare the store's documents created in [since, until) with the ERP's, document by document."""
    if fc.spec.reconcile is None:
        raise ReconciliationUnsupportedError(f"the {fc.spec.title} integration offers no reconciliation")
    if until <= since:
        raise ValueError(f"the period must end after it starts: since {since.isoformat()}, until {until.isoformat()}")
    sides: ReconcileSides = fc.spec.reconcile(fc, since, until)
    return compare(fc, sides, since=since, until=until)


def compare(fc: FlowContext, sides: ReconcileSides, *, since: datetime, until: datetime) -> ReconciliationReport:
    report = ReconciliationReport(fc.tenant.name, fc.integration, since, until)
    statuses = fc.ledger.statuses_of(
        [RecordKey(fc.tenant.name, fc.integration, doc.entity, doc.source_id) for doc in sides.store]
    )
    for doc in sides.store:
        erp = sides.erp.get(doc.reference)
        if not doc.expected_in_erp:
            if erp is not None and not erp.cancelled:
                report.differences.append(_difference(doc, erp, "not a sale in the store, but open in the ERP"))
            continue
        report.documents += 1
        report.store.setdefault(doc.currency, Totals()).add(doc.kind, doc.amounts)
        if erp is None:
            status = statuses.get(RecordKey(fc.tenant.name, fc.integration, doc.entity, doc.source_id))
            if status in HELD_BACK:
                assert status is not None
                report.held_back.append(HeldBack(doc.label, doc.entity, doc.source_id, status.value))
                report.held_back_totals.setdefault(doc.currency, Totals()).add(doc.kind, doc.amounts)
                continue
            known = f"the ledger has it {status.value}" if status else "the ledger does not know it"
            report.differences.append(_difference(doc, None, f"missing in the ERP ({known})"))
            continue
        report.erp.setdefault(erp.currency, Totals()).add(doc.kind, erp.amounts)
        if erp.cancelled:
            report.differences.append(_difference(doc, erp, "cancelled in the ERP, a sale in the store"))
            continue
        fields = _differing(doc, erp)
        if fields:
            report.differences.append(_difference(doc, erp, "amounts differ: " + ", ".join(fields), fields))
    return report


def _differing(doc: StoreDocument, erp: ErpDocument) -> dict[str, tuple[str, str]]:
    fields: dict[str, tuple[str, str]] = {}
    if doc.currency != erp.currency:
        fields["currency"] = (doc.currency, erp.currency)
    for name in AMOUNT_FIELDS:
        store_value, erp_value = getattr(doc.amounts, name), getattr(erp.amounts, name)
        if store_value is not None and erp_value is not None and store_value != erp_value:
            fields[name] = (str(store_value), str(erp_value))
    return fields


def _difference(
    doc: StoreDocument, erp: ErpDocument | None, problem: str, fields: dict[str, tuple[str, str]] | None = None
) -> Difference:
    return Difference(
        doc.label, doc.entity, doc.source_id, doc.reference, erp.number if erp else None, problem, fields or {}
    )
