"""The records list: counts by entity and status, filters (entity, status, date, text), and pages that together
hold every match exactly once; one record's page with its attempts (linked to Airflow's task log) and the diff of
what the ERP holds against what the store holds now."""

from __future__ import annotations

import re
from datetime import timedelta

from erplink.ledger.browse import RecordFilter
from erplink.ui.app import URL_PREFIX
from tests.erplink.ui.conftest import INTEGRATION, T0, TENANT, Page, key

RECORDS = f"{URL_PREFIX}/t/{TENANT}"


def _listed(html: str) -> list[str]:
    """``entity/source id`` of every row the page lists, in order."""
    return re.findall(r'href="/erplink-ui/t/acme/records/([^"]+)"', html)


def test_the_first_visit_lists_the_records_needing_a_person_newest_first_with_their_reasons(page: Page) -> None:
    html = page.as_user("viewer").get(RECORDS).text
    listed = _listed(html)
    assert listed[0] == "catalog_sku/HOODIE-1" and "order/11" in listed and "order/21" in listed
    assert "order/1" not in listed and "order/26" not in listed  # done, pending
    assert len(listed) == 10 + 5 + 3 + 1
    assert "QAD answered 503" in html and "credit exceeds order" in html


def test_filters_by_entity_status_text_and_date(page: Page) -> None:
    client = page.as_user("viewer")

    def listed(**params: object) -> set[str]:
        return set(_listed(client.get(RECORDS, params={"f": "1", **params}).text))

    assert listed(entity="refund") == {f"refund/{n}-9{n}" for n in (1, 2, 3)}
    assert listed(status="failed") == {f"order/{n}" for n in range(21, 26)}
    assert listed(status="done", entity="order") == {f"order/{n}" for n in range(1, 10)}
    assert listed(q="hoodie-1") == {f"order/{n}" for n in range(11, 21) if n % 2}  # reason words, any case
    assert listed(q="WC-acme-3") == {"order/3"}  # an ERP reference
    assert listed(q="22", status=["failed", "done"]) == {"order/22"}  # a source id, exactly
    # Every record reached its status on T0's day (a minute apart), none on the day after.
    day = T0.date().isoformat()
    assert listed(since=day, until=day, entity="order", status="done") == {f"order/{n}" for n in range(1, 10)}
    assert listed(since=(T0 + timedelta(days=1)).date().isoformat(), entity="order") == set()


def test_a_date_that_cannot_be_read_is_named(page: Page) -> None:
    response = page.as_user("viewer").get(RECORDS, params={"f": "1", "since": "yesterday"})
    assert response.status_code == 400 and "yesterday" in response.text


def test_pages_hold_every_match_once_in_order(page: Page) -> None:
    client = page.as_user("viewer")
    seen: list[str] = []
    url, params = RECORDS, {"f": "1", "size": "7"}
    while True:
        html = client.get(url, params=params).text
        seen += _listed(html)
        older = re.search(r'href="([^"]+before=(\d+)[^"]*)"', html)
        if older is None:
            break
        params = {"f": "1", "size": "7", "before": older.group(2)}
    everything = page.ledger.record_page(RecordFilter(TENANT, INTEGRATION), size=500)
    assert seen == [f"{row.key.entity}/{row.key.source_id}" for row in everything.rows]
    assert len(seen) == len(set(seen)) == everything.total == 34


def test_the_counts_table_counts_every_entity_and_status_and_links_to_its_records(page: Page) -> None:
    html = page.as_user("viewer").get(RECORDS).text
    assert 'href="/erplink-ui/t/acme?f=1&amp;entity=order&amp;status=quarantined">10</a>' in html
    assert 'href="/erplink-ui/t/acme?f=1&amp;entity=refund&amp;status=quarantined">3</a>' in html


def test_a_records_page_lists_each_attempt_with_a_link_to_its_task_log(page: Page) -> None:
    html = page.as_user("viewer").get(f"{RECORDS}/records/order/11").text
    assert "unknown SKU HOODIE-1" in html
    assert ('href="/dags/erplink__qad_woocommerce__acme__orders/runs/scheduled__2026-03-01/tasks/load_orders'
            '?try_number=2"') in html
    assert html.count("<tr>") >= 1 + 2  # header, extracted, quarantined


def test_a_records_page_shows_what_changed_since_the_erp_received_it(page: Page) -> None:
    html = page.as_user("viewer").get(f"{RECORDS}/records/order/10").text
    assert "SO000010" in html and "WC-acme-10" in html
    assert '<code>total</code>' in html
    assert '<span class="diff-old">&quot;10.00&quot;</span>' in html
    assert '<span class="diff-new">&quot;12.50&quot;</span>' in html


def test_an_unknown_record_or_tenant_is_404(page: Page) -> None:
    client = page.as_user("viewer")
    assert client.get(f"{RECORDS}/records/order/999").status_code == 404
    assert client.get(f"{URL_PREFIX}/t/nobody").status_code == 404
    assert page.ledger.get(key("order", 999)) is None
