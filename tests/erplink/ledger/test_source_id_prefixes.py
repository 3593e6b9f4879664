"""Reading records by the start of their source id (the records a store keeps under one order: ``<order id>-<n>``),
on SQLite and PostgreSQL alike."""

from __future__ import annotations

from erplink.ledger import Ledger
from tests.erplink.ledger.helpers import T0, key


def _put(ledger: Ledger, *source_ids: str, entity: str = "refund") -> None:
    for source_id in source_ids:
        ledger.upsert_source(key(source_id, entity=entity), payload={"id": source_id}, source_modified=T0, run_id="r")


def _ids(ledger: Ledger, prefixes: list[str], **filters: str) -> list[str]:
    return [record.key.source_id for record in ledger.records(source_id_prefixes=prefixes, **filters)]


def test_only_records_whose_source_id_starts_with_a_prefix_are_read_in_id_order(ledger: Ledger) -> None:
    _put(ledger, "12-1", "1-5", "112-3", "12", "12-40", "2-12-1")
    assert _ids(ledger, ["12-"]) == ["12-1", "12-40"]
    assert _ids(ledger, ["1-", "12-"]) == ["12-1", "1-5", "12-40"]
    assert _ids(ledger, []) == []


def test_a_prefix_is_exact_text_not_a_pattern_and_keeps_its_case(ledger: Ledger) -> None:
    _put(ledger, "a_1", "ab1", "a%2", "A_3", "ax%")
    assert _ids(ledger, ["a_"]) == ["a_1"]
    assert _ids(ledger, ["a%"]) == ["a%2"]
    assert _ids(ledger, ["A"]) == ["A_3"]


def test_prefixes_combine_with_the_other_filters(ledger: Ledger) -> None:
    _put(ledger, "7-1", "7-2")
    _put(ledger, "7-3", entity="payment")
    ledger.claim("shop1", "qad_woo", "refund", limit=1, worker="w")
    assert _ids(ledger, ["7-"], entity="refund", statuses=("pending",)) == ["7-2"]
    assert _ids(ledger, ["7-"], tenant="shop1", entity="payment") == ["7-3"]
    assert _ids(ledger, ["7-"], tenant="another shop") == []
