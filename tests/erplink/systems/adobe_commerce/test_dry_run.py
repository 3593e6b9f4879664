"""The Adobe Commerce side of an orders dry run, against the sandbox store and a small recording planner: each order
the extract would take reaches the ERP side's planner as the extract would store it, with its paid invoices and
credit memos and the comment it would get; an order the ledger holds at its stamp costs no request but the list;
nothing is written anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sandbox import Sandbox
from sandbox.adobe_commerce import create_sandbox
from sandbox.seed import World

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord, RecordKey
from erplink.load.errors import MappingError, NotLoadable
from erplink.systems.adobe_commerce.dry_run import plan_orders
from erplink.systems.adobe_commerce.extract import ORDER, PAYMENT, REFUND, extract_orders, marker_of
from erplink.systems.adobe_commerce.writeback import ORDER_MARKER
from tests.erplink.flows.dry_run_support import (
    PaymentPlanner,
    RecordingPlanner,
    in_erp,
    ledger_rows,
    planned_number,
)
from tests.erplink.systems.adobe_commerce.flow import INTEGRATION, TENANT, adobe_commerce_tenant, flow_context
from tests.sandbox.adobe_commerce.conftest import world
from tests.sandbox.adobe_commerce.test_hook import hook_on

__all__ = ["world"]

PREFIX = "ERP reference:"  # the tenant section's default comment prefix
MONEY_LISTS = ("/V1/creditmemos", "/V1/invoices")


@pytest.fixture
def box(world: World) -> Sandbox:
    # No edits under the walk: what the dry run reads is what the extract of the same store reads.
    return create_sandbox(world, churn_every_pages=0)


def tenant(box: Sandbox) -> Any:
    currencies = tuple(sorted({o["order_currency_code"] for o in box.state.records.orders.values()}))
    return adobe_commerce_tenant(page_size=10, currencies=currencies)


@pytest.fixture
def fc(box: Sandbox) -> Iterator[FlowContext]:
    with flow_context(hook_on(box), tenant(box)) as context:
        yield context


def _requests(box: Sandbox) -> list[tuple[str, str]]:
    return [(entry["method"], entry["path"]) for entry in box.state.log.entries()]


def _change_in_store(box: Sandbox, order_id: int) -> None:
    """A merchant edit that changes what the ERP holds: the order's status (a new stamp alone changes nothing)."""
    status = "holded" if box.state.order(order_id)["status"] != "holded" else "processing"
    box.state.touch_order(order_id, status=status)


def _extracted(box: Sandbox) -> dict[str, dict[str, LedgerRecord]]:
    """What a real extract of the whole store leaves in a fresh ledger, by entity and source id."""
    with flow_context(hook_on(box), tenant(box)) as real:
        extract_orders(real, None)
        return {
            entity: {r.key.source_id: r for r in real.ledger.records(tenant=TENANT, entity=entity)}
            for entity in (ORDER, REFUND, PAYMENT)
        }


def _order_of(record: LedgerRecord) -> int:
    return int(record.key.source_id.split("-")[0])


def test_each_order_reaches_the_planner_as_the_extract_stores_it_with_its_invoices_credit_memos_and_comment(
    fc: FlowContext, box: Sandbox
) -> None:
    planner = PaymentPlanner(fc)
    result = plan_orders(fc, None, planner)

    stored = _extracted(box)
    assert stored[REFUND] and stored[PAYMENT], "the seed has credit memos and invoices to plan"
    assert {r.key.source_id: (r.payload, r.payload_hash, r.source_modified) for r in planner.orders} == {
        source_id: (r.payload, r.payload_hash, r.source_modified) for source_id, r in stored[ORDER].items()
    }
    assert {r.key.source_id: r.payload_hash for r, _ in planner.refunds} == {
        source_id: r.payload_hash for source_id, r in stored[REFUND].items()
    }
    assert {r.key.source_id: r.payload_hash for r, _ in planner.payments} == {
        source_id: r.payload_hash for source_id, r in stored[PAYMENT].items()
    }
    # Each invoice and credit memo goes with its order's planned document; each order would get its number.
    for money, number in planner.payments + planner.refunds:
        assert number == planned_number(_order_of(money))
    assert sorted(entry["order_id"] for entry in result["write_back"]) == sorted(map(int, stored[ORDER]))
    assert {entry["key"] for entry in result["write_back"]} == {PREFIX}
    assert result["orders_read"] == len(stored[ORDER]) and {o["verdict"] for o in result["orders"]} == {"send"}
    assert all(o["number"] and o["date_created_gmt"] and o["currency"] and o["customer"] for o in result["orders"])


def test_orders_the_ledger_holds_at_their_stamp_cost_no_request_but_the_list(fc: FlowContext, box: Sandbox) -> None:
    """Those in the ERP already ask for nothing; those still queued are planned from the ledger, invoices and
    credit memos included."""
    extract_orders(fc, None)
    orders = {r.key.source_id: r for r in fc.ledger.records(tenant=TENANT, entity=ORDER)}
    posted = sorted(orders, key=int)[::2]
    for source_id in posted:
        in_erp(fc, orders[source_id].key, f"SO-{source_id}")
    queued_payments = {r.key.source_id for r in fc.ledger.records(tenant=TENANT, entity=PAYMENT)}
    queued_refunds = {r.key.source_id for r in fc.ledger.records(tenant=TENANT, entity=REFUND)}
    box.state.log.clear()
    planner = PaymentPlanner(fc)

    result = plan_orders(fc, None, planner)

    assert [path for _, path in _requests(box) if path.endswith(MONEY_LISTS)] == []
    assert sorted(r.key.source_id for r in planner.orders) == sorted(set(orders) - set(posted))
    assert result["unchanged"] == len(posted) and result["orders_read"] == len(orders)
    assert {r.key.source_id for r, _ in planner.payments} == queued_payments
    # An invoice or credit memo goes against its order's document: the one in the ERP, or the one planned.
    assert queued_refunds and {r.key.source_id for r, _ in planner.refunds} == queued_refunds
    for money, number in planner.payments + planner.refunds:
        order_id = str(_order_of(money))
        assert number == (f"SO-{order_id}" if order_id in posted else planned_number(order_id))


