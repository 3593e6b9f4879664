"""QAD hook over QXtend Inbound (QAD EE on premise): QDocs over SOAP 1.1 at ``{base}/<webapp>/services/QdocWebService``.

It answers the same document interface as ``QadHook`` (``find_by_external_ref``, ``get``, ``create``, ``update``,
``cancel_sales_order``, ``customers_by_email``, ``items_by_numbers``, ``prices``, ``inventory``, ``iter``), so the
load targets, the catalog source and the reconciliation do not know which transport a tenant chose. Writes are
``maintainSalesOrder`` / ``maintainCustomer``; every look-up is a Query Service profile. A QDoc is one
transaction: an order is posted whole with its lines, never halfway.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import Field

from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import (
    ConnectionConfigError,
    ExtraSettings,
    JsonStrMap,
    OptionalText,
    base_url,
    require,
    require_known_keys,
)
from erplink.http.client import RestClient
from erplink.http.errors import AmbiguousWriteError, AuthenticationError, NotFoundError, PermanentApiError
from erplink.systems.qad.qxtend import qdocs
from erplink.systems.qad.qxtend.envelope import SessionContext
from erplink.systems.qad.qxtend.faults import fault_error_class, soap_fault_error
from erplink.systems.qad.qxtend.key_windows import whole_rows
from erplink.systems.qad.qxtend.profiles import FILTER_FIELDS, PROFILES, QUERY_FIELDS, QueryNames
from erplink.systems.qad.qxtend.queries import QueryService, equals, on_or_after
from erplink.systems.qad.qxtend.response import QdocAnswer
from erplink.systems.qad.qxtend.transport import QdocTransport

PROBE_FILTERS = {
    "sales_orders": "sales_order.number",
    "sales_order_lines": "line.order",
    "customers": "customer.reference",
    "items": "item.number",
    "prices": "price.list",
    "stock": "stock.site",
}
"""The filter field Test Connection asks each profile by."""
ITEM_LOOKUP_LIMIT = 20
"""Up to this many SKUs are looked up one query each; more, and the item profile is read once instead."""
JOURNAL_ENTRIES = "journal-entries"


class JournalsNeedRest(ValueError):
    """GL journal entries were asked of QXtend, which has no QDoc for them."""

    def __init__(self) -> None:
        super().__init__(
            "QAD GL journal entries need the REST transport (connection type qad, erp.transport: rest): "
            "QXtend Inbound has no journal entry QDoc"
        )


class QadQxtendSettings(ExtraSettings):
    receiver: str = "QADERP"
    webapp: str = "qxi"
    domain: OptionalText = None
    sales_order_version: str = "ERP3_2"
    customer_version: str = "ERP3_2"
    query_version: str = "ERP3_1"
    query_qdoc: str = "query{profile}"
    source_application: str = "QAD"
    max_rows: int = Field(default=10000, ge=1)
    cancel_status: str = "X"
    profiles: JsonStrMap = Field(default_factory=dict)
    query_fields: JsonStrMap = Field(default_factory=dict)
    filter_fields: JsonStrMap = Field(default_factory=dict)


class QadQxtendHook(ErplinkHook[QadQxtendSettings]):
    """Talks to one QAD EE instance through one QXI receiver, in one domain (the connection's host is the base URL)."""

    conn_name_attr = "qad_qxtend_conn_id"
    default_conn_name = "qad_qxtend_default"
    conn_type = "qad_qxtend"
    hook_name = "QAD EE (QXtend)"
    system: ClassVar[str] = "qad"
    settings_model = QadQxtendSettings

    def __init__(self, *, qad_qxtend_conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id=qad_qxtend_conn_id, **kwargs)

    # --- configuration --------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port)

    @property
    def names(self) -> QueryNames:
        s = self.settings
        require_known_keys(
            self.conn_id,
            ("profiles", s.profiles, PROFILES),
            ("query_fields", s.query_fields, QUERY_FIELDS),
            ("filter_fields", s.filter_fields, FILTER_FIELDS),
        )
        return QueryNames.with_overrides(profiles=s.profiles, fields=s.query_fields, filters=s.filter_fields)

    def _build_client(self) -> RestClient:
        return self._rest_client(
            base_url=self.base_url, auth=None, error_parser=soap_fault_error, error_class=fault_error_class
        )

    @property
    def transport(self) -> QdocTransport:
        conn, settings = self.connection, self.settings
        context = SessionContext(
            domain=require(self.conn_id, "domain", settings.domain),
            username=require(self.conn_id, "login", conn.login),
            password=require(self.conn_id, "password", conn.password),
        )
        return QdocTransport(self.client, webapp=settings.webapp, receiver=settings.receiver, context=context)

    @property
    def queries(self) -> QueryService:
        s = self.settings
        return QueryService(
            self.transport,
            qdoc_template=s.query_qdoc,
            version=s.query_version,
            source_application=s.source_application,
            max_rows=s.max_rows,
        )

    def _rows(self, profile: str, *where: tuple[str, str], whole: bool = False) -> list[dict[str, str]]:
        """Rows of a profile whose fields (``filter_fields`` keys) equal the values."""
        names = self.names
        clauses = [equals(names.filters[key], value) for key, value in where]
        if whole:
            return whole_rows(self.queries, names.profiles[profile], clauses, names.window_keys(profile))
        return self.queries.rows(names.profiles[profile], clauses, whole=False)

    # --- set-up check ---------------------------------------------------------------------------------------

    def _check_connection(self) -> str:
        """Signs in and asks every profile for the rows of a key no document has: each profile and the field its
        filter names must exist (QXI answers an unknown one with a fault or an error naming it)."""
        names, problems = self.names, []
        for name, profile in names.profiles.items():
            try:
                self.queries.rows(profile, [equals(names.filters[PROBE_FILTERS[name]], "")], whole=False)
            except PermanentApiError as exc:
                if isinstance(exc, AuthenticationError):
                    raise
                problems.append(f"profile {name} ({profile}): {exc.vendor_message or exc.reason or exc.code}")
        if problems:
            raise ConnectionConfigError(self.conn_id, "profiles", "; ".join(problems))
        return f"QXtend receiver {self.settings.receiver} signed in; {len(names.profiles)} query profiles answer"

    # --- documents (erplink's QAD documents, see mappings/sales.py) -----------------------------------------

    def _orders(self, rows: Iterable[Mapping[str, str]]) -> list[dict[str, Any]]:
        cancel = self.settings.cancel_status
        orders = [qdocs.order_from_row(row, self.names, cancel_status=cancel) for row in rows]
        return sorted(orders, key=lambda order: str(order["orderNumber"]))

    def _lines(self, number: str) -> list[dict[str, Any]]:
        return qdocs.lines_from_rows(self._rows("sales_order_lines", ("line.order", number)), self.names)

    def iter(self, entity: str, **filters: Any) -> Iterator[dict[str, Any]]:
        """Items, or (for a reconciliation) sales orders and credit memos modified since ``modifiedSince``."""
        if entity == JOURNAL_ENTRIES:
            raise JournalsNeedRest()
        names = self.names
        if entity == "items":
            for row in self._rows("items", whole=True):
                yield qdocs.item_from_row(row, names)
            return
        if entity not in ("sales-orders", "credit-memos"):
            raise ValueError(f"unknown QAD entity {entity!r}")
        since = filters.get("modifiedSince")
        where = [on_or_after(names.filters["sales_order.modified"], date.fromisoformat(since[:10]))] if since else []
        rows = whole_rows(self.queries, names.profiles["sales_orders"], where, names.window_keys("sales_orders"))
        for order in self._orders(rows):
            lines = self._lines(order["orderNumber"])
            if entity == "sales-orders" and not order["creditOf"]:
                yield qdocs.with_total(order, lines)
            elif entity == "credit-memos" and order["creditOf"]:
                credited = qdocs.with_total(order, lines)
                yield {
                    "creditMemoNumber": order["orderNumber"],
                    "externalRef": order["externalRef"],
                    "salesOrder": order["creditOf"],
                    "currency": order["currency"],
                    "amount": f"{-Decimal(credited['orderTotal']):.2f}",
                    "modifiedAt": order["modifiedAt"],
                }

    def find_by_external_ref(self, entity: str, external_ref: str) -> dict[str, Any] | None:
        """The document created for this external reference, if any (the oldest when QAD holds several)."""
        if entity == JOURNAL_ENTRIES:
            raise JournalsNeedRest()
        if entity == "customers":
            rows = self._rows("customers", ("customer.reference", external_ref))
            found = [qdocs.customer_from_row(row, self.names) for row in rows]
            exact = sorted((c for c in found if c["externalRef"] == external_ref), key=lambda c: str(c["customerCode"]))
            return exact[0] if exact else None
        if entity not in ("sales-orders", "credit-memos"):
            raise ValueError(f"unknown QAD entity {entity!r}")
        orders = [
            o
            for o in self._orders(self._rows("sales_orders", ("sales_order.customer_po", external_ref)))
            if o["externalRef"] == external_ref and bool(o["creditOf"]) == (entity == "credit-memos")
        ]
        if len(orders) > 1:
            self.log.warning("QAD has %d %s with soPo %s", len(orders), entity, external_ref)
        if not orders:
            return None
        if entity == "credit-memos":
            return {"creditMemoNumber": orders[0]["orderNumber"], "externalRef": external_ref}
        return {"orderNumber": orders[0]["orderNumber"], "externalRef": external_ref, "status": orders[0]["status"]}

    def _order(self, number: str) -> dict[str, Any] | None:
        orders = [
            o
            for o in self._orders(self._rows("sales_orders", ("sales_order.number", number)))
            if o["orderNumber"] == number
        ]
        return orders[0] if orders else None

    def get(self, entity: str, key: str) -> dict[str, Any]:
        if entity == JOURNAL_ENTRIES:
            raise JournalsNeedRest()
        if entity != "sales-orders":
            raise ValueError(f"QAD documents read by key here: sales-orders, not {entity!r}")
        order = self._order(key)
        if order is None:
            raise NotFoundError(
                system="qad", method="POST", url=self.transport.path, status=404, reason=f"sales order {key}"
            )
        return order

    def _maintain(self, qdoc: str, version: str, dataset: Any, what: str) -> QdocAnswer:
        return self.transport.send(qdoc, version, dataset, what=what)

    @staticmethod
    def _first(answer: QdocAnswer, dataset: str, field: str) -> str | None:
        rows = answer.rows(dataset)
        return rows[0].get(field) or None if rows else None

    @staticmethod
    def _warnings(answer: QdocAnswer) -> list[str]:
        return [m.describe() for m in answer.messages] if answer.result == "warning" else []

    def create(self, entity: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Create a document; not idempotent: callers look it up by its external reference first."""
        if entity == JOURNAL_ENTRIES:
            raise JournalsNeedRest()
        settings = self.settings
        if entity == "sales-orders":
            what = f"sales order for {body['externalRef']}"
            answer = self._maintain(
                "maintainSalesOrder", settings.sales_order_version, qdocs.new_sales_order(body), what
            )
            number = self._first(answer, "dsSalesOrder", "soNbr") or self._found("sales-orders", body["externalRef"])
            return {"orderNumber": number, "warnings": self._warnings(answer)}
        if entity == "customers":
            answer = self._maintain(
                "maintainCustomer",
                settings.customer_version,
                qdocs.new_customer(body),
                f"customer {body.get('externalRef')}",
            )
            code = self._first(answer, "dsCustomer", "cmAddr")
            code = code or self._found("customers", str(body.get("externalRef")))
            return {
                "customerCode": code,
                "name": body.get("name"),
                "email": body.get("email"),
                "currency": body.get("currency"),
                "externalRef": body.get("externalRef"),
                "warnings": self._warnings(answer),
            }
        if entity == "credit-memos":
            original = self.get("sales-orders", str(body["salesOrder"]))
            answer = self._maintain(
                "maintainSalesOrder",
                settings.sales_order_version,
                qdocs.credit_sales_order(body, original=original),
                f"credit sales order for {body['externalRef']}",
            )
            memo = self._first(answer, "dsSalesOrder", "soNbr") or self._found("credit-memos", body["externalRef"])
            return {"creditMemoNumber": memo, "externalRef": body["externalRef"], "warnings": self._warnings(answer)}
        raise ValueError(f"QAD documents erplink creates: sales-orders, customers, credit-memos, not {entity!r}")

    def _found(self, entity: str, reference: str) -> str:
        """The number of what a QDoc answered without its detail (a receiver that suppresses it) just made.

        Not found yet is ambiguous, never "not created": the load protocol looks it up again before any resend.
        """
        key = {"sales-orders": "orderNumber", "credit-memos": "creditMemoNumber", "customers": "customerCode"}[entity]
        found = self.find_by_external_ref(entity, reference)
        if found is None:
            raise AmbiguousWriteError(
                system="qad",
                method="POST",
                url=self.transport.path,
                reason=f"QAD took the {entity} QDoc for {reference} but names no number",
            )
        number: str = found[key]
        return number

    def update(self, entity: str, key: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Bring an OPEN order in line with ``body``; an order QAD moved on (shipped, cancelled...) is refused as REST
        refuses it (409), so the target reports the fields a person must change by hand."""
        if entity != "sales-orders":
            raise ValueError(f"QAD documents erplink changes: sales-orders, not {entity!r}")
        current = self.get("sales-orders", key)
        if current["status"] != qdocs.OPEN:
            raise PermanentApiError(
                system="qad",
                method="POST",
                url=self.transport.path,
                status=409,
                code="ORDER_NOT_OPEN",
                vendor_message=f"sales order {key} is {current['status']}",
            )
        lines_in_qad = [int(line["line"]) for line in self._lines(key)]
        dataset = qdocs.changed_sales_order(key, body, site=current.get("site"), lines_in_qad=lines_in_qad)
        answer = self._maintain("maintainSalesOrder", self.settings.sales_order_version, dataset, f"sales order {key}")
        return {"orderNumber": key, "warnings": self._warnings(answer)}

    def cancel_sales_order(self, order_number: str) -> dict[str, Any]:
        settings = self.settings
        answer = self._maintain(
            "maintainSalesOrder",
            settings.sales_order_version,
            qdocs.cancelled_sales_order(order_number, settings.cancel_status),
            f"cancellation of sales order {order_number}",
        )
        return {"orderNumber": order_number, "status": qdocs.CANCELLED, "warnings": self._warnings(answer)}

    def customers_by_email(self, email: str) -> list[dict[str, Any]]:
        rows = self._rows("customers", ("customer.email", email))
        found = [qdocs.customer_from_row(row, self.names) for row in rows]
        return sorted(
            (c for c in found if str(c["email"] or "").lower() == email.lower()), key=lambda c: str(c["customerCode"])
        )

    def items_by_numbers(self, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Items by number; unknown numbers are absent. A few are looked up one by one, many by one query."""
        wanted = sorted({n for n in numbers if n})
        if len(wanted) > ITEM_LOOKUP_LIMIT:
            return {item["itemNumber"]: item for item in self.iter("items") if item["itemNumber"] in wanted}
        found: dict[str, dict[str, Any]] = {}
        for number in wanted:
            for row in self._rows("items", ("item.number", number)):
                item = qdocs.item_from_row(row, self.names)
                if item["itemNumber"] == number:
                    found[number] = item
        return found

    def prices(self, price_list: str) -> Iterator[dict[str, Any]]:
        names = self.names
        for row in self._rows("prices", ("price.list", price_list), whole=True):
            if row.get(names.field("price.list")) == price_list:
                yield qdocs.price_from_row(row, names)

    def inventory(self, site: str) -> Iterator[dict[str, Any]]:
        names = self.names
        for row in self._rows("stock", ("stock.site", site), whole=True):
            if row.get(names.field("stock.site")) == site:
                yield qdocs.stock_from_row(row, names)


__all__ = ["QadQxtendHook", "QadQxtendSettings"]
