"""What an ERP side reads of BigCommerce orders and refunds in the ledger: keys, BC references, status codes from
status ids, the canonical documents and the write-back marker."""

from __future__ import annotations

from datetime import timedelta

import pytest

from erplink.mappings.errors import MappingError
from erplink.systems.bigcommerce.config import BigCommerceStore
from erplink.systems.bigcommerce.documents import BigCommerceDocuments
from erplink.systems.bigcommerce.extract import extract_orders, order_key, refund_key
from erplink.systems.bigcommerce.mappings.statuses import ORDER_STATUSES, status_code
from erplink.windows import Window
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order
from tests.erplink.systems.bigcommerce.flow import flow_context
from tests.erplink.systems.bigcommerce.test_extract import REFUND

WINDOW = Window(None, NOW + timedelta(minutes=1))


def test_stored_orders_and_refunds_read_back_as_canonical_documents_with_bc_references(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5), customer_id=4)])
    store.refunds[100] = [REFUND]
    store.metafields[100] = [{"id": 9, "namespace": "erplink", "key": "erp_reference", "value": " SO-9 "}]
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        documents = BigCommerceDocuments(fc)
        record = fc.ledger.get(documents.order_key(100))
        refund_record = fc.ledger.get(refund_key(fc, 100, 5))
        order = documents.order(record)
        refund = documents.refund(refund_record, record.payload)
        assert documents.order_reference(record) == "BC-shop1-100"
        assert documents.refund_reference(refund_record) == "BC-shop1-100-R5"
        assert documents.refund_order_id(refund_record) == 100
        assert documents.order_status(record) == "awaiting_fulfillment"
        assert documents.erp_reference_in_marker(record) == "SO-9"
        assert documents.order_line_skus(record.payload) == {1000: "SKU-7"}
    assert order.modified_at == NOW - timedelta(minutes=5) and order.erp_reference == "SO-9"
    assert [r.refund_id for r in order.refunds] == [5]
    assert refund.currency == "USD" and refund.lines[0].sku == "SKU-7"
    assert order_key(fc, 100) == record.key


def test_a_stored_order_that_cannot_be_mapped_fails_naming_it(monkeypatch):
    store = FakeBigCommerce([{**make_order(100, NOW - timedelta(minutes=5)), "currency_code": "GBP"}])
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        documents = BigCommerceDocuments(fc)
        with pytest.raises(MappingError, match="bigcommerce order 100: currency_code"):
            documents.order(fc.ledger.get(documents.order_key(100)))


def test_statuses_that_count_are_bigcommerce_status_codes():
    assert status_code(11) == "awaiting_fulfillment" and status_code(99) is None and status_code(True) is None
    assert set(BigCommerceDocuments.always_sold_statuses) | set(BigCommerceDocuments.cancelled_statuses) <= (
        ORDER_STATUSES
    )
    assert BigCommerceStore.order_statuses == ORDER_STATUSES
