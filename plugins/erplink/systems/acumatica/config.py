"""The `erp` section of a tenant entry whose ERP is Acumatica (the instance URL and credentials are the
connection's; this section says how the tenant's documents are entered)."""

from __future__ import annotations

from typing import Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from erplink.config.tenants import ErpConfig, TenantConfig

ENDPOINT_VERSION = r"^\d+\.\d{3}\.\d{3}$"


class AcumaticaTax(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The tax the store's computed tax is entered under (a SalesInvoice TaxDetails row); None: orders with tax
    # are held back, naming this field.
    tax_id: str | None = None
    # The customer tax zone of each document (FinancialDetails.CustomerTaxZone; None: the customer's own).
    tax_zone: str | None = None
    # Tax category on every invoice line (None: the item's own).
    line_tax_category: str | None = None


class AcumaticaShipping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # "freight": the invoice's FreightPrice; "line": a line on `line_item`.
    mode: Literal["freight", "line"] = "freight"
    line_item: str | None = None

    @model_validator(mode="after")
    def _a_line_needs_its_item(self) -> AcumaticaShipping:
        if self.mode == "line" and not self.line_item:
            raise ValueError("line_item is required when mode is 'line': the InventoryID shipping is invoiced on")
        return self


class AcumaticaErp(ErpConfig):
    system: Literal["acumatica"]
    # Pinned per tenant: the documents' shapes are this endpoint version's (overrides the connection's).
    endpoint_version: str = Field(default="24.200.001", pattern=ENDPOINT_VERSION)
    # The branch each document is entered for (FinancialDetails.Branch).
    branch: str
    # Warehouses whose stock the store may sell (at least one).
    warehouses: tuple[str, ...] = Field(min_length=1)
    customer_class: str = "DEFAULT"
    tax: AcumaticaTax = AcumaticaTax()
    shipping: AcumaticaShipping = AcumaticaShipping()
    # The item fees, money refunded without goods, and negative fees (as a discounted line) are entered on.
    # None: such documents are held back, naming this field.
    charges_item: str | None = None
    # Release each invoice and credit memo once created (the release action, a long operation).
    release_documents: bool = True
    # The StockItem price field the store's regular price comes from.
    price_field: Literal["DefaultPrice", "CurySpecificPrice", "MSRP"] = "DefaultPrice"
    # Keep under the licence's requests-per-minute cap (None: the connection's setting).
    requests_per_minute: int | None = Field(default=None, ge=1)


def acumatica_erp(tenant: TenantConfig) -> AcumaticaErp:
    """The tenant's ERP section, typed as the Acumatica one it is."""
    # TenantConfig declares the section every ERP has; the model of each integration with Acumatica narrows `erp`
    # to AcumaticaErp, and the entry was validated with that model. Typed, not checked again.
    return cast(AcumaticaErp, tenant.erp)
