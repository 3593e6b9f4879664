"""Everything one tenant holds: credentials, token service, request budget and its documents."""

from __future__ import annotations

import copy
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sandbox.qad.browse_order import BrowseOrder
from sandbox.qad.rate_limit import RateLimit, RequestBudget
from sandbox.qad.records.general_ledger import GeneralLedger
from sandbox.qad.timestamps import Clock, format_timestamp, stamp
from sandbox.qad.tokens import TokenService

Document = dict[str, Any]

DEFAULT_DOMAIN = "10USA"
DEFAULT_ENTITY = "10USACO"
"""The domain and financial entity every tenant's data lives in (`x-qad-workspace-id: 10USA_10USACO`)."""

NUMBER_PREFIXES = {
    "business-relations": "BR", "customers": "C", "sales-orders": "SO", "credit-memos": "CM",
}


@dataclass(frozen=True)
class TenantCredentials:
    """The API user and the OAuth2 clients an integration is given on a tenant.

    `api_client_id` is the 32-hex client id QAD's `oauth/token` password grant names (issued per environment on
    its "Client IDs" page); `client_id` / `client_secret` are the stand-in contract's client-credentials client.
    """

    username: str
    password: str = field(repr=False)
    client_id: str
    client_secret: str = field(repr=False)
    api_client_id: str = field(default_factory=lambda: secrets.token_hex(16))

    @classmethod
    def generate(cls, tenant: str) -> TenantCredentials:
        return cls(
            username="erplink",
            password=secrets.token_urlsafe(18),
            client_id=f"erplink-{tenant}",
            client_secret=secrets.token_urlsafe(24),
        )


class ReferencedDocuments(dict[str, Document]):
    """Documents by number, also findable by their `externalRef` without a scan.

    The real server answers an `externalRef` filter from an index; a scan here would make every look-up cost
    O(documents) and a large benchmark O(N²). Every write goes through `__setitem__` (or the methods routed to
    it), and a hit is checked against the document itself, so a stale entry can never produce a wrong answer.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._by_ref: dict[str, set[str]] = {}
        self.update(*args, **kwargs)

    def __setitem__(self, number: str, document: Document) -> None:
        super().__setitem__(number, document)
        reference = document.get("externalRef")
        if reference is not None:
            self._by_ref.setdefault(reference, set()).add(number)

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for number, document in dict(*args, **kwargs).items():
            self[number] = document

    def setdefault(self, number: str, document: Document) -> Document:  # type: ignore[override]
        if number not in self:
            self[number] = document
        return self[number]

    def with_reference(self, reference: str) -> list[Document]:
        """The documents carrying `reference` (normally one), by number."""
        numbers = sorted(self._by_ref.get(reference, ()))
        return [self[n] for n in numbers if n in self and self[n].get("externalRef") == reference]


def _referenced() -> ReferencedDocuments:
    return ReferencedDocuments()


@dataclass
class TenantStore:
    """One tenant's data. Callers hold `lock` while they read or change it: the server and the in-process
    handle run on different threads."""

    name: str
    clock: Clock
    credentials: TenantCredentials
    tokens: TokenService
    budget: RequestBudget
    sites: set[str] = field(default_factory=set)
    domain: str = DEFAULT_DOMAIN
    entity: str = DEFAULT_ENTITY
    items: dict[str, Document] = field(default_factory=dict)
    price_lists: dict[str, dict[str, Document]] = field(default_factory=dict)
    inventory: dict[tuple[str, str, str], Document] = field(default_factory=dict)
    customers: ReferencedDocuments = field(default_factory=_referenced)
    business_relations: dict[str, Document] = field(default_factory=dict)
    sales_orders: ReferencedDocuments = field(default_factory=_referenced)
    credit_memos: ReferencedDocuments = field(default_factory=_referenced)
    journal_entries: ReferencedDocuments = field(default_factory=_referenced)
    general_ledger: GeneralLedger = field(default_factory=GeneralLedger)
    request_counts: Counter[str] = field(default_factory=Counter)
    qxtend_faults: Counter[str] = field(default_factory=Counter)  # QXI faults to answer next, by fault code
    qxtend_lost_answers: int = 0  # maintain QDocs to commit next and then answer with a container error
    lost_answers: Counter[str] = field(default_factory=Counter)  # REST writes to commit, then answer 500, by entity
    browse_order: BrowseOrder = field(default_factory=BrowseOrder)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _last_numbers: Counter[str] = field(default_factory=Counter)

    @classmethod
    def create(
        cls, name: str, *, clock: Clock, token_lifetime_s: int, rate_limit: RateLimit | None
    ) -> TenantStore:
        return cls(
            name=name,
            clock=clock,
            credentials=TenantCredentials.generate(name),
            tokens=TokenService(name, lifetime_s=token_lifetime_s, clock=clock),
            budget=RequestBudget(clock, rate_limit),
        )

    @property
    def workspace(self) -> str:
        """The `x-qad-workspace-id` that selects this tenant's domain and entity: `<domain>_<entity>`."""
        return f"{self.domain}_{self.entity}"

    def now(self) -> str:
        """The current time in wire form, at the precision documents are stamped with."""
        return format_timestamp(stamp(self.clock))

    def next_number(self, entity: str) -> str:
        """The next server-assigned document number, e.g. `SO000001`."""
        self._last_numbers[entity] += 1
        return f"{NUMBER_PREFIXES[entity]}{self._last_numbers[entity]:06d}"

    def reserve_number(self, entity: str, number: str) -> None:
        """Record a seeded document number so that generated ones never collide with it."""
        prefix = NUMBER_PREFIXES[entity]
        if number.startswith(prefix) and number[len(prefix) :].isdigit():
            self._last_numbers[entity] = max(self._last_numbers[entity], int(number[len(prefix) :]))

    def documents(self, entity: str) -> dict[str, Document]:
        by_entity = {
            "customers": self.customers,
            "business-relations": self.business_relations,
            "items": self.items,
            "sales-orders": self.sales_orders,
            "credit-memos": self.credit_memos,
            "journal-entries": self.journal_entries,
        }
        if entity not in by_entity:
            raise KeyError(f"unknown entity {entity!r}; one of {sorted(by_entity)}")
        return by_entity[entity]


def snapshot(document: Document) -> Document:
    """A copy the caller may keep or change without touching the tenant's own."""
    return copy.deepcopy(document)
