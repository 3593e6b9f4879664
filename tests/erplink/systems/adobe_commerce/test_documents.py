"""The ledger's Adobe Commerce records read as an ERP side needs them: states, references with prefix AC, the
order, its credit memos with the order's lines, captured invoices as payments, and the write-back marker."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from erplink.flows.store_records import payment_key, refund_key
from erplink.mappings.errors import MappingError, NotLoadable
from erplink.systems.adobe_commerce.documents import AdobeCommerceDocuments
from erplink.systems.adobe_commerce.extract import stored_order_payload
from tests.erplink.systems.adobe_commerce.flow import flow_context
from tests.erplink.systems.adobe_commerce.mappings.documents import b2b_order, credit_memo, invoice, order

STAMP = datetime(2026, 1, 15, 10, 5, tzinfo=UTC)


def stored(fc, key, payload, modified=None):
    fc.ledger.upsert_source(key, payload=payload, source_modified=modified, run_id="run")
    return fc.ledger.get(key)


def order_record(fc, document=None, marker=None):
    document = document or order()
    payload = stored_order_payload(document, [credit_memo()], marker)
    return stored(fc, AdobeCommerceDocuments(fc).order_key(1042), payload, STAMP)


def test_an_order_reads_with_its_stamp_state_marker_reference_and_company():
    with flow_context(None) as fc:
        documents = AdobeCommerceDocuments(fc)
        record = order_record(fc, b2b_order(), marker="SO-5")
        mapped = documents.order(record)
        assert documents.order_status(record) == "processing"
        assert documents.order_reference(record) == "AC-luma1-1042"
        assert documents.erp_reference_in_marker(record) == "SO-5" == mapped.erp_reference
        assert documents.company(record).company_id == 3
    assert mapped.modified_at == STAMP
    assert [(r.refund_id, r.amount) for r in mapped.refunds] == [(9, Decimal("71.08"))]
    assert documents.cancelled_statuses == ("canceled",) and documents.always_sold_statuses == ("closed",)


def test_a_credit_memo_reads_against_its_orders_lines_and_has_its_reference():
    with flow_context(None) as fc:
        documents = AdobeCommerceDocuments(fc)
        order_payload = order_record(fc).payload
        record = stored(fc, refund_key(fc, 1042, 9), {**credit_memo(), "_order": {"id": 1042, "currency": "EUR"}})
        refund = documents.refund(record, order_payload)
        assert documents.refund_reference(record) == "AC-luma1-1042-R9"
        assert documents.refund_order_id(record) == 1042
        assert documents.order_line_skus(order_payload) == {201: "MH01-XS-Black", 203: "24-WG085"}
    assert [line.order_line_id for line in refund.lines] == [201]


def test_a_captured_invoice_is_a_payment_and_an_open_one_is_not_loadable():
    context = {"id": 1042, "currency": "EUR", "method": "checkmo"}
    with flow_context(None) as fc:
        documents = AdobeCommerceDocuments(fc)
        paid = stored(fc, payment_key(fc, 1042, 33), {**invoice(), "_order": context})
        open_ = stored(fc, payment_key(fc, 1042, 34), {**invoice(state=1, entity_id=34), "_order": context})
        assert documents.payment(paid).amount == Decimal("145.68")
        assert documents.payment_order_id(paid) == 1042
        with pytest.raises(NotLoadable, match="invoice 34 of order 1042 is not captured"):
            documents.payment(open_)
        orphan = stored(fc, payment_key(fc, 1042, 35), {**invoice(entity_id=35)})
        with pytest.raises(MappingError, match="stored without its order's id"):
            documents.payment(orphan)
