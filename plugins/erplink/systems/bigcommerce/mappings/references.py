"""The external references of BigCommerce documents in an ERP: ``BC-<store>-<order id>``,
``BC-<store>-<order>-R<refund>``, and ``BC-<store>-C<customer id>`` / ``BC-<store>-G<email digest>`` for customers."""

from __future__ import annotations

from erplink.mappings.references import customer_reference, order_reference, refund_reference
from erplink.models import Customer

REFERENCE_PREFIX = "BC"


def reference_for_order(store_key: str, order_id: int) -> str:
    """The external reference of the ERP document for a store order: "BC-<store>-<order id>"."""
    return order_reference(REFERENCE_PREFIX, store_key, order_id)


def reference_for_refund(store_key: str, order_id: int, refund_id: int) -> str:
    """The external reference of the ERP document for a store refund: "BC-<store>-<order>-R<refund>"."""
    return refund_reference(REFERENCE_PREFIX, store_key, order_id, refund_id)


def reference_for_customer(store_key: str, customer: Customer) -> str:
    """The external reference of the ERP customer for a store customer: "BC-<store>-C<id>" or "BC-<store>-G…"."""
    return customer_reference(REFERENCE_PREFIX, store_key, customer)
