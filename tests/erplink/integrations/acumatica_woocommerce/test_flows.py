"""Every step of Acumatica ↔ WooCommerce that calls Acumatica gives its API-user seat back when it ends, however it
ends: the licence (two seats on a trial) is never held by a finished task."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from erplink.integrations.acumatica_woocommerce import flows
from erplink.ledger import Ledger
from tests.erplink.systems.acumatica.sandbox_hook import sandbox, value
from tests.erplink.systems.acumatica.target_world import TargetWorld


@pytest.fixture
def world(tmp_path) -> Iterator[TargetWorld]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    world = TargetWorld(sandbox(), ledger)
    world.add_items("HOODIE-BLUE-M", "SOCKS-3PK")
    yield world
    ledger.dispose()


def test_the_order_and_refund_loads_end_their_sessions(world, registered_order, refunds_of_1042) -> None:
    world.put_order(registered_order)
    world.put_refund(registered_order, refunds_of_1042[77])

    assert flows.load_orders(world.context())["created"] == 1
    assert world.box.state.open_sessions() == []
    assert flows.load_refunds(world.context())["created"] == 1
    assert world.box.state.open_sessions() == []
    assert [value(doc, "Status") for doc in world.invoices("Credit Memo")] == ["Open"]


def test_a_step_that_fails_after_calling_acumatica_still_ends_its_session(world, registered_order, monkeypatch):
    world.put_order(registered_order)

    def ledger_gone(*_args, **_kwargs):
        raise RuntimeError("the ledger went away")

    monkeypatch.setattr(flows, "run_protocol", ledger_gone)
    fc = world.context()
    with pytest.raises(RuntimeError, match="ledger went away"):
        flows.load_orders(fc)
    assert fc.erp.counter.count("acumatica", "GET StockItem by filter") == 1  # the SKUs were looked up first
    assert world.box.state.open_sessions() == []
