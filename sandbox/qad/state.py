"""The in-process handle on a running QAD sandbox: what tests and the demo use to look at and change tenants.

Document-level methods act on the demo tenant unless `tenant=` names another; `expire_tokens` and
`set_rate_limit` act on every tenant unless one is named. Every method returns copies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sandbox.qad.records.customers import add_customer
from sandbox.qad.records.sales_orders import move_status
from sandbox.qad.decimals import format_money, format_quantity
from sandbox.qad.errors import QadError, found, not_found
from sandbox.qad.rate_limit import RateLimit
from sandbox.qad.rest.lost_answers import LOSES_ANSWERS
from sandbox.qad.tenant import Document, TenantCredentials, TenantStore, snapshot

DEFAULT_UOM = "EA"
DEFAULT_PRODUCT_LINE = "WEB"


class QadState:
    def __init__(self, tenants: Mapping[str, TenantStore], demo_tenant: str) -> None:
        self._tenants = dict(tenants)
        self.demo_tenant = demo_tenant

    @property
    def tenants(self) -> tuple[str, ...]:
        return tuple(self._tenants)

    @contextmanager
    def _locked(self, tenant: str | None) -> Iterator[TenantStore]:
        store = self._store(tenant)
        with store.lock:
            yield store

    def _store(self, tenant: str | None) -> TenantStore:
        name = tenant or self.demo_tenant
        if name not in self._tenants:
            raise not_found(f"tenant {name}")
        return self._tenants[name]

    def _stores(self, tenant: str | None) -> list[TenantStore]:
        return [self._store(tenant)] if tenant else list(self._tenants.values())

    def credentials(self, *, tenant: str | None = None) -> TenantCredentials:
        return self._store(tenant).credentials

    def workspace(self, *, tenant: str | None = None) -> str:
        """The `x-qad-workspace-id` of the tenant's domain and entity."""
        return self._store(tenant).workspace

    # Catalog -------------------------------------------------------------------------------------------------

    def add_item(
        self,
        item_number: str,
        description: str,
        *,
        uom: str = DEFAULT_UOM,
        product_line: str = DEFAULT_PRODUCT_LINE,
        status: str = "ACTIVE",
        tenant: str | None = None,
    ) -> Document:
        with self._locked(tenant) as store:
            if item_number in store.items:
                raise QadError(409, "CONFLICT", f"item {item_number} already exists")
            store.items[item_number] = {
                "itemNumber": item_number,
                "description": description,
                "uom": uom,
                "status": status,
                "productLine": product_line,
                "modifiedAt": store.now(),
            }
            return snapshot(store.items[item_number])

    def set_item_status(self, item_number: str, status: str, *, tenant: str | None = None) -> Document:
        """ACTIVE or INACTIVE; an inactive item can no longer be ordered."""
        if status not in ("ACTIVE", "INACTIVE"):
            raise QadError(400, "VALIDATION_FAILED", "status must be ACTIVE or INACTIVE", [{"field": "status"}])
        with self._locked(tenant) as store:
            item = found(store.items, item_number, "item")
            item.update(status=status, modifiedAt=store.now())
            return snapshot(item)

    def deactivate_item(self, item_number: str, *, tenant: str | None = None) -> Document:
        return self.set_item_status(item_number, "INACTIVE", tenant=tenant)

    def set_price(
        self, item_number: str, price: Decimal, *, price_list: str, currency: str, tenant: str | None = None
    ) -> Document:
        with self._locked(tenant) as store:
            if item_number not in store.items:
                raise not_found(f"item {item_number}")
            prices = store.price_lists.setdefault(price_list, {})
            now = store.now()
            prices[item_number] = {
                "itemNumber": item_number,
                "price": format_money(price),
                "currency": currency,
                "effectiveFrom": now,
                "modifiedAt": now,
            }
            return snapshot(prices[item_number])

    def set_stock(
        self,
        item_number: str,
        site: str,
        location: str,
        *,
        on_hand: Decimal | None = None,
        allocated: Decimal | None = None,
        committed: Decimal | None = None,
        tenant: str | None = None,
    ) -> Document:
        """Set the given quantities of one balance (creating it at zero if new); the others keep their value."""
        with self._locked(tenant) as store:
            if item_number not in store.items:
                raise not_found(f"item {item_number}")
            balance = store.inventory.setdefault(
                (item_number, site, location),
                {"itemNumber": item_number, "site": site, "location": location,
                 "qtyOnHand": "0", "qtyAllocated": "0", "qtyCommitted": "0"},
            )
            for field, value in (("qtyOnHand", on_hand), ("qtyAllocated", allocated), ("qtyCommitted", committed)):
                if value is not None:
                    balance[field] = format_quantity(value)
            balance["modifiedAt"] = store.now()
            store.sites.add(site)
            return snapshot(balance)

    # Documents -----------------------------------------------------------------------------------------------

    def documents(self, entity: str, *, tenant: str | None = None) -> list[Document]:
        """All documents of one entity (`customers`, `items`, `sales-orders`, `credit-memos`, `journal-entries`)
        in the order they were stored."""
        with self._locked(tenant) as store:
            return [snapshot(document) for document in store.documents(entity).values()]

    def add_customer(
        self,
        fields: dict[str, Any],
        *,
        customer_code: str | None = None,
        modified_at: str | None = None,
        tenant: str | None = None,
    ) -> Document:
        """Store a customer as if keyed in on the ERP: `fields` in wire form, the code given or the next free,
        last modified at `modified_at` (wire form) or now."""
        with self._locked(tenant) as store:
            if customer_code in store.customers:
                raise QadError(409, "CONFLICT", f"customer {customer_code} already exists")
            return snapshot(add_customer(store, fields, customer_code, modified_at))

    def set_order_status(self, order_number: str, status: str, *, tenant: str | None = None) -> Document:
        """Move a sales order to SHIPPED, INVOICED or CLOSED, as the ERP's own fulfilment would."""
        with self._locked(tenant) as store:
            return snapshot(move_status(store, order_number, status))

    # General ledger ------------------------------------------------------------------------------------------

    def set_gl_period(self, year: int, period: int, *, is_open: bool, tenant: str | None = None) -> None:
        """Open or close the GL period `year`/`period` (one per calendar month), whatever its age."""
        if not 1 <= period <= 12:
            raise QadError(400, "VALIDATION_FAILED", "period must be 1 to 12", [{"field": "period"}])
        with self._locked(tenant) as store:
            store.general_ledger.set_period((year, period), is_open=is_open)

    def set_rated_currencies(self, currencies: Iterable[str], *, tenant: str | None = None) -> None:
        """The currencies with an exchange rate to the domain's base currency (journal entries may be posted in
        them and in the base currency, in no other)."""
        with self._locked(tenant) as store:
            store.general_ledger.rated_currencies = set(currencies)

    def lose_answers(self, entity: str, count: int, *, tenant: str | None = None) -> None:
        """Commit the next `count` REST writes of `entity` (`journal-entries`), then answer each with HTTP 500 and
        the web container's HTML error page instead of QAD's answer: an ambiguous write."""
        if entity not in LOSES_ANSWERS:
            raise QadError(400, "VALIDATION_FAILED", f"entity must be one of {', '.join(LOSES_ANSWERS)}",
                           [{"field": "entity"}])  # fmt: skip
        if count < 0:
            raise QadError(400, "VALIDATION_FAILED", "count must not be negative", [{"field": "count"}])
        with self._locked(tenant) as store:
            store.lost_answers[entity] = count

    def alter_journal_line(
        self, number: str, line: int, *, debit: Decimal, credit: Decimal, tenant: str | None = None
    ) -> Document:
        """Change one line of a posted journal entry in place, as a correction made in the database would (QAD
        takes no change to a posted entry through its API): a reconciliation then finds the books disagreeing."""
        with self._locked(tenant) as store:
            entry = store.journal_entries.get(number)
            found_line = next((row for row in (entry or {}).get("lines", []) if row["line"] == line), None)
            if entry is None or found_line is None:
                raise not_found(f"journal entry {number} line {line}")
            found_line.update(debit=format_money(debit), credit=format_money(credit))
            entry["modifiedAt"] = store.now()
            return snapshot(entry)

    # Operations ----------------------------------------------------------------------------------------------

    def inject_qxtend_faults(self, code: str, count: int, *, tenant: str | None = None) -> None:
        """Answer the next `count` QDocs (of any kind) with a SOAP fault `Server` or `Client`."""
        if code not in ("Server", "Client"):
            raise QadError(400, "VALIDATION_FAILED", "code must be Server or Client", [{"field": "code"}])
        with self._locked(tenant) as store:
            store.qxtend_faults[code] = count

    def lose_qxtend_answers(self, count: int, *, tenant: str | None = None) -> None:
        """Commit the next `count` maintain QDocs, then answer each with HTTP 500 and the web container's HTML error
        page instead of the QDoc's answer: the write landed, the client cannot know it (an ambiguous write)."""
        if count < 0:
            raise QadError(400, "VALIDATION_FAILED", "count must not be negative", [{"field": "count"}])
        with self._locked(tenant) as store:
            store.qxtend_lost_answers = count

    def expire_tokens(self, *, tenant: str | None = None) -> None:
        for store in self._stores(tenant):
            with store.lock:
                store.tokens.expire_all()

    def set_rate_limit(self, limit: RateLimit | None, *, tenant: str | None = None) -> None:
        """Give the tenant(s) a request budget, or lift it with None."""
        for store in self._stores(tenant):
            with store.lock:
                store.budget.set_limit(limit)

    def set_browse_order(self, *, stable: bool, tenant: str | None = None) -> None:
        """Browses in their key order (`stable=True`), or in a new order per request (the default)."""
        for store in self._stores(tenant):
            with store.lock:
                store.browse_order.stable = stable

    def request_counts(self, *, tenant: str | None = None) -> dict[str, int]:
        """Requests received per endpoint, keyed like `POST /clouderp/api/erp/salesOrderHeaders` (a browse with its id)."""
        with self._locked(tenant) as store:
            return dict(store.request_counts)

    def reset_request_counts(self, *, tenant: str | None = None) -> None:
        for store in self._stores(tenant):
            with store.lock:
                store.request_counts.clear()
