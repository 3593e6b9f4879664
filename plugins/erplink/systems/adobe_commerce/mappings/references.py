"""The external references of Adobe Commerce documents in an ERP: ``AC-<store>-<order id>``,
``AC-<store>-<order>-R<credit memo id>``, and ``AC-<store>-C<customer id>`` / ``AC-<store>-G<email digest>`` for
customers. The ids are Magento's ``entity_id``s (never the ``increment_id`` shoppers see, which a store may
renumber per store view)."""

from __future__ import annotations

from erplink.mappings.references import StoreReferences

REFERENCE_PREFIX = "AC"
_REFERENCES = StoreReferences(REFERENCE_PREFIX)

reference_for_order = _REFERENCES.for_order
reference_for_refund = _REFERENCES.for_refund
reference_for_customer = _REFERENCES.for_customer
