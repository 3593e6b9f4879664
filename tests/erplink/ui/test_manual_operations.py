"""The manual operations on the page: a period's store orders with what a run would do to each (the integration's
dry run), the import of chosen orders and the stock push of chosen SKUs — each a run of the tenant's own DAG with
exactly the chosen ids as its Params, its link shown, the request in each record's audit trail with the user's
name. Only an editor sees the buttons; the POST routes refuse anyone else 403 whatever they send, and a stale or
cross-site form; bad input gets a clear message and starts nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from erplink import registry
from erplink.flows.catalog import StockRow
from erplink.ui.app import URL_PREFIX
from erplink.windows import Window
from tests.erplink.ui.conftest import INTEGRATION, ORIGIN, TENANT, Page, key

TENANT_URL = f"{URL_PREFIX}/t/{TENANT}"
ORDERS = f"{TENANT_URL}/orders"
IMPORT = f"{ORDERS}/import"
STOCK = f"{TENANT_URL}/stock"
PUSH = f"{STOCK}/push"
ORDERS_DAG = f"erplink__{INTEGRATION}__{TENANT}__orders"
CATALOG_DAG = f"erplink__{INTEGRATION}__{TENANT}__catalog"


@dataclasses.dataclass
class Reads:
    """The integration's reads, stood in for: the windows the dry run was asked for, the catalog it offers."""

    windows: list[Window] = dataclasses.field(default_factory=list)

    def plan(self, fc: Any, window: Window) -> dict[str, Any]:
        self.windows.append(window)
        return {"orders": [
            {"id": 31, "number": "31", "status": "processing", "date_created_gmt": "2026-03-02T10:00:00",
             "total": "40.00", "currency": "EUR", "customer": "Zoë Ng", "verdict": "send",
             "outcomes": ["create sales order WC-acme-31", "create customer zoe@example.com"]},
            {"id": 11, "number": "11", "status": "processing", "date_created_gmt": "2026-03-02T11:00:00",
             "total": "11.00", "currency": "EUR", "customer": "Al Bo", "verdict": "hold back",
             "outcomes": ["hold back: order 11: unknown SKU HOODIE-1"]},
            {"id": 3, "number": "3", "status": "completed", "date_created_gmt": "2026-03-02T12:00:00",
             "total": "3.00", "currency": "EUR", "customer": "", "verdict": "nothing",
             "outcomes": ["nothing to send: the ERP is up to date"]},
        ]}  # fmt: skip

    def stock(self, fc: Any) -> list[StockRow]:
        return [
            StockRow("HOODIE-1", "Hoodie, red", 7, store_quantity=5, in_store=True, ledger_entity="catalog_sku"),
            StockRow("HOODIE-2", "Hoodie, blue", 3, store_quantity=3, in_store=True, ledger_entity="catalog_sku"),
            StockRow("MUG-1", "Mug", 12, ledger_entity="catalog_sku"),
        ]


@pytest.fixture
def reads(page: Page) -> Iterator[Reads]:
    """The tenant's integration as shipped, with its store and ERP reads replaced by ``Reads``."""
    shipped = registry.integration(INTEGRATION)
    stand_in = Reads()
    registry.register(dataclasses.replace(shipped, plan_dry_run=stand_in.plan, catalog_stock=stand_in.stock))
    yield stand_in
    registry.register(shipped)


def _post(page: Page, path: str, form: dict[str, object], *, user: str = "editor") -> Any:
    token = page.csrf(user)
    return page.client.post(path, data={"csrf_token": token, **form}, headers={"Origin": ORIGIN})


def test_an_editor_lists_a_periods_orders_with_what_a_run_would_do_to_each_and_can_choose_them(
    page: Page, reads: Reads
) -> None:
    html = page.as_user("editor").get(ORDERS, params={"since": "2026-03-01", "until": "2026-03-02"}).text
    assert reads.windows == [Window(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC))]
    assert "create sales order WC-acme-31" in html and "hold back: order 11: unknown SKU HOODIE-1" in html
    assert "nothing to send" in html and "Zoë Ng" in html
    assert html.count('type="checkbox" name="order_id"') == 3 and "Import selected" in html
    assert f'action="{IMPORT}"' in html


