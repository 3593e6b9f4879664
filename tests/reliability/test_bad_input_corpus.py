"""The bad-input corpus at the flow level: malformed orders among good ones, through extract and load.

The cases are the mapping corpus's (tests/erplink/mappings/bad_inputs), each applied to a copy of order 1042 made
loadable for the demo tenant (a fresh id, SKUs QAD knows), plus cases only the flow can see (SKUs unknown to
QAD, oversized payloads, orders with no usable id). Each bad order is put into the WooCommerce sandbox, which the
real windowed extract then pages over HTTP; the few the store itself would never list (no status, a zero
modification date) arrive as webhook payloads in the inbox instead, as a broken plugin would send them.

After one sync: every bad order is quarantined with a reason naming the order and the field, every good order
(including the mapping corpus's odd-but-valid ones) is in QAD, and no step raised.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from erplink.ledger import Status

from tests.erplink.mappings.bad_inputs.test_bad_orders import ACCEPTED, BASE_ORDER, NO_ID_KEY, REFUSED, _line
from tests.reliability.support import flow_context, sync

FIRST_ID = 900_001
MARKER_KEY = "_erplink_qad_ref"
# The mapping refuses a malformed write-back marker; the extract sets the integration's own marker apart (writing it
# back must not make the order look changed) and the load ignores one it cannot read, so these orders are posted.
MARKER_CASES = ("marker is a number", "marker is an object", "marker is blank", "two different markers")
# The store lists only orders with a known status modified inside the window (both bounds are sent, and text that
# is no date falls outside them), and the sandbox needs a customer_id to list an order (WooCommerce always prints
# one, 0 for guests): these come by webhook instead.
INBOX_ONLY = ("status missing", "modified date zero", "modified date garbage", "customer id missing")
Mutation = Callable[[dict[str, Any]], Any]
# Where the flow words a refusal differently from the mapping: the extract keeps the modification stamp beside the
# payload, not in it, and an unreadable stamp is kept as none, so the mapping sees the field missing.
FLOW_REASONS = {"modified date garbage": "date_modified_gmt: is missing"}

# Cases only the flow can judge: (case id, mutation, text the reason must contain besides the order).
FLOW_REFUSED: list[tuple[str, Mutation, str]] = [
    ("sku unknown to QAD", _line(sku="NO-SUCH-ITEM-42"), "SKUs unknown to QAD: NO-SUCH-ITEM-42"),
    ("sku of another case", _line(sku="hoodie-blue-m"), "SKUs unknown to QAD: hoodie-blue-m"),
    ("half a megabyte of line name", _line(name="é" * 500_000), "name: is 500000 characters long"),
    ("sql in a sku", _line(sku="X'; DROP TABLE records;--"), "SKUs unknown to QAD: X'; DROP TABLE records;--"),
]


def _loadable_base(skus: list[str], now: datetime) -> dict[str, Any]:
    """Order 1042 with SKUs QAD knows and dates inside the first run's window."""
    order = copy.deepcopy(BASE_ORDER)
    for line, sku in zip(order["line_items"], skus, strict=False):
        line["sku"] = sku
    created = now - timedelta(days=2)
    for field, moment in (("date_created", created), ("date_modified", created + timedelta(minutes=5))):
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S")
        order[field], order[f"{field}_gmt"] = stamp, stamp
    for meta in order["meta_data"]:  # the marker under the demo tenant's key, where its write-back puts it
        if meta["key"] == "_erplink_erp_reference":
            meta["key"] = MARKER_KEY
    order["refunds"] = []  # the copy has no refunds in the store; the summary case below adds one
    return order


def _cases() -> list[tuple[str, Mutation, str, bool]]:
    """(case id, mutation, reason fragment or "" for good orders, refused?)."""
    cases = [(name, mutation, FLOW_REASONS.get(name, reason), True) for name, mutation, key, reason in REFUSED
             if key != NO_ID_KEY and name not in MARKER_CASES]
    cases += [(name, mutation, reason, True) for name, mutation, reason in FLOW_REFUSED]
    cases += [(name, mutation, "", False) for name, mutation, _ in ACCEPTED]
    cases += [(name, mutation, "", False) for name, mutation, _, _ in REFUSED if name in MARKER_CASES]
    return cases


def _inject(h, orders: dict[int, dict[str, Any]]) -> None:
    """Put documents into the store as they are: no validation, as a broken plugin could have saved them."""
    with h.woo.docs.lock:
        for order_id, order in orders.items():
            h.woo.docs.orders[order_id] = order
        h.woo.docs.changed(["order"], [("order", order_id) for order_id in orders])


