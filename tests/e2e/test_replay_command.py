"""`erplink replay` re-runs exactly the chosen quarantined records once their cause is fixed."""

from __future__ import annotations

from erplink.cli import main as erplink
from tests.support.integration import Harness


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
