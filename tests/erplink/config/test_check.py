"""An invalid tenant entry is reported as an import error of the check file, naming the entry and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from erplink.config.check import InvalidTenantConfig, raise_for_invalid_entries
from erplink.config.tenants import DEFAULT_CONFIG_PATH

DAGS = Path(__file__).resolve().parents[3] / "dags"


def _config_with_a_bad_entry(tmp_path: Path) -> Path:
    document = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
    first = document["tenants"][0]
    document["tenants"].append({**first, "name": "acme", "erp": {**first["erp"], "site": None}})
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def test_the_shipped_configuration_raises_nothing() -> None:
    raise_for_invalid_entries(DEFAULT_CONFIG_PATH)


def test_a_bad_entry_raises_naming_the_entry_and_the_field(tmp_path: Path) -> None:
    with pytest.raises(InvalidTenantConfig) as caught:
        raise_for_invalid_entries(_config_with_a_bad_entry(tmp_path))
    assert "'acme'" in str(caught.value) and "erp.site" in str(caught.value)
    assert "'demo'" not in str(caught.value)


def test_dagbag_lists_the_bad_entry_as_an_import_error_and_still_builds_the_good_tenant(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("ERPLINK_CONFIG", str(_config_with_a_bad_entry(tmp_path)))
    bag = DagBag(dag_folder=str(DAGS))
    errors = {Path(file).name: text for file, text in bag.import_errors.items()}
    assert set(errors) == {"erplink_config_check.py"}
    assert "acme" in errors["erplink_config_check.py"] and "erp.site" in errors["erplink_config_check.py"]
    assert "erplink__qad_woocommerce__demo__orders" in bag.dag_ids
    assert "erplink__config_error__acme" in bag.dag_ids


def test_webhooks_without_a_receiver_url_fail_the_check_naming_the_field(tmp_path: Path) -> None:
    document = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
    document["tenants"][0]["store"].pop("webhook_base_url")
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(InvalidTenantConfig) as caught:
        raise_for_invalid_entries(path)
    assert "'demo'" in str(caught.value) and "store.webhook_base_url" in str(caught.value)
