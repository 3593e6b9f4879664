"""A QAD ↔ BigCommerce tenant entry: a BigCommerce store section and a QAD ERP section whose accounts and daybook
say where the store's money is posted."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from erplink.config.tenants import TenantConfig
from erplink.mappings.journals import JournalAccounts
from erplink.systems.bigcommerce.config import BigCommerceStore
from erplink.systems.qad.config import QadAccounts, QadErp

# What every entry must say: the journals cannot be posted without them.
REQUIRED_ACCOUNTS = ("sales", "tax", "shipping", "receivable", "clearing", "daybook")


class QadBigCommerceTenant(TenantConfig):
    integration: Literal["qad_bigcommerce"]
    store: BigCommerceStore
    erp: QadErp

    @model_validator(mode="after")
    def _journals_can_be_posted(self) -> QadBigCommerceTenant:
        if self.erp.transport != "rest":
            raise ValueError("erp.transport: QAD ↔ BigCommerce posts journal entries through QAD's REST (rest)")
        missing = [name for name in REQUIRED_ACCOUNTS if not getattr(self.erp.accounts, name)]
        if missing:
            raise ValueError(f"erp.accounts: set {', '.join(missing)} (the journals of the store's money need them)")
        return self


def journal_accounts(accounts: QadAccounts) -> JournalAccounts:
    """The tenant's accounts as the core's journal mapping takes them (the required ones checked above)."""
    required = {name: getattr(accounts, name) for name in REQUIRED_ACCOUNTS if name != "daybook"}
    return JournalAccounts(
        **required,
        discounts=accounts.discounts,
        fees=accounts.fees,
        rounding=accounts.rounding,
        clearing_by_gateway=dict(accounts.clearing_by_gateway),
    )
