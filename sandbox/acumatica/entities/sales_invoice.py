"""`SalesInvoice` (screen SO303000), keyed by `Type` and `ReferenceNbr`; a credit memo is a `SalesInvoice` of
type `Credit Memo` (the endpoint has no entity of its own for it).

Reference numbers are auto-numbered per type: a `ReferenceNbr` sent for a document that does not exist is not
kept, the document gets the next number (so a client's own reference there is no guard against duplicates;
`If-None-Match: *` cannot catch them either). The totals are computed; `Currency` is the customer's unless the
customer allows overriding it, and a different one sent otherwise is dropped without a word (the field is
disabled). A released document cannot be changed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.acumatica.binding import Draft
from sandbox.acumatica.entities.base import Behaviour, WriteContext, stamp
from sandbox.acumatica.entities.checks import display_name, is_blank, money, not_found_in_system, require
from sandbox.acumatica.entities.customer import CURRENCIES
from sandbox.acumatica.entities.stock_item import sellable
from sandbox.acumatica.records import ERROR, Record, clean, flag

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance

TYPE_CODES = {"Invoice": "INV", "Credit Memo": "CRM", "Debit Memo": "DRM"}
"""Document types by the label the endpoint uses, with the code a URL may also give."""
RELEASED_STATUSES = ("Open", "Closed")
RELEASED_MESSAGE = "The document has been released and cannot be changed."
TERMS_DAYS = 30


def type_label(value: Any) -> str | None:
    """`Credit Memo` for `credit memo` or `CRM`; None for anything else."""
    text = str(value or "").strip().casefold()
    for label, code in TYPE_CODES.items():
        if text in (label.casefold(), code.casefold()):
            return label
    return None


def _negative(record: Record, *fields: str) -> None:
    for field in fields:
        value = record.get(field)
        if value is not None and value < 0:
            flag(record, field, f"'{display_name(field)}' cannot be negative.")


class SalesInvoiceBehaviour(Behaviour):
    name = "SalesInvoice"
    keys = ("Type", "ReferenceNbr")
    display = "SO Invoice"
    files_view = "PX.Objects.SO.SOInvoiceEntry/Document"
    auto_numbered = True
    read_only = frozenset({"Status", "Balance", "Amount", "DetailTotal", "TaxTotal", "DiscountTotal", "PaymentTotal",
                           "VATExemptTotal", "VATTaxableTotal", "CreatedDate", "LastModifiedDate",
                           "LastModifiedDateTime", "ApplicationsCreditMemo", "ApplicationsInvoice"})

    def key_values(self, draft: Draft) -> tuple[Any, ...] | None:
        values = super().key_values(draft)
        return None if values is None else (type_label(values[0]) or values[0], values[1])

    def find_by_path(self, instance: Instance, keys: list[str]) -> Record | None:
        if len(keys) != 2:
            return None
        return instance.table(self.name).by_key(type_label(keys[0]) or keys[0], keys[1])

    def prepare_insert(self, instance: Instance, record: Record, context: WriteContext) -> None:
        record.update(Type="Invoice", Hold=False, FreightPrice=Decimal(0),
                      Date=datetime.combine(context.business_date, time(), instance.zone))

    def check(self, instance: Instance, record: Record, existing: Record | None) -> None:
        label = type_label(record.get("Type"))
        if label is None:
            flag(record, "Type", f"'{record.get('Type')}' is not a valid value for Type.")
            return
        record["Type"] = label
        if existing is not None and existing.get("Status") in RELEASED_STATUSES:
            if clean(record) != existing:
                record[ERROR] = RELEASED_MESSAGE
            return
        require(record, "CustomerID")
        customer = None
        if not is_blank(record.get("CustomerID")):
            customer = instance.table("Customer").by_key(record["CustomerID"])
            if customer is None:
                flag(record, "CustomerID", not_found_in_system("Customer", record["CustomerID"]))
            elif customer.get("Status") == "Inactive":
                flag(record, "CustomerID", "The customer status is 'Inactive'.")
        currency = record.get("Currency")
        if currency is not None and str(currency).strip().upper() not in CURRENCIES:
            flag(record, "Currency", not_found_in_system("Currency", currency))
        _negative(record, "FreightPrice")
        for line in record.get("Details") or []:
            self._check_line(instance, line)

    def _check_line(self, instance: Instance, line: Record) -> None:
        require(line, "InventoryID")
        if not is_blank(line.get("InventoryID")):
            item = instance.table("StockItem").by_key(line["InventoryID"])
            if item is None:
                flag(line, "InventoryID", not_found_in_system("Inventory ID", line["InventoryID"]))
            elif not sellable(item):
                flag(line, "InventoryID", f"The status of the '{item['InventoryID']}' item is "
                                          f"'{item.get('ItemStatus')}'.")
        _negative(line, "Qty", "UnitPrice", "DiscountAmount")
        if not is_blank(line.get("OrigInvNbr")):
            original = instance.table(self.name).by_key(type_label(line.get("OrigInvType")) or "Invoice",
                                                        line["OrigInvNbr"])
            if original is None:
                flag(line, "OrigInvNbr", not_found_in_system("Invoice", line["OrigInvNbr"]))

    def derive(self, instance: Instance, record: Record, draft: Draft, context: WriteContext) -> None:
        if record.get("Status") in RELEASED_STATUSES:
            return
        customer = instance.table("Customer").by_key(record["CustomerID"]) or {}
        if customer.get("EnableCurrencyOverride") is not True or record.get("Currency") is None:
            record["Currency"] = customer.get("CurrencyID") or "USD"
        record["Currency"] = str(record["Currency"]).strip().upper()
        lines = record.setdefault("Details", [])
        for line in lines:
            self._derive_line(instance, line, lines)
        detail_total = money(sum((line["Amount"] for line in lines), Decimal(0)))
        tax_total = money(sum((row.get("TaxAmount") or Decimal(0) for row in record.get("TaxDetails") or []),
                              Decimal(0)))
        amount = detail_total + money(record.get("FreightPrice") or Decimal(0)) + tax_total
        record.update(DetailTotal=detail_total, TaxTotal=tax_total, DiscountTotal=Decimal(0), Amount=amount,
                      Balance=amount, PaymentTotal=Decimal(0), Status="On Hold" if record.get("Hold") else "Balanced")
        due = record["Date"] + timedelta(days=TERMS_DAYS) if record["Type"] != "Credit Memo" else None
        record["DueDate"] = due

    def _derive_line(self, instance: Instance, line: Record, lines: list[Record]) -> None:
        item = instance.table("StockItem").by_key(line["InventoryID"]) or {}
        if line.get("LineNbr") is None:
            line["LineNbr"] = max((row.get("LineNbr") or 0 for row in lines), default=0) + 1
        # A line the client leaves without a price takes the item's, as the price lists would give it.
        defaults = {"Qty": Decimal(0), "UnitPrice": item.get("DefaultPrice") or Decimal(0),
                    "DiscountAmount": Decimal(0), "UOM": item.get("BaseUOM"), "Description": item.get("Description"),
                    "TransactionDescr": item.get("Description"), "WarehouseID": item.get("DefaultWarehouseID")}
        for field, value in defaults.items():
            if line.get(field) is None:
                line[field] = value
        line["Amount"] = money(line["Qty"] * line["UnitPrice"] - line["DiscountAmount"])

    def assign_number(self, instance: Instance, record: Record) -> None:
        record["ReferenceNbr"] = instance.next_number(TYPE_CODES[record["Type"]])


def release(instance: Instance, record_id: str) -> str | None:
    """Release one document (the work of `ReleaseSalesInvoice`); returns why it could not be, or None."""
    table = instance.table(SalesInvoiceBehaviour.name)
    record = table.by_id(record_id)
    if record is None:
        return "No entity satisfies the condition."
    if record.get("Status") == "On Hold":
        return "The document is on hold and cannot be released."
    if record.get("Status") in RELEASED_STATUSES:
        return "Document Status is invalid for processing."
    record["Status"] = "Open" if record["Amount"] > 0 else "Closed"
    record["Balance"] = record["Amount"]
    stamp(record, SalesInvoiceBehaviour().shape, instance.now(), created=False)
    return None
