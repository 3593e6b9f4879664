"""What the fault matrix shares: a counted FlowContext without sleeps, the full sync, and the checks after recovery.

Sizes: every scenario syncs RELIABILITY_ORDERS orders (default 300) and pushes a RELIABILITY_SKUS catalog
(default 300). A 1,000-order sync costs about 15 s on two cores with the sandboxes in the same process, and the
matrix has some twenty scenarios: at 300 the whole matrix stays within a few minutes while each scenario still
spans several pages, several load batches, dozens of new customers and every seeded edge case. Set the
environment variables to run it at 1,000 (or more).
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from oauthlib.oauth1.rfc5849.utils import parse_authorization_header
from requests.adapters import HTTPAdapter

from erplink.config.tenants import load_tenants
import erplink.integrations.qad_woocommerce.flows as flow
from erplink.flows.context import FlowContext
from erplink.integrations.qad_woocommerce.catalog import plan_catalog_updates, push_catalog, read_store_index
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from erplink.http.metrics import CallCounter
from erplink.http.redact import is_secret_name
from erplink.http.retry import RetryPolicy
from erplink.ledger import AttemptContext, Status
from erplink.load.errors import MappingError
from erplink.systems.qad.mappings.catalog import item_from_qad, price_from_qad, stock_level_from_qad

from tests.support.integration import TENANT, Harness

ORDERS = int(os.environ.get("RELIABILITY_ORDERS", "300"))
SKUS = int(os.environ.get("RELIABILITY_SKUS", "300"))
WORKER = "erplink__qad_woocommerce__demo.reliability"
SALE_STATUSES = ("processing", "completed", "refunded")
RECOVERY_DELAY = timedelta(minutes=5)  # longer than the window's lag behind now


class RecordedSleeps:
    """Stands in for time.sleep in the retry policy: records each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def flow_context(h: Harness, *, run_id: str = "run", sleeps: RecordedSleeps | None = None,
                 max_attempts: int = 8) -> FlowContext:
    """The demo tenant's context on the harness's ledger; retries wait on ``sleeps`` (never really)."""
    tenant = load_tenants().get(TENANT)
    retry = RetryPolicy(max_attempts=max_attempts, sleep=sleeps or RecordedSleeps(), max_elapsed=None)
    counter = CallCounter()
    return FlowContext(
        tenant=tenant, ledger=h.ledger(), attempt=AttemptContext(run_id=run_id, task_id="t", try_number=1,
                                                                 worker=WORKER),
        store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, retry=retry, counter=counter),
        erp_hook=QadHook(qad_conn_id=tenant.erp.conn_id, retry=retry, counter=counter),
    )  # fmt: skip


def extract(fc: FlowContext, **window_args: Any) -> dict[str, Any]:
    window, previous, *_ = flow.order_window(fc, params={}, data_interval_start=None, data_interval_end=None,
                                             **window_args)
    return flow.extract(fc, window, previous)


def sync(fc: FlowContext, **window_args: Any) -> dict[str, Any]:
    """The orders DAG's steps in order, as its tasks run them (a failed step does not stop the next ones)."""
    results: dict[str, Any] = {}
    for name, step in (("extract", lambda: extract(fc, **window_args)), ("orders", lambda: flow.load_orders(fc)),
                       ("refunds", lambda: flow.load_refunds(fc)), ("write_back", lambda: flow.write_back(fc))):
        try:
            results[name] = step()
        except Exception as exc:  # the DAG's task fails and its retry (the next sync here) takes over
            results[name] = exc
    return results


def recover(h: Harness, *, runs: int = 3) -> None:
    """Faults cleared, the schedule's next runs: each a fresh context, as a retried task gets.

    The runs happen "later": a window ends a lag behind now (late commits, clock skew), so changes made seconds
    ago are only read by a run some minutes on, as the next scheduled run would be.
    """
    for fault_free in (h.running.woocommerce.faults, h.running.qad.faults):
        fault_free.clear()
    later = datetime.now(UTC) + RECOVERY_DELAY
    for number in range(runs):
        sync(flow_context(h, run_id=f"recovery-{number}"), now=later)
        if not h.records("order", ("pending", "failed", "in_flight")) and \
                not h.records("order_marker", ("pending", "failed", "in_flight")):
            return


