"""Asking for a tenant that cannot be used says why in the configuration check's words: the entry and the field."""

from __future__ import annotations

import copy

import pytest
import yaml

from erplink.config.check import InvalidTenantConfig, raise_for_invalid_entries
from erplink.config.tenants import DEFAULT_CONFIG_PATH, ConfigError, UnknownTenantError, load_tenants, parse_tenants

SHIPPED = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())


def _demo_without_its_erp_site() -> dict:
    document = copy.deepcopy(SHIPPED)
    del document["tenants"][0]["erp"]["site"]
    return document


def test_an_invalid_entry_is_refused_with_the_same_entry_and_field_as_the_configuration_check(tmp_path) -> None:
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(_demo_without_its_erp_site()))
    with pytest.raises(InvalidTenantConfig) as checked:
        raise_for_invalid_entries(path)

    with pytest.raises(ConfigError) as asked:
        load_tenants(path).get("demo")

    assert "'demo'" in str(asked.value) and "erp.site" in str(asked.value)
    assert str(asked.value) in str(checked.value)


def test_an_unknown_name_is_refused_listing_the_valid_entries() -> None:
    with pytest.raises(UnknownTenantError) as asked:
        parse_tenants(SHIPPED).get("acme")
    assert str(asked.value) == ("no tenant entry named 'acme' in the erplink configuration; valid entries: "
                                "demo, demo_acumatica, demo_bigcommerce, demo_adobe")
    assert isinstance(asked.value, KeyError), "callers that catch KeyError keep working"


def test_an_unreadable_tenants_file_is_the_reason_given(tmp_path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_tenants(tmp_path / "missing.yaml").get("demo")
