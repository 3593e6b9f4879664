"""The page's routes of the manual operations (``erplink.ui.manual_ops``): the orders of a period and their import,
the stock list and the push of chosen SKUs.

The same rules as the replay: anyone logged in sees the lists; the action buttons show, and the POST routes act, only
for a user who may edit the tenant's DAGs and start runs of the DAG the operation triggers (403 otherwise, whatever
the request carries); every POST carries the session's CSRF token and comes from this site.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from erplink.config.tenants import TenantConfig
from erplink.flows.catalog import StockRow
from erplink.flows.context import FlowContext
from erplink.http.redact import mask_message
from erplink.ledger import AttemptContext, Ledger
from erplink.ui import csrf, manual_pages
from erplink.ui.html import e
from erplink.ui.manual_ops import (
    BadRequestError,
    operation_dag,
    parse_order_ids,
    parse_skus,
    period_orders,
    read_period,
    request_import,
    request_stock_push,
)

if TYPE_CHECKING:
    from erplink.ui.app import View

log = logging.getLogger(__name__)
ViewOf = Callable[..., Awaitable["View"]]
LedgerOf = Callable[["View"], Awaitable[Ledger]]


def page_flow_context(config: TenantConfig, ledger: Ledger, user: str, task_id: str) -> FlowContext:
    """A flow context for reads the page makes on a person's behalf (named in the systems' logs as the page)."""
    return FlowContext(
        tenant=config,
        ledger=ledger,
        log=logging.getLogger(f"erplink.{config.name}"),
        attempt=AttemptContext(task_id=task_id, worker=f"erplink page: {user}"),
    )


async def _may_run(current: View, dag_id: str) -> bool:
    """Edit rights on every one of the tenant's DAGs, and the right to start runs of ``dag_id``."""
    services, config = current.services, current.tenant
    assert config is not None
    return await run_in_threadpool(
        lambda: services.access.may_act(current.caller, services.airflow.tenant_dag_ids(config.dag_prefix), dag_id)
    )


async def _checked_form(current: View, request: Request, dag_id: str, what: str) -> FormData | Response:
    """The action's form, or the response refusing it: 403 for a user who may not act (checked first, whatever
    was sent), then 403 for a stale or cross-site form."""
    assert current.tenant is not None
    if not await _may_run(current, dag_id):
        return current.html(
            "Not allowed",
            f'<p class="notice error">You may look, not act: {e(what)} needs edit rights on '
            f"{e(current.tenant.name)}'s DAGs and the right to start runs of {e(dag_id)}.</p>",
            403,
        )
    return await csrf_checked_form(current, request)


async def csrf_checked_form(current: View, request: Request) -> FormData | Response:
    """The action's form, or 403 for a form without this session's CSRF token or sent from another site."""
    form = await request.form()
    presented = form.get(csrf.FIELD)
    refusal = csrf.refusal(request, presented if isinstance(presented, str) else None)
    if refusal is not None:
        return current.html("Refused", f'<p class="notice error">Refused: {e(refusal)}.</p>', 403)
    return form


def _values(form: FormData, name: str) -> list[str]:
    return [value for value in form.getlist(name) if isinstance(value, str)]


