"""What every integration's DAGs share: start date, retries, the tenant's pool, the standard load task body and
the stand-in DAG of an invalid tenant entry. Only `airflow.sdk` and the configuration are imported here."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import DAG, task

from erplink.config.tenants import TenantConfig

START = pendulum.datetime(2026, 1, 1, tz="UTC")
LOAD_RETRIES = 3
# First retry after this many seconds, doubling up to 15 minutes. The demo and the tests shorten it.
DEFAULT_RETRY_DELAY_SECONDS = 60.0


def retry_delay() -> timedelta:
    # Read each time the DAGs are built, not once at import: a parser process that imported this module before
    # the setting changed must not keep the old delay.
    return timedelta(seconds=float(os.environ.get("ERPLINK_RETRY_DELAY_SECONDS", DEFAULT_RETRY_DELAY_SECONDS)))


def default_args(tenant: TenantConfig) -> dict[str, Any]:
    args: dict[str, Any] = {
        "owner": tenant.owner,
        "retries": LOAD_RETRIES,
        "retry_delay": retry_delay(),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=15),
    }
    if tenant.pool:
        args["pool"] = tenant.pool.name
    return args


def pool_slots(tenant: TenantConfig, threads: int = 1) -> int:
    """Slots a task takes in the tenant's pool: one per thread that calls an API, so the pool caps calls, not tasks.

    Without a tenant pool the task takes one slot of Airflow's default pool, which erplink did not size.
    """
    return threads if tenant.pool else 1


def run_load_step(tenant_name: str, step: str, context: dict[str, Any]) -> dict[str, Any]:
    """The body of a load task: run the flow step ``"module:function"`` for the tenant, attach its API calls, and
    fail the task (so Airflow retries it) when records failed for a transient reason.

    A run started for chosen orders (the ``order_ids`` Param) loads only those orders' records: the step gets them
    as ``keys=`` (every load step of an integration takes it). Any other run, and a dry run, loads every pending
    record of the tenant, as a regular run does."""
    import importlib

    from erplink.dagfactory.runtime import flow_context, with_call_counts
    from erplink.flows.chosen_orders import chosen_order_keys
    from erplink.flows.steps import raise_for_failures

    module_name, _, function = step.partition(":")
    run = getattr(importlib.import_module(module_name), function)
    fc = flow_context(tenant_name, context)
    order_ids = (context.get("params") or {}).get("order_ids") or []
    only: dict[str, Any] = {}
    if order_ids and not fc.dry_run:
        only["keys"] = chosen_order_keys(fc, order_ids)
        shown = ", ".join(map(str, order_ids[:20])) + (" …" if len(order_ids) > 20 else "")
        fc.log.info("a run for %d chosen order(s) (%s): this step loads only their records", len(order_ids), shown)
    result = with_call_counts(fc, run(fc, **only))
    raise_for_failures(result)
    return result


def config_error_dag(entry: str, message: str) -> DAG:
    """A visible stand-in for a tenant whose entry is invalid: its one task fails with the reason."""
    with DAG(
        dag_id=f"erplink__config_error__{entry}",
        schedule=None,
        start_date=START,
        catchup=False,
        tags=["erplink", "config-error"],
        description=message[:200],
        doc_md=f"**Invalid configuration**\n\n{message}",
    ) as dag:

        @task(retries=0)
        def configuration_error() -> None:
            raise ValueError(message)

        configuration_error()
    return dag
