"""The Query Service profiles erplink reads, their row fields and the 4GL fields its filters name.

QAD-FACTS §2 confirms the request (``SourceApplication, Profile, Filter, MaxRows``), a profile's rows in
camelCase of the table's fields (``ldPart, ldSite, ldLoc, ldQtyOh``) and a ``where`` filter on the table's fields
(``ld_site="X"``). Profiles are defined per site in QXtend, so every name here is a default a connection
overrides (``profiles``, ``query_fields``, ``filter_fields``); the ones not confirmed are marked *assumed*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from erplink.systems.qad.qxtend.key_windows import KeyField

PROFILES: dict[str, str] = {
    "sales_orders": "QrySalesOrder",  # assumed
    "sales_order_lines": "QrySalesOrderDetail",  # assumed
    "customers": "QryCustomer",  # assumed
    "items": "QryItem",  # assumed
    "prices": "QryPriceList",  # assumed
    "stock": "QryInventory",  # seen in the wild (queryQryInventory)
}

QUERY_FIELDS: dict[str, str] = {
    "sales_order.number": "soNbr",
    "sales_order.customer_po": "soPo",
    "sales_order.customer": "soCust",
    "sales_order.status": "soStat",
    "sales_order.currency": "soCurr",  # assumed
    "sales_order.site": "soSite",  # assumed
    "sales_order.order_date": "soOrdDate",
    "sales_order.modified": "soModDate",  # assumed
    "sales_order.remarks": "soRmks",  # assumed
    "sales_order.credit_of": "soRef",  # assumed: the order a credit sales order credits
    "sales_order.trailer_codes": "soTrl1Cd,soTrl2Cd",  # assumed
    "sales_order.trailer_amounts": "soTrl1Amt,soTrl2Amt",  # assumed
    "sales_order.trailer_taxes": "soTrl1Tax,soTrl2Tax",  # assumed
    "line.order": "sodNbr",
    "line.number": "sodLine",
    "line.item": "sodPart",
    "line.quantity": "sodQtyOrd",
    "line.list_price": "sodListPr",
    "line.net_price": "sodPrice",
    "line.tax": "sodTaxAmt",  # assumed
    "customer.code": "cmAddr",
    "customer.name": "adName",
    "customer.email": "adEmail",  # assumed
    "customer.reference": "cmChr01",  # assumed: the user field a site keeps it in
    "customer.currency": "cmCurr",
    "item.number": "ptPart",
    "item.description": "ptDesc1",
    "item.uom": "ptUm",
    "item.status": "ptStatus",
    "item.product_line": "ptProdLine",
    "price.list": "piList",  # assumed
    "price.item": "piPartCode",  # assumed
    "price.currency": "piCurr",  # assumed
    "price.amount": "piListPrice",  # assumed
    "price.start": "piStart",  # assumed
    "stock.item": "ldPart",
    "stock.site": "ldSite",
    "stock.location": "ldLoc",
    "stock.lot": "ldLot",
    "stock.on_hand": "ldQtyOh",
    "stock.allocated": "ldQtyAll",  # assumed
    "stock.committed": "ldQtyCom",  # assumed
}

FILTER_FIELDS: dict[str, str] = {
    "sales_order.customer_po": "so_po",
    "sales_order.number": "so_nbr",
    "sales_order.modified": "so_mod_date",  # assumed
    "line.order": "sod_nbr",
    "customer.email": "ad_email",  # assumed
    "customer.reference": "cm__chr01",  # assumed
    "item.number": "pt_part",
    "price.list": "pi_list",  # assumed
    "price.item": "pi_part_code",  # assumed
    "stock.site": "ld_site",
    "stock.item": "ld_part",
    "stock.location": "ld_loc",
    "stock.lot": "ld_lot",
}

WINDOW_KEYS: dict[str, tuple[str, ...]] = {
    "items": ("item.number",),
    "prices": ("price.item",),  # within the one price list a read asks for
    "stock": ("stock.item", "stock.location", "stock.lot"),  # within the one site a read asks for
    "sales_orders": ("sales_order.number",),
}
"""The fields that tell a profile's rows apart in a list read whole (``key_windows.py``): each needs a query field
and a filter field."""


@dataclass(frozen=True)
class QueryNames:
    profiles: Mapping[str, str]
    fields: Mapping[str, str]
    filters: Mapping[str, str]

    @classmethod
    def with_overrides(
        cls, *, profiles: Mapping[str, str], fields: Mapping[str, str], filters: Mapping[str, str]
    ) -> QueryNames:
        return cls({**PROFILES, **profiles}, {**QUERY_FIELDS, **fields}, {**FILTER_FIELDS, **filters})

    def field(self, key: str) -> str:
        return self.fields[key]

    def window_keys(self, profile: str) -> list[KeyField]:
        return [KeyField(self.fields[key], self.filters[key]) for key in WINDOW_KEYS.get(profile, ())]

    def field_list(self, key: str) -> list[str]:
        return [name.strip() for name in self.fields[key].split(",") if name.strip()]