def test_bad_orders_among_good_ones_are_quarantined_by_order_and_field_and_the_good_ones_posted(
        integration, caplog) -> None:
    h = integration(orders=60, skus=60)
    skus = sorted(item["itemNumber"] for item in h.qad.documents("items") if item["status"] == "ACTIVE")[:2]
    base = _loadable_base(skus, datetime.now(UTC))
    fc = flow_context(h)

    expected: dict[int, tuple[str, str, bool]] = {}
    in_store: dict[int, dict[str, Any]] = {}
    for offset, (name, mutation, reason, refused) in enumerate(_cases()):
        order_id = FIRST_ID + offset
        document = copy.deepcopy(base)
        document["id"], document["number"] = order_id, str(order_id)
        if name == "refund summary of zero":
            document["refunds"] = copy.deepcopy(BASE_ORDER["refunds"])
        mutation(document)
        expected[order_id] = (name, reason, refused)
        if name in INBOX_ONLY:
            assert fc.ledger.inbox_put(system="woocommerce", tenant="demo", topic="order.updated", resource="order",
                                       resource_id=str(order_id), modified=f"bad-{order_id}", payload=document,
                                       delivery_id=f"bad-{order_id}")
        else:
            in_store[order_id] = document
    _inject(h, in_store)
    assert len([case for case in expected.values() if case[2]]) >= 50

    results = sync(fc)
    assert not [step for step, result in results.items() if isinstance(result, BaseException)], results

    records = {int(r.key.source_id): r for r in h.records("order")}
    posted = {doc["externalRef"] for doc in h.qad.documents("sales-orders")}
    problems = []
    for order_id, (name, reason, refused) in expected.items():
        record = records.get(order_id)
        if record is None:
            problems.append(f"{name}: never reached the ledger")
        elif refused and (record.status is not Status.QUARANTINED or f"order {order_id} " not in record.last_error
                          or reason not in record.last_error):
            problems.append(f"{name}: {record.status} with reason {record.last_error!r:.300}, wanted {reason!r}")
        elif not refused and (record.status is not Status.DONE or f"WC-demo-{order_id}" not in posted):
            problems.append(f"{name}: good order is {record.status} ({record.last_error!r:.300})")
    assert not problems, "\n".join(problems)
    seeded_sales = [r for r in records.values() if r.key.source_id.isdigit() and int(r.key.source_id) < FIRST_ID
                    and r.status is Status.DONE]
    assert seeded_sales, "the seeded good orders were not posted alongside the corpus"


def test_an_order_without_a_usable_id_is_refused_at_extract_with_a_logged_reason(integration, caplog) -> None:
    """No id, no ledger key: such a webhook payload cannot be tracked, so the extract logs it and goes on."""
    h = integration(orders=30, skus=30)
    fc = flow_context(h)
    for number, (name, mutation, key, _) in enumerate(case for case in REFUSED if case[2] == NO_ID_KEY):
        document = copy.deepcopy(BASE_ORDER)
        mutation(document)
        fc.ledger.inbox_put(system="woocommerce", tenant="demo", topic="order.updated", resource="order",
                            resource_id=f"bad-{number}", modified=f"bad-{number}", payload=document,
                            delivery_id=f"bad-{number}")
    with caplog.at_level(logging.ERROR):
        results = sync(fc)
    assert not [step for step, result in results.items() if isinstance(result, BaseException)], results
    refusals = [r.getMessage() for r in caplog.records if "without a usable id" in r.getMessage()]
    assert len(refusals) == 4
    assert h.records("order", ("done",))  # the store's own orders went on to QAD


def test_a_garbage_modification_date_in_a_store_page_does_not_stop_the_extract(integration) -> None:
    h = integration(orders=30, skus=30)
    skus = sorted(item["itemNumber"] for item in h.qad.documents("items") if item["status"] == "ACTIVE")[:2]
    document = _loadable_base(skus, datetime.now(UTC))
    # Inside the window as text (the store filters and sorts the column as it is stored), but no moment at all.
    stamp = document["date_modified_gmt"]
    document["id"], document["date_modified_gmt"] = FIRST_ID, f"{stamp[:11]}25{stamp[13:]}"
    _inject(h, {FIRST_ID: document})
    results = sync(flow_context(h))
    assert not isinstance(results["extract"], BaseException), results["extract"]
    records = {int(r.key.source_id): r for r in h.records("order")}
    bad = records[FIRST_ID]
    assert bad.status is Status.QUARANTINED and "date_modified_gmt" in bad.last_error, bad.last_error
    assert any(r.status is Status.DONE for r in records.values()), "the other orders did not go on to QAD"
