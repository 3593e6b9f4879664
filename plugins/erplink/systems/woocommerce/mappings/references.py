"""The external references of WooCommerce documents in an ERP: ``WC-<store>-<order id>``,
``WC-<store>-<order>-R<refund>``, and ``WC-<store>-C<customer id>`` / ``WC-<store>-G<email digest>`` for customers."""

from __future__ import annotations

from erplink.mappings.references import customer_reference, order_reference, refund_reference
from erplink.models import Customer

REFERENCE_PREFIX = "WC"


def reference_for_order(store_key: str, order_id: int) -> str:
    """The external reference of the ERP document for a store order: "WC-<store>-<order id>"."""
    return order_reference(REFERENCE_PREFIX, store_key, order_id)


def reference_for_refund(store_key: str, order_id: int, refund_id: int) -> str:
    """The external reference of the ERP document for a store refund: "WC-<store>-<order>-R<refund>"."""
    return refund_reference(REFERENCE_PREFIX, store_key, order_id, refund_id)


def reference_for_customer(store_key: str, customer: Customer) -> str:
    """The external reference of the ERP customer for a store customer: "WC-<store>-C<id>" or "WC-<store>-G…"."""
    return customer_reference(REFERENCE_PREFIX, store_key, customer)
