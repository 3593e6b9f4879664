"""How the orders DAG's tasks depend on each other when one fails, run for real with `dag.test()`.

The flows are replaced by recorders: what is under test is the wiring (trigger rules, arguments), not the flows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.integration import airflow_db  # noqa: F401  (fixture)

ORDERS_DAG = "erplink__qad_woocommerce__demo__orders"


def _recorder(ran: list[str], name: str) -> Callable[..., dict[str, Any]]:
    def run(*_: Any, **__: Any) -> dict[str, Any]:
        ran.append(name)
        return {}

    return run


@pytest.fixture
def recorded_flows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every flow step the DAG calls, recorded by name; the webhook check fails as an unreachable store would."""
    from erplink.dagfactory import runtime
    from erplink.flows import report
    from erplink.integrations.qad_woocommerce import flows as qad_woocommerce
    from erplink.registry import integration
    from erplink.systems.woocommerce import webhook_health as woo_webhooks

    ran: list[str] = []

    def failing_check(*_: Any, **__: Any) -> None:
        ran.append("webhook_health")
        raise RuntimeError("the store's webhook list cannot be read")

    window = SimpleNamespace(start="2026-11-01T00:00:00Z", end="2026-11-01T01:00:00Z")
    monkeypatch.setattr(woo_webhooks, "ensure_webhooks", failing_check)
    spec = integration("qad_woocommerce")
    monkeypatch.setattr(runtime, "flow_context",
                        lambda *_: SimpleNamespace(log=logging.getLogger("erplink.test"), spec=spec))
    monkeypatch.setattr(runtime, "with_call_counts", lambda _fc, result: result)
    monkeypatch.setattr(qad_woocommerce, "order_window", lambda *_, **__: (window, None, True))
    monkeypatch.setattr(qad_woocommerce, "raise_for_failures", lambda _result: None)
    for step in ("extract", "load_orders", "load_refunds", "write_back"):
        monkeypatch.setattr(qad_woocommerce, step, _recorder(ran, step))
    monkeypatch.setattr(report, "ledger_report", _recorder(ran, "report"))
    monkeypatch.setenv("ERPLINK_RETRY_DELAY_SECONDS", "0")
    return ran


def test_a_failing_webhook_check_never_stops_the_extract_and_the_loads(airflow_db: None,  # noqa: F811
                                                                      recorded_flows: list[str]) -> None:
    """The hourly poll is the safety net for whatever the webhooks missed: it runs whatever the check says, and
    the run still ends failed, so the broken check is seen."""
    from airflow.dag_processing.dagbag import DagBag

    from tests.dags.test_dagbag import DAGS

    dag = DagBag(dag_folder=str(DAGS)).dags[ORDERS_DAG]
    dag.get_task("webhook_health").retries = 0  # its retry would only add a wait before the same failure
    run = dag.test()

    assert recorded_flows.count("webhook_health") == 1
    assert [step for step in recorded_flows if step != "webhook_health"] == [
        "extract", "load_orders", "load_refunds", "write_back", "report"]
    assert str(getattr(run.state, "value", run.state)) == "failed"
