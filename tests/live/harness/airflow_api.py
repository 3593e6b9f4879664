"""Airflow's public REST API as a user drives it: a JWT from ``POST /auth/token``, then ``/api/v2``.

Besides plain calls, the few things every live test does: unpause, trigger, wait for a run or a task to reach a
state, clear a task, read a task's log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import requests

from tests.live.harness.waiting import HasLogTail, wait_for

FINISHED_RUN_STATES = frozenset({"success", "failed"})
FINISHED_TASK_STATES = frozenset({"success", "failed", "skipped", "upstream_failed", "removed"})


class ApiError(AssertionError):
    """The API answered with an error status (the message carries the status and body)."""

    def __init__(self, method: str, path: str, response: requests.Response) -> None:
        super().__init__(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        self.status_code = response.status_code


class AirflowApi:
    def __init__(self, base_url: str, username: str, password: str, *, logs: Sequence[HasLogTail] = ()) -> None:
        self.base_url = base_url.rstrip("/")
        self.username = username
        self._password = password
        self._token: str | None = None
        self._session = requests.Session()
        self.logs = list(logs)

    # -- plain calls --------------------------------------------------------------------------------------------

    def token(self) -> str:
        if self._token is None:
            response = self._session.post(f"{self.base_url}/auth/token", timeout=30,
                                          json={"username": self.username, "password": self._password})
            if response.status_code not in (200, 201):
                raise ApiError("POST", "/auth/token", response)
            self._token = str(response.json()["access_token"])
        return self._token

    def request(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        return self._session.request(method, f"{self.base_url}{path}", headers=headers, timeout=60, **kwargs)

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        if response.status_code >= 300:
            raise ApiError(method, path, response)
        return response.json() if response.content else None

    def get(self, path: str, **kwargs: Any) -> Any:
        return self._json("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self._json("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self._json("PATCH", path, **kwargs)

    # -- DAGs and runs ------------------------------------------------------------------------------------------

    def set_paused(self, dag_id: str, paused: bool) -> None:
        self.patch(f"/api/v2/dags/{dag_id}", json={"is_paused": paused})

    def trigger(self, dag_id: str, conf: dict[str, Any] | None = None) -> str:
        """Start a manual run now; returns its run id."""
        run = self.post(f"/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf or {}})
        return str(run["dag_run_id"])

    def runs(self, dag_id: str, **filters: Any) -> list[dict[str, Any]]:
        params = {"limit": 100, "order_by": "run_after", **filters}
        return list(self.get(f"/api/v2/dags/{dag_id}/dagRuns", params=params)["dag_runs"])

    def run(self, dag_id: str, run_id: str) -> dict[str, Any]:
        return self.get(f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}")

    def task_instances(self, dag_id: str, run_id: str) -> dict[str, dict[str, Any]]:
        found = self.get(f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances",
                         params={"limit": 100})
        return {ti["task_id"]: ti for ti in found["task_instances"]}

    def task_tries(self, dag_id: str, run_id: str, task_id: str) -> list[dict[str, Any]]:
        found = self.get(f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances/{task_id}/tries")
        return list(found["task_instances"])

    def xcom(self, dag_id: str, run_id: str, task_id: str, key: str = "return_value") -> Any:
        entry = self.get(f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances/{task_id}"
                         f"/xcomEntries/{key}", params={"deserialize": "true", "stringify": "false"})
        return entry["value"]

    def task_log(self, dag_id: str, run_id: str, task_id: str, try_number: int) -> str:
        """The task's log as the UI shows it, one line per event (``Accept: application/json``)."""
        found = self.get(f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances/{task_id}/logs/"
                         f"{try_number}", params={"full_content": "true"}, headers={"Accept": "application/json"})
        lines = []
        for event in found.get("content") or []:
            if isinstance(event, dict):
                text = event.get("event", "")
                extra = {k: v for k, v in event.items() if k not in ("event", "timestamp", "level", "logger")}
                lines.append(f"{event.get('level', '')} {text} {extra if extra else ''}".rstrip())
            else:
                lines.append(str(event))
        return "\n".join(lines)

    def clear_task(self, dag_id: str, run_id: str, task_ids: Iterable[str]) -> None:
        """Clear tasks of one run (as the UI's Clear button), so the scheduler runs them again."""
        self.post(f"/api/v2/dags/{dag_id}/clearTaskInstances",
                  json={"dry_run": False, "dag_run_id": run_id, "task_ids": list(task_ids), "only_failed": False,
                        "reset_dag_runs": True, "include_downstream": False})

    # -- waiting ------------------------------------------------------------------------------------------------

    def wait_for_run(self, dag_id: str, run_id: str, *, timeout: float,
                     states: frozenset[str] = FINISHED_RUN_STATES) -> dict[str, Any]:
        def reached() -> dict[str, Any] | None:
            run = self.run(dag_id, run_id)
            return run if run["state"] in states else None

        return wait_for(f"run {run_id} of {dag_id} to reach {sorted(states)}", reached, timeout=timeout, interval=1,
                        logs=self.logs, describe=lambda: self.describe_run(dag_id, run_id))

    def wait_for_task(self, dag_id: str, run_id: str, task_id: str, states: Iterable[str], *, timeout: float,
                      interval: float = 0.5) -> dict[str, Any]:
        wanted = frozenset(states)

        def reached() -> dict[str, Any] | None:
            ti = self.task_instances(dag_id, run_id).get(task_id)
            return ti if ti is not None and ti["state"] in wanted else None

        return wait_for(f"task {task_id} of run {run_id} ({dag_id}) to reach {sorted(wanted)}", reached,
                        timeout=timeout, interval=interval, logs=self.logs,
                        describe=lambda: self.describe_run(dag_id, run_id))

    def wait_for_new_try(self, dag_id: str, run_id: str, task_id: str, *, after_try: int,
                         timeout: float) -> dict[str, Any]:
        """Wait until a try later than ``after_try`` of the task has finished (after a clear, say)."""

        def finished() -> dict[str, Any] | None:
            ti = self.task_instances(dag_id, run_id)[task_id]
            return ti if ti["try_number"] > after_try and ti["state"] in FINISHED_TASK_STATES else None

        return wait_for(f"a try after try {after_try} of task {task_id} of run {run_id} ({dag_id}) to finish",
                        finished, timeout=timeout, interval=1, logs=self.logs,
                        describe=lambda: self.describe_run(dag_id, run_id))

    def describe_run(self, dag_id: str, run_id: str) -> str:
        run = self.run(dag_id, run_id)
        tasks = {task: (ti["state"], ti["try_number"]) for task, ti in self.task_instances(dag_id, run_id).items()}
        return f"run state {run['state']}; tasks (state, try): {tasks}"
