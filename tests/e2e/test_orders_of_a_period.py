"""The orders of a period as the erplink page lists them (the integration's dry run, order by order) and their
import (the orders DAG with the chosen ``order_ids``, as the page starts it): every store order of the period is
listed once with what a real run would do to it, the listing writes nothing, and the import takes exactly the
chosen orders into the ERP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from erplink import registry
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext
from erplink.windows import Window
from tests.support.integration import Harness

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("tenant", ["demo", "demo_acumatica"])
def test_each_order_of_the_period_is_listed_with_what_a_run_would_do_and_the_chosen_ones_are_imported(
    integration, tenant: str
) -> None:
    h: Harness = integration(orders=20, skus=20, tenant=tenant)
    config = load_tenants(h.config_path).get(tenant)
    spec = registry.integration(config.integration)
    assert spec.plan_dry_run is not None and spec.import_orders_dag == "orders"
    fc = FlowContext(tenant=config, ledger=h.ledger(), attempt=AttemptContext(worker="test"))
    now = datetime.now(UTC)

    plan = spec.plan_dry_run(fc, Window(now - timedelta(days=3650), now + timedelta(days=1)))

    listed = {order["id"]: order for order in plan["orders"]}
    assert len(listed) == len(plan["orders"]) == plan["orders_read"]
    assert set(listed) <= {order["id"] for order in h.world.orders}
    assert h.records("order") == []  # listing wrote nothing
    verdicts = {order["verdict"] for order in listed.values()}
    assert "send" in verdicts, verdicts
    chosen = sorted(order_id for order_id, order in listed.items() if order["verdict"] == "send")[:2]
    for order_id in chosen:
        assert any(outcome.startswith("create ") for outcome in listed[order_id]["outcomes"]), listed[order_id]

    assert h.run("orders", {"order_ids": chosen}) == "success"

    assert sorted(int(record.key.source_id) for record in h.records("order")) == chosen
    assert {record.status.value for record in h.records("order")} == {"done"}
