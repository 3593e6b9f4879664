"""The tenant's documents as browse rows: flat keys `<table>.<field>` (or `<entity>.<field>`), QAD's names.

Table and field names are QAD's where code in the wild confirms them (pt_mstr.pt_part, ld_det.ld_site /
ld_part / ld_loc / ld_lot / ld_qty_oh, so_mstr.so_nbr); the rest follow QAD's naming and are assumptions the
README lists (the allocated and committed quantities, the user field that holds a customer's external
reference). Decimals are JSON numbers, dates `YYYY-MM-DD`: QAD keeps a modification date, not a time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.qad.tenant import Document, TenantStore

CUSTOMER_REFERENCE_COLUMN = "cm_mstr.cm__chr01"
"""The customer user field the sandbox files an integration's external reference in (customerV2
`customShort0`): an assumption, as which user field a site keeps free is a per-site choice."""


def _number(text: str | None) -> float:
    return float(Decimal(text or "0"))


def _date(timestamp: str | None) -> str | None:
    return timestamp[:10] if timestamp else None


def item_row(item: Document) -> dict[str, Any]:
    return {
        "pt_mstr.pt_part": item["itemNumber"],
        "pt_mstr.pt_desc1": item["description"],
        "pt_mstr.pt_um": item["uom"],
        "pt_mstr.pt_status": item["status"],
        "pt_mstr.pt_prod_line": item["productLine"],
        "pt_mstr.pt_mod_date": _date(item.get("modifiedAt")),
    }


def customer_row(customer: Document) -> dict[str, Any]:
    return {
        "cm_mstr.cm_addr": customer["customerCode"],
        "ad_mstr.ad_name": customer["name"],
        "ad_mstr.ad_email": customer.get("email") or "",
        "cm_mstr.cm_curr": customer["currency"],
        CUSTOMER_REFERENCE_COLUMN: customer.get("externalRef") or "",
        "cm_mstr.cm_mod_date": _date(customer.get("modifiedAt")),
    }


def sales_order_row(order: Document) -> dict[str, Any]:
    return {
        "so_mstr.so_nbr": order["orderNumber"],
        "so_mstr.so_cust": order["customerCode"],
        "so_mstr.so_po": order.get("customerPo") or "",
        "so_mstr.so_ord_date": _date(order.get("orderDate")),
        "so_mstr.so_curr": order["currency"],
        "so_mstr.so_site": order["site"],
        "so_mstr.so_stat": order["status"],
        "so_mstr.so_mod_date": _date(order.get("modifiedAt")),
    }


def stock_row(balance: Document) -> dict[str, Any]:
    return {
        "ld_det.ld_part": balance["itemNumber"],
        "ld_det.ld_site": balance["site"],
        "ld_det.ld_loc": balance["location"],
        "ld_det.ld_lot": "",
        "ld_det.ld_qty_oh": _number(balance["qtyOnHand"]),
        "ld_det.ld_qty_all": _number(balance["qtyAllocated"]),
        "ld_det.ld_qty_com": _number(balance["qtyCommitted"]),
    }


def price_row(tenant: TenantStore, price_list: str, price: Document) -> dict[str, Any]:
    item = tenant.items.get(price["itemNumber"], {})
    return {
        "priceListV2.domainCode": tenant.domain,
        "priceListV2.priceListCode": price_list,
        "priceListV2.itemCode": price["itemNumber"],
        "priceListV2.currencyCode": price["currency"],
        "priceListV2.unitOfMeasure": item.get("uom", ""),
        "priceListV2.startDate": _date(price.get("effectiveFrom")),
        "priceListV2.expireDate": None,
        "priceListV2.amountType": "L",
        "priceListV2.listPrice": _number(price["price"]),
    }


def credit_memo_row(memo: Document) -> dict[str, Any]:
    return {
        "creditMemo.creditMemoNumber": memo["creditMemoNumber"],
        "creditMemo.reference": memo["externalRef"],
        "creditMemo.salesOrderNumber": memo["salesOrder"],
        "creditMemo.currencyCode": memo["currency"],
        "creditMemo.amount": _number(memo["amount"]),
        "creditMemo.lastModifiedDate": _date(memo.get("modifiedAt")),
    }


def journal_entry_row(entry: Document) -> dict[str, Any]:
    return {
        "journalEntry.journalEntryNumber": entry["journalEntryNumber"],
        "journalEntry.daybookCode": entry["daybook"],
        "journalEntry.postingDate": entry["postingDate"],
        "journalEntry.currencyCode": entry["currency"],
        "journalEntry.description": entry.get("description") or "",
        "journalEntry.customShort0": entry.get("externalRef") or "",
        "journalEntry.customerCode": entry.get("customerCode") or "",
        "journalEntry.totalDebitTC": _number(str(sum((Decimal(line["debit"]) for line in entry["lines"]), Decimal(0)))),
        "journalEntry.lastModifiedDate": _date(entry.get("modifiedAt")),
    }


def business_relation_row(relation: Document) -> dict[str, Any]:
    return {
        "businessRelationV2.businessRelationCode": relation["businessRelationCode"],
        "businessRelationV2.businessRelationName1": relation["businessRelationName1"],
        "businessRelationV2.businessRelationSearchName": relation.get("businessRelationSearchName") or "",
        "businessRelationV2.customShort0": relation.get("customShort0") or "",
        "businessRelationV2.lastModifiedDate": _date(relation.get("lastModifiedDate")),
    }


# The columns each browse has, also when it has no row to show them: a filter on one of them is never refused.
ITEM_COLUMNS = frozenset(item_row({"itemNumber": "", "description": "", "uom": "", "status": "", "productLine": ""}))
CUSTOMER_COLUMNS = frozenset(customer_row({"customerCode": "", "name": "", "currency": ""}))
SALES_ORDER_COLUMNS = frozenset(
    sales_order_row({"orderNumber": "", "customerCode": "", "currency": "", "site": "", "status": ""})
)
STOCK_COLUMNS = frozenset(
    stock_row({"itemNumber": "", "site": "", "location": "", "qtyOnHand": "0", "qtyAllocated": "0", "qtyCommitted": "0"})
)
PRICE_COLUMNS = frozenset(
    {"priceListV2.domainCode", "priceListV2.priceListCode", "priceListV2.itemCode", "priceListV2.currencyCode",
     "priceListV2.unitOfMeasure", "priceListV2.startDate", "priceListV2.expireDate", "priceListV2.amountType",
     "priceListV2.listPrice"}
)  # fmt: skip
CREDIT_MEMO_COLUMNS = frozenset(
    credit_memo_row({"creditMemoNumber": "", "externalRef": "", "salesOrder": "", "currency": "", "amount": "0"})
)
JOURNAL_ENTRY_COLUMNS = frozenset(
    journal_entry_row({"journalEntryNumber": "", "daybook": "", "postingDate": "", "currency": "", "lines": []})
)
BUSINESS_RELATION_COLUMNS = frozenset(business_relation_row({"businessRelationCode": "", "businessRelationName1": ""}))
