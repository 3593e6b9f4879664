"""The BigCommerce side of an orders dry run, against the sandbox store and a small recording planner: each order the
extract would take reaches the ERP side's planner as the extract would store it, with its payments and refunds and
the marker it would get; an order the ledger holds at its stamp costs no request; nothing is written anywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox import Sandbox

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord, RecordKey
from erplink.load.errors import MappingError, NotLoadable
from erplink.systems.bigcommerce.dry_run import plan_orders
from erplink.systems.bigcommerce.extract import ORDER, PAYMENT, REFUND, extract_orders
from erplink.systems.bigcommerce.writeback import ORDER_MARKER
from tests.erplink.flows.dry_run_support import (
    PaymentPlanner,
    RecordingPlanner,
    in_erp,
    ledger_rows,
    planned_number,
)
from tests.erplink.systems.bigcommerce.flow import INTEGRATION, TENANT, flow_context
from tests.erplink.systems.bigcommerce.sandbox_store import Clock, hook_on, sandbox

MARKER_KEY = "erplink/erp_reference"  # the tenant section's default namespace and key
PART_PATHS = ("/products", "/shipping_addresses", "/coupons", "/transactions", "/metafields", "/refunds")


@pytest.fixture
def box() -> Sandbox:
    # The clock stands still: a quota that never runs out, and a list that does not move under the walk.
    return sandbox(Clock(), orders=12, quota_per_window=100_000, churn_every_pages=0)


@pytest.fixture
def fc(box: Sandbox) -> Iterator[FlowContext]:
    with flow_context(hook_on(box)) as context:
        yield context


def _requests(box: Sandbox) -> list[tuple[str, str]]:
    return [(entry["method"], entry["path"]) for entry in box.state.log.entries()]


def _change_in_store(box: Sandbox, order_id: int) -> None:
    """A merchant edit that changes what the ERP holds: the order's status (a new stamp alone changes nothing)."""
    shipped, completed = 2, 10
    status = completed if box.state.records.orders[order_id].document["status_id"] == shipped else shipped
    box.state.touch_order(order_id, status_id=status)


def _extracted(box: Sandbox) -> dict[str, dict[str, LedgerRecord]]:
    """What a real extract of the whole store leaves in a fresh ledger, by entity and source id."""
    with flow_context(hook_on(box)) as real:
        extract_orders(real, None)
        return {
            entity: {r.key.source_id: r for r in real.ledger.records(tenant=TENANT, entity=entity)}
            for entity in (ORDER, REFUND, PAYMENT)
        }


def test_each_order_reaches_the_planner_as_the_extract_stores_it_with_its_payments_refunds_and_marker(
    fc: FlowContext, box: Sandbox
) -> None:
    planner = PaymentPlanner(fc)
    result = plan_orders(fc, None, planner)

    stored = _extracted(box)
    assert stored[REFUND] and stored[PAYMENT], "the seed has refunds and payments to plan"
    assert {r.key.source_id: (r.payload, r.payload_hash, r.source_modified) for r in planner.orders} == {
        source_id: (r.payload, r.payload_hash, r.source_modified) for source_id, r in stored[ORDER].items()
    }
    assert {r.key.source_id: r.payload_hash for r, _ in planner.refunds} == {
        source_id: r.payload_hash for source_id, r in stored[REFUND].items()
    }
    assert {r.key.source_id: r.payload_hash for r, _ in planner.payments} == {
        source_id: r.payload_hash for source_id, r in stored[PAYMENT].items()
    }
    # Each payment and refund goes with its order's planned journal; each order would get its number as marker.
    for money, number in planner.payments + planner.refunds:
        assert number == planned_number(money.key.source_id.split("-")[0])
    assert sorted(entry["order_id"] for entry in result["write_back"]) == sorted(map(int, stored[ORDER]))
    assert {entry["key"] for entry in result["write_back"]} == {MARKER_KEY}
    assert result["orders_read"] == len(stored[ORDER]) and {o["verdict"] for o in result["orders"]} == {"send"}
    assert all(o["date_created_gmt"] and o["total"] and o["currency"] and o["customer"] for o in result["orders"])


