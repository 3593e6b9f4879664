"""External references: the name under which an ERP files the document made from a store document.

A reference is deterministic (the same store document always gets the same one), so the load step can look a
document up before it creates it. Its shape is ``<prefix>-<store key>-<id>``: the prefix names the store system
(each store system's mappings hold their own), the store key the tenant's store. References are stored in the
ERP and the ledger, so a shape never changes once live.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from erplink.models import Customer

_STORE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


def order_reference(prefix: str, store_key: str, order_id: int) -> str:
    """``<prefix>-<store>-<order id>``."""
    return f"{prefix}-{_checked_store_key(store_key)}-{_checked_id(order_id)}"


def refund_reference(prefix: str, store_key: str, order_id: int, refund_id: int) -> str:
    """``<prefix>-<store>-<order id>-R<refund id>``."""
    return f"{order_reference(prefix, store_key, order_id)}-R{_checked_id(refund_id)}"


def customer_reference(prefix: str, store_key: str, customer: Customer) -> str:
    """``<prefix>-<store>-C<customer id>`` for a registered customer.

    Guests have no id and are one customer per email, so they get ``<prefix>-<store>-G<digest of the email>``:
    stable, and it keeps the address out of the reference.
    """
    store = _checked_store_key(store_key)
    if customer.store_customer_id is not None:
        return f"{prefix}-{store}-C{customer.store_customer_id}"
    digest = hashlib.sha256(customer.email.encode()).hexdigest()[:16]
    return f"{prefix}-{store}-G{digest}"


@dataclass(frozen=True)
class StoreReferences:
    """The references of one store system's documents, under its ``prefix``."""

    prefix: str

    def for_order(self, store_key: str, order_id: int) -> str:
        """The external reference of the ERP document for a store order: ``<prefix>-<store>-<order id>``."""
        return order_reference(self.prefix, store_key, order_id)

    def for_refund(self, store_key: str, order_id: int, refund_id: int) -> str:
        """The external reference of the ERP document for a store refund: ``<prefix>-<store>-<order>-R<refund>``."""
        return refund_reference(self.prefix, store_key, order_id, refund_id)

    def for_customer(self, store_key: str, customer: Customer) -> str:
        """The external reference of the ERP customer for a store customer (see ``customer_reference``)."""
        return customer_reference(self.prefix, store_key, customer)


def _checked_store_key(store_key: str) -> str:
    if not _STORE_KEY.match(store_key):
        raise ValueError(f"store key {store_key!r} must be 1-20 letters, digits, '_' or '-'")
    return store_key


def _checked_id(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{value!r} is not a positive document id")
    return value
