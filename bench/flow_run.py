"""Run flow steps directly (no DAG run) with hooks that share one call counter, timing each phase."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from erplink.http.metrics import CallCounter
from erplink.ledger import AttemptContext, Ledger

from bench.environment import TENANT


def counted_flow_context(run_id: str = "bench") -> tuple[FlowContext, CallCounter]:
    """The demo tenant's FlowContext on a fresh ledger, its two hooks counting into one counter."""
    tenant = load_tenants().get(TENANT)
    ledger = Ledger.from_env()
    ledger.migrate()
    counter = CallCounter()
    fc = FlowContext(
        tenant=tenant, ledger=ledger,
        attempt=AttemptContext(run_id=run_id, task_id="bench", try_number=1, worker=f"{tenant.dag_prefix}.bench"),
        store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, counter=counter),
        erp_hook=QadHook(qad_conn_id=tenant.erp.conn_id, counter=counter),
    )  # fmt: skip
    return fc, counter


def flat_counts(counter: CallCounter) -> dict[str, int]:
    """``{"qad GET sales-orders": n, ...}``: requests per system and endpoint, whatever their outcome."""
    flat: dict[str, int] = {}
    for system, endpoints in counter.snapshot().items():
        for endpoint, statuses in endpoints.items():
            flat[f"{system} {endpoint}"] = sum(statuses.values())
    return flat


@dataclass
class Phase:
    name: str
    seconds: float
    calls: dict[str, int]
    concurrency: int
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


class PhaseTimer:
    """Times phases and attributes to each the requests it sent (the counter's difference across the phase)."""

    def __init__(self, counter: CallCounter) -> None:
        self._counter = counter
        self.phases: list[Phase] = []

    def run(self, name: str, step: Callable[[], Any], *, concurrency: int) -> Any:
        before = flat_counts(self._counter)
        started = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - started
        after = flat_counts(self._counter)
        calls = {k: n - before.get(k, 0) for k, n in after.items() if n - before.get(k, 0)}
        summary = result if isinstance(result, dict) else getattr(result, "to_dict", dict)()
        self.phases.append(Phase(name, seconds, calls, concurrency, _scalars(summary)))
        return result

    def to_dict(self) -> list[dict[str, Any]]:
        return [dict(name=p.name, seconds=p.seconds, calls=p.calls, concurrency=p.concurrency, result=p.result)
                for p in self.phases]


def _scalars(summary: dict[str, Any]) -> dict[str, Any]:
    """The countable part of a step's summary (lists of errors or planned payloads would only bloat results)."""
    return {k: v for k, v in summary.items() if isinstance(v, (int, float, str, bool)) or v is None}


def extract_step(fc: FlowContext) -> dict[str, Any]:
    """The orders DAG's extract task without Airflow: this run's window from the watermark, then extract."""
    import erplink.integrations.qad_woocommerce.flows as flow

    window, previous, *_ = flow.order_window(fc, params={}, data_interval_start=None, data_interval_end=None)
    return flow.extract(fc, window, previous)
