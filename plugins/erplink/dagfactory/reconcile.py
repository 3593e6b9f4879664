"""The reconciliation DAG: every day, each tenant's store against its ERP for the day before; a task per tenant
whose integration offers reconciliation, failing (and so alerting) when a difference remains.

The period is the run's data interval (the previous day on the daily schedule); a manual run takes Params
``since``/``until``, else the 24 hours before it. Only `airflow.sdk`, the configuration and the registry are
imported at parse time; the report itself runs in the task (erplink.reconciliation)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import DAG, Param, task

from erplink.config.tenants import TenantConfig
from erplink.dagfactory.common import START, default_args

DAG_ID = "erplink__reconcile"
DEFAULT_SCHEDULE = "@daily"


def _period(context: dict[str, Any]) -> tuple[Any, Any]:
    from erplink.windows import parse_timestamp

    params = context.get("params") or {}
    if params.get("since") and params.get("until"):
        return parse_timestamp(params["since"]), parse_timestamp(params["until"])
    start, end = context.get("data_interval_start"), context.get("data_interval_end")
    if start is None or end is None or end <= start:  # a manual run has no interval of its own
        end = end or context["dag_run"].run_after
        start = end - timedelta(days=1)
    return start, end


def _tenant_task(tenant: TenantConfig) -> Any:
    # Retried (a system that did not answer), except on a difference (AirflowFailException below).
    @task(task_id=f"reconcile_{tenant.name}", **default_args(tenant))
    def reconcile_tenant(**context: Any) -> dict[str, Any]:
        from airflow.sdk.exceptions import AirflowFailException

        from erplink.dagfactory.runtime import flow_context
        from erplink.reconciliation import reconcile

        fc = flow_context(tenant.name, context)
        since, until = _period(context)
        report = reconcile(fc, since=since, until=until)
        fc.log.info("%s", report.summary())
        for difference in report.differences:
            fc.log.error("%s (%s): %s %s", difference.label, difference.reference, difference.problem,
                         difference.fields or "")  # fmt: skip
        if not report.clean:
            # Not retried: reading the same documents again finds the same difference.
            raise AirflowFailException(report.summary())
        return report.to_dict()

    return reconcile_tenant()


def reconcile_dag() -> DAG:
    from erplink.config.tenants import load_tenants
    from erplink.registry import integration

    with DAG(dag_id=DAG_ID, schedule=DEFAULT_SCHEDULE, start_date=START, catchup=False, max_active_runs=1,
             tags=["erplink", "reconciliation"], description="Store against ERP, document by document, per tenant",
             params={"since": Param(None, type=["null", "string"], description="Documents created from (ISO-8601)"),
                     "until": Param(None, type=["null", "string"], description="...and before (ISO-8601)")},
             ) as dag:  # fmt: skip
        for tenant in load_tenants().tenants:
            if tenant.enabled and integration(tenant.integration).reconcile is not None:
                _tenant_task(tenant)
    return dag
