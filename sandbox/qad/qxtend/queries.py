"""Query Service profiles over the tenant's state: `query<Profile>` with `dsQueryServiceRequest/QueryServiceRequest`.

Rows come back in no defined order (shuffled on every answer) and at most `MaxRows` of them, an arbitrary cut
of the matches: a client must not take a full answer for the whole list. Profile and field names are the
sandbox's assumptions (README), except the inventory's `ldPart, ldSite, ldLoc, ldLot, ldQtyOh` (QAD-FACTS §2).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from sandbox.qad.qxtend import filters
from sandbox.qad.qxtend.soap import Message, children, local, rows_dataset, values
from sandbox.qad.tenant import Document, TenantStore

CANCEL_STATUS = "X"
TRAILER_SLOTS = {"FREIGHT": 1, "FEE": 2}
_shuffle = random.Random()

# Each row: (4GL fields the filter may name, the row's elements).
Row = tuple[dict[str, Any], dict[str, str]]


def _day(timestamp: str | None) -> str:
    return (timestamp or "")[:10]


def _so_stat(status: str) -> str:
    return {"OPEN": "", "CANCELLED": CANCEL_STATUS}.get(status, status)


def _trailers(charges: list[Document]) -> dict[str, str]:
    slots: dict[int, dict[str, Any]] = {}
    for charge in charges:
        slot = slots.setdefault(TRAILER_SLOTS[charge["type"]], {"code": charge["type"], "amount": Decimal(0),
                                                                 "tax": Decimal(0)})  # fmt: skip
        slot["amount"] += Decimal(charge["amount"])
        slot["tax"] += Decimal(charge["taxAmount"])
    out: dict[str, str] = {}
    for number in TRAILER_SLOTS.values():
        filled = slots.get(number)
        out[f"soTrl{number}Cd"] = filled["code"] if filled else ""
        out[f"soTrl{number}Amt"] = f"{filled['amount']:.2f}" if filled else "0.00"
        out[f"soTrl{number}Tax"] = f"{filled['tax']:.2f}" if filled else "0.00"
    return out


def _sales_orders(tenant: TenantStore) -> Iterator[Row]:
    for order in tenant.sales_orders.values():
        yield ({"so_nbr": order["orderNumber"], "so_po": order["externalRef"], "so_mod_date": order["modifiedAt"],
                "so_cust": order["customerCode"]}, {
            "soNbr": order["orderNumber"], "soPo": order["externalRef"], "soCust": order["customerCode"],
            "soStat": _so_stat(order["status"]), "soCurr": order["currency"], "soSite": order["site"],
            "soOrdDate": _day(order["orderDate"]), "soModDate": _day(order["modifiedAt"]),
            "soRmks": order.get("notes") or "", "soRef": "", **_trailers(order["charges"]),
        })  # fmt: skip
    for memo in tenant.credit_memos.values():
        order = tenant.sales_orders.get(memo["salesOrder"], {})
        goods = sum((Decimal(line["amount"]) for line in memo["lines"]), Decimal(0))
        rest = Decimal(memo["amount"]) - goods
        yield ({"so_nbr": memo["creditMemoNumber"], "so_po": memo["externalRef"], "so_mod_date": memo["modifiedAt"],
                "so_cust": order.get("customerCode")}, {
            "soNbr": memo["creditMemoNumber"], "soPo": memo["externalRef"], "soCust": order.get("customerCode", ""),
            "soStat": "", "soCurr": memo["currency"], "soSite": order.get("site", ""),
            "soOrdDate": _day(memo["createdAt"]), "soModDate": _day(memo["modifiedAt"]),
            "soRmks": memo.get("reason") or "", "soRef": memo["salesOrder"],
            "soTrl1Cd": "", "soTrl1Amt": "0.00", "soTrl1Tax": "0.00", "soTrl2Cd": "FEE" if rest else "",
            "soTrl2Amt": f"{-rest:.2f}", "soTrl2Tax": "0.00",
        })  # fmt: skip


def _sales_order_lines(tenant: TenantStore) -> Iterator[Row]:
    for order in tenant.sales_orders.values():
        for line in order["salesOrderLines"]:
            yield ({"sod_nbr": order["orderNumber"], "sod_part": line["itemCode"]}, {
                "sodNbr": order["orderNumber"], "sodLine": str(line["salesOrderLine"]), "sodPart": line["itemCode"],
                "sodQtyOrd": str(line["quantityOrdered"]), "sodListPr": str(line["listPrice"]),
                "sodPrice": str(line["netPrice"]), "sodTaxAmt": str(line.get("customDecimal0") or 0),
            })  # fmt: skip
    for memo in tenant.credit_memos.values():
        for number, line in enumerate(memo["lines"], start=1):
            unit = Decimal(line["amount"]) / Decimal(line["quantity"])
            yield ({"sod_nbr": memo["creditMemoNumber"], "sod_part": line["itemNumber"]}, {
                "sodNbr": memo["creditMemoNumber"], "sodLine": str(number), "sodPart": line["itemNumber"],
                "sodQtyOrd": f"-{line['quantity']}", "sodListPr": f"{unit:.5f}", "sodPrice": f"{unit:.5f}",
                "sodTaxAmt": "0",
            })  # fmt: skip


def _customers(tenant: TenantStore) -> Iterator[Row]:
    for customer in tenant.customers.values():
        yield ({"cm_addr": customer["customerCode"], "ad_email": customer.get("email"),
                "cm__chr01": customer.get("externalRef")}, {
            "cmAddr": customer["customerCode"], "adName": customer["name"], "adEmail": customer.get("email") or "",
            "cmChr01": customer.get("externalRef") or "", "cmCurr": customer["currency"],
        })  # fmt: skip


def _items(tenant: TenantStore) -> Iterator[Row]:
    for item in tenant.items.values():
        yield ({"pt_part": item["itemNumber"], "pt_status": item["status"]}, {
            "ptPart": item["itemNumber"], "ptDesc1": item["description"], "ptUm": item["uom"],
            "ptStatus": item["status"], "ptProdLine": item["productLine"],
        })  # fmt: skip


def _prices(tenant: TenantStore) -> Iterator[Row]:
    for code, prices in tenant.price_lists.items():
        for price in prices.values():
            yield ({"pi_list": code, "pi_part_code": price["itemNumber"]}, {
                "piList": code, "piPartCode": price["itemNumber"], "piCurr": price["currency"],
                "piListPrice": price["price"], "piStart": _day(price["effectiveFrom"]),
            })  # fmt: skip


def _inventory(tenant: TenantStore) -> Iterator[Row]:
    for balance in tenant.inventory.values():
        yield ({"ld_site": balance["site"], "ld_part": balance["itemNumber"], "ld_loc": balance["location"],
                "ld_lot": ""}, {
            "ldPart": balance["itemNumber"], "ldSite": balance["site"], "ldLoc": balance["location"], "ldLot": "",
            "ldQtyOh": balance["qtyOnHand"], "ldQtyAll": balance["qtyAllocated"], "ldQtyCom": balance["qtyCommitted"],
        })  # fmt: skip


@dataclass(frozen=True)
class Profile:
    rows: Callable[[TenantStore], Iterator[Row]]
    filter_fields: frozenset[str]


PROFILES = {
    "QrySalesOrder": Profile(_sales_orders, frozenset({"so_nbr", "so_po", "so_mod_date", "so_cust"})),
    "QrySalesOrderDetail": Profile(_sales_order_lines, frozenset({"sod_nbr", "sod_part"})),
    "QryCustomer": Profile(_customers, frozenset({"cm_addr", "ad_email", "cm__chr01"})),
    "QryItem": Profile(_items, frozenset({"pt_part", "pt_status"})),
    "QryPriceList": Profile(_prices, frozenset({"pi_list", "pi_part_code"})),
    "QryInventory": Profile(_inventory, frozenset({"ld_site", "ld_part", "ld_loc", "ld_lot"})),
}
QUERY_PREFIX = "query"


def run_query(
    tenant: TenantStore, qdoc: str, dataset: etree._Element | None, messages: list[Message]
) -> list[etree._Element]:
    """The answer's data sets; problems go to `messages` (the caller answers `error` when there are any)."""
    profile_name = qdoc[len(QUERY_PREFIX) :]
    request = (
        children(dataset)[0]
        if dataset is not None and local(dataset) == "dsQueryServiceRequest" and children(dataset)
        else None
    )
    fields = values(request) if request is not None else {}
    if request is None or local(request) != "QueryServiceRequest":
        messages.append(Message("dsQueryServiceRequest/QueryServiceRequest is required", "QueryServiceRequest"))
        return []
    if fields.get("Profile") != profile_name:
        messages.append(Message(f"Profile {fields.get('Profile')!r} does not match the QDoc {qdoc}", "Profile"))
        return []
    if not fields.get("SourceApplication"):
        messages.append(Message("SourceApplication is required", "SourceApplication"))
        return []
    try:
        max_rows = int(fields.get("MaxRows") or "0")
    except ValueError:
        max_rows = 0
    if max_rows < 1:
        messages.append(Message(f"MaxRows {fields.get('MaxRows')!r} must be a positive integer", "MaxRows"))
        return []
    profile = PROFILES[profile_name]
    try:
        conditions = filters.parse(fields.get("Filter", ""), set(profile.filter_fields))
    except filters.FilterError as exc:
        messages.append(Message(f"Filter: {exc}", "Filter", context=f"QueryServiceRequest#1({profile_name})"))
        return []
    found = [row for filter_fields, row in profile.rows(tenant) if filters.matches(filter_fields, conditions)]
    _shuffle.shuffle(found)
    return [rows_dataset(f"ds{profile_name}", profile_name, found[:max_rows])]
