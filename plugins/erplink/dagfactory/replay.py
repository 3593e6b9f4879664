"""The replay DAG: re-run chosen ledger records of any tenant (manual trigger only, with Params).

The entities offered are those the registry's integrations replay; a tenant whose integration does not replay
the chosen entity is refused with the list it does."""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, Param, task

from erplink.dagfactory.common import START


def _entities() -> list[str]:
    from erplink.registry import integrations

    return list(dict.fromkeys(entity for spec in integrations().values() for entity in spec.replay_entities))


def _params() -> dict[str, Param]:
    return {
        "tenant": Param("demo", type="string", description="Tenant name from include/tenants.yaml"),
        "entity": Param("order", enum=_entities(), description="Which records"),
        "source_ids": Param([], type="array", description="Source ids (e.g. store order ids); empty = all matching"),
        "statuses": Param(["failed", "quarantined"], type="array", description="Statuses to replay"),
        "since": Param(None, type=["null", "string"], description="Reached its status at or after (ISO-8601)"),
        "until": Param(None, type=["null", "string"], description="...and before (ISO-8601)"),
        "dry_run": Param(False, type="boolean", description="List what would be replayed; change nothing"),
    }


def replay_dag() -> DAG:
    with DAG(
        dag_id="erplink__replay",
        schedule=None,
        start_date=START,
        catchup=False,
        params=_params(),
        tags=["erplink", "replay"],
        description="Requeue chosen records and load them again, exactly once",
        max_active_runs=1,
    ) as dag:

        @task(retries=0)
        def replay_records(**context: Any) -> dict[str, Any]:
            from erplink.dagfactory.runtime import flow_context
            from erplink.flows.steps import raise_for_failures
            from erplink.replay import replay

            params = context["params"]
            fc = flow_context(params["tenant"], context)
            result = replay(
                fc,
                entity=params["entity"],
                source_ids=params["source_ids"],
                statuses=params["statuses"],
                since=params["since"],
                until=params["until"],
            )
            raise_for_failures(result.get("load") or {})
            return result

        replay_records()
    return dag
