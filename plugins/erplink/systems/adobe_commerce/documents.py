"""Adobe Commerce orders, credit memos and invoices as an ERP side reads them from the ledger
(``erplink.sides.StoreDocuments``).

The ledger keeps what the extract stored (see ``extract``): an order under its ``entity_id`` with its credit memo
summaries beside it, a credit memo under ``<order id>-<credit memo id>`` and an invoice under
``<order id>-<invoice id>``, each with its order's id and currency (``_order``; an invoice also the order's payment
method), and the order's write-back marker set apart from the hashed payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from erplink.flows.store_documents import LedgerStoreDocuments
from erplink.ledger import LedgerRecord
from erplink.mappings.errors import MappingError, NotLoadable
from erplink.models import Order, Payment, Refund
from erplink.systems.adobe_commerce.config import adobe_commerce_store
from erplink.systems.adobe_commerce.extract import ORDER_CONTEXT, marker_of
from erplink.systems.adobe_commerce.mappings.orders import (
    NO_LINE,
    B2BCompany,
    company_of,
    order_from_adobe_commerce,
    order_item_lines,
)
from erplink.systems.adobe_commerce.mappings.payments import payment_from_adobe_commerce, payment_record_key
from erplink.systems.adobe_commerce.mappings.references import REFERENCE_PREFIX
from erplink.systems.adobe_commerce.mappings.refunds import refund_from_adobe_commerce, refund_record_key
from erplink.systems.adobe_commerce.mappings.statuses import ALWAYS_SOLD_STATES, CANCELLED_STATES, state_code
from erplink.systems.adobe_commerce.windows import magento_timestamp


class AdobeCommerceDocuments(LedgerStoreDocuments):
    """The tenant's Adobe Commerce orders, credit memos and invoices, for one flow. Statuses are Magento's order
    states (mappings/statuses.py)."""

    always_sold_statuses = ALWAYS_SOLD_STATES
    cancelled_statuses = CANCELLED_STATES
    reference_prefix = REFERENCE_PREFIX

    def order_status(self, record: LedgerRecord) -> str | None:
        return state_code(record.payload.get("state"))

    def order(self, record: LedgerRecord) -> Order:
        store = adobe_commerce_store(self._fc.tenant)
        return order_from_adobe_commerce(
            self._with_stamp(record), store=store.store_key, currencies=store.currencies,
            erp_reference=self.erp_reference_in_marker(record), max_lines=self._fc.tenant.orders.max_lines_per_order,
        )  # fmt: skip

    def company(self, record: LedgerRecord) -> B2BCompany | None:
        """The B2B company the order of ``record`` was placed for (None: no company)."""
        return company_of(record.payload)

    def erp_reference_in_marker(self, record: LedgerRecord) -> str | None:
        marker = (marker_of(record.payload) or "").strip()
        return marker or None

    def refund(self, record: LedgerRecord, order_payload: Mapping[str, Any]) -> Refund:
        context = self._context(record, refund_record_key)
        return refund_from_adobe_commerce(
            record.payload, store=self._fc.tenant.store.store_key,
            currency=str(order_payload.get("order_currency_code") or context.get("currency") or "").upper(),
            order_item_lines=order_item_lines(order_payload), max_lines=self._fc.tenant.orders.max_lines_per_order,
        )  # fmt: skip

    def order_line_skus(self, order_payload: Mapping[str, Any]) -> dict[int, str]:
        return {line_id: sku for line_id, sku in order_item_lines(order_payload).values() if line_id != NO_LINE}

    def payment_order_id(self, record: LedgerRecord) -> int:
        """The order a stored invoice belongs to, from its key (``<order id>-<invoice id>``)."""
        return int(record.key.source_id.partition("-")[0])

    def payment(self, record: LedgerRecord) -> Payment:
        """The money a stored invoice took: a paid (captured) invoice's total. An open or canceled invoice took none
        and is not loadable (it is read again when it is captured); a malformed one fails naming itself."""
        context = self._context(record, payment_record_key)
        order_id = context["id"]
        payment = payment_from_adobe_commerce(
            record.payload, store=self._fc.tenant.store.store_key, order_id=order_id,
            currency=str(context.get("currency") or "").upper(), method=str(context.get("method") or ""),
        )  # fmt: skip
        if payment is None:
            raise NotLoadable(f"{payment_record_key(order_id, record.payload.get('entity_id'))} is not captured")
        return payment

    def _context(self, record: LedgerRecord, record_key: Any) -> Mapping[str, Any]:
        stored = record.payload.get(ORDER_CONTEXT)
        context: Mapping[str, Any] = stored if isinstance(stored, Mapping) else {}
        order_id = context.get("id")
        if isinstance(order_id, bool) or not isinstance(order_id, int) or order_id < 1:
            raise MappingError(record_key(None, record.payload.get("entity_id")), "stored without its order's id")
        return context

    @staticmethod
    def _with_stamp(record: LedgerRecord) -> Mapping[str, Any]:
        # The ledger keeps ``updated_at`` beside the payload, not in it (see extract).
        document = record.payload
        if "updated_at" not in document and record.source_modified is not None:
            document = {**document, "updated_at": magento_timestamp(record.source_modified)}
        return document
