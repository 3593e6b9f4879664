"""An Acumatica ↔ WooCommerce tenant entry: the shipped demo entry is valid, paid statuses default to processing
and completed, and a bad Acumatica section is refused naming the entry and the field."""

from __future__ import annotations

import copy

import yaml

from erplink.config.tenants import DEFAULT_CONFIG_PATH, parse_tenants
from erplink.integrations.acumatica_woocommerce.config import AcumaticaWooCommerceTenant

SHIPPED = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
ENTRY = next(entry for entry in SHIPPED["tenants"] if entry["integration"] == "acumatica_woocommerce")


def _parsed(entry: dict) -> tuple:
    loaded = parse_tenants({"tenants": [entry]})
    return loaded.tenants, loaded.errors


def test_the_shipped_demo_entry_is_an_acumatica_tenant_on_the_sandboxes() -> None:
    (tenant,), errors = _parsed(ENTRY)
    assert errors == () and isinstance(tenant, AcumaticaWooCommerceTenant)
    assert (tenant.store.conn_id, tenant.erp.conn_id) == ("erplink_woo_demo", "erplink_acumatica_demo")
    assert tenant.erp.warehouses == ("WH1", "WH2") and tenant.erp.endpoint_version == "24.200.001"
    assert tenant.dag_prefix == "erplink__acumatica_woocommerce__demo_acumatica"


def test_paid_statuses_default_to_processing_and_completed() -> None:
    entry = copy.deepcopy(ENTRY)
    entry.pop("orders")
    (tenant,), _ = _parsed(entry)
    assert tenant.orders.sale_statuses == ("processing", "completed")


def test_a_bad_acumatica_section_names_the_entry_and_the_fields() -> None:
    entry = copy.deepcopy(ENTRY)
    entry["erp"]["warehouses"] = []
    entry["erp"]["shipping"] = {"mode": "line"}
    tenants, (error,) = _parsed(entry)
    assert tenants == () and error.entry == "demo_acumatica"
    assert "erp.warehouses" in str(error) and "erp.shipping" in str(error) and "line_item" in str(error)


def test_a_store_status_woocommerce_lacks_is_refused_as_a_paid_status() -> None:
    entry = copy.deepcopy(ENTRY)
    entry["orders"]["sale_statuses"] = ["processing", "paid"]
    _, (error,) = _parsed(entry)
    assert "orders.sale_statuses" in str(error) and "paid" in str(error)


def test_an_acumatica_section_under_another_integration_is_refused() -> None:
    entry = copy.deepcopy(ENTRY)
    entry["integration"] = "qad_woocommerce"
    _, (error,) = _parsed(entry)
    assert "erp" in str(error)