def test_a_dry_run_writes_nothing_to_the_ledger_or_the_store(fc: FlowContext, box: Sandbox) -> None:
    extract_orders(fc, None)
    some = next(iter(fc.ledger.records(tenant=TENANT, entity=ORDER)))
    in_erp(fc, some.key, "SO-1")
    _change_in_store(box, int(some.key.source_id))  # since changed in the store: a real run would update and mark
    before = (ledger_rows(fc), fc.ledger.watermarks(TENANT, INTEGRATION), fc.ledger.inbox_stats())
    comments = {i: list(o["status_histories"]) for i, o in box.state.records.orders.items()}
    box.state.log.clear()

    result = plan_orders(fc, None, PaymentPlanner(fc))

    assert result["write_back"], "the plan has comments to write"
    assert (ledger_rows(fc), fc.ledger.watermarks(TENANT, INTEGRATION), fc.ledger.inbox_stats()) == before
    assert {method for method, _ in _requests(box)} == {"GET"}
    assert {i: o["status_histories"] for i, o in box.state.records.orders.items()} == comments


def test_a_planner_without_payments_costs_no_invoices_request(fc: FlowContext, box: Sandbox) -> None:
    planner = RecordingPlanner(fc)
    plan_orders(fc, None, planner)
    assert planner.orders and planner.refunds
    assert [path for _, path in _requests(box) if path.endswith("/V1/invoices")] == []


def test_orders_named_by_id_are_the_only_ones_planned(fc: FlowContext, box: Sandbox) -> None:
    wanted = sorted(box.state.records.orders)[:2]
    planner = PaymentPlanner(fc)
    result = plan_orders(fc, None, planner, order_ids=[*wanted, 999_999])
    assert sorted(int(r.key.source_id) for r in planner.orders) == wanted and result["orders_read"] == 2


def test_an_order_that_is_no_sale_or_cannot_be_mapped_plans_neither_its_money_nor_its_comment(
    fc: FlowContext, box: Sandbox
) -> None:
    stored = _extracted(box)
    with_money = sorted(
        {_order_of(r) for r in stored[PAYMENT].values()} & {_order_of(r) for r in stored[REFUND].values()}
    )
    assert len(with_money) >= 2, "the seed has orders with both invoices and credit memos"
    no_sale, unmappable = with_money[:2]
    refuse = {no_sale: NotLoadable("state canceled is no sale"), unmappable: MappingError("order", "no SKU")}
    planner = PaymentPlanner(fc, refuse)

    result = plan_orders(fc, None, planner)

    refused = {no_sale, unmappable}
    assert not {_order_of(r) for r, _ in planner.payments} & refused
    assert not {_order_of(r) for r, _ in planner.refunds} & refused
    assert not {entry["order_id"] for entry in result["write_back"]} & refused
    verdicts = {order["id"]: order["verdict"] for order in result["orders"]}
    assert (verdicts[no_sale], verdicts[unmappable]) == ("skip", "hold back") and result["not_sales"] == 1


def test_an_order_whose_comment_the_ledger_shows_written_gets_none_again(fc: FlowContext, box: Sandbox) -> None:
    extract_orders(fc, None)
    marked, unmarked = sorted(
        (r.key for r in fc.ledger.records(tenant=TENANT, entity=ORDER)), key=lambda k: int(k.source_id)
    )[:2]
    for key in (marked, unmarked):
        in_erp(fc, key, f"SO-{key.source_id}")
        _change_in_store(box, int(key.source_id))
    marker = RecordKey(TENANT, INTEGRATION, ORDER_MARKER, marked.source_id)
    fc.ledger.upsert_source(
        marker, payload={"erp_reference": f"SO-{marked.source_id}"}, source_modified=None, run_id="run"
    )
    in_erp(fc, marker, "7")

    result = plan_orders(fc, None, PaymentPlanner(fc), order_ids=[int(marked.source_id), int(unmarked.source_id)])

    assert result["write_back"] == [
        {"order_id": int(unmarked.source_id), "key": PREFIX, "value": f"SO-{unmarked.source_id}"}
    ]


def test_an_order_the_ledger_does_not_know_carries_the_marker_its_comments_hold(fc: FlowContext, box: Sandbox) -> None:
    """The ERP may hold an order the ledger lost track of: the comment written back then is read from the order's
    status history, which the orders list brings along, as the extract reads it."""
    order_id = sorted(box.state.records.orders)[0]
    box.state.add_comment(order_id, {"comment": f"{PREFIX} SO-77"})
    planner = PaymentPlanner(fc)

    plan_orders(fc, None, planner, order_ids=[order_id])

    [record] = planner.orders
    assert marker_of(record.payload) == "SO-77"
    assert [path for _, path in _requests(box) if path.endswith("/comments")] == []
