"""`erplink replay` re-runs exactly the chosen quarantined records once their cause is fixed."""

from __future__ import annotations

from erplink.cli import main as erplink
from tests.support.integration import REPO, Harness


def test_replay_command_posts_a_fixed_order_once_and_leaves_the_others_alone(integration, capsys) -> None:
    h: Harness = integration(orders=80, skus=40)
    sale = next(o for o in h.world.orders if o["status"] == "processing" and o["currency"] == "USD"
                and all(line["sku"] and line["sku"] not in h.world.missing_skus for line in o["line_items"]))
    sku = sale["line_items"][0]["sku"]
    h.qad.deactivate_item(sku)  # QAD refuses inactive items: every order selling it is held back
    assert h.run("orders") == "success"
    held = [r for r in h.records("order", ("quarantined",)) if sku in (r.last_error or "")]
    target = next(r for r in held if r.key.source_id == str(sale["id"]))
    h.qad.set_item_status(sku, "ACTIVE")
    before = {d["externalRef"] for d in h.qad.documents("sales-orders")}
    others_before = {r.key.source_id: r.status for r in h.records("order", ("quarantined",))}

    assert erplink(["replay", "--tenant", "demo", "--entity", "order", "--id", target.key.source_id]) == 0
    assert erplink(["replay", "--tenant", "demo", "--entity", "order", "--id", target.key.source_id]) == 0

    after = [d["externalRef"] for d in h.qad.documents("sales-orders")]
    reference = f"WC-demo-{target.key.source_id}"
    assert reference not in before and after.count(reference) == 1
    assert set(after) - before == {reference}
    still_held = {r.key.source_id for r in h.records("order", ("quarantined",))}
    assert still_held == set(others_before) - {target.key.source_id}


def test_replay_dry_run_lists_and_changes_nothing(integration, capsys) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    held = {r.key.source_id for r in h.records("order", ("quarantined",))}
    assert erplink(["replay", "--tenant", "demo", "--entity", "order", "--dry-run"]) == 0
    assert f'"matched": {len(held)}' in capsys.readouterr().out
    assert {r.key.source_id for r in h.records("order", ("quarantined",))} == held


def test_a_replay_that_cannot_reach_qad_leaves_the_order_quarantined_and_a_later_replay_posts_it(
        integration, capsys, monkeypatch) -> None:
    """A replay with a missing QAD connection (the command or the replay DAG) changes no status: the order stays
    quarantined, so `erplink status` still lists it and the next replay matches it; the failure is in its audit
    trail, and the command exits non-zero with one line naming the connection."""
    h: Harness = integration(orders=60, skus=30)
    sale = next(o for o in h.world.orders if o["status"] == "processing" and o["currency"] == "USD"
                and all(line["sku"] and line["sku"] not in h.world.missing_skus for line in o["line_items"]))
    sku = sale["line_items"][0]["sku"]
    h.qad.deactivate_item(sku)
    assert h.run("orders") == "success"
    record = next(r for r in h.records("order", ("quarantined",)) if r.key.source_id == str(sale["id"]))
    h.qad.set_item_status(sku, "ACTIVE")
    qad_connection = h.env["AIRFLOW_CONN_ERPLINK_QAD_DEMO"]
    monkeypatch.delenv("AIRFLOW_CONN_ERPLINK_QAD_DEMO")
    capsys.readouterr()

    assert erplink(["replay", "--tenant", "demo", "--entity", "order", "--id", record.key.source_id]) != 0

    err = capsys.readouterr().err
    assert "erplink_qad_demo" in err and "Traceback" not in err
    after = h.ledger().get(record.key)
    assert (after.status, after.attempts, after.last_error) == ("quarantined", record.attempts, record.last_error)
    assert "erplink_qad_demo" in (h.ledger().audit(record.key)[-1].error or "")
    assert erplink(["status", "--tenant", "demo"]) == 0
    assert f'"source_id": "{record.key.source_id}"' in capsys.readouterr().out
    # The replay DAG fails the same way, and the order stays quarantined.
    assert _replay_dag_run(record.key.source_id) == "failed"
    assert h.ledger().get(record.key).status == "quarantined"

    monkeypatch.setenv("AIRFLOW_CONN_ERPLINK_QAD_DEMO", qad_connection)
    assert erplink(["replay", "--tenant", "demo", "--entity", "order", "--id", record.key.source_id]) == 0
    assert [d["externalRef"] for d in h.qad.documents("sales-orders")].count(f"WC-demo-{record.key.source_id}") == 1
    assert h.ledger().get(record.key).status == "done"


def _replay_dag_run(source_id: str) -> str:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(REPO / "dags")).dags["erplink__replay"]
    run = dag.test(run_conf={"tenant": "demo", "entity": "order", "source_ids": [source_id]})
    return str(getattr(run.state, "value", run.state))
