"""A tenant pool caps concurrent API calls: every task of the tenant runs in it and takes one slot per thread
that calls an API."""

from __future__ import annotations

import copy

import yaml

from erplink.config.tenants import DEFAULT_CONFIG_PATH, TenantConfig, parse_tenants

SHIPPED = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())


def _tenant(**changes: object) -> TenantConfig:
    entry = copy.deepcopy(SHIPPED["tenants"][0])
    entry.update(changes)
    loaded = parse_tenants({"tenants": [entry]})
    assert loaded.errors == ()
    return loaded.tenants[0]


def _slots_by_task(*dags) -> dict[str, tuple[str, int]]:
    return {task.task_id: (task.pool, task.pool_slots) for dag in dags for task in dag.tasks}


def test_each_task_takes_one_pool_slot_per_thread_that_calls_an_api() -> None:
    from erplink.integrations.qad_woocommerce.dags import build

    orders = {**SHIPPED["tenants"][0]["orders"], "max_workers": 5}
    tenant = _tenant(pool={"name": "erplink_acme", "slots": 6}, orders=orders)
    readers = tenant.page_readers

    slots = _slots_by_task(*build(tenant))

    assert slots == {
        "webhook_health": ("erplink_acme", 1),
        "extract": ("erplink_acme", readers + 1),  # the page readers, and the thread reading refunds meanwhile
        "load_orders": ("erplink_acme", 5),
        "load_refunds": ("erplink_acme", 5),
        "write_back": ("erplink_acme", 5),
        "report": ("erplink_acme", 1),
        "fail_run_if_a_step_failed": ("erplink_acme", 1),
        "push_catalog": ("erplink_acme", readers),
    }


def test_without_a_tenant_pool_each_task_takes_one_slot_of_the_default_pool() -> None:
    """The default pool's size was not chosen for erplink: its tasks take one slot each there."""
    from erplink.integrations.qad_woocommerce.dags import build

    tenant = _tenant()
    slots = _slots_by_task(*build(tenant))
    assert set(slots.values()) == {("default_pool", 1)}