def assert_exactly_once(h: Harness) -> None:
    """Every sale order of the store is in QAD exactly once or quarantined with a reason naming it; refunds too;
    every posted order carries its write-back marker."""
    refs = Counter(doc["externalRef"] for doc in h.qad.documents("sales-orders"))
    duplicates = {ref: n for ref, n in refs.items() if n > 1}
    assert not duplicates, f"duplicate QAD sales orders: {duplicates}"
    memo_refs = Counter(doc["externalRef"] for doc in h.qad.documents("credit-memos"))
    assert not {ref: n for ref, n in memo_refs.items() if n > 1}, "duplicate QAD credit memos"

    by_id = {int(r.key.source_id): r for r in h.records("order")}
    missing, unexplained = [], []
    with h.woo.docs.lock:
        store_orders = list(h.woo.docs.orders.values())
    for order in store_orders:
        if order["status"] not in SALE_STATUSES:
            continue
        record = by_id.get(order["id"])
        if record is None or record.status not in (Status.DONE, Status.QUARANTINED):
            missing.append((order["id"], record.status if record else "not extracted"))
        elif record.status is Status.QUARANTINED and f"order {order['id']} " not in (record.last_error or ""):
            unexplained.append((order["id"], record.last_error))
        elif record.status is Status.DONE and refs.get(f"WC-demo-{order['id']}") != 1:
            missing.append((order["id"], "done in the ledger but not in QAD"))
    assert not missing, f"sale orders not in QAD: {missing[:10]} ({len(missing)})"
    assert not unexplained, f"quarantined without a reason naming the order: {unexplained[:5]}"
    for record in h.records("order", ("quarantined",)):
        assert record.last_error and record.last_error.strip(), f"order {record.key.source_id} has no reason"
    assert not h.records("refund", ("pending", "failed", "in_flight")), "refunds left unloaded"

    markers = {order["id"]: _marker(order) for order in store_orders}
    unmarked = [int(r.key.source_id) for r in h.records("order", ("done",))
                if markers.get(int(r.key.source_id)) != r.target_id]
    assert not unmarked, f"posted orders without their write-back marker: {unmarked[:10]} ({len(unmarked)})"


def _marker(order: dict[str, Any]) -> Any:
    for meta in order.get("meta_data") or []:
        if meta.get("key") == "_erplink_qad_ref":
            return meta.get("value")
    return None


def sync_and_recover(h: Harness, **context: Any) -> dict[str, Any]:
    results = sync(flow_context(h, **context))
    recover(h)
    assert_exactly_once(h)
    return results


# --------------------------------------------------------------------------------------------------- catalog


def store_disagreements(fc: FlowContext) -> list[str]:
    """SKUs whose store price or stock differs from QAD, read afresh from both sides."""
    erp = fc.tenant.erp
    items = _mapped(fc.erp.iter("items"), item_from_qad)
    prices = _mapped(fc.erp.prices(erp.price_list), price_from_qad)
    sites = sorted({loc.site for loc in erp.stock_locations})
    levels = [level for site in sites for level in _mapped(fc.erp.inventory(site), stock_level_from_qad)]
    plan = plan_catalog_updates(items, prices, levels, read_store_index(fc),
                                locations=[(loc.site, loc.location) for loc in erp.stock_locations],
                                currency=fc.tenant.store.currencies[0])
    return [update.sku for batch in plan.batches() for update in batch.updates]


def _mapped(rows: Iterable[dict[str, Any]], mapper: Any) -> list[Any]:
    """Rows the mapping accepts (the seeded QAD data holds a few bad rows, which the push also leaves out)."""
    out = []
    for row in rows:
        try:
            out.append(mapper(row))
        except MappingError:
            pass
    return out


def push_and_recover(h: Harness, **context: Any) -> None:
    try:
        push_catalog(flow_context(h, **context))
    except Exception:  # the catalog task fails; its retry is the next push
        pass
    for fault_free in (h.running.woocommerce.faults, h.running.qad.faults):
        fault_free.clear()
    push_catalog(flow_context(h, run_id="catalog-recovery"))
    assert store_disagreements(flow_context(h, run_id="catalog-check")) == []


# --------------------------------------------------------------------------------------------------- secrets


def connection_secrets(env: dict[str, str]) -> list[str]:
    """Every login (WooCommerce's is its consumer key), password and extra secret of the harness's connections."""
    found: list[str] = []
    for name, value in env.items():
        if not name.startswith("AIRFLOW_CONN_"):
            continue
        conn = json.loads(value)
        found += [conn.get("login"), conn.get("password")]
        found += [v for k, v in (conn.get("extra") or {}).items() if "secret" in k and isinstance(v, str)]
    return [s for s in found if isinstance(s, str) and len(s) >= 6]


def assert_no_secret_logged(h: Harness, texts: Iterable[str]) -> None:
    joined = "\n".join(texts)
    leaked = [secret[:4] + "…" for secret in connection_secrets(h.env) if secret in joined]
    assert not leaked, f"secrets in the captured output: {leaked}"


