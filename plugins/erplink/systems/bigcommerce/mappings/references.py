"""The external references of BigCommerce documents in an ERP: ``BC-<store>-<order id>``,
``BC-<store>-<order>-R<refund>``, and ``BC-<store>-C<customer id>`` / ``BC-<store>-G<email digest>`` for customers."""

from __future__ import annotations

from erplink.mappings.references import StoreReferences

REFERENCE_PREFIX = "BC"
_REFERENCES = StoreReferences(REFERENCE_PREFIX)

reference_for_order = _REFERENCES.for_order
reference_for_refund = _REFERENCES.for_refund
reference_for_customer = _REFERENCES.for_customer
