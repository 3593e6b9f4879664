"""The replay DAG: re-run chosen ledger records of any tenant (manual trigger only, with Params)."""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, Param, task

from erplink.dagfactory.qad_woocommerce import START

PARAMS = {
    "tenant": Param("demo", type="string", description="Tenant name from include/tenants.yaml"),
    "entity": Param("order", enum=["order", "refund", "order_marker"], description="Which records"),
    "source_ids": Param([], type="array", description="Source ids (e.g. WooCommerce order ids); empty = all matching"),
    "statuses": Param(["failed", "quarantined"], type="array", description="Statuses to replay"),
    "since": Param(None, type=["null", "string"], description="Reached its status at or after (ISO-8601)"),
    "until": Param(None, type=["null", "string"], description="...and before (ISO-8601)"),
    "dry_run": Param(False, type="boolean", description="List what would be replayed; change nothing"),
}


def replay_dag() -> DAG:
    with DAG(dag_id="erplink__replay", schedule=None, start_date=START, catchup=False, params=PARAMS,
             tags=["erplink", "replay"], description="Requeue chosen records and load them again, exactly once",
             max_active_runs=1) as dag:

        @task(retries=0)
        def replay_records(**context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context
            from erplink.flows.qad_woocommerce import raise_for_failures
            from erplink.replay import replay

            params = context["params"]
            fc = flow_context(params["tenant"], context)
            result = replay(fc, entity=params["entity"], source_ids=params["source_ids"],
                            statuses=params["statuses"], since=params["since"], until=params["until"])
            raise_for_failures(result.get("load") or {})
            return result

        replay_records()
    return dag
