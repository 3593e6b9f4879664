"""The erplink page's FastAPI app (mounted under ``/erplink-ui`` by ``erplink.ui.plugin``); the manual operations'
routes are in ``erplink.ui.manual_routes``.

Every request is authenticated here (a plugin's app is not behind Airflow's login): a page without a logged-in
user redirects to Airflow's login page; an action (POST) is refused 401 without one, 403 for a user who may not
edit the tenant's DAGs whatever the request carries, and 403 without the session's CSRF token and this site as
its origin. Blocking work (the ledger, Airflow's database, the systems' APIs) runs in the thread pool.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from erplink.config.tenants import ConfigError, TenantConfig, TenantsFile, UnknownTenantError, load_tenants
from erplink.flows.context import FlowContext
from erplink.http.redact import mask_message
from erplink.integration import Integration
from erplink.ledger import AttemptContext, Ledger, LedgerError, RecordKey
from erplink.registry import integration
from erplink.ui import csrf, pages
from erplink.ui.access import Access, AirflowAccess, Caller
from erplink.ui.airflow_side import REPLAY_DAG_ID, AirflowSide, MetadataDatabase
from erplink.ui.filters import read_filter
from erplink.ui.html import e, layout
from erplink.ui.manual_ops import IMPORT_REQUESTED, PUSH_REQUESTED, operation_dag
from erplink.ui.manual_routes import add_manual_routes, csrf_checked_form
from erplink.ui.replay_action import REPLAYABLE, TooManyRecordsError, matching_keys, parse_keys, request_replay
from erplink.ui.style import STYLESHEET

URL_PREFIX = "/erplink-ui"
log = logging.getLogger(__name__)


class _SharedLedger:
    """The ledger the tasks write, opened on first use and kept (the page never creates one)."""

    def __init__(self) -> None:
        self._ledger: Ledger | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Ledger:
        with self._lock:
            if self._ledger is None:
                self._ledger = Ledger.open_existing()
            return self._ledger


def _receiver_counts(system: str, tenant: str) -> Mapping[str, int] | None:
    """The webhook receiver's delivery counts in this process, when the receiver's plugin is loaded here."""
    module = sys.modules.get("erplink.webhooks.plugin")
    if module is None:
        return None
    for mounted in module.ErplinkWebhooksPlugin.fastapi_apps:
        receiver = getattr(mounted["app"].state, "receiver", None)
        if receiver is not None:
            counts: Mapping[str, int] = receiver.status()["deliveries"].get(f"{system}/{tenant}", {})
            return counts
    return None


@dataclass
class PageServices:
    access: Access = field(default_factory=AirflowAccess)
    airflow: AirflowSide = field(default_factory=MetadataDatabase)
    tenants: Callable[[], TenantsFile] = load_tenants
    ledger: Callable[[], Ledger] = field(default_factory=_SharedLedger)
    delivery_counts: Callable[[str, str], Mapping[str, int] | None] = _receiver_counts


@dataclass
class View:
    """One request's who, where and what."""

    request: Request
    services: PageServices
    caller: Caller
    tenant: TenantConfig | None = None
    spec: Integration | None = None
    may_act: bool = False

    @property
    def root(self) -> str:
        return str(self.request.scope.get("root_path", "")).rstrip("/")

    @property
    def airflow_root(self) -> str:
        return self.root.removesuffix(URL_PREFIX)

    @property
    def tenant_url(self) -> str:
        return f"{self.root}/t/{self.tenant.name}" if self.tenant else self.root

    @property
    def token(self) -> str:
        token: str = self.request.state.csrf_token
        return token

    def html(self, title: str, body: str, status_code: int = 200) -> HTMLResponse:
        nav: list[tuple[str, str]] = [(f"{self.root}/", "tenants")]
        if self.tenant is not None:
            nav += [
                (self.tenant_url, f"{self.tenant.name}: records"),
                (f"{self.tenant_url}/webhooks", "webhooks"),
                (f"{self.tenant_url}/reconciliation", "reconciliation"),
            ]
            if self.spec is not None and self.spec.import_orders_dag and self.spec.plan_dry_run is not None:
                nav.append((f"{self.tenant_url}/orders", "orders of a period"))
            if self.spec is not None and self.spec.push_stock_dag and self.spec.catalog_stock is not None:
                nav.append((f"{self.tenant_url}/stock", "push stock"))
        response = HTMLResponse(
            layout(title=title, body=body, root=self.root, who=self.caller.name, nav=nav), status_code=status_code
        )
        csrf.remember(response, self.request, self.token, path=self.root or "/")
        # Shown inside the Airflow UI (same origin) and nowhere else.
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        response.headers["Cache-Control"] = "no-store"
        return response


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def create_page_app(services: PageServices | None = None) -> FastAPI:
    app = FastAPI(title="erplink page", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.services = services or PageServices()

    @app.exception_handler(_Refused)
    async def refused(_: Request, exc: _Refused) -> Response:
        return exc.response

    async def view(request: Request, tenant: str | None = None, *, action: bool = False) -> View:
        services: PageServices = request.app.state.services
        request.state.csrf_token = csrf.session_token(request)
        caller = await services.access.caller(request)
        if caller is None:
            if action:
                raise _Refused(HTMLResponse("Log in to Airflow first.", status_code=401))
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise _Refused(RedirectResponse(services.access.login_url(target), status_code=303))
        current = View(request, services, caller)
        if tenant is not None:
            try:
                current.tenant = services.tenants().get(tenant)
            except (UnknownTenantError, ConfigError) as exc:
                raise _Refused(current.html("Unknown tenant", f'<p class="notice error">{e(exc)}</p>', 404)) from None
            current.spec = integration(current.tenant.integration)
            dag_prefix = current.tenant.dag_prefix
            current.may_act = await run_in_threadpool(
                lambda: services.access.may_act(caller, services.airflow.tenant_dag_ids(dag_prefix), REPLAY_DAG_ID)
            )
        return current

    async def ledger_of(current: View) -> Ledger:
        try:
            return await run_in_threadpool(current.services.ledger)
        except LedgerError as exc:
            raise _Refused(current.html("No ledger", f'<p class="notice error">{e(exc)}</p>', 503)) from None

    @app.get("/static/style.css")
    def stylesheet() -> Response:
        return Response(STYLESHEET, media_type="text/css", headers={"Cache-Control": "max-age=300"})

    @app.get("/")
    async def tenants_page(request: Request) -> Response:
        current = await view(request)
        ledger = await ledger_of(current)
        loaded = current.services.tenants()

        def read() -> str:
            rows = [
                (t.name, integration(t.integration).title, ledger.counts(t.name, t.integration)) for t in loaded.tenants
            ]
            return pages.tenants_page(current.root, rows, [str(error) for error in loaded.errors])

        return current.html("Tenants", await run_in_threadpool(read))

    @app.get("/t/{tenant}")
    async def records_page(request: Request, tenant: str, before: int | None = None) -> Response:
        current = await view(request, tenant)
        assert current.tenant is not None and current.spec is not None
        ledger = await ledger_of(current)
        try:
            form = read_filter({key: request.query_params.getlist(key) for key in request.query_params})
        except ValueError as exc:
            return current.html("Records", f'<p class="notice error">{e(exc)}</p>', 400)
        name, integration_name = current.tenant.name, current.tenant.integration
        where = form.record_filter(name, integration_name)

        def read() -> str:
            counts = ledger.counts(name, integration_name)
            page = ledger.record_page(where, size=form.size, before_id=before)
            entities = sorted(set(counts) | set(current.spec.replay_entities if current.spec else ()))
            return (
                f"<h1>{e(name)} · {e(current.spec.title if current.spec else '')}</h1>"
                + pages.counts_table(counts, current.tenant_url)
                + "<h2>Records</h2>"
                + pages.filter_form(form, entities, current.tenant_url)
                + pages.records_list(
                    page,
                    form,
                    tenant_url=current.tenant_url,
                    may_act=current.may_act,
                    token=current.token,
                    replayable_entities=list(current.spec.replay_entities if current.spec else ()),
                )
            )

        return current.html(f"{name} records", await run_in_threadpool(read))

    @app.get("/t/{tenant}/records/{entity}/{source_id:path}")
    async def record_page(request: Request, tenant: str, entity: str, source_id: str) -> Response:
        current = await view(request, tenant)
        assert current.tenant is not None and current.spec is not None
        ledger = await ledger_of(current)
        key = RecordKey(current.tenant.name, current.tenant.integration, entity, source_id)
        record = await run_in_threadpool(ledger.get, key)
        if record is None:
            return current.html("No such record", f'<p class="notice error">The ledger holds no {e(key)}.</p>', 404)
        trail = await run_in_threadpool(ledger.audit, key)
        replayable = entity in current.spec.replay_entities and record.status.value in REPLAYABLE
        body = pages.record_page(
            record,
            trail,
            airflow_root=current.airflow_root,
            may_act=current.may_act,
            token=current.token,
            tenant_url=current.tenant_url,
            replayable=replayable,
            requested_runs={
                action: dag_id
                for action, suffix in (
                    (IMPORT_REQUESTED, current.spec.import_orders_dag),
                    (PUSH_REQUESTED, current.spec.push_stock_dag),
                )
                if (dag_id := operation_dag(current.tenant, suffix))
            },
        )
        return current.html(f"{entity} {source_id}", body)

    @app.post("/t/{tenant}/replay")
    async def replay(request: Request, tenant: str) -> Response:
        current = await view(request, tenant, action=True)
        assert current.tenant is not None and current.spec is not None
        if not current.may_act:
            return current.html(
                "Not allowed",
                '<p class="notice error">You may look, not act: replaying needs '
                f"edit rights on {e(current.tenant.name)}'s DAGs and on {REPLAY_DAG_ID}.</p>",
                403,
            )
        form = await csrf_checked_form(current, request)
        if isinstance(form, Response):
            return form
        ledger = await ledger_of(current)
        values = {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}
        name, integration_name, spec, user = (
            current.tenant.name,
            current.tenant.integration,
            current.spec,
            current.caller.name,
        )

        def act() -> str:
            if (values.get("scope") or [""])[0] == "matching":
                keys = matching_keys(ledger, read_filter(values).record_filter(name, integration_name))
            else:
                keys = parse_keys(name, integration_name, values.get("key", []))
            outcome = request_replay(
                ledger=ledger, airflow=current.services.airflow, spec=spec, tenant=name, keys=keys, user=user
            )
            log.info(
                "erplink page: %s asked to replay %d record(s) of %s: runs %s",
                user,
                len(keys),
                name,
                [run.run_id for run in outcome.runs],
            )
            return pages.replay_result(
                outcome,
                airflow_root=current.airflow_root,
                tenant_url=current.tenant_url,
                replay_paused=current.services.airflow.is_paused(REPLAY_DAG_ID),
            )

        try:
            body = await run_in_threadpool(act)
        except (TooManyRecordsError, ValueError) as exc:
            return current.html("Replay", f'<p class="notice error">{e(mask_message(str(exc)))}</p>', 400)
        return current.html("Replay", body)

    @app.get("/t/{tenant}/webhooks")
    async def webhooks(request: Request, tenant: str) -> Response:
        current = await view(request, tenant)
        assert current.tenant is not None and current.spec is not None
        ledger = await ledger_of(current)
        config, spec, services = current.tenant, current.spec, current.services
        system = spec.store_system if spec.ensure_webhooks is not None or spec.consumes_webhooks_of else None

        def read() -> str:
            return pages.webhooks_page(
                system=system,
                inbox=ledger.inbox_stats(system=system, tenant=config.name) if system else {},
                deliveries=services.delivery_counts(system, config.name) if system else None,
                last_delivery=ledger.inbox_last_delivery(system=system, tenant=config.name) if system else None,
                rejected=ledger.inbox_rejected(system=system, tenant=config.name, limit=20) if system else [],
                watermarks=ledger.watermarks(config.name, config.integration),
                check=services.airflow.last_webhook_check(services.airflow.tenant_dag_ids(config.dag_prefix)),
                airflow_root=current.airflow_root,
            )

        return current.html(f"{config.name} webhooks", await run_in_threadpool(read))

    @app.get("/t/{tenant}/reconciliation")
    async def reconciliation(request: Request, tenant: str, since: str = "", until: str = "") -> Response:
        current = await view(request, tenant)
        assert current.tenant is not None and current.spec is not None
        if current.spec.reconcile is None:
            return current.html(
                "Reconciliation", f"<p>The {e(current.spec.title)} integration offers no reconciliation.</p>"
            )
        yesterday = date.today() - timedelta(days=1)
        body = "<h1>Reconciliation</h1>" + pages.reconciliation_form(
            current.tenant_url, since or str(yesterday), until or str(yesterday)
        )
        if not since or not until:
            return current.html("Reconciliation", body)
        ledger = await ledger_of(current)
        config, user = current.tenant, current.caller.name

        def run() -> str:
            from erplink.reconciliation import reconcile

            start = datetime.combine(date.fromisoformat(since), datetime.min.time(), UTC)
            end = datetime.combine(date.fromisoformat(until), datetime.min.time(), UTC) + timedelta(days=1)
            fc = FlowContext(
                tenant=config,
                ledger=ledger,
                log=logging.getLogger(f"erplink.{config.name}"),
                attempt=AttemptContext(task_id="reconcile", worker=f"erplink page: {user}"),
            )
            return pages.reconciliation_report(reconcile(fc, since=start, until=end), current.tenant_url)

        try:
            body += await run_in_threadpool(run)
        except Exception as exc:  # a system that does not answer, a connection missing: said on the page
            log.warning("reconciliation of %s failed: %s", config.name, mask_message(str(exc)))
            body += (
                f'<p class="notice error">Reconciliation failed: {e(mask_message(str(exc) or type(exc).__name__))}</p>'
            )
        return current.html("Reconciliation", body)

    add_manual_routes(app, view=view, ledger_of=ledger_of)
    return app


__all__ = ["URL_PREFIX", "PageServices", "create_page_app"]
