"""Order sync floors: what a correct sync must send, computed from the run's outcome and the seeded world."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

from bench.order_sync import _outcome, customers_to_create, floors


def _record(email: str) -> SimpleNamespace:
    return SimpleNamespace(payload={"billing": {"email": email}, "line_items": [{"sku": "SKU-1"}]})


class _Ledger:
    def __init__(self, posted: list[SimpleNamespace]) -> None:
        self._posted = posted

    def records(self, **_: object) -> Iterator[SimpleNamespace]:
        return iter(self._posted)  # the ledger streams its rows: each read is a one-pass iterator


def test_customers_to_create_are_the_posted_customers_qad_did_not_hold():
    erp = [{"email": "Known@Example.com"}, {"email": None}]
    assert customers_to_create({"known@example.com", "new@example.com", "other@example.com", ""}, erp) == 2


def test_the_customer_create_floor_comes_from_the_seeded_world_not_from_the_calls_sent():
    posted = [_record("a@example.com"), _record("A@example.com "), _record("b@example.com")]
    fc = SimpleNamespace(tenant=SimpleNamespace(name="demo"), integration="qad_woocommerce", ledger=_Ledger(posted))
    summary = {"created": 3, "linked": 0, "quarantined": 0, "skipped": 0, "failed": 0, "updated": 0}
    outcome = _outcome(fc, {"orders_read": 3, "refunds_new": 0}, summary, dict(summary, created=0), summary,
                       erp_customers=[{"email": "b@example.com"}])
    assert outcome["customers_to_create"] == 1  # a@ (twice, in two cases) is new; b@ was in QAD already
    assert floors(outcome)["issue"]["qad POST customerV2s"] == floors(outcome)["issue"]["qad POST businessRelationV2s"] == 1
    assert floors(outcome)["protocol"]["qad GET browse customers"] == outcome["distinct_customers"] + 1
    assert outcome["lines_posted"] == 3  # read from the same one-pass stream as the e-mails


def test_the_list_walk_floor_counts_pages_one_row_apart_and_the_short_page_that_ends_them():
    from bench.order_sync import walk_requests

    assert [walk_requests(n) for n in (0, 99, 100, 199, 2000)] == [1, 1, 2, 3, 21]


def test_the_orders_list_and_the_trash_are_walked_apart_in_the_protocol_floor():
    outcome = {key: 0 for key in ("orders_posted", "refunds_posted", "distinct_customers", "customers_to_create",
                                  "orders_failed", "refunds_looked_up", "new_refunds", "distinct_skus",
                                  "markers_written")}
    floor = floors({**outcome, "orders_read": 1000, "orders_trashed": 10})["protocol"]["woocommerce GET orders"]
    assert floor == 10 + 1  # 990 orders: offsets 0, 99, ..., 891; 10 in the trash: one short page


def test_the_line_flow_floor_is_a_new_line_and_two_field_changes_per_line_and_one_save_per_order():
    """QAD's line flow on its REST shapes: a new line from QAD per line, its item and quantity set by field
    changes (QAD's new line holds neither), all lines saved in one grid POST per order."""
    outcome = {key: 0 for key in ("orders_read", "refunds_posted", "distinct_customers", "customers_to_create",
                                  "orders_failed", "refunds_looked_up", "new_refunds", "markers_written")}
    issue = floors({**outcome, "orders_posted": 10, "lines_posted": 25, "distinct_skus": 30, "erp_items": 450})
    assert issue["issue"]["qad GET salesOrderLinesGrid"] == 25
    assert issue["issue"]["qad POST salesOrderLineFieldChange"] == 50
    assert issue["issue"]["qad POST salesOrderLinesGrid"] == issue["issue"]["qad POST salesOrderHeaders"] == 10
    assert issue["protocol"]["qad GET browse items"] == 3  # 30 SKUs: the item browse read whole, 200 rows a page


def test_a_few_skus_are_looked_up_one_item_browse_each():
    outcome = {key: 0 for key in ("orders_read", "orders_posted", "refunds_posted", "distinct_customers",
                                  "customers_to_create", "orders_failed", "refunds_looked_up", "new_refunds",
                                  "markers_written")}
    assert floors({**outcome, "distinct_skus": 12, "erp_items": 5000})["protocol"]["qad GET browse items"] == 12
