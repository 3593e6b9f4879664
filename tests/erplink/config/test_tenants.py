"""Tenant configuration: the shipped file is valid, and a bad entry is named without hiding the good ones."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from erplink.config.tenants import DEFAULT_CONFIG_PATH, load_tenants, parse_tenants

SHIPPED = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())


def test_shipped_configuration_is_valid_and_points_at_the_demo_connections() -> None:
    loaded = parse_tenants(SHIPPED)
    assert loaded.errors == ()
    demo = loaded.get("demo")
    assert demo.store.conn_id == "erplink_woo_demo"
    assert demo.erp.conn_id == "erplink_qad_demo"
    assert demo.orders.sale_statuses == ("processing", "completed")


def test_a_bad_entry_names_entry_and_field_and_keeps_the_other_tenants() -> None:
    document = copy.deepcopy(SHIPPED)
    broken = copy.deepcopy(document["tenants"][0])
    broken["name"] = "acme"
    broken["orders"]["sale_statuses"] = ["processing", "shipped"]
    broken["erp"].pop("site")
    document["tenants"].append(broken)

    loaded = parse_tenants(document)

    assert [t.name for t in loaded.tenants] == ["demo"]
    (error,) = loaded.errors
    assert error.entry == "acme"
    message = str(error)
    assert "orders.sale_statuses" in message and "shipped" in message
    assert "erp.site" in message


def test_duplicate_tenant_names_are_rejected() -> None:
    document = copy.deepcopy(SHIPPED)
    document["tenants"].append(copy.deepcopy(document["tenants"][0]))
    loaded = parse_tenants(document)
    assert len(loaded.tenants) == 1
    assert "used by an earlier entry" in str(loaded.errors[0])


def test_integration_and_systems_must_agree() -> None:
    document = copy.deepcopy(SHIPPED)
    document["tenants"][0]["store"]["system"] = "bigcommerce"
    loaded = parse_tenants(document)
    assert loaded.tenants == ()
    assert "store.system=woocommerce" in str(loaded.errors[0])


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "tenants.yaml"
    bad.write_text("tenants: [unclosed")
    loaded = load_tenants(bad)
    assert loaded.tenants == ()
    assert "tenants.yaml" in str(loaded.errors[0])
