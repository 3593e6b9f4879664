"""The extract against the Adobe Commerce sandbox (orders edited while they are read, ties, the last page repeated
past the end): every order of the window that stays put is stored once, with the sandbox's credit memos and
invoices, and each stored order maps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sandbox.adobe_commerce import create_sandbox
from sandbox.seed import World

from erplink.mappings.errors import MappingError
from erplink.systems.adobe_commerce.documents import AdobeCommerceDocuments
from erplink.systems.adobe_commerce.extract import extract_orders
from erplink.windows import Window
from tests.erplink.systems.adobe_commerce.flow import INTEGRATION, TENANT, adobe_commerce_tenant, flow_context
from tests.sandbox.adobe_commerce.conftest import world
from tests.sandbox.adobe_commerce.test_hook import hook_on

__all__ = ["world"]


def test_the_extract_stores_every_order_of_the_window_once_with_its_credit_memos_and_invoices(world: World) -> None:
    box = create_sandbox(world, churn_every_pages=2, churn_orders=3)
    before = {i: o["updated_at"] for i, o in box.state.records.orders.items()}
    window = Window(start=datetime(2024, 9, 1, tzinfo=UTC), end=datetime.now(UTC) - timedelta(seconds=60))
    in_window = {i for i, stamp in before.items() if stamp >= "2024-09-01 00:00:00"}
    currencies = tuple(sorted({o["order_currency_code"] for o in box.state.records.orders.values()}))
    with flow_context(hook_on(box), adobe_commerce_tenant(page_size=10, currencies=currencies)) as fc:
        extract_orders(fc, window)
        records = {e: list(fc.ledger.records(tenant=TENANT, integration=INTEGRATION, entity=e))
                   for e in ("order", "refund", "payment")}  # fmt: skip
        documents = AdobeCommerceDocuments(fc)
        reasons = []
        for record in records["order"]:
            try:
                documents.order(record)
            except MappingError as error:
                reasons.append(error.reason)
    edited = {i for i, o in box.state.records.orders.items() if o["updated_at"] != before[i]}
    stored = {int(r.key.source_id) for r in records["order"]}
    assert edited, "the walk met no edited order: the churn did not happen"
    assert in_window - edited <= stored
    memos = {f"{m['order_id']}-{m['entity_id']}" for m in box.state.records.creditmemos.values()
             if m["order_id"] in stored}  # fmt: skip
    assert memos <= {r.key.source_id for r in records["refund"]}
    invoices = {f"{v['order_id']}-{v['entity_id']}" for v in box.state.records.invoices.values()
                if v["order_id"] in stored}  # fmt: skip
    assert invoices <= {r.key.source_id for r in records["payment"]}
    assert reasons == [] or all("sku" in r or "product" in r for r in reasons), reasons[:5]
