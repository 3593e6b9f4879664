"""Reconciliation of Acumatica ↔ WooCommerce on the Acumatica sandbox and a store that lists the period's orders:
after a clean load the store and Acumatica agree on the order and its refunds; an invoice whose amount was
changed in Acumatica is named with the field; an order cancelled in the store whose invoice stands is named; and
the reconciliation gives its Acumatica seat back."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.ledger import Ledger
from erplink.reconciliation import ReconciliationReport, reconcile
from erplink.systems.acumatica.values import wrap
from tests.erplink.systems.acumatica.sandbox_hook import sandbox, value
from tests.erplink.systems.acumatica.target_world import TargetWorld
from tests.erplink.systems.acumatica.test_targets import SKUS, load_orders, load_refunds

SINCE, UNTIL = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)


class PeriodStore:
    """A store whose order list answers the period's orders (the trash, asked apart, is empty)."""

    def __init__(self, *orders: dict[str, Any]) -> None:
        self.orders = list(orders)

    def iter_orders(self, window: Any = None, *, statuses: Any = None, **_: Any) -> Iterator[dict[str, Any]]:
        return iter([] if statuses else self.orders)


@pytest.fixture
def world(tmp_path) -> Iterator[TargetWorld]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    world = TargetWorld(sandbox(), ledger)
    world.add_items(*SKUS)
    yield world
    ledger.dispose()


@pytest.fixture
def order(registered_order, refunds_of_1042) -> dict[str, Any]:
    """Order 1042 whose refund summary lists both of its refunds."""
    order = copy.deepcopy(registered_order)
    order["refunds"] = [{"id": r["id"], "reason": r["reason"], "total": f"-{r['amount']}"}
                        for r in refunds_of_1042.values()]  # fmt: skip
    return order


@pytest.fixture
def loaded(world, order, refunds_of_1042) -> TargetWorld:
    world.put_order(order)
    load_orders(world)
    for refund in refunds_of_1042.values():
        world.put_refund(order, refund)
    load_refunds(world)
    for hook in world.hooks:  # each load task logged out (the licence has two seats)
        hook.close()
    return world


def _reconcile(world: TargetWorld, store: PeriodStore) -> ReconciliationReport:
    return reconcile(replace(world.context(), store_hook=store), since=SINCE, until=UNTIL)


def test_after_a_clean_load_the_store_and_acumatica_agree_on_the_order_and_its_refunds(loaded, order) -> None:
    report = _reconcile(loaded, PeriodStore(order))

    assert report.differences == [] and report.held_back == []
    assert report.documents == 1 + len(order["refunds"])
    store, erp = report.store["USD"], report.erp["USD"]
    assert (erp.orders, erp.order_total, erp.tax, erp.shipping) == (store.orders, store.order_total, store.tax,
                                                                    store.shipping)  # fmt: skip
    assert (erp.refunds, erp.refund_total) == (store.refunds, store.refund_total) == (2, Decimal("30.00"))


def test_an_invoice_whose_amount_was_changed_in_acumatica_is_named_with_the_field(loaded, order) -> None:
    [invoice] = loaded.invoices()
    loaded.box.state.alter_document("SalesInvoice", ("Invoice", value(invoice, "ReferenceNbr")),
                                    wrap({"Amount": Decimal(order["total"]) + 1}))  # fmt: skip

    report = _reconcile(loaded, PeriodStore(order))

    [difference] = report.differences
    assert (difference.reference, difference.erp_number) == ("WC-shop-1042", value(invoice, "ReferenceNbr"))
    assert difference.fields == {"total": (order["total"], str(Decimal(order["total"]) + 1))}


def test_an_order_cancelled_in_the_store_whose_invoice_stands_is_named(loaded, order) -> None:
    cancelled = order | {"status": "cancelled"}

    report = _reconcile(loaded, PeriodStore(cancelled))

    assert {d.reference: d.problem for d in report.differences} == {
        "WC-shop-1042": "not a sale in the store, but open in the ERP",
        "WC-shop-1042-R77": "not a sale in the store, but open in the ERP",
        "WC-shop-1042-R78": "not a sale in the store, but open in the ERP",
    }


def test_the_reconciliation_gives_its_acumatica_seat_back(loaded, order) -> None:
    _reconcile(loaded, PeriodStore(order))

    assert loaded.box.state.open_sessions() == []
