"""The erplink page in a real browser (headless Chromium) against the live API server, behind Airflow's login.

An editor filters the quarantined orders, opens one held back for a SKU QAD lacks, replays it once the item exists,
and sees it posted; lists a period's orders with what a run would do to each, selects two and imports them (the
link of the orders run it starts shows); the read-only user sees no action, and a replay it forges anyway is
refused with 403. After a clean orders run the reconciliation page finds no difference; once a QAD sales order is
altered it names that order. Screenshots go to ``<artifacts>/erplink-page/`` (its path is printed)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.expectations import order_ref
from tests.live.conftest import LIVE_TEST_TIMEOUT, ORDERS_DAG, REPLAY_DAG, RUN_TIMEOUT, FirstLoad, wait_until_idle
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.deployment import ADMIN_USER, VIEWER_USER, Deployment
from tests.live.harness.sandbox_clients import Qad, Store
from tests.live.harness.tenants import DEMO
from tests.live.test_task_logs import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
PAGE = "/erplink-ui"
PERIOD = {"since": "2000-01-01", "until": (datetime.now(UTC) + timedelta(days=2)).date().isoformat()}


@pytest.fixture(scope="module")
def shots(live: Deployment, request: pytest.FixtureRequest) -> Path:
    folder = live.artifacts / "erplink-page"
    folder.mkdir(parents=True, exist_ok=True)
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nerplink page screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which(CHROMIUM)
    if chromium is None:
        pytest.fail("chromium is missing: `make test` installs it through scripts/ensure-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def _logged_in(browser: Any, live: Deployment, user: str, path: str) -> Any:
    """A new browser session that opens ``path``, is sent to Airflow's login, signs in and comes back."""
    page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    page.goto(f"{live.api_url}{path}", wait_until="domcontentloaded", timeout=60_000)
    page.locator("input[name='username']").fill(user)
    page.locator("input[type='password']").fill(live.passwords[user])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(PAGE)), timeout=60_000)
    page.get_by_text(f"signed in as {user}").wait_for(timeout=30_000)
    return page


def _held_for_a_missing_sku(api: AirflowApi, qad: Qad, store: Store) -> tuple[str, str]:
    """A new order for a SKU QAD lacks, which an orders run quarantines: (order id, SKU)."""
    wait_until_idle(api, ORDERS_DAG)
    missing = sorted(store.skus() - qad.active_items())
    assert missing, "the seeded store sells no SKU QAD lacks"
    sku = missing[-1]  # the outage test takes the first one still missing when it runs
    order = store.place_order(sku=sku, email="page.buyer@example.com")
    run_id = api.trigger(ORDERS_DAG, {"order_ids": [order["id"]]})
    api.wait_for_run(ORDERS_DAG, run_id, timeout=RUN_TIMEOUT)
    return str(order["id"]), sku


def test_an_editor_filters_the_quarantined_orders_replays_one_after_the_fix_and_sees_it_posted(
        first_load: FirstLoad, live: Deployment, api: AirflowApi, qad: Qad, store: Store, browser: Any,
        shots: Path) -> None:
    order_id, sku = _held_for_a_missing_sku(api, qad, store)
    page = _logged_in(browser, live, ADMIN_USER, f"{PAGE}/t/{DEMO}")
    page.locator("form.filters select[name='entity']").select_option("order")
    for box in page.locator("form.filters input[name='status']").all():
        box.set_checked(box.get_attribute("value") == "quarantined")
    page.locator("form.filters input[name='q']").fill(sku)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("domcontentloaded")
    page.screenshot(path=str(shots / "1-quarantined-orders.png"), full_page=True)
    page.get_by_role("link", name=order_id, exact=True).click()
    page.get_by_text(sku).first.wait_for(timeout=10_000)
    page.screenshot(path=str(shots / "2-held-order.png"), full_page=True)

    qad.add_item(sku)  # the cause fixed, as a person would after reading the reason
    api.set_paused(REPLAY_DAG, False)
    try:
        page.get_by_role("button", name="Replay this record").click()
        run_link = page.locator("a[href*='/dags/erplink__replay/runs/']").first
        run_link.wait_for(timeout=30_000)
        run_id = run_link.inner_text()
        page.screenshot(path=str(shots / "3-replay-started.png"), full_page=True)
        assert api.wait_for_run(REPLAY_DAG, run_id, timeout=RUN_TIMEOUT)["state"] == "success", \
            api.describe_run(REPLAY_DAG, run_id)
    finally:
        api.set_paused(REPLAY_DAG, True)
    assert qad.sales_order_refs()[order_ref(int(order_id))] == 1
    page.goto(f"{live.api_url}{PAGE}/t/{DEMO}/records/order/{order_id}", wait_until="domcontentloaded")
    page.locator(".status-done").first.wait_for(timeout=10_000)
    assert "replay_requested" in page.content() and f"erplink page: {ADMIN_USER}" in page.content()
    page.screenshot(path=str(shots / "4-posted.png"), full_page=True)


