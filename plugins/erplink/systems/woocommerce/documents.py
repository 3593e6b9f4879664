"""WooCommerce orders and refunds as an ERP side reads them from the ledger (``erplink.sides.StoreDocuments``).

The ledger keeps what the extract stored (see ``extract``): an order under its id, a refund under
``<order id>-<refund id>`` with its order's id and currency beside it (``_order``), and the order's write-back marker
set apart from the hashed payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from erplink.flows.store_documents import LedgerStoreDocuments
from erplink.ledger import LedgerRecord
from erplink.models import Order, Refund
from erplink.systems.woocommerce.config import woocommerce_store
from erplink.systems.woocommerce.extract import marker_meta
from erplink.systems.woocommerce.mappings.orders import erp_reference_from_meta, order_from_woo, refund_from_woo
from erplink.systems.woocommerce.mappings.references import REFERENCE_PREFIX


class WooCommerceDocuments(LedgerStoreDocuments):
    """The tenant's WooCommerce orders and refunds, for one flow."""

    # A fully refunded order was a sale first: it is posted, and its refunds credit it back.
    always_sold_statuses = ("refunded",)
    # A posted order cancelled in the store, or moved to its trash, is cancelled in the ERP.
    cancelled_statuses = ("cancelled", "trash")
    reference_prefix = REFERENCE_PREFIX

    def order_status(self, record: LedgerRecord) -> str | None:
        status = record.payload.get("status")
        return status if isinstance(status, str) else None

    def order(self, record: LedgerRecord) -> Order:
        store = woocommerce_store(self._fc.tenant)
        document = record.payload
        if "date_modified_gmt" not in document and record.source_modified is not None:
            # The ledger keeps the modification stamp beside the payload, not in it (see extract).
            document = {**document, "date_modified_gmt": record.source_modified.strftime("%Y-%m-%dT%H:%M:%S")}
        return order_from_woo(
            document, store=store.store_key, currencies=store.currencies,
            erp_reference_key=store.reference_meta_key, max_lines=self._fc.tenant.orders.max_lines_per_order,
        )  # fmt: skip

    def erp_reference_in_marker(self, record: LedgerRecord) -> str | None:
        marker = {"id": record.payload.get("id"), "meta_data": marker_meta(record.payload)}
        return erp_reference_from_meta(marker, woocommerce_store(self._fc.tenant).reference_meta_key)

    def refund(self, record: LedgerRecord, order_payload: Mapping[str, Any]) -> Refund:
        order_id = self.refund_order_id(record)
        return refund_from_woo(
            record.payload,
            store=self._fc.tenant.store.store_key,
            order_id=order_id,
            currency=order_payload.get("currency") or record.payload["_order"]["currency"],
            order=order_payload,
            other_refunds=self._other_refunds(record, order_id, order_payload),
        )

    def order_line_skus(self, order_payload: Mapping[str, Any]) -> dict[int, str]:
        return {
            int(line["id"]): line.get("sku") or ""
            for line in order_payload.get("line_items") or []
            if isinstance(line, dict) and isinstance(line.get("id"), int)
        }

    def _other_refunds(
        self, record: LedgerRecord, order_id: int, order_payload: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """The order's other refunds the ledger holds: the order lines' restock totals count their units too."""
        others = []
        for summary in order_payload.get("refunds") or []:
            refund_id = summary.get("id") if isinstance(summary, dict) else None
            if not isinstance(refund_id, int) or record.key.source_id == f"{order_id}-{refund_id}":
                continue
            other = self._fc.ledger.get(record.key._replace(source_id=f"{order_id}-{refund_id}"))
            if other is not None:
                others.append(other.payload)
        return others
