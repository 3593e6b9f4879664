"""`Customer` (screen AR303000), keyed by `CustomerID`.

The ID is the client's to choose and is limited to the length of the instance's segmented key (10 characters
unless configured otherwise). `Email` is the main contact's email: setting either sets both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox.acumatica.binding import Draft
from sandbox.acumatica.entities.base import Behaviour, WriteContext
from sandbox.acumatica.entities.checks import display_name, not_found_in_system, one_of, require
from sandbox.acumatica.records import Record, flag, new_id

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance

CUSTOMER_CLASSES = ("DEFAULT", "RETAIL", "WHOLESALE")
CURRENCIES = ("USD", "EUR", "CAD", "GBP")
STATUSES = ("Active", "On Hold", "Credit Hold", "Inactive", "One-Time")
FIRST_ACCOUNT_ID = 7001


class CustomerBehaviour(Behaviour):
    name = "Customer"
    keys = ("CustomerID",)
    display = "Customer"
    files_view = "PX.Objects.AR.CustomerMaint/BAccount"
    read_only = frozenset({"BAccountID", "NoteID", "CreatedDateTime", "LastModifiedDateTime"})

    def prepare_insert(self, instance: Instance, record: Record, context: WriteContext) -> None:
        record.update(Status="Active", CustomerClass="DEFAULT", CurrencyID="USD", Terms="30D",
                      StatementCycleID="EOM", IsGuestCustomer=False,
                      BAccountID=instance.next_integer("BAccountID", start=FIRST_ACCOUNT_ID))
        record["MainContact"] = {"id": new_id(), "Address": {"id": new_id()}}

    def check(self, instance: Instance, record: Record, existing: Record | None) -> None:
        require(record, "CustomerID", "CustomerName")
        limit = instance.options.customer_id_length
        if len(str(record.get("CustomerID") or "").rstrip()) > limit:
            flag(record, "CustomerID", f"'{display_name('CustomerID')}' cannot be longer than {limit} characters.")
        for field, known in (("CustomerClass", CUSTOMER_CLASSES), ("CurrencyID", CURRENCIES)):
            value = record.get(field)
            if value is not None and str(value).strip().upper() not in known:
                flag(record, field, not_found_in_system(field, value))
        one_of(record, "Status", STATUSES)

    def derive(self, instance: Instance, record: Record, draft: Draft, context: WriteContext) -> None:
        contact = record.setdefault("MainContact", {"id": new_id()})
        contact_draft = draft.linked.get("MainContact")
        if "Email" in draft.values:
            contact["Email"] = record.get("Email")
        elif contact_draft is not None and "Email" in contact_draft.values:
            record["Email"] = contact.get("Email")
        record["CustomerClass"] = str(record.get("CustomerClass") or "DEFAULT").strip().upper()
        record["CurrencyID"] = str(record.get("CurrencyID") or "USD").strip().upper()
