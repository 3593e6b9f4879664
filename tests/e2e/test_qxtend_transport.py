"""The QAD ↔ WooCommerce flow with the tenant's QAD reached through QXtend (QDocs over SOAP), not QAD's REST:
the same seeded world, the same exactly-once guarantees, on the one QAD sandbox that answers both."""

from __future__ import annotations

from tests.e2e.checks import duplicated_refs, expectation, kill_while_posting, posted_refs
from tests.support.integration import Harness

QXTEND_CONN_ID = "erplink_qad_demo_qxtend"
QAD_LATENCY_MS = 40


def _over_qxtend(h: Harness) -> None:
    h.configure(erp={**_shipped_erp(), "conn_id": QXTEND_CONN_ID, "transport": "qxtend"})


def _shipped_erp() -> dict:
    from tests.support.integration import shipped_tenant

    return dict(shipped_tenant()["erp"])


def _rest_calls(h: Harness) -> int:
    return sum(n for route, n in h.qad.request_counts().items() if "/clouderp/" in route)


def _qdocs(h: Harness, name: str) -> int:
    return h.qad.request_counts().get(f"QDoc {name}", 0)


def test_every_paid_order_reaches_qad_once_over_qxtend_and_a_rerun_posts_nothing(integration) -> None:
    """Every paid order becomes one QAD sales order and every refund one credit sales order, through QDocs only;
    the next run sends no maintain QDoc; the catalog runs on Query Service profiles."""
    h: Harness = integration(orders=15, skus=10)
    _over_qxtend(h)
    want = expectation(h)

    assert h.run("orders") == "success"

    assert posted_refs(h) == set(want.sales_orders)
    assert posted_refs(h, "credit-memos") == set(want.credit_memos)
    assert _rest_calls(h) == 0, "a QXtend tenant must not call QAD's REST"
    for entity in ("sales-orders", "credit-memos", "customers"):
        assert duplicated_refs(h, entity) == {}, entity
    writes = _qdocs(h, "maintainSalesOrder"), _qdocs(h, "maintainCustomer")

    assert h.run("orders") == "success"

    assert (_qdocs(h, "maintainSalesOrder"), _qdocs(h, "maintainCustomer")) == writes
    assert posted_refs(h) == set(want.sales_orders)

    # The catalog reads items, the price list and stock through the Query Service.
    assert h.run("catalog") == "success"
    assert min(_qdocs(h, f"query{p}") for p in ("QryItem", "QryPriceList", "QryInventory")) > 0
    assert _rest_calls(h) == 0


def test_an_order_qad_refuses_is_quarantined_with_qads_message_field_and_context(integration) -> None:
    """A QDoc answered `error` (here: the tenant names a site QAD does not have) holds the order back with what QAD
    said, and posts nothing."""
    h: Harness = integration(orders=10, skus=10)
    h.configure(erp={**_shipped_erp(), "conn_id": QXTEND_CONN_ID, "transport": "qxtend", "site": "99-999"})
    want = expectation(h)

    h.run("orders")

    refused = [r for r in h.records("order", ("quarantined",)) if "Site 99-999 does not exist" in r.last_error]
    assert {f"WC-demo-{r.key.source_id}" for r in refused} == set(want.sales_orders)
    assert all("field soSite" in r.last_error and "maintainSalesOrder refused" in r.last_error for r in refused)
    assert posted_refs(h) == set()


def test_run_killed_mid_load_over_qxtend_then_rerun_posts_no_duplicate(integration) -> None:
    """kill -9 while maintainSalesOrder QDocs are being sent: the re-run looks each order up by soPo first, so
    nothing reaches QAD twice and nothing is missing."""
    h: Harness = integration(orders=20, skus=10)
    _over_qxtend(h)
    want = expectation(h)
    h.running.qad.faults.set({"latency_ms": QAD_LATENCY_MS})
    assert kill_while_posting(h, len(want.sales_orders)) > 0
    h.running.qad.faults.clear()

    assert h.run("orders") == "success"

    assert duplicated_refs(h, "sales-orders") == {}
    assert duplicated_refs(h, "credit-memos") == {}
    assert posted_refs(h) == set(want.sales_orders)
    assert posted_refs(h, "credit-memos") == set(want.credit_memos)
    emails = [c["email"].lower() for c in h.qad.documents("customers") if c["email"]]
    assert len(emails) == len(set(emails)), "a customer was created twice"