# Loggers that print requests at DEBUG: ours, the transport (request lines with query strings) and the signing
# libraries (signed URLs, headers, base strings). Root too, for anything else that propagates.
WATCHED_LOGGERS = ("erplink", "urllib3", "requests", "requests_oauthlib", "oauthlib", "airflow.task")
# Shorter values (a nonce-free "abc") would match by chance; every real credential here is far longer.
_MIN_SECRET_LENGTH = 8


class SecretWatch:
    """Everything that must never show in captured output, collected while a scenario runs, and the check.

    Beyond the connections' logins, passwords and extra secrets: the Basic header each login/password pair makes,
    every bearer token the QAD sandbox issues (seen at the sandbox, in process), and every credential that went on
    the wire (Authorization header values, OAuth signatures, secret query parameters), however it was made.
    Logging is captured at DEBUG, where request URLs and headers are printed.
    """

    def __init__(self, h: Harness, caplog: Any, monkeypatch: Any) -> None:
        self.h = h
        self.caplog = caplog
        self.issued_tokens: list[str] = []
        self.sent_credentials: set[str] = set()
        caplog.set_level(logging.DEBUG)
        for name in WATCHED_LOGGERS:
            caplog.set_level(logging.DEBUG, logger=name)
        self._record_issued_tokens()
        self._record_sent_credentials(monkeypatch)

    def _record_issued_tokens(self) -> None:
        state = self.h.running.qad.state
        for tenant in state.tenants:
            tokens = state._store(tenant).tokens
            issue = tokens.issue

            def recording_issue(subject: str, _issue: Any = issue) -> str:
                token = _issue(subject)
                self.issued_tokens.append(token)
                return token

            tokens.issue = recording_issue

    def _record_sent_credentials(self, monkeypatch: Any) -> None:
        send = HTTPAdapter.send
        watch = self

        def recording_send(adapter: HTTPAdapter, request: Any, *args: Any, **kwargs: Any) -> Any:
            watch._note_request(request)
            return send(adapter, request, *args, **kwargs)

        monkeypatch.setattr(HTTPAdapter, "send", recording_send)

    def _note_request(self, request: Any) -> None:
        header = request.headers.get("Authorization")
        if isinstance(header, bytes):
            header = header.decode()
        if header:
            scheme, _, credentials = header.partition(" ")
            if scheme.lower() == "oauth":
                self.sent_credentials.update(v for k, v in parse_authorization_header(header)
                                             if is_secret_name(k))
            else:
                self.sent_credentials.add(credentials)
        for name, value in parse_qsl(urlsplit(request.url or "").query):
            if is_secret_name(name):
                self.sent_credentials.add(value)

    def secrets(self) -> list[str]:
        found = connection_secrets(self.h.env)
        found += [base64.b64encode(f"{login}:{password}".encode()).decode()
                  for login, password in connection_credentials(self.h.env)]
        found += self.issued_tokens
        for value in self.sent_credentials:
            found += [value, unquote(value)]
        return sorted({s for s in found if s and len(s) >= _MIN_SECRET_LENGTH})

    def texts(self, capsys: Any = None) -> list[str]:
        """Every log record (message and formatted, tracebacks included), stdout/stderr, and the ledger's errors."""
        texts = [r.getMessage() for r in self.caplog.records] + [self.caplog.text]
        if capsys is not None:
            texts += list(capsys.readouterr())
        texts += ledger_texts(self.h)
        return texts

    def assert_nothing_leaked(self, capsys: Any = None, *, extra: Iterable[str] = ()) -> None:
        assert self.issued_tokens, "the QAD sandbox issued no token while watched: the check would prove nothing"
        assert any(r.levelno == logging.DEBUG for r in self.caplog.records), "DEBUG lines were not captured"
        joined = "\n".join([*self.texts(capsys), *extra])
        leaked = [secret[:4] + "…" for secret in self.secrets() if secret in joined]
        assert not leaked, f"secrets in the captured output: {leaked}"


def connection_credentials(env: dict[str, str]) -> list[tuple[str, str]]:
    """(login, password) of each harness connection that has both: what a Basic header would carry."""
    pairs = []
    for name, value in env.items():
        if name.startswith("AIRFLOW_CONN_"):
            conn = json.loads(value)
            if conn.get("login") and conn.get("password"):
                pairs.append((conn["login"], conn["password"]))
    return pairs


def ledger_texts(h: Harness) -> list[str]:
    """The errors the ledger keeps: each record's last error and every audit entry's."""
    texts = []
    for record in h.ledger().records(tenant=h.tenant):
        texts.append(record.last_error or "")
        texts += [entry.error or "" for entry in h.ledger().audit(record.key)]
    return texts
