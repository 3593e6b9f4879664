"""Canonical documents: what every store mapping produces and every ERP mapping consumes."""

from erplink.models.catalog import (
    Availability,
    CatalogUpdate,
    Item,
    ItemOffer,
    Price,
    StockLevel,
    catalog_fingerprint,
)
from erplink.models.journal import JournalEntry, JournalKind, JournalLine, Payment
from erplink.models.order import Charge, ChargeKind, Coupon, Order, OrderLine, RefundSummary
from erplink.models.party import Address, Customer
from erplink.models.refund import Refund, RefundLine

__all__ = [
    "Address",
    "Availability",
    "CatalogUpdate",
    "Charge",
    "ChargeKind",
    "Coupon",
    "Customer",
    "Item",
    "ItemOffer",
    "JournalEntry",
    "JournalKind",
    "JournalLine",
    "Order",
    "OrderLine",
    "Payment",
    "Price",
    "Refund",
    "RefundLine",
    "RefundSummary",
    "StockLevel",
    "catalog_fingerprint",
]