def test_an_editor_lists_a_periods_orders_selects_two_and_imports_them_through_an_orders_run(
        first_load: FirstLoad, live: Deployment, api: AirflowApi, qad: Qad, store: Store, browser: Any,
        shots: Path) -> None:
    wait_until_idle(api, ORDERS_DAG)
    api.set_paused(ORDERS_DAG, True)  # the new orders' webhooks must not wake a run that imports them first
    try:
        sku = sorted(store.skus() & qad.active_items())[0]
        chosen = [str(store.place_order(sku=sku, email=f"period.buyer{n}@example.com")["id"]) for n in (1, 2)]
        today = datetime.now(UTC).date()
        page = _logged_in(browser, live, ADMIN_USER, f"{PAGE}/t/{DEMO}/orders?since={today - timedelta(days=1)}"
                                                     f"&until={today + timedelta(days=1)}")
        for order_id in chosen:
            box = page.locator(f"input[name='order_id'][value='{order_id}']")
            box.wait_for(timeout=120_000)
            row = box.locator("xpath=ancestor::tr").inner_text()
            assert f"create sales order {order_ref(int(order_id))}" in row, row
            box.check()
        page.screenshot(path=str(shots / "4a-orders-of-a-period.png"), full_page=True)
        page.get_by_role("button", name="Import selected").first.click()
        run_link = page.locator(f"a[href*='/dags/{ORDERS_DAG}/runs/']").first
        run_link.wait_for(timeout=30_000)
        run_id = run_link.inner_text()
        page.screenshot(path=str(shots / "4b-import-started.png"), full_page=True)
    finally:
        api.set_paused(ORDERS_DAG, False)
    assert api.wait_for_run(ORDERS_DAG, run_id, timeout=RUN_TIMEOUT)["state"] == "success", \
        api.describe_run(ORDERS_DAG, run_id)
    refs = qad.sales_order_refs()
    assert [refs[order_ref(int(order_id))] for order_id in chosen] == [1, 1]


def test_the_read_only_user_sees_no_action_and_a_forged_replay_is_refused(
        first_load: FirstLoad, live: Deployment, api: AirflowApi, browser: Any, shots: Path) -> None:
    page = _logged_in(browser, live, VIEWER_USER, f"{PAGE}/t/{DEMO}")
    page.get_by_text("quarantined").first.wait_for(timeout=10_000)
    page.screenshot(path=str(shots / "5-read-only.png"), full_page=True)
    assert page.get_by_role("button", name=re.compile("Replay")).count() == 0
    assert page.locator("input[name='key']").count() == 0
    runs_before = len(api.runs(REPLAY_DAG))
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "erplink_csrf")
    forged = page.request.post(f"{live.api_url}{PAGE}/t/{DEMO}/replay", headers={"Origin": live.api_url},
                               form={"csrf_token": csrf, "scope": "matching", "f": "1", "status": "quarantined"})
    assert forged.status == 403
    assert len(api.runs(REPLAY_DAG)) == runs_before


def test_reconciliation_finds_no_difference_after_a_clean_run_and_names_an_order_altered_in_qad(
        first_load: FirstLoad, live: Deployment, api: AirflowApi, qad: Qad, browser: Any, shots: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    wait_until_idle(api, ORDERS_DAG)  # then a run of its own takes in whatever other tests placed meanwhile
    run_id = api.trigger(ORDERS_DAG)
    assert api.wait_for_run(ORDERS_DAG, run_id, timeout=RUN_TIMEOUT)["state"] in ("success", "failed")
    page = _logged_in(browser, live, ADMIN_USER, f"{PAGE}/t/{DEMO}/reconciliation?since={PERIOD['since']}"
                                                 f"&until={PERIOD['until']}")
    page.get_by_text("No difference").wait_for(timeout=120_000)
    page.screenshot(path=str(shots / "6-reconciled.png"), full_page=True)

    altered = _raise_freight(qad, live, monkeypatch)
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("difference(s)").first.wait_for(timeout=120_000)
    page.screenshot(path=str(shots / "7-difference.png"), full_page=True)
    differences = page.locator("table").filter(has_text="ERP reference").last.inner_text()
    assert altered["externalRef"] in differences and altered["orderNumber"] in differences
    store_order = altered["externalRef"].rsplit("-", 1)[1]
    assert f"woocommerce order {store_order}" in differences and "shipping" in differences


def _raise_freight(qad: Qad, live: Deployment, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Someone raises the freight of an open QAD sales order through QAD's API (the demo connection's user)."""
    for name, value in live.connection_env.items():
        monkeypatch.setenv(name, value)
    from erplink.systems.qad.hooks.qad import QadHook

    order = next(doc for doc in qad.documents("sales-orders")
                 if doc["status"] == "OPEN" and any(c["type"] == "FREIGHT" for c in doc["charges"]))
    charges = [{k: c[k] for k in ("type", "description", "amount", "taxAmount")}
               | ({"amount": str(Decimal(c["amount"]) + Decimal("2.00"))} if c["type"] == "FREIGHT" else {})
               for c in order["charges"]]
    conn_id = next(name.removeprefix("AIRFLOW_CONN_").lower() for name, value in live.connection_env.items()
                   if name.startswith("AIRFLOW_CONN_") and json.loads(value).get("conn_type") == "qad"
                   and "oauth" not in name.lower())
    QadHook(qad_conn_id=conn_id).update("sales-orders", order["orderNumber"], {"charges": charges})
    return order
