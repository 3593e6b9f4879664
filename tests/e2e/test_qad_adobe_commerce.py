"""QAD ↔ Adobe Commerce end to end: the demo_adobe tenant's real DAG through `dag.test()` on the Adobe Commerce and
QAD sandboxes (Magento's clamped pages, shuffled ties, orders edited mid-walk, a skewed clock), one seeded world
shared by the module.

Every order in a sale state is one QAD sales order, or held back with its reason (a SKU QAD does not sell); every
credit memo of a posted order one QAD credit memo — checked against the sandboxes' own records; a second run writes
nothing; a run killed with SIGKILL mid-load and run again posts nothing twice; each posted order gets one comment
naming its QAD order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.checks import duplicated_refs, kill_while_posting, posted_refs
from tests.support.integration import Harness, _reset_task_runtime_caches, start_harness

pytestmark = pytest.mark.slow

TENANT = "demo_adobe"
ORDERS, SKUS = 60, 40
SALE_STATES = {"processing", "complete", "closed"}


@pytest.fixture(scope="module")
def h(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with pytest.MonkeyPatch.context() as patch:
        harness = start_harness(tmp_path_factory.mktemp("qad_adobe"), patch, orders=ORDERS, skus=SKUS, tenant=TENANT)
        # A run reads orders changed up to a short lag before now: stamping changes minutes back stands for a run
        # coming a few minutes after them.
        harness.running["adobe_commerce"].state.clock = lambda: datetime.now(UTC) - timedelta(seconds=300)
        try:
            yield harness
        finally:
            harness.running.close()
            _reset_task_runtime_caches()


def store(h: Harness) -> Any:
    return h.running["adobe_commerce"].state


def reference(order_id: int) -> str:
    return f"AC-acdemo-{order_id}"


def sale_orders(h: Harness) -> dict[int, dict[str, Any]]:
    return {oid: order for oid, order in store(h).records.orders.items() if order.get("state") in SALE_STATES}


def test_a_first_run_killed_mid_load_then_run_again_posts_each_order_once(h: Harness) -> None:
    kill_while_posting(h, expected=len(sale_orders(h)))
    h.run("orders")
    assert duplicated_refs(h, "sales-orders") == {}
    assert duplicated_refs(h, "credit-memos") == {}


def test_every_sale_is_one_qad_sales_order_or_held_back_with_its_reason(h: Harness) -> None:
    posted = posted_refs(h)
    sales = sale_orders(h)
    unexplained = []
    for order_id in sales:
        if reference(order_id) in posted:
            continue
        row = next((r for r in h.records("order") if r.key.source_id == str(order_id)), None)
        if row is None or row.status.value != "quarantined" or not row.last_error:
            unexplained.append((order_id, row and (row.status.value, row.last_error)))
    assert unexplained == [], "every sale is posted or held back with a reason"
    assert len([o for o in sales if reference(o) in posted]) >= len(sales) * 3 // 4, "most of the store's sales post"
    not_sales = {reference(o) for o in store(h).records.orders} - {reference(o) for o in sales}
    assert posted & not_sales == set(), "no order outside a sale state reaches QAD"


def test_every_credit_memo_of_a_posted_order_is_one_qad_credit_memo(h: Harness) -> None:
    posted_orders = posted_refs(h)
    memos = [m for m in store(h).records.creditmemos.values() if reference(int(m["order_id"])) in posted_orders]
    assert memos, "the world refunds some posted orders"
    credit_memos = Counter(doc["externalRef"] for doc in h.qad.documents("credit-memos"))
    missing = [m["entity_id"] for m in memos
               if credit_memos[f"{reference(int(m['order_id']))}-R{m['entity_id']}"] != 1]  # fmt: skip
    held = {r.key.source_id: r.last_error for r in h.records("refund", ("quarantined",))}
    assert [m for m in missing if not any(k.endswith(f"-{m}") for k in held)] == []


def test_a_second_run_writes_nothing_and_each_posted_order_has_one_comment_naming_it(h: Harness) -> None:
    before = {entity: len(h.qad.documents(entity)) for entity in ("sales-orders", "credit-memos", "customers")}
    assert h.run("orders") == "success"
    assert {entity: len(h.qad.documents(entity)) for entity in before} == before
    numbers = {doc["externalRef"]: doc["orderNumber"] for doc in h.qad.documents("sales-orders")}
    for order_id, order in store(h).records.orders.items():
        if reference(order_id) not in numbers:
            continue
        comments = [c for c in order.get("status_histories") or [] if "ERP reference:" in str(c.get("comment"))]
        assert len(comments) == 1 and numbers[reference(order_id)] in comments[0]["comment"], f"order {order_id}"
