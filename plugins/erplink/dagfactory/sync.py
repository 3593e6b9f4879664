"""The two DAGs of a store ↔ ERP tenant: orders (hourly, and woken by the store's webhooks) and catalog.

Orders: webhook health → extract → load orders → load refunds → write-back → report. An integration hands in the
module of its flow steps (``extract``, ``order_window``, ``load_orders``, ``load_refunds``, ``write_back``) and the
function of its catalog push; the webhook check is the integration's ``ensure_webhooks``.

Only `airflow.sdk` and the tenant configuration are imported here; each task imports the flows it runs, so a
DAG file parses in milliseconds and does no network or database I/O.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, Asset, Param, task

from erplink.config.tenants import TenantConfig
from erplink.dagfactory.common import START, run_load_step
from erplink.dagfactory.common import default_args as _default_args
from erplink.dagfactory.common import pool_slots as _pool_slots


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
    "order_ids": Param([], type="array", description="Import only these store order ids"),
    "dry_run": Param(False, type="boolean", description="Log what would be created; write nothing anywhere"),
}


def orders_dag(tenant: TenantConfig, *, flows: str, description: str, extra_loads: tuple[str, ...] = ()) -> DAG:
    """``flows``: the module of the integration's flow steps; ``description``: what the DAG moves, for people;
    ``extra_loads``: further load steps of ``flows`` (e.g. ``load_payments``), run in that order between the orders'
    load and the refunds'."""
    name = tenant.name
    with DAG(
        dag_id=f"{tenant.dag_prefix}__orders",
        description=f"{description} for {name}",
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

            fc = flow_context(name, context)
            if fc.spec.ensure_webhooks is None:
                return {}
            return dict(fc.spec.ensure_webhooks(fc).to_dict())

        # all_done: a failed webhook check (store unreachable, webhook refused) never stops the poll, the safety
        # net for whatever the webhooks missed; fail_run_if_a_step_failed still marks the run failed.
        @task(trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.extract_threads))
        def extract(health: dict[str, Any] | None, **context: Any) -> dict[str, Any]:
            """Returns the run's summary; its `watermark` is the high-water mark the next run continues from."""
            import importlib

            from erplink.dagfactory.runtime import flow_context, with_call_counts

            steps = importlib.import_module(flows)
            run_extract, order_window = steps.extract, steps.order_window
            fc = flow_context(name, context)
            if health is None:
                fc.log.warning(
                    "the webhook check did not finish (see the webhook_health log): reading the regular window only"
                )
                health = {}
            params = context["params"]
            run_type = getattr(context.get("dag_run"), "run_type", None)
            window, previous, advance = order_window(
                fc, params=params, data_interval_start=context.get("data_interval_start"),
                data_interval_end=context.get("data_interval_end"), outage_since=health.get("outage_since"),
                backfill=str(getattr(run_type, "value", run_type)) == "backfill",
            )  # fmt: skip
            fc.log.info(
                "order window %s → %s (continuing from %s)",
                window.start,
                window.end,
                previous.value if previous else "no watermark",
            )
            return with_call_counts(
                fc,
                run_extract(fc, window, previous, order_ids=params.get("order_ids") or None, advance_watermark=advance),
            )

        @task(pool_slots=_pool_slots(tenant, tenant.load_threads))
        def load_orders(_: Any, **context: Any) -> dict[str, Any]:
            return run_load_step(name, f"{flows}:load_orders", context)

        # Runs even when some orders failed: refunds of posted orders need not wait for unrelated orders.
        def extra_load(step: str) -> Any:
            # Runs even when some orders failed, like the refunds' load: each record waits for its own order only.
            @task(task_id=step, trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.load_threads))
            def load(_: Any, **context: Any) -> dict[str, Any]:
                return run_load_step(name, f"{flows}:{step}", context)

            return load

        @task(trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.load_threads))
        def load_refunds(_: Any, **context: Any) -> dict[str, Any]:
            return run_load_step(name, f"{flows}:load_refunds", context)

        @task(trigger_rule="all_done", pool_slots=_pool_slots(tenant, tenant.load_threads))
        def write_back(_: Any, **context: Any) -> dict[str, Any]:
            return run_load_step(name, f"{flows}:write_back", context)

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
        # `@task` types a call with the function's own parameters; Airflow hands the task the upstream's XCom
        # value, not the XComArg, when it runs (apache/airflow#39514).
        extracted = extract(health)  # type: ignore[arg-type]
        loaded = load_orders(extracted)
        extras, before_refunds = [], loaded
        for step in extra_loads:
            before_refunds = extra_load(step)(before_refunds)
            extras.append(before_refunds)
        refunded = load_refunds(before_refunds)
        written = write_back(refunded)
        [health, extracted, loaded, *extras, refunded, written, report(written)] >> fail_run_if_a_step_failed()
    return dag


CATALOG_PARAMS = {
    "full_resync": Param(False, type="boolean", description="Re-read the store and push every matched SKU"),
    "dry_run": Param(False, type="boolean", description="Log the store updates it would make; write nothing"),
    "skus": Param([], type="array", description="Push only these SKUs, whether or not they changed"),
}


def catalog_dag(tenant: TenantConfig, *, push: str, description: str) -> DAG:
    """``push``: the integration's catalog push, ``"module:function"`` taking ``(fc, full_resync=bool)`` and,
    for a run with chosen SKUs, ``skus=[...]``."""
    name = tenant.name
    with DAG(
        dag_id=f"{tenant.dag_prefix}__catalog",
        description=f"{description} for {name}",
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
            import importlib

            from erplink.dagfactory.runtime import flow_context, with_call_counts

            module_name, _, function = push.partition(":")
            run = getattr(importlib.import_module(module_name), function)
            fc = flow_context(name, context)
            params = context["params"]
            chosen = {"skus": [str(sku) for sku in params["skus"]]} if params.get("skus") else {}
            summary = run(fc, full_resync=bool(params.get("full_resync")), **chosen)
            if summary.not_in_erp:
                fc.log.warning("not pushed, not sellable items of the ERP: %s", ", ".join(summary.not_in_erp[:50]))
            fc.log.info(
                "catalog push for %s: %s",
                name,
                {k: v for k, v in summary.to_dict().items() if k not in ("dry_run_updates", "missing_in_store")},
            )
            for update in summary.dry_run_updates:
                fc.log.info("dry run: would send %s", update)
            if summary.item_errors:
                raise RuntimeError(
                    f"the store refused {len(summary.item_errors)} item(s): " + "; ".join(summary.item_errors[:20])
                )
            return with_call_counts(fc, {k: v for k, v in summary.to_dict().items() if k != "dry_run_updates"})

        push_catalog()
    return dag
