"""Reasons for people: each reason once with how many records it holds, not once per record."""

from __future__ import annotations

from datetime import datetime, timezone

from erplink.flows.report import group_by_reason, listed, reason_lines, reason_of
from erplink.ledger import LedgerRecord, RecordKey, Status

NOW = datetime(2026, 11, 2, tzinfo=timezone.utc)


def _record(entity: str, source_id: str, reason: str, status: Status = Status.QUARANTINED) -> LedgerRecord:
    key = RecordKey("demo", "qad_woocommerce", entity, source_id)
    return LedgerRecord(id=int(source_id.split("-")[0]), key=key, status=status, attempts=1, payload={},
                        payload_hash="h", source_modified=None, target_ref=None, target_id=None,
                        last_error=f"{key}: {reason}", last_http_status=None, run_id=None, claimed_by=None,
                        lease_until=None, created_at=NOW, updated_at=NOW)


EUR = "currency: 'EUR' is not a currency this store is configured for (USD)"
HELD_BACK = [
    *(_record("order", str(order_id), EUR) for order_id in (729, 688, 685, 674, 502, 481, 459, 458, 393, 383)),
    _record("order", "547", "line item 1172: sku: is blank: the product has no SKU"),
    _record("order", "546", "line item 1167: sku: is blank: the product has no SKU"),
    _record("order", "626", "SKUs unknown to QAD: CAP-00103-RED-S (whole order held back)"),
    _record("order", "376", "SKUs unknown to QAD: BOTTLE-00007-RED-M (whole order held back)"),
    _record("refund", "252-750", "waits for its order 252 to reach QAD (the order is quarantined)", Status.SKIPPED),
    _record("refund", "383-756", "waits for its order 383 to reach QAD (the order is quarantined)", Status.SKIPPED),
]


def test_each_reason_is_printed_once_with_its_count_largest_first_and_its_first_records() -> None:
    lines = reason_lines(group_by_reason(HELD_BACK), ids_shown=8)

    assert lines[0] == f"   10  order    {EUR}"
    assert lines[1].strip() == "order 729, 688, 685, 674, 502, 481, 459, 458 and 2 more"
    assert "    2  order    line item …: sku: is blank: the product has no SKU" in lines
    assert "    2  refund   waits for its order … to reach QAD (the order is quarantined)" in lines
    assert sum(EUR in line for line in lines) == 1


def test_a_reason_loses_its_records_own_key_and_cited_numbers_but_keeps_skus() -> None:
    """Two different SKUs are two different fixes: they stay apart, while line and order numbers are merged."""
    reasons = [reason_of(record) for record in HELD_BACK]
    assert not any("(demo/qad_woocommerce)" in reason for reason in reasons)
    groups = group_by_reason(HELD_BACK)
    # largest first; equal counts in the order first seen
    assert [(len(g.source_ids), g.entity) for g in groups] == [(10, "order"), (2, "order"), (2, "refund"),
                                                               (1, "order"), (1, "order")]
    assert {g.reason for g in groups if g.reason.startswith("SKUs unknown")} == {
        "SKUs unknown to QAD: CAP-00103-RED-S (whole order held back)",
        "SKUs unknown to QAD: BOTTLE-00007-RED-M (whole order held back)",
    }


def test_more_reasons_than_shown_end_with_how_many_records_they_hold() -> None:
    lines = reason_lines(group_by_reason(HELD_BACK), reasons_shown=2, ids_shown=0)
    assert len(lines) == 3
    assert lines[-1] == "  ... 3 more reason(s) for 4 record(s)"


def test_long_id_lists_are_cut_with_the_count_left_out() -> None:
    assert listed(["1", "2", "3"], 2) == "1, 2 and 1 more"
    assert listed(["1", "2"], 2) == "1, 2"
