"""kill -9 of the orders DAG while it is posting sales orders: the next run finishes the job, exactly once."""

from __future__ import annotations

from tests.e2e.checks import duplicated_refs, expectation, kill_while_posting, posted_refs
from tests.support.integration import Harness

# QAD answers slowly enough that the load step is still posting when the test looks.
QAD_LATENCY_MS = 40


def test_run_killed_mid_load_then_rerun_posts_every_order_exactly_once(integration, database_url) -> None:
    """On SQLite and on PostgreSQL: whatever the kill interrupted (a claim, a create QAD already applied, a
    write-back), the in-process re-run leaves no duplicate externalRef and no missing order or credit memo."""
    h: Harness = integration(orders=100, skus=40, ledger_url=database_url)
    want = expectation(h)
    h.running.qad.faults.set({"latency_ms": QAD_LATENCY_MS})
    at_kill = kill_while_posting(h, len(want.sales_orders))
    assert at_kill > 0
    unfinished = [r for r in h.records("order") if r.status.value in ("pending", "in_flight")]
    assert unfinished, "the kill left nothing for the re-run to finish"
    h.running.qad.faults.clear()

    assert h.run("orders") == "success"

    assert duplicated_refs(h, "sales-orders") == {}
    assert duplicated_refs(h, "credit-memos") == {}
    assert duplicated_refs(h, "customers") == {}
    assert posted_refs(h) == set(want.sales_orders)
    assert posted_refs(h, "credit-memos") == set(want.credit_memos)
    emails = [c["email"].lower() for c in h.qad.documents("customers") if c["email"]]
    assert len(emails) == len(set(emails)), "a customer was created twice"
