"""DAGs of a QAD ↔ WooCommerce tenant: orders (hourly, and woken by webhooks) and catalog (every 15 minutes).

Only `airflow.sdk` and the tenant configuration are imported here; each task imports the flows it runs, so a
DAG file parses in milliseconds and does no network or database I/O.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import os

import pendulum
from airflow.sdk import DAG, Asset, Param, task

from erplink.config.tenants import TenantConfig

START = pendulum.datetime(2026, 1, 1, tz="UTC")
LOAD_RETRIES = 3
# First retry after this many seconds, doubling up to 15 minutes. The demo and the tests shorten it.
DEFAULT_RETRY_DELAY_SECONDS = 60.0


def _retry_delay() -> timedelta:
    # Read each time the DAGs are built, not once at import: a parser process that imported this module before
    # the setting changed must not keep the old delay.
    return timedelta(seconds=float(os.environ.get("ERPLINK_RETRY_DELAY_SECONDS", DEFAULT_RETRY_DELAY_SECONDS)))


def _default_args(tenant: TenantConfig) -> dict[str, Any]:
    args: dict[str, Any] = {
        "owner": tenant.owner,
        "retries": LOAD_RETRIES,
        "retry_delay": _retry_delay(),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=15),
    }
    if tenant.pool:
        args["pool"] = tenant.pool.name
    return args


def _pool_slots(tenant: TenantConfig, threads: int = 1) -> int:
    """Slots a task takes in the tenant's pool: one per thread that calls an API, so the pool caps calls, not tasks.

    Without a tenant pool the task takes one slot of Airflow's default pool, which erplink did not size.
    """
    return threads if tenant.pool else 1


def _orders_schedule(tenant: TenantConfig) -> Any:
    from airflow.sdk import AssetOrTimeSchedule, CronDataIntervalTimetable

    from erplink.webhooks.assets import inbox_asset

    cron = tenant.orders.schedule
    if not tenant.store.webhooks:
        return cron
    asset: Asset = inbox_asset(tenant.store.system, tenant.name)
    if cron is None:
        return [asset]
    # Either the hourly poll (the safety net) or new webhook events start a run. Data intervals span the time
    # between two ticks, so a backfill run reads exactly its hour.
    return AssetOrTimeSchedule(timetable=CronDataIntervalTimetable(cron, timezone="UTC"), assets=[asset])


ORDER_PARAMS = {
    "since": Param(None, type=["null", "string"], description="Read orders modified from this instant (ISO-8601, UTC)"),
    "until": Param(None, type=["null", "string"], description="...until this instant (exclusive)"),
    "order_ids": Param([], type="array", description="Import only these WooCommerce order ids"),
    "dry_run": Param(False, type="boolean", description="Log what would be created; write nothing anywhere"),
}


def orders_dag(tenant: TenantConfig) -> DAG:
    name = tenant.name
    with DAG(
        dag_id=f"{tenant.dag_prefix}__orders",
        description=f"WooCommerce orders and refunds → QAD for {name}",
        schedule=_orders_schedule(tenant),
        start_date=START,
        catchup=False,
        max_active_runs=1,  # windows follow each other; two runs would read the same window twice
        default_args=_default_args(tenant),
        params=ORDER_PARAMS,
        tags=["erplink", tenant.integration, name],
        doc_md=__doc__,
    ) as dag:

        # No retry: the extract waits for this task, and the next run checks the webhooks again anyway.
        @task(retries=0, pool_slots=_pool_slots(tenant))
        def webhook_health(**context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context
            from erplink.flows.woo_webhooks import ensure_webhooks

            return ensure_webhooks(flow_context(name, context)).to_dict()

        # all_done: a failed webhook check (store unreachable, webhook refused) never stops the poll, the safety
        # net for whatever the webhooks missed; fail_run_if_a_step_failed still marks the run failed.
        @task(trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.extract_threads))
        def extract(health: dict[str, Any] | None, **context: Any) -> dict[str, Any]:
            """Returns the run's summary; its `watermark` is the high-water mark the next run continues from."""
            from erplink.dagfactory.runtime import flow_context, with_call_counts
            from erplink.flows.qad_woocommerce import extract as run_extract, order_window

            fc = flow_context(name, context)
            if health is None:
                fc.log.warning("the webhook check did not finish (see the webhook_health log): reading the "
                               "regular window only")
                health = {}
            params = context["params"]
            run_type = getattr(context.get("dag_run"), "run_type", None)
            window, previous, advance = order_window(
                fc, params=params, data_interval_start=context.get("data_interval_start"),
                data_interval_end=context.get("data_interval_end"), outage_since=health.get("outage_since"),
                backfill=str(getattr(run_type, "value", run_type)) == "backfill",
            )  # fmt: skip
            fc.log.info("order window %s → %s (continuing from %s)", window.start, window.end,
                        previous.value if previous else "no watermark")
            return with_call_counts(fc, run_extract(fc, window, previous, order_ids=params.get("order_ids") or None,
                                                    advance_watermark=advance))

        @task(pool_slots=_pool_slots(tenant, tenant.load_threads))
        def load_orders(_: dict[str, Any], **context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context, with_call_counts
            from erplink.flows.qad_woocommerce import load_orders as run, raise_for_failures

            fc = flow_context(name, context)
            result = with_call_counts(fc, run(fc))
            raise_for_failures(result)
            return result

        @task(trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.load_threads))
        def load_refunds(_: Any, **context: Any) -> dict[str, Any]:
            # Runs even when some orders failed: refunds of posted orders need not wait for unrelated orders.
            from erplink.dagfactory.runtime import flow_context, with_call_counts
            from erplink.flows.qad_woocommerce import load_refunds as run, raise_for_failures

            fc = flow_context(name, context)
            result = with_call_counts(fc, run(fc))
            raise_for_failures(result)
            return result

        @task(trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.load_threads))
        def write_back(_: Any, **context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context, with_call_counts
            from erplink.flows.qad_woocommerce import raise_for_failures, write_back as run

            fc = flow_context(name, context)
            result = with_call_counts(fc, run(fc))
            raise_for_failures(result)
            return result

        @task(trigger_rule="all_done", retries=0, pool_slots=_pool_slots(tenant))
        def report(_: Any, **context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context
            from erplink.flows.report import ledger_report

            return ledger_report(flow_context(name, context))

        @task(trigger_rule="one_failed", retries=0, pool_slots=_pool_slots(tenant))
        def fail_run_if_a_step_failed() -> None:
            # `report` runs whatever happened and Airflow judges a run by its last tasks: without this one, a
            # run whose extract or load failed would end "success".
            raise RuntimeError("a step of this run failed; see that task's log and the report")

        health = webhook_health()
        extracted = extract(health)
        loaded = load_orders(extracted)
        refunded = load_refunds(loaded)
        written = write_back(refunded)
        [health, extracted, loaded, refunded, written, report(written)] >> fail_run_if_a_step_failed()
    return dag


CATALOG_PARAMS = {
    "full_resync": Param(False, type="boolean", description="Re-read the store and push every matched SKU"),
    "dry_run": Param(False, type="boolean", description="Log the store updates it would make; write nothing"),
}


def catalog_dag(tenant: TenantConfig) -> DAG:
    name = tenant.name
    with DAG(
        dag_id=f"{tenant.dag_prefix}__catalog",
        description=f"QAD items, prices and available stock → WooCommerce for {name}",
        schedule=tenant.catalog.schedule,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=_default_args(tenant),
        params=CATALOG_PARAMS,
        tags=["erplink", tenant.integration, name],
    ) as dag:

        @task(pool_slots=_pool_slots(tenant, tenant.catalog_threads))
        def push_catalog(**context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context, with_call_counts
            from erplink.flows.qad_catalog_push import push_catalog as run

            fc = flow_context(name, context)
            summary = run(fc, full_resync=bool(context["params"].get("full_resync")))
            fc.log.info("catalog push for %s: %s", name, {k: v for k, v in summary.to_dict().items()
                                                          if k not in ("dry_run_updates", "missing_in_store")})
            for update in summary.dry_run_updates:
                fc.log.info("dry run: would send %s", update)
            if summary.item_errors:
                raise RuntimeError(f"the store refused {len(summary.item_errors)} item(s): "
                                   + "; ".join(summary.item_errors[:20]))
            return with_call_counts(fc, {k: v for k, v in summary.to_dict().items() if k != "dry_run_updates"})

        push_catalog()
    return dag


def config_error_dag(entry: str, message: str) -> DAG:
    """A visible stand-in for a tenant whose entry is invalid: its one task fails with the reason."""
    with DAG(dag_id=f"erplink__config_error__{entry}", schedule=None, start_date=START, catchup=False,
             tags=["erplink", "config-error"], description=message[:200], doc_md=f"**Invalid configuration**\n\n{message}") as dag:

        @task(retries=0)
        def configuration_error() -> None:
            raise ValueError(message)

        configuration_error()
    return dag


def build_all() -> dict[str, DAG]:
    from erplink.config.tenants import load_tenants

    loaded = load_tenants()
    dags: dict[str, DAG] = {}
    for tenant in loaded.tenants:
        if tenant.enabled and tenant.integration == "qad_woocommerce":
            for dag in (orders_dag(tenant), catalog_dag(tenant)):
                dags[dag.dag_id] = dag
    for error in loaded.errors:
        safe = "".join(c if c.isalnum() or c == "_" else "_" for c in error.entry)
        dag = config_error_dag(safe, str(error))
        dags[dag.dag_id] = dag
    return dags
