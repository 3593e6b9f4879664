"""The external references of WooCommerce documents in an ERP: ``WC-<store>-<order id>``,
``WC-<store>-<order>-R<refund>``, and ``WC-<store>-C<customer id>`` / ``WC-<store>-G<email digest>`` for customers."""

from __future__ import annotations

from erplink.mappings.references import StoreReferences

REFERENCE_PREFIX = "WC"
_REFERENCES = StoreReferences(REFERENCE_PREFIX)

reference_for_order = _REFERENCES.for_order
reference_for_refund = _REFERENCES.for_refund
reference_for_customer = _REFERENCES.for_customer
