"""An Acumatica ↔ WooCommerce tenant entry: a WooCommerce store section and an Acumatica ERP section.

The paid statuses are the entry's ``orders.sale_statuses`` (processing and completed unless set): only orders in
one of them become AR invoices.
"""

from __future__ import annotations

from typing import Literal

from erplink.config.tenants import TenantConfig
from erplink.systems.acumatica.config import AcumaticaErp
from erplink.systems.woocommerce.config import WooCommerceStore


class AcumaticaWooCommerceTenant(TenantConfig):
    integration: Literal["acumatica_woocommerce"]
    store: WooCommerceStore
    erp: AcumaticaErp
