"""A QAD ↔ WooCommerce tenant entry: a WooCommerce store section and a QAD ERP section."""

from __future__ import annotations

from typing import Literal

from erplink.config.tenants import TenantConfig
from erplink.systems.qad.config import QadErp
from erplink.systems.woocommerce.config import WooCommerceStore


class QadWooCommerceTenant(TenantConfig):
    integration: Literal["qad_woocommerce"]
    store: WooCommerceStore
    erp: QadErp