def test_importing_two_chosen_orders_starts_one_orders_run_for_exactly_them_and_notes_who_asked(
    page: Page, reads: Reads
) -> None:
    response = _post(page, IMPORT, {"order_id": ["31", "11"], "since": "2026-03-01", "until": "2026-03-02"})
    assert response.status_code == 200, response.text
    assert page.airflow.started == [(ORDERS_DAG, {"order_ids": [31, 11]}, "editor")]
    assert f'href="/dags/{ORDERS_DAG}/runs/erplink_page__tenant_run1"' in response.text
    for order_id in (31, 11):  # 31 is not in the ledger yet: its trail starts with the request
        last = page.ledger.audit(key("order", order_id))[-1]
        assert (last.action, last.worker, last.run_id) == (
            "import_requested",
            "erplink page: editor",
            "erplink_page__tenant_run1",
        )
    assert page.ledger.get(key("order", 11)).status == "quarantined"  # the run takes it, not the page
    assert page.ledger.get(key("order", 31)) is None
    record = page.as_user("editor").get(f"{TENANT_URL}/records/order/11").text
    assert f'href="/dags/{ORDERS_DAG}/runs/erplink_page__tenant_run1"' in record


def test_a_read_only_user_sees_the_orders_and_the_stock_but_no_action_and_is_refused_whatever_they_send(
    page: Page, reads: Reads
) -> None:
    orders = page.as_user("viewer").get(ORDERS, params={"since": "2026-03-01", "until": "2026-03-02"}).text
    assert "create sales order WC-acme-31" in orders
    assert 'name="order_id"' not in orders and "Import selected" not in orders
    stock = page.as_user("viewer").get(STOCK).text
    assert "HOODIE-1" in stock and 'name="sku"' not in stock and "Push stock of selected" not in stock
    assert _post(page, IMPORT, {"order_id": "31"}, user="viewer").status_code == 403
    assert _post(page, PUSH, {"sku": "HOODIE-1"}, user="viewer").status_code == 403
    assert page.airflow.started == []
    assert all(entry.action != "import_requested" for entry in page.ledger.audit(key("order", 31)))


def test_an_action_without_the_sessions_token_or_from_another_site_is_refused(page: Page, reads: Reads) -> None:
    token = page.csrf("editor")
    for path, form in ((IMPORT, {"order_id": "31"}), (PUSH, {"sku": "HOODIE-1"})):
        no_token = page.client.post(path, data=form, headers={"Origin": ORIGIN})
        elsewhere = page.client.post(
            path, data={"csrf_token": token, **form}, headers={"Origin": "https://evil.example"}
        )
        assert (no_token.status_code, elsewhere.status_code) == (403, 403), path
        assert "another site" in elsewhere.text
    assert page.airflow.started == []


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2026-03-05", "2026-03-01", "ends (2026-03-01) before it starts (2026-03-05)"),
        ("2026-03-01", "2026-03-31", "spans 31 days; list at most 7 days"),
        ("yesterday", "2026-03-01", "dates must be YYYY-MM-DD"),
    ],
)
def test_a_period_the_page_cannot_list_is_answered_with_why_and_reads_nothing(
    page: Page, reads: Reads, since: str, until: str, message: str
) -> None:
    response = page.as_user("editor").get(ORDERS, params={"since": since, "until": until})
    assert response.status_code == 400 and message in response.text
    assert reads.windows == []


@pytest.mark.parametrize(
    ("path", "form", "message"),
    [
        (IMPORT, {"order_id": ["31", "abc"]}, "&#x27;abc&#x27; is not a store order id"),
        (IMPORT, {}, "choose at least one order"),
        (PUSH, {"sku": ["HOODIE-1", "NOPE-9"]}, "unknown SKU(s), not sellable items of the ERP: NOPE-9"),
        (PUSH, {}, "choose at least one SKU"),
    ],
)
def test_bad_choices_are_answered_with_why_and_start_nothing(
    page: Page, reads: Reads, path: str, form: dict[str, object], message: str
) -> None:
    response = _post(page, path, form)
    assert response.status_code == 400 and message in response.text
    assert page.airflow.started == []


def test_the_stock_list_shows_each_skus_erp_and_store_quantity_and_pushes_exactly_the_chosen_skus(
    page: Page, reads: Reads
) -> None:
    html = page.as_user("editor").get(STOCK).text
    assert html.count('type="checkbox" name="sku"') == 3
    assert "not linked to a store product yet" in html  # MUG-1
    assert f'href="{TENANT_URL}/records/catalog_sku/HOODIE-1"' in html
    narrowed = page.as_user("editor").get(STOCK, params={"q": "blue"}).text
    assert "HOODIE-2" in narrowed and "HOODIE-1" not in narrowed

    response = _post(page, PUSH, {"sku": ["HOODIE-1", "MUG-1"]})
    assert response.status_code == 200, response.text
    assert page.airflow.started == [(CATALOG_DAG, {"skus": ["HOODIE-1", "MUG-1"]}, "editor")]
    assert f'href="/dags/{CATALOG_DAG}/runs/erplink_page__tenant_run1"' in response.text
    last = page.ledger.audit(key("catalog_sku", "HOODIE-1"))[-1]
    assert (last.action, last.worker, last.run_id) == (
        "push_requested",
        "erplink page: editor",
        "erplink_page__tenant_run1",
    )
