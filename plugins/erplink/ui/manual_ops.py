"""The manual operations of the page: a period's store orders with what a run would do to each (the integration's
dry run: it reads the store and the ERP and writes nothing), the import of chosen orders through a run of the
tenant's orders DAG, and the stock push of chosen SKUs through a run of its catalog DAG.

The page never imports or pushes inside the web request: it starts the tenant's own DAG with the chosen ids as the
run's Params (auditable in Airflow, run by the workers, retried like any run) and writes the request into each
chosen record's audit trail with the person's name and the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from erplink.config.tenants import TenantConfig
from erplink.flows.catalog import StockRow
from erplink.integration import Integration
from erplink.ledger import AttemptContext, Ledger, RecordKey
from erplink.ui.airflow_side import AirflowSide
from erplink.windows import Window

# The dry run reads every order of the period and looks each up in the ERP: a week keeps the page answering.
MAX_PERIOD_DAYS = 7
# Chosen ids travel in the run's Params; a larger selection is a job for the scheduled runs or a backfill.
MAX_CHOSEN = 500
# The ledger entity of a store order (the replay entities' name for it).
ORDER_ENTITY = "order"
IMPORT_REQUESTED = "import_requested"
PUSH_REQUESTED = "push_requested"


class BadRequestError(ValueError):
    """The form's input cannot be used; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Period:
    """Whole days, ``until`` included."""

    since: date
    until: date

    def window(self) -> Window:
        start = datetime.combine(self.since, datetime.min.time(), UTC)
        return Window(start, datetime.combine(self.until, datetime.min.time(), UTC) + timedelta(days=1))


@dataclass(frozen=True)
class RequestedRun:
    dag_id: str
    run_id: str
    chosen: tuple[str, ...]


def read_period(since: str, until: str) -> Period:
    try:
        first, last = date.fromisoformat(since), date.fromisoformat(until)
    except ValueError:
        raise BadRequestError(f"dates must be YYYY-MM-DD, not {since!r} and {until!r}") from None
    if last < first:
        raise BadRequestError(f"the period ends ({last}) before it starts ({first}): swap the dates")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise BadRequestError(
            f"the period spans {(last - first).days + 1} days; list at most {MAX_PERIOD_DAYS} days at a time"
        )
    return Period(first, last)


def operation_dag(tenant: TenantConfig, suffix: str | None) -> str | None:
    """The id of the tenant's DAG with this suffix (the Integration's ``import_orders_dag`` or ``push_stock_dag``)."""
    return f"{tenant.dag_prefix}__{suffix}" if suffix else None


def period_orders(spec: Integration, fc: Any, period: Period) -> dict[str, Any]:
    """The integration's dry run of the period's orders: its plan, with ``orders`` saying what would happen to each."""
    if spec.plan_dry_run is None:
        raise BadRequestError(f"the {spec.title} integration cannot say what a run would do with its orders")
    return spec.plan_dry_run(fc, period.window())


def parse_order_ids(values: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for value in values:
        if not value.strip().isdigit() or int(value) < 1:
            raise BadRequestError(f"{value!r} is not a store order id")
        ids.append(int(value))
    return _chosen(list(dict.fromkeys(ids)), "order")


def parse_skus(values: Sequence[str], offered: Sequence[StockRow]) -> list[str]:
    skus = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    known = {row.sku for row in offered}
    unknown = [sku for sku in skus if sku not in known]
    if unknown:
        raise BadRequestError(
            "unknown SKU(s), not sellable items of the ERP: "
            + ", ".join(unknown[:20])
            + (" …" if len(unknown) > 20 else "")
        )
    return _chosen(skus, "SKU")


def _chosen(values: list[Any], what: str) -> list[Any]:
    if not values:
        raise BadRequestError(f"choose at least one {what}")
    if len(values) > MAX_CHOSEN:
        raise BadRequestError(f"{len(values)} {what}s chosen; at most {MAX_CHOSEN} a run")
    return values


def request_import(
    *, ledger: Ledger, airflow: AirflowSide, tenant: TenantConfig, dag_id: str, order_ids: Sequence[int], user: str
) -> RequestedRun:
    """Start the tenant's orders DAG for exactly these orders; note the request in each order's audit trail."""
    run_id = airflow.trigger_run(dag_id, {"order_ids": list(order_ids)}, user=user)
    keys = [RecordKey(tenant.name, tenant.integration, ORDER_ENTITY, str(order_id)) for order_id in order_ids]
    ledger.note_request(
        keys, action=IMPORT_REQUESTED, ctx=AttemptContext(run_id=run_id, worker=f"erplink page: {user}")
    )
    return RequestedRun(dag_id, run_id, tuple(str(order_id) for order_id in order_ids))


def request_stock_push(
    *,
    ledger: Ledger,
    airflow: AirflowSide,
    tenant: TenantConfig,
    dag_id: str,
    skus: Sequence[str],
    offered: Sequence[StockRow],
    user: str,
) -> RequestedRun:
    """Start the tenant's catalog DAG for exactly these SKUs; note the request in each SKU's audit trail."""
    run_id = airflow.trigger_run(dag_id, {"skus": list(skus)}, user=user)
    entity = {row.sku: row.ledger_entity for row in offered}
    keys = [RecordKey(tenant.name, tenant.integration, e, sku) for sku in skus if (e := entity.get(sku))]
    ledger.note_request(keys, action=PUSH_REQUESTED, ctx=AttemptContext(run_id=run_id, worker=f"erplink page: {user}"))
    return RequestedRun(dag_id, run_id, tuple(skus))
