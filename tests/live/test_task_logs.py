"""Task logs, read as operators read them: through the REST API they carry each task's API-call summary and no
secret of the deployment; the UI's task log page renders them in a browser (headless Chromium), and its
screenshot is kept in the artifacts folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.live.conftest import LIVE_TEST_TIMEOUT, ORDERS_DAG, FirstLoad
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.deployment import ADMIN_USER, Deployment

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
TASKS_CALLING_APIS = ("webhook_health", "extract", "load_orders", "load_refunds", "write_back")
CHROMIUM = "chromium"  # Debian's package; Playwright's own browser download is not used
# Headless on a machine without a display or GPU; no background traffic to anywhere but the deployment.
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-extensions", "--no-first-run"]


def _logs_of_first_run(api: AirflowApi, first_load: FirstLoad) -> dict[str, str]:
    run_id = first_load.orders_run["dag_run_id"]
    return {task_id: api.task_log(ORDERS_DAG, run_id, task_id, ti["try_number"])
            for task_id, ti in api.task_instances(ORDERS_DAG, run_id).items() if ti["state"] == "success"}


def test_the_task_logs_carry_each_tasks_api_call_summary(first_load: FirstLoad, api: AirflowApi) -> None:
    logs = _logs_of_first_run(api, first_load)
    assert "API calls: {'qad': {" in logs["load_orders"]
    assert "POST" in logs["load_orders"] and "salesOrderHeaders" in logs["load_orders"]
    assert "API calls: {'woocommerce': {" in logs["extract"]


def test_no_secret_of_the_deployment_reaches_a_task_log(first_load: FirstLoad, api: AirflowApi,
                                                        live: Deployment) -> None:
    logs = _logs_of_first_run(api, first_load)
    assert set(TASKS_CALLING_APIS) <= set(logs)
    leaked = {task_id: [secret[:4] + "…" for secret in live.secrets() if secret in text]
              for task_id, text in logs.items()}
    assert {task_id: found for task_id, found in leaked.items() if found} == {}


def test_the_ui_task_log_page_renders_in_headless_chromium(first_load: FirstLoad, live: Deployment) -> None:
    chromium = shutil.which(CHROMIUM)
    if chromium is None:
        pytest.fail("chromium is missing: `make test` installs it through scripts/ensure-system-deps")
    from playwright.sync_api import sync_playwright

    run_id = first_load.orders_run["dag_run_id"]
    page_url = f"{live.api_url}/dags/{ORDERS_DAG}/runs/{quote(run_id, safe='')}/tasks/load_orders"
    screenshot = live.artifacts / "ui-task-log.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(page_url, wait_until="domcontentloaded", timeout=60_000)
            page.locator("input[name='username']").fill(ADMIN_USER)
            page.locator("input[type='password']").fill(live.passwords[ADMIN_USER])
            page.keyboard.press("Enter")
            page.get_by_text("order load picks up").first.wait_for(timeout=60_000)
            page.get_by_text("API calls: {'qad'").first.wait_for(timeout=10_000)
        finally:
            _save_screenshot(browser, screenshot)
            browser.close()
    assert screenshot.stat().st_size > 0


def _save_screenshot(browser, path: Path) -> None:
    for context in browser.contexts:
        for page in context.pages:
            page.screenshot(path=str(path), full_page=True)
            return
