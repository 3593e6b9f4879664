"""BigCommerce orders, refunds and payments as an ERP side reads them from the ledger
(``erplink.sides.StoreDocuments``).

The ledger keeps what the extract stored (see ``extract``): an order under its id with its products, shipping
addresses, coupons and refund summaries beside it, a refund under ``<order id>-<refund id>`` and a payment
transaction under ``<order id>-<transaction id>``, each with its order's id and currency (``_order``), and the
order's write-back marker set apart from the hashed payload.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from typing import Any

from erplink.flows.store_documents import LedgerStoreDocuments
from erplink.ledger import LedgerRecord
from erplink.mappings.errors import MappingError, NotLoadable
from erplink.models import Order, Payment, Refund
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.extract import ORDER_CONTEXT, marker_of
from erplink.systems.bigcommerce.mappings.orders import order_from_bigcommerce, order_line_skus
from erplink.systems.bigcommerce.mappings.payments import payment_from_bigcommerce, payment_record_key
from erplink.systems.bigcommerce.mappings.references import REFERENCE_PREFIX
from erplink.systems.bigcommerce.mappings.refunds import refund_from_bigcommerce
from erplink.systems.bigcommerce.mappings.statuses import status_code
from erplink.windows import to_utc


class BigCommerceDocuments(LedgerStoreDocuments):
    """The tenant's BigCommerce orders and refunds, for one flow. Statuses are the codes of mappings/statuses.py."""

    # A refunded order was a sale first: it is posted, and its refunds credit it back.
    always_sold_statuses = ("refunded", "partially_refunded")
    # A posted order cancelled in the store, or whose payment was declined after all, is cancelled in the ERP.
    cancelled_statuses = ("cancelled", "declined")
    reference_prefix = REFERENCE_PREFIX

    def order_status(self, record: LedgerRecord) -> str | None:
        return status_code(record.payload.get("status_id"))

    def order(self, record: LedgerRecord) -> Order:
        store = bigcommerce_store(self._fc.tenant)
        document = record.payload
        if "date_modified" not in document and record.source_modified is not None:
            # The ledger keeps the modification stamp beside the payload, not in it (see extract).
            document = {**document, "date_modified": email.utils.format_datetime(to_utc(record.source_modified))}
        return order_from_bigcommerce(
            document, store=store.store_key, currencies=store.currencies,
            erp_reference=marker_of(record.payload), max_lines=self._fc.tenant.orders.max_lines_per_order,
        )  # fmt: skip

    def erp_reference_in_marker(self, record: LedgerRecord) -> str | None:
        marker = (marker_of(record.payload) or "").strip()
        return marker or None

    def refund(self, record: LedgerRecord, order_payload: Mapping[str, Any]) -> Refund:
        return refund_from_bigcommerce(
            record.payload,
            store=self._fc.tenant.store.store_key,
            currency=order_payload.get("currency_code") or record.payload["_order"]["currency"],
            order_line_skus=order_line_skus(order_payload),
            max_lines=self._fc.tenant.orders.max_lines_per_order,
        )

    def order_line_skus(self, order_payload: Mapping[str, Any]) -> dict[int, str]:
        return order_line_skus(order_payload)

    def payment_order_id(self, record: LedgerRecord) -> int:
        """The order a stored payment belongs to, from its key (``<order id>-<transaction id>``)."""
        return int(record.key.source_id.partition("-")[0])

    def payment(self, record: LedgerRecord) -> Payment:
        """The money a stored transaction took. The extract stores only transactions that may have taken money;
        one that took none after all is not loadable, a malformed one fails naming itself."""
        stored = record.payload.get(ORDER_CONTEXT)
        context: Mapping[str, Any] = stored if isinstance(stored, Mapping) else {}
        order_id = context.get("id")
        if isinstance(order_id, bool) or not isinstance(order_id, int) or order_id < 1:
            raise MappingError(payment_record_key(None, record.payload.get("id")), "stored without its order's id")
        payment = payment_from_bigcommerce(
            record.payload, store=self._fc.tenant.store.store_key, order_id=order_id,
            currency=str(context.get("currency") or ""),
        )  # fmt: skip
        if payment is None:
            raise NotLoadable(f"{payment_record_key(order_id, record.payload.get('id'))} took no money")
        return payment