def test_orders_the_ledger_holds_at_their_stamp_cost_no_request_but_the_list(fc: FlowContext, box: Sandbox) -> None:
    """Those in the ERP already ask for nothing; those still queued are planned from the ledger, payments and
    refunds included."""
    extract_orders(fc, None)
    orders = {r.key.source_id: r for r in fc.ledger.records(tenant=TENANT, entity=ORDER)}
    posted = sorted(orders, key=int)[::2]
    for source_id in posted:
        in_erp(fc, orders[source_id].key, f"JE-{source_id}")
    queued_payments = {r.key.source_id for r in fc.ledger.records(tenant=TENANT, entity=PAYMENT)}
    queued_refunds = {r.key.source_id for r in fc.ledger.records(tenant=TENANT, entity=REFUND)}
    box.state.log.clear()
    planner = PaymentPlanner(fc)

    result = plan_orders(fc, None, planner)

    assert [path for _, path in _requests(box) if path.endswith(PART_PATHS)] == []
    assert sorted(r.key.source_id for r in planner.orders) == sorted(set(orders) - set(posted))
    assert result["unchanged"] == len(posted) and result["orders_read"] == len(orders)
    assert {r.key.source_id for r, _ in planner.payments} == queued_payments
    # A payment or refund goes against its order's journal: the one in the ERP, or the one the plan would create.
    assert queued_refunds and {r.key.source_id for r, _ in planner.refunds} == queued_refunds
    for money, number in planner.payments + planner.refunds:
        order_id = money.key.source_id.split("-")[0]
        assert number == (f"JE-{order_id}" if order_id in posted else planned_number(order_id))


def test_a_dry_run_writes_nothing_to_the_ledger_or_the_store(fc: FlowContext, box: Sandbox) -> None:
    extract_orders(fc, None)
    some = next(iter(fc.ledger.records(tenant=TENANT, entity=ORDER)))
    in_erp(fc, some.key, "JE-1")
    _change_in_store(box, int(some.key.source_id))  # since changed in the store: a real run would update and mark
    before = (ledger_rows(fc), fc.ledger.watermarks(TENANT, INTEGRATION), fc.ledger.inbox_stats())
    box.state.log.clear()

    result = plan_orders(fc, None, PaymentPlanner(fc))

    assert result["write_back"], "the plan has markers to write"
    assert (ledger_rows(fc), fc.ledger.watermarks(TENANT, INTEGRATION), fc.ledger.inbox_stats()) == before
    assert {method for method, _ in _requests(box)} == {"GET"}


def test_a_planner_without_payments_costs_no_transactions_request(fc: FlowContext, box: Sandbox) -> None:
    planner = RecordingPlanner(fc)
    plan_orders(fc, None, planner)
    assert planner.orders and [path for _, path in _requests(box) if path.endswith("/transactions")] == []


def test_orders_named_by_id_are_the_only_ones_planned(fc: FlowContext, box: Sandbox) -> None:
    wanted = sorted(box.state.records.orders)[:2]
    planner = PaymentPlanner(fc)
    result = plan_orders(fc, None, planner, order_ids=[*wanted, 999_999])
    assert sorted(int(r.key.source_id) for r in planner.orders) == wanted and result["orders_read"] == 2


def test_an_order_that_is_no_sale_or_cannot_be_mapped_plans_neither_its_money_nor_its_marker(
    fc: FlowContext, box: Sandbox
) -> None:
    with_money = sorted(
        {int(r.key.source_id.split("-")[0]) for r in _extracted(box)[PAYMENT].values()}
        & {int(r.key.source_id.split("-")[0]) for r in _extracted(box)[REFUND].values()}
    )
    assert len(with_money) >= 2, "the seed has orders with both payments and refunds"
    no_sale, unmappable = with_money[:2]
    refuse = {no_sale: NotLoadable("status incomplete is no sale"), unmappable: MappingError("order", "no SKU")}
    planner = PaymentPlanner(fc, refuse)

    result = plan_orders(fc, None, planner)

    refused = {no_sale, unmappable}
    assert not {int(r.key.source_id.split("-")[0]) for r, _ in planner.payments} & refused
    assert not {int(r.key.source_id.split("-")[0]) for r, _ in planner.refunds} & refused
    assert not {entry["order_id"] for entry in result["write_back"]} & refused
    verdicts = {order["id"]: order["verdict"] for order in result["orders"]}
    assert (verdicts[no_sale], verdicts[unmappable]) == ("skip", "hold back") and result["not_sales"] == 1


def test_an_order_whose_marker_the_ledger_shows_written_gets_none_again(fc: FlowContext, box: Sandbox) -> None:
    extract_orders(fc, None)
    marked, unmarked = sorted(
        (r.key for r in fc.ledger.records(tenant=TENANT, entity=ORDER)), key=lambda k: int(k.source_id)
    )[:2]
    for key in (marked, unmarked):
        in_erp(fc, key, f"JE-{key.source_id}")
        _change_in_store(box, int(key.source_id))
    marker = RecordKey(TENANT, INTEGRATION, ORDER_MARKER, marked.source_id)
    fc.ledger.upsert_source(
        marker, payload={"erp_reference": f"JE-{marked.source_id}"}, source_modified=None, run_id="run"
    )
    in_erp(fc, marker, "metafield 5")

    result = plan_orders(fc, None, PaymentPlanner(fc), order_ids=[int(marked.source_id), int(unmarked.source_id)])

    assert result["write_back"] == [
        {"order_id": int(unmarked.source_id), "key": MARKER_KEY, "value": f"JE-{unmarked.source_id}"}
    ]
