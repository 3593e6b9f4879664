"""A tenant pool is declared with its size, and no task of the tenant may need more slots than the pool has:
Airflow would never schedule it, so the configuration check refuses the entry and names the field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from erplink.config.check import InvalidTenantConfig, raise_for_invalid_entries
from erplink.config.tenants import DEFAULT_CONFIG_PATH, parse_tenants

SHIPPED = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())


def _entry(pool: object, max_workers: int = 4) -> dict:
    entry = copy.deepcopy(SHIPPED["tenants"][0])
    entry["pool"] = pool
    entry["orders"]["max_workers"] = max_workers
    return entry


def _problems(entry: dict) -> str:
    (error,) = parse_tenants({"tenants": [entry]}).errors
    return str(error)


def test_a_pool_as_large_as_the_busiest_task_is_accepted() -> None:
    (tenant,) = parse_tenants({"tenants": [_entry({"name": "erplink_demo", "slots": 4}, max_workers=4)]}).tenants
    assert tenant.pool is not None and (tenant.pool.name, tenant.pool.slots) == ("erplink_demo", 4)
    assert tenant.extract_threads <= 4


def test_more_load_workers_than_pool_slots_is_refused_naming_both_fields() -> None:
    message = _problems(_entry({"name": "erplink_demo", "slots": 3}, max_workers=4))
    assert "orders.max_workers is 4" in message and "pool.slots is 3" in message
    assert "store.page_readers" not in message  # the extract's 2 readers + 1 fit in 3 slots


def test_more_page_readers_than_pool_slots_is_refused_naming_the_field() -> None:
    message = _problems(_entry({"name": "erplink_demo", "slots": 2}, max_workers=2))
    assert "store.page_readers is 2" in message and "pool.slots is 2" in message
    assert "orders.max_workers" not in message


def test_a_pool_named_without_its_size_is_refused_with_the_form_to_use() -> None:
    message = _problems(_entry("erplink_demo"))
    assert "pool:" in message and "{name: erplink_demo, slots:" in message


def test_the_config_check_names_the_entry_and_the_field_of_a_pool_too_small(tmp_path: Path) -> None:
    document = copy.deepcopy(SHIPPED)
    document["tenants"].append({**_entry({"name": "erplink_acme", "slots": 1}), "name": "acme"})
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(InvalidTenantConfig) as caught:
        raise_for_invalid_entries(path)
    assert "'acme'" in str(caught.value) and "orders.max_workers is 4" in str(caught.value)
    assert "'demo'" not in str(caught.value)
