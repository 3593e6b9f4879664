"""Order sync floors: what a correct sync must send, computed from the run's outcome and the seeded world."""

from __future__ import annotations

from types import SimpleNamespace

from bench.order_sync import _outcome, customers_to_create, floors


def _record(email: str) -> SimpleNamespace:
    return SimpleNamespace(payload={"billing": {"email": email}, "line_items": [{"sku": "SKU-1"}]})


class _Ledger:
    def __init__(self, posted: list[SimpleNamespace]) -> None:
        self._posted = posted

    def records(self, **_: object) -> list[SimpleNamespace]:
        return self._posted


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
    assert floors(outcome)["issue"]["qad POST customers"] == 1
    assert floors(outcome)["protocol"]["qad GET customers"] == outcome["distinct_customers"] + 1


def test_the_list_walk_floor_counts_pages_one_row_apart_and_the_short_page_that_ends_them():
    from bench.order_sync import walk_requests

    assert [walk_requests(n) for n in (0, 99, 100, 199, 2000)] == [1, 1, 2, 3, 21]


def test_the_orders_list_and_the_trash_are_walked_apart_in_the_protocol_floor():
    outcome = {key: 0 for key in ("orders_posted", "refunds_posted", "distinct_customers", "customers_to_create",
                                  "orders_failed", "refunds_looked_up", "new_refunds", "distinct_skus",
                                  "markers_written")}
    floor = floors({**outcome, "orders_read": 1000, "orders_trashed": 10})["protocol"]["woocommerce GET orders"]
    assert floor == 10 + 1  # 990 orders: offsets 0, 99, ..., 891; 10 in the trash: one short page
