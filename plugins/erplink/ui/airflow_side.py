"""What the page asks of Airflow itself, from inside the API server: the tenant's DAG ids, the replay DAG's state,
starting a replay run or a run of a tenant's DAG, the last webhook check a task recorded, and the UI's addresses
of runs and task logs."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote

# The replay DAG (erplink.dagfactory.replay, dags/erplink_replay.py) and its Params: tenant, entity, source_ids,
# statuses, since, until, dry_run.
REPLAY_DAG_ID = "erplink__replay"
# The task in which a tenant's DAGs check the store's webhooks (its XCom is the check's result).
WEBHOOK_CHECK_TASK = "webhook_health"


@dataclass(frozen=True)
class WebhookCheck:
    """The result of the newest webhook check a task recorded: no store call is made to show it."""

    dag_id: str
    run_id: str
    at: datetime
    result: Mapping[str, Any]


class AirflowSide(Protocol):
    def tenant_dag_ids(self, dag_prefix: str) -> list[str]: ...

    def is_paused(self, dag_id: str) -> bool | None: ...

    def trigger_replay(self, conf: Mapping[str, Any], *, user: str) -> str:
        """Start a run of the replay DAG with these Params; returns its run id."""
        ...

    def trigger_run(self, dag_id: str, conf: Mapping[str, Any], *, user: str) -> str:
        """Start a run of one of the tenant's DAGs with these Params; returns its run id."""
        ...

    def last_webhook_check(self, dag_ids: Sequence[str]) -> WebhookCheck | None: ...


class MetadataDatabase:
    """The API server's own view of Airflow's metadata database (as its REST routes use it)."""

    def tenant_dag_ids(self, dag_prefix: str) -> list[str]:
        from airflow.models.dag import DagModel
        from airflow.utils.session import create_session
        from sqlalchemy import select

        with create_session() as session:
            found = session.scalars(select(DagModel.dag_id).where(
                DagModel.dag_id.startswith(f"{dag_prefix}__", autoescape=True)))  # fmt: skip
            return sorted(found)

    def is_paused(self, dag_id: str) -> bool | None:
        from airflow.models.dag import DagModel
        from airflow.utils.session import create_session
        from sqlalchemy import select

        with create_session() as session:
            paused: bool | None = session.scalar(select(DagModel.is_paused).where(DagModel.dag_id == dag_id))
            return paused

    def trigger_replay(self, conf: Mapping[str, Any], *, user: str) -> str:
        return self.trigger_run(REPLAY_DAG_ID, conf, user=user)

    def trigger_run(self, dag_id: str, conf: Mapping[str, Any], *, user: str) -> str:
        from airflow.api.common.trigger_dag import trigger_dag
        from airflow.utils.types import DagRunTriggeredByType

        run_id = f"erplink_page__{datetime.now(UTC):%Y%m%dT%H%M%S}__{secrets.token_hex(3)}"
        run = trigger_dag(
            dag_id,
            triggered_by=DagRunTriggeredByType.UI,
            triggering_user_name=user,
            run_id=run_id,
            conf=dict(conf),
        )
        return str(run.run_id) if run is not None else run_id

    def last_webhook_check(self, dag_ids: Sequence[str]) -> WebhookCheck | None:
        if not dag_ids:
            return None
        from airflow.models.xcom import XComModel
        from airflow.utils.session import create_session
        from sqlalchemy import select

        with create_session() as session:
            row = session.execute(
                select(XComModel.dag_id, XComModel.run_id, XComModel.timestamp, XComModel.value)
                .where(XComModel.dag_id.in_(list(dag_ids)), XComModel.task_id == WEBHOOK_CHECK_TASK,
                       XComModel.key == "return_value")
                .order_by(XComModel.timestamp.desc())
                .limit(1)
            ).one_or_none()  # fmt: skip
            if row is None:
                return None
            value = XComModel.deserialize_value(row)
        return WebhookCheck(row.dag_id, row.run_id, row.timestamp, value if isinstance(value, Mapping) else {})


def run_url(airflow_root: str, dag_id: str, run_id: str) -> str:
    """The Airflow UI's page of a DAG run."""
    return f"{airflow_root}/dags/{quote(dag_id, safe='')}/runs/{quote(run_id, safe='')}"


def task_log_url(airflow_root: str, dag_id: str, run_id: str, task_id: str, try_number: int | None) -> str:
    """The Airflow UI's page of a task instance, which opens on its log (of the given try)."""
    url = f"{run_url(airflow_root, dag_id, run_id)}/tasks/{quote(task_id, safe='')}"
    return f"{url}?try_number={try_number}" if try_number else url


def dag_of_worker(worker: str | None, task_id: str | None) -> str | None:
    """The DAG id in an audit row's worker (``<dag_id>.<task_id>[<map index>]``, see dagfactory.runtime)."""
    if not worker or not task_id:
        return None
    base = worker.split("[", 1)[0]
    suffix = f".{task_id}"
    return base[: -len(suffix)] if base.endswith(suffix) else None
