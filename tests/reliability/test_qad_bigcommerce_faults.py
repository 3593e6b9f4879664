"""QAD ↔ BigCommerce under every fault the sandboxes can inject into the calls its journal posting depends on, on
one seeded world shared by the module (the tests run in file order, each adding its own store money; a test run
alone first syncs the seeded world under its fault, which proves the same).

On QAD's side the faults hit the journal entry POST and the journal browse that looks an entry up by its reference
(HTTP 500, 503, 429 with Retry-After, a dropped connection, an answer slower than the client's timeout, and, for
the POST, the answer lost after QAD saved the entry); on BigCommerce's the order list, an order's transactions and
the store-wide refunds list (429 with the store's rate-limit headers, 500, a dropped connection). After the faulty
run, the faults cleared, the schedule's next runs and a replay of whatever a fault held back, every sale, payment
and refund of the store (every GL period is open) is exactly one QAD journal entry (counted by external reference
in QAD's journal entries and compared with the store sandbox's own orders, transactions and refunds, not with
erplink's ledger), no reference twice, every entry balanced, and neither the QAD password nor the BigCommerce
access token shows in any log line, output or ledger error.

Within the faulty run: a journal POST QAD certainly did not take (503 and 429 name a time to come back) is sent
again; one whose outcome is unknown (a 500, a cut connection, a timeout, a lost answer) is not, its record fails and
the next run looks its reference up first, finding the entry QAD saved; a read (the journal browse, the store's
lists) is sent again on any transient fault, waiting what the server's hint says.

The fault is armed as the targeted call is about to be made, with one load thread, so it hits that call (and its
resends).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sandbox.bigcommerce.money import v2_money, v3_number

import erplink.integrations.qad_bigcommerce.flows as flow
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.ledger import AttemptContext
from erplink.replay import replay
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
from erplink.systems.qad.hooks.qad import QadHook
from tests.reliability.support import RecordedSleeps, SecretWatch, ledger_texts
from tests.support.integration import Harness, _reset_task_runtime_caches, shipped_tenant, start_harness

TENANT = "demo_bigcommerce"
STORE_KEY = "bcdemo"
ORDERS, SKUS = 100, 30
WORKER = f"erplink__qad_bigcommerce__{TENANT}.reliability"
ENTITIES = ("order", "payment", "refund")
UNSETTLED = ("pending", "failed", "in_flight")
SALE_STATUS_IDS = {2, 3, 8, 9, 10, 11} | {4, 14}  # the tenant's sale statuses, and the refunded ones (sold first)
UNPAID_SALE_STATUS_IDS = {10, 11}  # sales with no refund yet: a new capture and refund of 1.00 fit any of them
AWAITING_PAYMENT, MANUAL_VERIFICATION, AWAITING_FULFILLMENT = 7, 12, 11
BOOKS_MONTHS = 26  # GL periods opened, back from this month: the seeded store's whole history
QAD_TIMEOUT_S = 1.0  # the QAD connection's timeout in these tests; a slow answer takes longer
SLOW_S = 1.6
RESENDS = 3  # a transient fault answers this many sends in a row: fewer than the client's attempts
QAD_RETRY_AFTER_S = 7.0
BIGCOMMERCE_RESET_MS = 1500
NEW_MONEY = Decimal("1.00")


# --------------------------------------------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def bigcommerce(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    """One seeded world (100 orders, 30 SKUs) on BigCommerce and QAD, one load thread, every GL period of the
    store's history open, the store stamping its changes 300 s back (each run comes minutes after what it reads)."""
    with pytest.MonkeyPatch.context() as patch:
        h = start_harness(tmp_path_factory.mktemp("qad_bigcommerce"), patch, orders=ORDERS, skus=SKUS, tenant=TENANT)
        try:
            h.configure(orders={**shipped_tenant(TENANT)["orders"], "initial_lookback_days": 800, "max_workers": 1})
            h.bigcommerce.clock = lambda: datetime.now(UTC) - timedelta(seconds=300)
            # Retries here are recorded, not waited for, so a spent quota window would never reset: the store's
            # own quota is lifted, and the injected 429s (with the same headers) stand in for it.
            h.bigcommerce.set_options(replace(h.bigcommerce.options, quota_per_window=1_000_000))
            now = datetime.now(UTC)
            for months_back in range(BOOKS_MONTHS):
                index = now.year * 12 + now.month - 1 - months_back
                h.qad.set_gl_period(index // 12, index % 12 + 1, is_open=True)
            yield h
        finally:
            h.running.close()
            _reset_task_runtime_caches()


@pytest.fixture(scope="module")
def used_orders() -> set[int]:
    """Store orders a test already gave new money to (each test takes fresh ones)."""
    return set()


def flow_context(h: Harness, *, run_id: str, task: str, sleeps: RecordedSleeps | None = None) -> FlowContext:
    """The tenant's context for one task of a run; HTTP retries are recorded, not waited for."""
    tenant = load_tenants().get(TENANT)
    retry = RetryPolicy(max_attempts=8, sleep=sleeps or RecordedSleeps(), max_elapsed=None)
    counter = CallCounter()
    return FlowContext(
        tenant=tenant, ledger=h.ledger(),
        attempt=AttemptContext(run_id=run_id, task_id=task, try_number=1, worker=f"{WORKER}.{task}"),
        store_hook=BigCommerceHook(bigcommerce_conn_id=tenant.store.conn_id, retry=retry, counter=counter),
        erp_hook=QadHook(qad_conn_id=tenant.erp.conn_id, retry=retry, counter=counter),
    )  # fmt: skip


def _extract(fc: FlowContext) -> Any:
    window, previous, *_ = flow.order_window(fc, params={}, data_interval_start=None, data_interval_end=None)
    return flow.extract(fc, window, previous)


def sync(h: Harness, run_id: str, sleeps: RecordedSleeps | None = None) -> dict[str, Any]:
    """The orders DAG's steps in order, each in its own task context (a failed step does not stop the next)."""
    results: dict[str, Any] = {}
    for task, step in (
        ("extract", _extract),
        ("sales", flow.load_orders),
        ("payments", flow.load_payments),
        ("refunds", flow.load_refunds),
        ("write_back", flow.write_back),
    ):
        try:
            results[task] = step(flow_context(h, run_id=run_id, task=task, sleeps=sleeps))
        except Exception as exc:  # the DAG's task fails and its retry (the next sync here) takes over
            results[task] = exc
    return results


def clear_faults(h: Harness) -> None:
    h.running.qad.faults.clear()
    h.running["bigcommerce"].faults.clear()
    h.qad.lose_answers("journal-entries", 0)


def recover(h: Harness, name: str, *, runs: int = 3) -> None:
    """Faults cleared, the schedule's next runs, until nothing is left to finish."""
    clear_faults(h)
    for number in range(runs):
        sync(h, f"{name}-recovery-{number}")
        if not any(h.records(entity, UNSETTLED) for entity in (*ENTITIES, "order_marker")):
            return


def replay_quarantined(h: Harness, name: str) -> list[str]:
    """What a person does once the cause is gone: replay the sales, payments and refunds a fault held back."""
    replayed = []
    for entity in ENTITIES:
        held = [r.key.source_id for r in h.records(entity, ("quarantined",))]
        if held:
            replay(flow_context(h, run_id=f"{name}-replay", task=f"replay-{entity}"), entity=entity, source_ids=held)
            replayed += [f"{entity} {source_id}" for source_id in held]
    if replayed:
        recover(h, f"{name}-after-replay")
    return replayed


# --------------------------------------------------------------------------------------------------- store money


def reference(order_id: int) -> str:
    return f"BC-{STORE_KEY}-{order_id}"


def _money_taken(transaction: dict[str, Any]) -> bool:
    """A transaction that moved money to the merchant (no test-mode payment, no failed attempt)."""
    return (
        transaction["event"] in ("purchase", "capture")
        and transaction["status"] == "ok"
        and not transaction.get("test")
    )


def _paid_for_real(transactions: list[dict[str, Any]]) -> bool:
    """Paid through a live gateway: a capture taken later goes the same way, and moves money (a test-mode one
    would not, and is rightly never posted)."""
    return any(map(_money_taken, transactions)) and not any(t.get("test") for t in transactions)


def store_references(h: Harness) -> set[str]:
    """The journal references the store's own records call for: each sale, each payment taken for it, each refund
    of it (read from the sandbox, not from erplink's ledger)."""
    records = h.bigcommerce.records
    with h.bigcommerce.lock:
        sales = {oid for oid, rec in records.orders.items() if rec.document["status_id"] in SALE_STATUS_IDS}
        wanted = {reference(oid) for oid in sales}
        wanted |= {f"{reference(oid)}-P{t['id']}" for oid in sales for t in records.transactions.get(oid, [])
                   if _money_taken(t)}  # fmt: skip
        wanted |= {f"{reference(int(r['order_id']))}-R{r['id']}" for r in records.refunds
                   if int(r["order_id"]) in sales}  # fmt: skip
    return wanted


def new_money(h: Harness, used: set[int], tag: str, *, sale: bool) -> list[str]:
    """New store money for the next run, and the journal references it calls for: a payment of 1.00 captured on a
    posted sale and a refund of 1.00 of it, and (``sale``) an order the merchant verified, now a sale."""
    state, records = h.bigcommerce, h.bigcommerce.records
    posted = {entry["externalRef"] for entry in h.qad.documents("journal-entries")}
    with state.lock:
        paid = next(oid for oid, rec in sorted(records.orders.items())
                    if oid not in used and rec.document["status_id"] in UNPAID_SALE_STATUS_IDS
                    and reference(oid) in posted and Decimal(rec.document["total_inc_tax"]) > 2 * NEW_MONEY
                    and _paid_for_real(records.transactions.get(oid, [])))  # fmt: skip
        used.add(paid)
        capture = state.capture_order(paid, amount=NEW_MONEY)
        refund_id = max((int(r["id"]) for r in records.refunds), default=0) + 1
        amount = v3_number(NEW_MONEY)
        records.refunds.append({
            "id": refund_id, "order_id": paid, "user_id": 0, "created": state.now(), "reason": tag,
            "total_amount": amount, "total_tax": 0.0, "uses_merchant_override_values": False,
            "items": [{"item_type": "ORDER", "item_id": paid, "reason": tag, "requested_amount": amount}],
            "payments": [{"id": refund_id, "provider_id": "custom", "amount": amount, "offline": True,
                          "is_declined": False, "declined_message": ""}],
        })  # fmt: skip
        document = records.orders[paid].document
        document["refunded_amount"] = v2_money(Decimal(document.get("refunded_amount") or 0) + NEW_MONEY)
        state.touch_order(paid)
        wanted = [f"{reference(paid)}-P{capture['id']}", f"{reference(paid)}-R{refund_id}"]
        if sale:
            verified = next(
                oid
                for oid, rec in sorted(records.orders.items())
                if oid not in used and rec.document["status_id"] in (MANUAL_VERIFICATION, AWAITING_PAYMENT)
            )
            used.add(verified)
            if records.orders[verified].document["status_id"] == AWAITING_PAYMENT:
                state.capture_order(verified)
            else:
                state.touch_order(verified, status_id=AWAITING_FULFILLMENT)
            wanted.append(reference(verified))
            wanted += [f"{reference(verified)}-P{t['id']}" for t in records.transactions.get(verified, [])
                       if _money_taken(t)]  # fmt: skip
    return wanted


# --------------------------------------------------------------------------------------------------- the checks


def _amount(value: Any) -> Decimal:
    return Decimal(str(value))


def assert_books_agree_with_the_store(h: Harness) -> None:
    """Every sale, payment and refund of the store is one QAD journal entry (no other, none twice), every entry
    balanced, and nothing left unsettled or held back in the ledger."""
    entries = h.qad.documents("journal-entries")
    posted = Counter(entry["externalRef"] for entry in entries)
    assert {ref: n for ref, n in posted.items() if n > 1} == {}, "a reference posted twice"
    wanted = store_references(h)
    assert sorted(wanted - set(posted)) == [], "store money not in QAD's books"
    assert sorted(set(posted) - wanted) == [], "QAD holds entries the store's records do not call for"
    unbalanced = [entry["externalRef"] for entry in entries
                  if sum(map(_amount, (line["debit"] for line in entry["lines"])), Decimal(0))
                  != sum(map(_amount, (line["credit"] for line in entry["lines"])), Decimal(0))]  # fmt: skip
    assert unbalanced == [], "journal entries whose debits and credits differ"
    for entity in (*ENTITIES, "order_marker"):
        assert not h.records(entity, (*UNSETTLED, "quarantined")), f"{entity} records not settled"


def assert_in_qad_once(h: Harness, references: list[str]) -> None:
    posted = Counter(entry["externalRef"] for entry in h.qad.documents("journal-entries"))
    assert {ref: posted.get(ref, 0) for ref in references} == dict.fromkeys(references, 1), "not once in QAD"


class JournalSecretWatch(SecretWatch):
    """The shared secret watch, which must hold the two credentials this integration sends: the QAD password
    (traded for the bearer tokens the QAD sandbox issues) and the BigCommerce access token (sent as X-Auth-Token
    on every store call, the store connection's password)."""

    def secrets(self) -> list[str]:
        # The metafield filter of the write-back is a query parameter named ``key``, which the shared watch takes
        # for a credential; its value is the metafield's public name, printed in every request line.
        public = {bigcommerce_store(load_tenants().get(TENANT)).reference_key}
        return [secret for secret in super().secrets() if secret not in public]

    def assert_nothing_leaked(self, capsys: Any = None, *, extra: Any = ()) -> None:
        watched = self.secrets()
        assert self.h.qad.credentials().password in watched, "the QAD password is not among the watched secrets"
        assert self.h.bigcommerce.credentials.access_token in watched, "the BigCommerce token is not watched"
        super().assert_nothing_leaked(capsys, extra=extra)


@pytest.fixture
def watch(bigcommerce: Harness, caplog: Any, monkeypatch: Any) -> JournalSecretWatch:
    bigcommerce.qad.expire_tokens()  # the run signs in under the watch
    return JournalSecretWatch(bigcommerce, caplog, monkeypatch)


# --------------------------------------------------------------------------------------------------- targets and faults


@dataclass(frozen=True)
class Target:
    """The call whose first occurrence arms the fault, and the requests it sends (their path's start)."""

    system: str  # the sandbox: "qad" or "bigcommerce"
    hook: type
    method: str
    path: Callable[[Harness, tuple[Any, ...]], str]
    write: bool = False
    applies: Callable[[tuple[Any, ...]], bool] = lambda _args: True


def _qad_path(h: Harness, rest: str) -> str:
    return f"/tenants/{h.qad.demo_tenant}/clouderp/api/{rest}"


def _store_path(h: Harness, rest: str) -> str:
    return f"/stores/{h.bigcommerce.options.store_hash}/{rest}"


TARGETS = {
    "QAD journal POST": Target(
        "qad", QadHook, "create", lambda h, _args: _qad_path(h, "erp/journalEntries"), write=True,
        applies=lambda args: args[0] == "journal-entries",
    ),
    "QAD journal browse": Target(
        "qad", QadHook, "_journal_entry_by_reference", lambda h, _args: _qad_path(h, "qracore/browses")
    ),
    "BigCommerce order list": Target("bigcommerce", BigCommerceHook, "iter_orders",
                                     lambda h, _args: _store_path(h, "v2/orders")),
    "BigCommerce transactions": Target("bigcommerce", BigCommerceHook, "transactions_of",
                                       lambda h, args: _store_path(h, f"v3/orders/{int(args[0])}/transactions")),
    "BigCommerce refunds": Target("bigcommerce", BigCommerceHook, "refunds_of",
                                  lambda h, _args: _store_path(h, "v3/orders/payment_actions/refunds")),
}  # fmt: skip


@dataclass(frozen=True)
class Fault:
    """How to arm it on the requests under a path, and what it does to a write it hits."""

    plan: Callable[[str], dict[str, Any]]  # the sandbox's fault plan for a path prefix
    on_write: str  # "resent" (certainly not applied) or "failed" (outcome unknown: never resent blindly)
    systems: tuple[str, ...]
    wait: float | None = None  # the wait the server's hint asks for, which the client must honour
    lost_answer: bool = False  # armed in QAD's journal store, not in the fault middleware


def _burst(status: int, count: int, headers: dict[str, str] | None = None) -> Callable[[str], dict[str, Any]]:
    return lambda path: {"status_burst": {"status": status, "count": count, "path_prefix": path,
                                          "headers": headers or {}}}  # fmt: skip


RATE_LIMIT_HEADERS = {  # the store's quota spent: the four headers of every BigCommerce answer
    "X-Rate-Limit-Time-Window-Ms": "30000",
    "X-Rate-Limit-Time-Reset-Ms": str(BIGCOMMERCE_RESET_MS),
    "X-Rate-Limit-Requests-Quota": "150",
    "X-Rate-Limit-Requests-Left": "0",
}
QAD, STORE, BOTH = ("qad",), ("bigcommerce",), ("qad", "bigcommerce")
FAULTS = {
    # A 500 with no wait named: on a write, QAD may have saved it.
    "HTTP 500": Fault(_burst(500, 1), "failed", BOTH),
    # 503 and 429 naming a time to come back: the server turned the request away.
    "HTTP 503": Fault(_burst(503, RESENDS), "resent", QAD),
    "HTTP 429 with Retry-After": Fault(
        _burst(429, RESENDS, {"Retry-After": f"{QAD_RETRY_AFTER_S:.0f}"}), "resent", QAD, wait=QAD_RETRY_AFTER_S
    ),
    "HTTP 429 with rate-limit headers": Fault(
        _burst(429, RESENDS, RATE_LIMIT_HEADERS), "resent", STORE, wait=BIGCOMMERCE_RESET_MS / 1000
    ),
    "dropped connection": Fault(lambda _path: {"drop_connections": 1}, "failed", BOTH),
    "slow answer past the timeout": Fault(
        lambda _path: {"slow_responses": {"count": 1, "seconds": SLOW_S}}, "failed", QAD
    ),
    "answer lost after the entry was saved": Fault(lambda _path: {}, "failed", QAD, lost_answer=True),
}


def _faults_left(h: Harness, system: str) -> int:
    remaining = h.running[system].faults.describe()["remaining"]
    with h.qad._locked(None) as store:
        lost = sum(store.lost_answers.values())
    return (
        sum(b["count"] for b in remaining["status_burst"])
        + remaining["drop_connections"]
        + remaining["slow_responses"]
        + lost
    )


def _arm(h: Harness, target: Target, fault: Fault, args: tuple[Any, ...]) -> None:
    if fault.lost_answer:
        h.qad.lose_answers("journal-entries", 1)
    else:
        h.running[target.system].faults.set(fault.plan(target.path(h, args)))


@contextlib.contextmanager
def armed_on(h: Harness, target: Target, fault: Fault, monkeypatch: Any) -> Iterator[list[str]]:
    """Arm ``fault`` as the first call matching ``target`` is about to be made; yields what that call was."""
    original = getattr(target.hook, target.method)
    hit: list[str] = []

    def armed(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not hit and target.applies(args):
            hit.append(f"{target.method}{args[:1]}")
            _arm(h, target, fault, args)
        return original(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(target.hook, target.method, armed)
        yield hit


def _set_qad_timeout(h: Harness, monkeypatch: Any, seconds: float) -> None:
    """The QAD connection's timeout, for this test only (each task context reads the connection afresh)."""
    name = f"AIRFLOW_CONN_{load_tenants().get(TENANT).erp.conn_id.upper()}"
    conn = json.loads(os.environ[name])
    conn["extra"] = {**conn.get("extra", {}), "timeout": seconds}
    monkeypatch.setenv(name, json.dumps(conn))


MATRIX = [
    (target, fault)
    for target, spec in TARGETS.items()
    for fault, how in FAULTS.items()
    if spec.system in how.systems and not (how.lost_answer and not spec.write)
]


# --------------------------------------------------------------------------------------------------- the rows


@pytest.mark.parametrize(("target", "fault"), MATRIX, ids=[f"{t}-{f}".replace(" ", "_") for t, f in MATRIX])
def test_a_fault_on_a_journal_or_store_call_ends_with_all_store_money_in_qad_once_and_no_secret_logged(
    bigcommerce: Harness,
    used_orders: set[int],
    watch: JournalSecretWatch,
    capsys: Any,
    monkeypatch: Any,
    target: str,
    fault: str,
) -> None:
    h, spec, how, name = bigcommerce, TARGETS[target], FAULTS[fault], f"{target}-{fault}"
    _set_qad_timeout(h, monkeypatch, QAD_TIMEOUT_S)
    # Once the seeded world is synced, each row adds its own store money (a new sale too when QAD is hit).
    synced = bool(h.records("order"))
    new = new_money(h, used_orders, name.replace(" ", "-"), sale=spec.system == "qad") if synced else []
    sleeps = RecordedSleeps()
    with armed_on(h, spec, how, monkeypatch) as hit:
        results = sync(h, f"{name}-faulty", sleeps)
    assert hit, f"no {target} call was made: the fault was never armed"
    assert _faults_left(h, spec.system) == 0, "the armed fault did not fire (in full)"

    failed = [f"{e} {r.key.source_id}" for e in ENTITIES for r in h.records(e, ("failed",))]
    held = [f"{e} {r.key.source_id}" for e in ENTITIES for r in h.records(e, ("quarantined",))]
    if spec.write and how.on_write == "failed":  # never resent blind: the next run looks the reference up first
        assert len(failed) == 1 and not held, (failed, held)
        # The failure's text is in the ledger, so the secret check below reads this tenant's ledger errors.
        assert any("HTTP" in text or "timed out" in text.lower() for text in ledger_texts(h)), "no ledger error read"
    else:  # a read, or a write QAD certainly did not take: sent again within the run
        assert (failed, held) == ([], []), "a transient fault outlasted the client's own retries"
        assert not isinstance(results["extract"], BaseException), results["extract"]
    if how.wait is not None:
        assert how.wait in sleeps.waits, f"the server's wait hint was not honoured: {sleeps.waits}"

    recover(h, name)
    assert replay_quarantined(h, name) == [], "a transient fault held a record back"
    assert_books_agree_with_the_store(h)
    assert_in_qad_once(h, new)
    watch.assert_nothing_leaked(capsys)
