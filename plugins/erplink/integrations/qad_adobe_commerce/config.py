"""A QAD ↔ Adobe Commerce tenant entry: an Adobe Commerce store section and a QAD ERP section."""

from __future__ import annotations

from typing import Literal

from erplink.config.tenants import TenantConfig
from erplink.systems.adobe_commerce.config import AdobeCommerceStore
from erplink.systems.qad.config import QadErp


class QadAdobeCommerceTenant(TenantConfig):
    integration: Literal["qad_adobe_commerce"]
    store: AdobeCommerceStore
    erp: QadErp