def add_manual_routes(app: FastAPI, *, view: ViewOf, ledger_of: LedgerOf) -> None:
    @app.get("/t/{tenant}/orders")
    async def orders_page(request: Request, tenant: str, since: str = "", until: str = "") -> Response:
        current = await view(request, tenant)
        assert current.tenant is not None and current.spec is not None
        config, spec, user = current.tenant, current.spec, current.caller.name
        dag_id = operation_dag(config, spec.import_orders_dag)
        if spec.plan_dry_run is None or dag_id is None:
            return current.html("Orders", f"<p>The {e(spec.title)} integration offers no import of chosen orders.</p>")
        yesterday = date.today() - timedelta(days=1)
        body = "<h1>Orders of a period</h1>" + manual_pages.period_form(
            current.tenant_url, since or str(yesterday), until or str(yesterday)
        )
        if not since or not until:
            return current.html("Orders", body)
        try:
            period = read_period(since, until)
        except BadRequestError as exc:
            return current.html("Orders", body + f'<p class="notice error">{e(exc)}</p>', 400)
        may_import = await _may_run(current, dag_id)
        ledger = await ledger_of(current)

        def plan() -> str:
            fc = page_flow_context(config, ledger, user, "orders_dry_run")
            try:
                planned = period_orders(spec, fc, period)
            finally:
                fc.close()
            return manual_pages.period_orders(
                planned, tenant_url=current.tenant_url, may_import=may_import, token=current.token, since=since,
                until=until,
            )  # fmt: skip

        try:
            body += await run_in_threadpool(plan)
        except Exception as exc:  # a system that does not answer, a connection missing: said on the page
            log.warning("listing the orders of %s failed: %s", config.name, mask_message(str(exc)))
            body += f'<p class="notice error">Listing failed: {e(mask_message(str(exc) or type(exc).__name__))}</p>'
        return current.html("Orders", body)

    @app.post("/t/{tenant}/orders/import")
    async def import_orders(request: Request, tenant: str) -> Response:
        current = await view(request, tenant, action=True)
        assert current.tenant is not None and current.spec is not None
        config, services, user = current.tenant, current.services, current.caller.name
        dag_id = operation_dag(config, current.spec.import_orders_dag)
        if dag_id is None:
            return current.html("Import", "<p>This integration offers no import of chosen orders.</p>", 404)
        form = await _checked_form(current, request, dag_id, "importing orders")
        if isinstance(form, Response):
            return form
        back = (f"{current.tenant_url}/orders", "← back to the orders")
        try:
            order_ids = parse_order_ids(_values(form, "order_id"))
        except BadRequestError as exc:
            return current.html("Import", f'<p class="notice error">{e(exc)}</p>', 400)
        ledger = await ledger_of(current)

        def act() -> str:
            run = request_import(
                ledger=ledger, airflow=services.airflow, tenant=config, dag_id=dag_id, order_ids=order_ids, user=user
            )
            log.info("erplink page: %s asked to import %d order(s) of %s: run %s", user, len(order_ids),
                     config.name, run.run_id)  # fmt: skip
            return manual_pages.requested_run(
                run, what="Import of chosen orders", airflow_root=current.airflow_root, back=back,
                paused=services.airflow.is_paused(dag_id),
            )  # fmt: skip

        return current.html("Import", await run_in_threadpool(act))

    async def offered_stock(current: View) -> list[StockRow]:
        assert current.tenant is not None and current.spec is not None
        config, read, user = current.tenant, current.spec.catalog_stock, current.caller.name
        assert read is not None
        ledger = await ledger_of(current)
        return await run_in_threadpool(lambda: list(read(page_flow_context(config, ledger, user, "stock_list"))))

    @app.get("/t/{tenant}/stock")
    async def stock_page(request: Request, tenant: str, q: str = "") -> Response:
        current = await view(request, tenant)
        assert current.tenant is not None and current.spec is not None
        config, spec = current.tenant, current.spec
        dag_id = operation_dag(config, spec.push_stock_dag)
        if spec.catalog_stock is None or dag_id is None:
            return current.html(
                "Stock", f"<p>The {e(spec.title)} integration offers no stock push of chosen items.</p>"
            )
        body = "<h1>Push stock</h1>"
        try:
            rows = await offered_stock(current)
        except Exception as exc:  # the ERP does not answer, a connection missing: said on the page
            log.warning("reading the catalog of %s failed: %s", config.name, mask_message(str(exc)))
            return current.html(
                "Stock", body + f'<p class="notice error">Reading the ERP failed: {e(mask_message(str(exc)))}</p>'
            )
        may_push = await _may_run(current, dag_id)
        body += manual_pages.stock_list(
            rows, tenant_url=current.tenant_url, may_push=may_push, token=current.token, text=q
        )
        return current.html("Stock", body)

    @app.post("/t/{tenant}/stock/push")
    async def push_stock(request: Request, tenant: str) -> Response:
        current = await view(request, tenant, action=True)
        assert current.tenant is not None and current.spec is not None
        config, services, user = current.tenant, current.services, current.caller.name
        dag_id = operation_dag(config, current.spec.push_stock_dag)
        if current.spec.catalog_stock is None or dag_id is None:
            return current.html("Stock", "<p>This integration offers no stock push of chosen items.</p>", 404)
        form = await _checked_form(current, request, dag_id, "pushing stock")
        if isinstance(form, Response):
            return form
        chosen = _values(form, "sku")
        if not any(value.strip() for value in chosen):
            return current.html("Stock", '<p class="notice error">choose at least one SKU</p>', 400)
        try:
            offered = await offered_stock(current)
            skus = parse_skus(chosen, offered)
        except BadRequestError as exc:
            return current.html("Stock", f'<p class="notice error">{e(exc)}</p>', 400)
        except Exception as exc:  # the ERP does not answer: nothing was started
            log.warning("reading the catalog of %s failed: %s", config.name, mask_message(str(exc)))
            return current.html(
                "Stock", f'<p class="notice error">Reading the ERP failed, nothing was started: '
                f"{e(mask_message(str(exc)))}</p>", 502,
            )  # fmt: skip
        ledger = await ledger_of(current)

        def act() -> str:
            run = request_stock_push(
                ledger=ledger, airflow=services.airflow, tenant=config, dag_id=dag_id, skus=skus, offered=offered,
                user=user,
            )  # fmt: skip
            log.info("erplink page: %s asked to push the stock of %d SKU(s) of %s: run %s", user, len(skus),
                     config.name, run.run_id)  # fmt: skip
            return manual_pages.requested_run(
                run, what="Stock push of chosen SKUs", airflow_root=current.airflow_root,
                back=(f"{current.tenant_url}/stock", "← back to the stock"), paused=services.airflow.is_paused(dag_id),
            )  # fmt: skip

        return current.html("Stock", await run_in_threadpool(act))
