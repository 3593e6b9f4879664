"""A signed WooCommerce delivery to the API server's webhook URL wakes the tenant's orders DAG within seconds, and a
burst of deliveries wakes it only a handful of times (the receiver coalesces wake-ups per tenant)."""

from __future__ import annotations

import copy
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from tests.live.conftest import LIVE_TEST_TIMEOUT, ORDERS_DAG
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.deployment import Deployment
from tests.live.harness.sandbox_clients import Store
from tests.live.harness.tenants import DEMO
from tests.live.harness.waiting import wait_for

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
BURST = 200
WAKE_SLA_SECONDS = 30
# The receiver's default quiet period between two wake-ups of a tenant (ERPLINK_WEBHOOK_WAKE_INTERVAL_SECONDS).
WAKE_INTERVAL_SECONDS = 10
# "A handful": the first wake-up, the trailing one of the quiet period, and room for a burst that outlasts it.
HANDFUL = 5


def _webhook_url(live: Deployment) -> str:
    return f"{live.api_url}/erplink/webhooks/woocommerce/{DEMO}"


def _parse(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None


def _asset_runs_since(api: AirflowApi, since: datetime) -> list[dict[str, Any]]:
    return [run for run in api.runs(ORDERS_DAG, run_type="asset_triggered")
            if (_parse(run["queued_at"]) or _parse(run["run_after"]) or since) >= since]


def _no_queued_asset_events(api: AirflowApi) -> bool:
    response = api.request("GET", f"/api/v2/dags/{ORDERS_DAG}/assets/queuedEvents")
    return response.status_code == 404 or not response.json().get("queued_events")


@dataclass(frozen=True)
class Deliveries:
    first_answer: requests.Response
    first_run: dict[str, Any]
    latency_seconds: float
    burst_answers: Counter[tuple[int, str]]
    burst_runs: list[dict[str, Any]]
    receiver_status: dict[str, Any]


@pytest.fixture(scope="module")
def deliveries(live: Deployment, api: AirflowApi, store: Store, first_load: Any,
               measurements: dict[str, Any]) -> Deliveries:
    from tests.live.conftest import wait_until_idle

    wait_until_idle(api, ORDERS_DAG)
    orders = store.orders()
    url = _webhook_url(live)

    # One delivery, as the store sends it when a shopper's order changes.
    sent_at = datetime.now(UTC)
    clock = time.monotonic()
    body, headers = store.signed_delivery(orders[0])
    first_answer = requests.post(url, data=body, headers=headers, timeout=30)
    [first_run] = wait_for(f"an asset-triggered run of {ORDERS_DAG} after the delivery at {sent_at.isoformat()}",
                           lambda: _asset_runs_since(api, sent_at - timedelta(seconds=1)), timeout=WAKE_SLA_SECONDS,
                           interval=0.25, logs=api.logs)
    latency = round(time.monotonic() - clock, 2)
    measurements["webhook_to_run_seconds"] = latency

    # A burst: every order changes several times (each change is a new event for the inbox, none a duplicate).
    burst_started = datetime.now(UTC)
    changed = []
    for index in range(BURST):
        order = copy.deepcopy(orders[index % len(orders)])
        order["date_modified_gmt"] = (burst_started + timedelta(seconds=index)).strftime("%Y-%m-%dT%H:%M:%S")
        changed.append(store.signed_delivery(order))
    burst_clock = time.monotonic()
    with ThreadPoolExecutor(8) as senders:
        answers = list(senders.map(lambda d: requests.post(url, data=d[0], headers=d[1], timeout=30), changed))
    burst_over = time.monotonic()
    measurements["webhook_burst_send_seconds"] = round(burst_over - burst_clock, 2)

    # The receiver wakes the DAG once at the start of a quiet period and once at its end; after that, and once the
    # scheduler has turned every asset event into a run, no further run can come from the burst.
    wait_for("the receiver's quiet period to end and the scheduler to take every asset event",
             lambda: time.monotonic() > burst_over + WAKE_INTERVAL_SECONDS + 2 and _no_queued_asset_events(api),
             timeout=WAKE_INTERVAL_SECONDS + 120, interval=1, logs=api.logs)
    status = requests.get(f"{live.api_url}/erplink/webhooks/status", timeout=30,
                          headers={"Authorization": f"Bearer {live.status_token}"}).json()
    burst_runs = _asset_runs_since(api, burst_started)
    measurements["webhook_burst_runs"] = len(burst_runs)
    return Deliveries(first_answer, first_run, latency,
                      Counter((answer.status_code, answer.json().get("status", "")) for answer in answers),
                      burst_runs, status)


def test_a_signed_delivery_to_the_webhook_url_starts_an_orders_run_within_30_seconds(deliveries: Deliveries) -> None:
    assert deliveries.first_answer.status_code == 200
    assert deliveries.first_answer.json() == {"status": "accepted"}
    # The fixture waited at most WAKE_SLA_SECONDS for this run to appear.
    assert deliveries.first_run["run_type"] == "asset_triggered"


def test_a_burst_of_200_deliveries_starts_at_most_a_handful_of_runs(deliveries: Deliveries) -> None:
    assert deliveries.burst_answers == Counter({(200, "accepted"): BURST})
    assert 1 <= len(deliveries.burst_runs) <= HANDFUL, [run["dag_run_id"] for run in deliveries.burst_runs]
    wakes = deliveries.receiver_status["wakes"][f"woocommerce/{DEMO}"]
    assert wakes["requested"] == BURST + 1 and wakes["failed"] == 0, wakes


def test_a_delivery_with_a_wrong_signature_is_refused(live: Deployment, store: Store, deliveries: Deliveries) -> None:
    body, headers = store.signed_delivery({"id": 1, "date_modified_gmt": "2026-01-01T00:00:00", "line_items": []})
    headers["X-WC-Webhook-Signature"] = "bm90IHRoZSBzaWduYXR1cmU="
    answer = requests.post(_webhook_url(live), data=body, headers=headers, timeout=30)
    assert (answer.status_code, answer.json()) == (401, {"detail": "signature missing or invalid"})
