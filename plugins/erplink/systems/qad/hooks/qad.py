"""QAD hook over QAD's own REST API (``{base}`` = ``https://<tenant>.qad.com/clouderp`` or
``https://host:port/qad-central``): ``oauth/token``, ``x-qad-workspace-id``, business documents and browses.

The hook speaks erplink's QAD documents (``mappings/sales.py`` builds them) and turns them into QAD's records
(``mappings/qad_records.py``): the load targets, the catalog source and the reconciliation do not see the wire.
What QAD's documentation and code in the wild do not show (the stock, credit memo and journal entry documents
and browses, some field names) is configuration (``endpoints.py``), and Test Connection checks every entity path,
view URI and browse id against the instance before a sync relies on them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal

import requests
from pydantic import Field

from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import (
    ConnectionConfigError,
    ExtraSettings,
    JsonStrMap,
    OptionalText,
    base_url,
    join_url,
    require,
    require_known_keys,
)
from erplink.http.client import RestClient
from erplink.http.errors import ApiError, NotFoundError, PermanentApiError
from erplink.systems.qad.auth import QadPasswordGrant
from erplink.systems.qad.business_documents import BusinessDocuments
from erplink.systems.qad.endpoints import (
    BROWSE_COLUMNS,
    BROWSE_IDS,
    ENTITY_PATHS,
    VIEW_URIS,
    QadEndpoints,
)
from erplink.systems.qad.error_body import qad_error
from erplink.systems.qad.mappings.qad_records import (
    business_relation,
    credit_memo_from_record,
    credit_memo_record,
    customer_from_record,
    customer_record,
    item_from_row,
    order_from_header,
    price_from_row,
    stock_from_row,
)
from erplink.systems.qad.paging import browse_filter
from erplink.systems.qad.sales_order_flow import SalesOrderFlow
from erplink.systems.qad.windows import modified_since_filters

WORKSPACE_HEADER = "x-qad-workspace-id"
ITEM_LOOKUP_LIMIT = 20
"""Up to this many SKUs are looked up one browse each; more, and the item browse is read once instead."""
ENTITY_KEYS = {
    "customers": "customerCode", "sales-orders": "orderNumber", "credit-memos": "creditMemoNumber",
    "journal-entries": "journalEntryNumber",
}  # fmt: skip


class QadSettings(ExtraSettings):
    auth_mode: Literal["oauth_password", "basic"] = "oauth_password"
    client_id: OptionalText = None
    token_endpoint: str = "oauth/token"
    workspace: OptionalText = None
    domain: OptionalText = None
    entity_paths: JsonStrMap = Field(default_factory=dict)
    view_uris: JsonStrMap = Field(default_factory=dict)
    browse_ids: JsonStrMap = Field(default_factory=dict)
    browse_columns: JsonStrMap = Field(default_factory=dict)
    browse_page_size: int = Field(default=200, ge=1, le=1000)


class QadHook(ErplinkHook[QadSettings]):
    """Talks to one QAD instance in one domain (the connection's host is the base URL)."""

    conn_name_attr = "qad_conn_id"
    default_conn_name = "qad_default"
    conn_type = "qad"
    hook_name = "QAD Adaptive ERP"
    system: ClassVar[str] = "qad"
    settings_model = QadSettings

    def __init__(self, *, qad_conn_id: str = default_conn_name, page_size: int | None = None, **kwargs: Any) -> None:
        super().__init__(conn_id=qad_conn_id, **kwargs)
        self._page_size = page_size
        self._unfinished: dict[str, str] = {}
        self._unfinished_lock = threading.Lock()

    # --- configuration --------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port)

    @property
    def secrets(self) -> list[str]:
        return [s for s in (self.connection.password, self.settings.client_id) if s]

    @property
    def endpoints(self) -> QadEndpoints:
        settings = self.settings
        require_known_keys(
            self.conn_id,
            ("entity_paths", settings.entity_paths, ENTITY_PATHS),
            ("view_uris", settings.view_uris, VIEW_URIS),
            ("browse_ids", settings.browse_ids, BROWSE_IDS),
            ("browse_columns", settings.browse_columns, BROWSE_COLUMNS),
        )
        return QadEndpoints.with_overrides(
            entity_paths=settings.entity_paths, view_uris=settings.view_uris,
            browse_ids=settings.browse_ids, browse_columns=settings.browse_columns,
        )  # fmt: skip

    @property
    def domain(self) -> str:
        settings = self.settings
        domain = settings.domain or (settings.workspace or "").split("_", 1)[0]
        return require(self.conn_id, "domain", domain or None)

    def _auth(self) -> requests.auth.AuthBase:
        conn, settings = self.connection, self.settings
        login = require(self.conn_id, "login", conn.login)
        password = require(self.conn_id, "password", conn.password)
        if settings.auth_mode == "basic":
            return requests.auth.HTTPBasicAuth(login, password)
        client_id = require(self.conn_id, "client_id", settings.client_id)
        token_url = join_url(self.base_url, settings.token_endpoint)
        return QadPasswordGrant(token_url, client_id, login, password, **self.token_request_options)

    def _build_client(self) -> RestClient:
        workspace = self.settings.workspace
        return self._rest_client(
            base_url=self.base_url, auth=self._auth(), error_parser=qad_error,
            headers={WORKSPACE_HEADER: workspace} if workspace else None,
        )  # fmt: skip

    @property
    def documents(self) -> BusinessDocuments:
        settings = self.settings
        return BusinessDocuments(self.client, self.endpoints, page_size=self._page_size or settings.browse_page_size)

    @property
    def sales_orders(self) -> SalesOrderFlow:
        return SalesOrderFlow(self.documents, self.domain)

    # --- set-up check ---------------------------------------------------------------------------------------

    def _check_connection(self) -> str:
        documents, endpoints, problems = self.documents, self.endpoints, list[str]()
        probes = {
            "salesOrderHeaders": {"domainCode": self.domain, "salesOrderNumber": ""},
            "customerV2s": {"sharedSetCode": self.domain, "customerCode": ""},
            "businessRelationV2s": {"businessRelationCode": ""},
            "items": {"domainCode": self.domain, "itemCode": ""},
            "priceListV2s": {"domainCode": self.domain, "priceListCode": ""},
            "journalEntries": {"domainCode": self.domain, "journalEntryNumber": ""},
        }
        # Only integrations that post journals need these: their absence is told, not failed.
        optional, optional_problems = {"journalEntries", "journal_entries"}, list[str]()
        for entity, keys in probes.items():
            try:
                documents.read(entity, **keys)
            except PermanentApiError as exc:
                if exc.status in (401, 403):
                    raise
                (optional_problems if entity in optional else problems).append(
                    f"entity {entity} ({endpoints.entity_paths[entity]}, {endpoints.view_uris[entity]}): {exc.status}"
                )
        for name, browse_id in endpoints.browse_ids.items():
            try:
                row = next(iter(documents.browse(name)), None)
            except PermanentApiError as exc:
                if exc.status in (401, 403):
                    raise
                (optional_problems if name in optional else problems).append(
                    f"browse {name} ({browse_id}): {exc.status}"
                )
                continue
            prefix = {"items": "item.", "customers": "customer.", "sales_orders": "sales_order.", "stock": "stock.",
                      "price_lists": "price.", "credit_memos": "credit_memo.",
                      "business_relations": "business_relation.", "journal_entries": "journal_entry.",
                      }[name]  # fmt: skip
            missing = [c for k, c in endpoints.browse_columns.items() if k.startswith(prefix) and row and c not in row]
            if missing:
                (optional_problems if name in optional else problems).append(
                    f"browse {name} ({browse_id}) has no column {', '.join(missing)}"
                )
        if problems:
            raise ConnectionConfigError(self.conn_id, "entity_paths/view_uris/browse_ids", "; ".join(problems))
        workspace = self.settings.workspace or "(none sent)"
        answered = f"{len(probes)} documents and {len(endpoints.browse_ids)} browses answer"
        if optional_problems:
            answered = (
                f"{answered} but not the journal entries QAD ↔ BigCommerce posts ({'; '.join(optional_problems)}): "
                "set entity_paths/view_uris/browse_ids for them if this connection serves it"
            )
        return f"QAD signed in, workspace {workspace}; {answered}"

    # --- documents (erplink's QAD documents; see mappings/qad_records.py) -----------------------------------

    def iter(self, entity: str, **filters: Any) -> Iterator[dict[str, Any]]:
        """Items, or (for a reconciliation) sales orders and credit memos modified since ``modifiedSince``."""
        endpoints, since = self.endpoints, filters.get("modifiedSince")
        if entity == "items":
            for row in self.documents.browse("items"):
                yield item_from_row(row, endpoints)
        elif entity == "sales-orders":
            changed_since = modified_since_filters(endpoints.column("sales_order.modified"), since)
            for row in self.documents.browse("sales_orders", changed_since):
                number = str(row[endpoints.column("sales_order.number")])
                header = self.sales_orders.header(number)
                if header is not None:
                    yield order_from_header(header, self.sales_orders.lines(number))
        elif entity == "credit-memos":
            c = endpoints.column
            for row in self.documents.browse("credit_memos", modified_since_filters(c("credit_memo.modified"), since)):
                yield credit_memo_from_record({
                    "creditMemoNumber": row.get(c("credit_memo.number")),
                    "reference": row.get(c("credit_memo.reference")),
                    "salesOrderNumber": row.get(c("credit_memo.sales_order")),
                    "currencyCode": row.get(c("credit_memo.currency")), "amount": row.get(c("credit_memo.amount")),
                    "lastModifiedDate": row.get(c("credit_memo.modified")),
                })  # fmt: skip
        else:
            raise ValueError(f"unknown QAD entity {entity!r}")

    def find_by_external_ref(self, entity: str, external_ref: str) -> dict[str, Any] | None:
        """The document created for this external reference, if any (the oldest when QAD holds several)."""
        endpoints = self.endpoints
        if entity == "customers":
            rows = self._browse_eq("customers", "customer.reference", external_ref)
            return customer_from_row(rows[0], endpoints) if rows else None
        if entity == "credit-memos":
            rows = self._browse_eq("credit_memos", "credit_memo.reference", external_ref)
            return (
                {"creditMemoNumber": rows[0][endpoints.column("credit_memo.number")], "externalRef": external_ref}
                if rows
                else None
            )
        if entity == "journal-entries":
            return self._journal_entry_by_reference(external_ref)
        if entity != "sales-orders":
            raise ValueError(f"unknown QAD entity {entity!r}")
        rows = self._browse_eq("sales_orders", "sales_order.customer_po", external_ref)
        for row in rows:
            number = str(row[endpoints.column("sales_order.number")])
            if self.sales_orders.lines(number):
                return {
                    "orderNumber": number,
                    "externalRef": external_ref,
                    "status": row.get(endpoints.column("sales_order.status")),
                }
            # A header without lines: a create that stopped halfway. The next create completes it.
            with self._unfinished_lock:
                self._unfinished[external_ref] = number
        return None

    def _journal_entry_by_reference(self, external_ref: str) -> dict[str, Any] | None:
        """The journal entry posted for this reference: the lowest number when QAD holds several (each counted once
        however often, and in whatever order, the browse lists it)."""
        column = self.endpoints.column("journal_entry.number")
        rows = self._browse_eq("journal_entries", "journal_entry.reference", external_ref)
        numbers = sorted({str(row[column]) for row in rows if row.get(column)})
        return {"journalEntryNumber": numbers[0], "externalRef": external_ref} if numbers else None

    @property
    def journal_reference_field(self) -> str:
        """The journal entry field the external reference is written to: the one its browse column shows."""
        return self.endpoints.column("journal_entry.reference").rsplit(".", 1)[-1]

    def _browse_eq(self, browse: str, column: str, value: str) -> list[dict[str, Any]]:
        """Rows whose column equals ``value`` exactly (QAD compares without case; erplink's references have one)."""
        name = self.endpoints.column(column)
        try:
            rows = list(self.documents.browse(browse, [browse_filter(name, "eq", value)]))
        except ValueError:
            return []  # a value with a comma cannot be asked for, so nothing can be found by it
        exact = [row for row in rows if str(row.get(name)) == value]
        if len(exact) > 1:
            self.log.warning("QAD %s has %d rows with %s = %s", browse, len(exact), name, value)
        return sorted(exact, key=lambda row: [str(v) for v in row.values()])

    def get(self, entity: str, key: str) -> dict[str, Any]:
        if entity == "journal-entries":
            found = self.documents.read("journalEntries", domainCode=self.domain, journalEntryNumber=key)
            exact = [record for record in found if str(record.get("journalEntryNumber")) == key]
            if not exact:
                raise NotFoundError(
                    system="qad", method="GET", url="journalEntries", status=404, reason=f"journal entry {key}"
                )
            return exact[0]
        if entity != "sales-orders":
            raise ValueError(f"QAD documents read by key here: sales-orders, journal-entries, not {entity!r}")
        header = self.sales_orders.header(key)
        if header is None:
            raise NotFoundError(
                system="qad", method="GET", url="salesOrderHeaders", status=404, reason=f"sales order {key}"
            )
        return order_from_header(header)

    def create(self, entity: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Create a document; not idempotent: callers look it up by its external reference first."""
        if entity == "sales-orders":
            with self._unfinished_lock:
                unfinished = self._unfinished.pop(str(body.get("externalRef")), None)
            return {"orderNumber": self.sales_orders.create(body, unfinished=unfinished)}
        if entity == "customers":
            code = self._business_relation_for(body)
            [customer] = self.documents.submit(
                "customerV2s", [customer_record(body, relation_code=code, shared_set=self.domain)]
            )
            return customer_from_record(customer)
        if entity == "credit-memos":
            [memo] = self.documents.submit("creditMemos", [credit_memo_record(body, self.domain)])
            return credit_memo_from_record(memo)
        if entity == "journal-entries":
            # The body is QAD's record already (mappings/journals.py): journals travel over REST only.
            [entry] = self.documents.submit("journalEntries", [dict(body)])
            return entry
        raise ValueError(
            f"QAD documents erplink creates: sales-orders, customers, credit-memos, journal-entries, not {entity!r}"
        )

    def _business_relation_for(self, customer: Mapping[str, Any]) -> str:
        """The code of the business relation to create ``customer`` on.

        A customer is two writes, the business relation and then the customer on it. A create stopped between
        them (a crash, a lost answer) leaves a business relation that carries the customer's external reference
        and has no customer; it is reused, so the next create does not add a second one for the same customer.
        """
        reference = customer.get("externalRef")
        if reference:
            rows = self._browse_eq("business_relations", "business_relation.reference", str(reference))
            if rows:
                return str(rows[0][self.endpoints.column("business_relation.code")])
        [relation] = self.documents.submit("businessRelationV2s", [business_relation(customer)])
        return str(relation["businessRelationCode"])

    def update(self, entity: str, key: str, body: Mapping[str, Any]) -> dict[str, Any]:
        if entity != "sales-orders":
            raise ValueError(f"QAD documents erplink changes: sales-orders, not {entity!r}")
        self.sales_orders.update(key, body)
        return {"orderNumber": key}

    def cancel_sales_order(self, order_number: str) -> dict[str, Any]:
        self.sales_orders.cancel(order_number)
        return {"orderNumber": order_number, "status": "CANCELLED"}

    def customers_by_email(self, email: str) -> list[dict[str, Any]]:
        name = self.endpoints.column("customer.email")
        try:
            rows = list(self.documents.browse("customers", [browse_filter(name, "eq", email)]))
        except ValueError:
            return []
        return [
            customer_from_row(row, self.endpoints) for row in rows if str(row.get(name, "")).lower() == email.lower()
        ]

    def items_by_numbers(self, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Items by number; unknown numbers are absent. A few are looked up one by one, many by one walk."""
        wanted = sorted({n for n in numbers if n})
        if len(wanted) > ITEM_LOOKUP_LIMIT:
            return {item["itemNumber"]: item for item in self.iter("items") if item["itemNumber"] in wanted}
        found: dict[str, dict[str, Any]] = {}
        for number in wanted:
            for row in self._browse_eq("items", "item.number", number):
                found[number] = item_from_row(row, self.endpoints)
        return found

    def prices(self, price_list: str) -> Iterator[dict[str, Any]]:
        name = self.endpoints.column("price.list")
        for row in self.documents.browse("price_lists", [browse_filter(name, "eq", price_list)]):
            if row.get(name) == price_list:
                yield price_from_row(row, self.endpoints)

    def inventory(self, site: str) -> Iterator[dict[str, Any]]:
        name = self.endpoints.column("stock.site")
        for row in self.documents.browse("stock", [browse_filter(name, "eq", site)]):
            if row.get(name) == site:
                yield stock_from_row(row, self.endpoints)


def customer_from_row(row: Mapping[str, Any], endpoints: QadEndpoints) -> dict[str, Any]:
    c = endpoints.column
    return {"customerCode": row[c("customer.code")], "email": row.get(c("customer.email")) or None,
            "externalRef": row.get(c("customer.reference")) or None}  # fmt: skip


__all__ = ["ApiError", "QadHook", "QadSettings"]
