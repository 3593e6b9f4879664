"""The `erp` section of a tenant entry whose ERP is QAD."""

from __future__ import annotations

from typing import Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from erplink.config.tenants import ErpConfig, TenantConfig


class QadLocation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    site: str
    location: str


class QadAccounts(BaseModel):
    """GL accounts for documents erplink posts as journals (stores whose payouts are booked, not invoiced).
    Unset accounts are refused by the flows that need them, not here: QAD ↔ WooCommerce posts no journal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sales: str | None = None
    tax: str | None = None
    shipping: str | None = None
    discounts: str | None = None
    fees: str | None = None
    clearing: str | None = None  # the payment provider's clearing account payouts are settled from
    # A provider settling to an account of its own (gateway name as the store gives it → account).
    clearing_by_gateway: dict[str, str] = Field(default_factory=dict)
    receivable: str | None = None  # what shoppers owe between a sale and its payment
    sub_account: str | None = None
    cost_center: str | None = None
    daybook: str | None = None  # the QAD daybook journal entries are posted in
    rounding: str | None = None  # a store total's cent of rounding (default: sales)
    # Where the books are kept: an entry's posting date is the date of its sale, payment or refund there.
    posting_timezone: str = "UTC"

    @field_validator("posting_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is no IANA time zone (e.g. Europe/Berlin, America/Chicago)") from None
        return value


class QadErp(ErpConfig):
    system: Literal["qad"]
    site: str  # the QAD site sales orders are entered for
    stock_locations: tuple[QadLocation, ...] = Field(min_length=1)
    price_list: str
    accounts: QadAccounts = QadAccounts()
    # QAD's REST (connection type qad), or QXtend Inbound QDocs for QAD EE on premise (connection type qad_qxtend).
    transport: Literal["rest", "qxtend"] = "rest"


def qad_erp(tenant: TenantConfig) -> QadErp:
    """The tenant's ERP section, typed as the QAD one it is."""
    # TenantConfig declares the section every ERP has; the model of each integration with QAD narrows `erp` to
    # QadErp, and the entry was validated with that model. Typed, not checked again.
    return cast(QadErp, tenant.erp)
