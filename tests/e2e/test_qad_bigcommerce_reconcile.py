"""Reconciliation of QAD ↔ BigCommerce end to end: the demo_bigcommerce tenant's orders DAG on the BigCommerce and
QAD sandboxes, then its reconciliation against QAD's journal entries. After a clean run the store and QAD's books
agree on every order and refund (each sale's entry netted on the receivable, tax and shipping accounts) and the
daily reconciliation DAG succeeds; once one line of one sale's journal entry is altered in QAD, exactly that order
is named with the field that differs, the DAG fails and `erplink reconcile` exits 1 naming it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from erplink.cli import main as erplink_command
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext
from erplink.reconciliation import reconcile
from tests.support.integration import REPO, Harness, _reset_task_runtime_caches, shipped_tenant, start_harness

pytestmark = pytest.mark.slow

TENANT = "demo_bigcommerce"
STORE_KEY = "bcdemo"
RECEIVABLE = "1200"
SINCE = datetime(2000, 1, 1, tzinfo=UTC)
ALTERED_BY = Decimal("1.50")


@pytest.fixture(scope="module")
def h(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with pytest.MonkeyPatch.context() as patch:
        harness = start_harness(tmp_path_factory.mktemp("qad_bigcommerce_reconcile"), patch, orders=60, skus=30,
                                tenant=TENANT)  # fmt: skip
        # Books open for the store's whole history, so every sale can be posted and compared.
        harness.configure(orders={**shipped_tenant(TENANT)["orders"], "initial_lookback_days": 800})
        harness.bigcommerce.clock = lambda: datetime.now(UTC) - timedelta(seconds=300)
        now = datetime.now(UTC)
        for months_back in range(0, 26):
            index = now.year * 12 + now.month - 1 - months_back
            harness.qad.set_gl_period(index // 12, index % 12 + 1, is_open=True)
        try:
            yield harness
        finally:
            harness.running.close()
            _reset_task_runtime_caches()


def _flow_context(h: Harness) -> FlowContext:
    return FlowContext(tenant=load_tenants(h.config_path).get(TENANT), ledger=h.ledger(),
                       attempt=AttemptContext(task_id="reconcile"), log=logging.getLogger("test"))  # fmt: skip


def _period() -> tuple[datetime, datetime]:
    return SINCE, datetime.now(UTC) + timedelta(days=1)


def _reconcile_dag() -> Any:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO / "dags" / "erplink_reconcile.py"))
    assert bag.import_errors == {}
    dag = bag.dags["erplink__reconcile"]
    assert dag.task_ids == [f"reconcile_{TENANT}"]
    return dag


def _dag_state(since: datetime, until: datetime) -> str:
    run = _reconcile_dag().test(run_conf={"since": since.isoformat(), "until": until.isoformat()})
    return str(getattr(run.state, "value", run.state))


def test_after_a_clean_run_the_store_and_qads_books_agree_and_the_dag_succeeds(h: Harness) -> None:
    assert h.run("orders") == "success"
    since, until = _period()

    report = reconcile(_flow_context(h), since=since, until=until)

    assert report.differences == [] and report.clean
    assert report.documents > 0
    assert sum(t.orders for t in report.erp.values()) > 0, "sales were found in QAD's journal entries"
    assert sum(t.refunds for t in report.erp.values()) > 0, "refund entries were compared too"
    assert sum(t.shipping for t in report.erp.values()) > 0, "shipping was compared"
    for currency, store in report.store.items():  # every sale is either in QAD's books or held back in the ledger
        erp, held = report.erp.get(currency), report.held_back_totals.get(currency)
        in_erp = (erp.orders, erp.order_total, erp.refund_total) if erp else (0, 0, 0)
        kept = (held.orders, held.order_total, held.refund_total) if held else (0, 0, 0)
        assert (store.orders, store.order_total, store.refund_total) == tuple(
            a + b for a, b in zip(in_erp, kept, strict=True)), currency  # fmt: skip
    assert _dag_state(since, until) == "success"


def test_a_journal_line_altered_in_qad_names_exactly_its_order_fails_the_dag_and_the_command(
    h: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    sale = next(
        entry
        for entry in h.qad.documents("journal-entries")
        if re.fullmatch(rf"BC-{STORE_KEY}-\d+", entry["externalRef"])
    )  # an order's sale, no suffix
    [receivable] = [line for line in sale["lines"] if line["account"] == RECEIVABLE]
    h.qad.alter_journal_line(sale["journalEntryNumber"], receivable["line"],
                             debit=Decimal(receivable["debit"]) + ALTERED_BY, credit=Decimal(0))  # fmt: skip
    since, until = _period()

    report = reconcile(_flow_context(h), since=since, until=until)

    [difference] = report.differences
    assert difference.reference == sale["externalRef"]
    assert difference.erp_number == sale["journalEntryNumber"]
    assert set(difference.fields) == {"total"}
    store_total, erp_total = difference.fields["total"]
    assert Decimal(erp_total) - Decimal(store_total) == ALTERED_BY

    assert _dag_state(since, until) == "failed", "a difference fails the scheduled DAG"

    capsys.readouterr()
    code = erplink_command(["reconcile", "--tenant", TENANT, "--since", since.isoformat(),
                            "--until", until.isoformat()])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1
    printed = json.loads(out[out.index("\n{\n") + 1 :] if not out.startswith("{") else out)  # after any log lines
    assert [d["reference"] for d in printed["differences"]] == [difference.reference]
    assert printed["tenant"] == TENANT and not printed["clean"]
    assert f"bigcommerce order {difference.source_id}" in err
