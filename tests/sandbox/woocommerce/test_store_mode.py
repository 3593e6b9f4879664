"""Store mode: a fixed pool of PHP workers serves the store's requests, the others queue, each costs worker time."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
import requests

from sandbox.__main__ import parse_args, sandbox_options
from sandbox.runner import RunningSandboxes, start_sandboxes
from sandbox.woocommerce.store_mode import OTHER, PAGE, PhpWorkers, StoreModePlan, request_kind
from tests.sandbox.woocommerce.conftest import API_PATH

# Long enough that requests sent together are all in the store at once: every assertion below is on counts and
# order, never on how long anything took.
HELD_MS = 2000


async def _settle() -> None:
    """Let every task that can run do so (a granted worker is handed over by a scheduled callback)."""
    for _ in range(5):
        await asyncio.sleep(0)


def test_a_request_beyond_the_workers_waits_until_a_worker_is_released():
    async def scenario() -> None:
        workers = PhpWorkers(StoreModePlan(php_workers=2))
        await workers.acquire()
        await workers.acquire()
        third = asyncio.create_task(workers.acquire())
        await _settle()
        assert not third.done()
        assert workers.describe()["waiting"] == 1
        workers.release(PAGE)
        await _settle()
        assert third.done()
        assert workers.describe() | {"plan": None} == {
            "plan": None, "busy": 2, "waiting": 0, "peak_busy": 2, "queued": 1, "served": {PAGE: 1, OTHER: 0}}

    asyncio.run(scenario())


def test_queued_requests_are_served_in_arrival_order():
    async def scenario() -> None:
        workers = PhpWorkers(StoreModePlan(php_workers=1))
        served: list[str] = []

        async def request(name: str) -> None:
            await workers.acquire()
            served.append(name)

        await workers.acquire()
        tasks = [asyncio.create_task(request(name)) for name in ("first", "second", "third")]
        await _settle()
        for _ in tasks:
            workers.release(OTHER)
            await _settle()
        assert served == ["first", "second", "third"]

    asyncio.run(scenario())


def test_more_workers_at_runtime_admit_the_waiting_requests_at_once():
    async def scenario() -> None:
        workers = PhpWorkers(StoreModePlan(php_workers=1))
        await workers.acquire()
        waiting = [asyncio.create_task(workers.acquire()) for _ in range(2)]
        await _settle()
        workers.configure(StoreModePlan(php_workers=3))
        await _settle()
        assert all(task.done() for task in waiting)
        assert workers.describe()["busy"] == 3

    asyncio.run(scenario())


def test_a_queued_request_whose_client_goes_away_takes_no_worker():
    async def scenario() -> None:
        workers = PhpWorkers(StoreModePlan(php_workers=1))
        await workers.acquire()
        gone = asyncio.create_task(workers.acquire())
        await _settle()
        gone.cancel()
        await _settle()
        workers.release(OTHER)
        assert workers.describe()["busy"] == 0
        assert workers.describe()["waiting"] == 0

    asyncio.run(scenario())


@pytest.mark.parametrize(("method", "path", "kind"), [
    ("GET", f"{API_PATH}/orders", PAGE),
    ("GET", f"{API_PATH}/orders/12/refunds", PAGE),
    ("GET", f"{API_PATH}/products/7/variations", PAGE),
    ("GET", f"{API_PATH}/orders/12", OTHER),
    ("POST", f"{API_PATH}/orders/batch", OTHER),
    ("PUT", f"{API_PATH}/orders/12", OTHER),
    ("GET", API_PATH, OTHER),
])
def test_a_page_is_a_get_of_a_collection(method, path, kind):
    assert request_kind(method, path) == kind


def test_the_request_cost_defaults_to_the_page_cost():
    assert StoreModePlan(page_cost_ms=100).cost_seconds(OTHER) == 0.1
    assert StoreModePlan(page_cost_ms=100, request_cost_ms=20).cost_seconds(OTHER) == 0.02
    assert StoreModePlan(page_cost_ms=100, request_cost_ms=20).cost_seconds(PAGE) == 0.1


def test_the_command_line_sets_the_store_mode_of_the_woocommerce_sandbox():
    args = parse_args(["--php-workers", "2", "--page-cost-ms", "100", "--request-cost-ms", "30"])
    assert sandbox_options(args)["woocommerce"]["store_mode"] == {
        "php_workers": 2, "page_cost_ms": 100, "request_cost_ms": 30}
    off = StoreModePlan.model_validate(sandbox_options(parse_args([]))["woocommerce"]["store_mode"])
    assert not off.active


# --- served -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(small_world) -> Iterator[RunningSandboxes]:
    options = {"woocommerce": {"store_mode": {"php_workers": 2, "page_cost_ms": HELD_MS, "request_cost_ms": 0}}}
    with start_sandboxes(["woocommerce"], world=small_world, options=options) as running:
        yield running


def _admin(running: RunningSandboxes, method: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{running.woocommerce.http_url}/__admin__/store-mode", timeout=10, **kwargs)


def _get_together(running: RunningSandboxes, paths: list[tuple[str, str]]) -> list[int]:
    """Send the requests at the same moment, each from its own thread; the statuses in the order given."""
    conn = running.connections()["erplink_woo_demo"]
    urls = {"https": running.woocommerce.base_url, "http": running.woocommerce.http_url}
    barrier = threading.Barrier(len(paths))
    statuses = [0] * len(paths)

    def send(index: int, scheme: str, path: str) -> None:
        barrier.wait()
        # Basic auth over plain HTTP is refused with 401, which the store answers through a worker all the same.
        statuses[index] = requests.get(f"{urls[scheme]}{API_PATH}{path}", auth=(conn["login"], conn["password"]),
                                       verify=conn["extra"]["verify"], timeout=60).status_code

    threads = [threading.Thread(target=send, args=(i, *p)) for i, p in enumerate(paths)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_workers_plus_one_requests_at_once_the_last_one_waits_for_a_worker(shop):
    _admin(shop, "POST", json={"php_workers": 2, "page_cost_ms": HELD_MS, "request_cost_ms": 0})
    statuses = _get_together(shop, [("https", "/orders")] * 3)
    assert statuses == [200, 200, 200]
    pool = _admin(shop, "GET").json()
    assert pool["peak_busy"] == 2
    assert pool["queued"] == 1
    assert pool["served"] == {PAGE: 3, OTHER: 0}


def test_https_and_plain_http_share_one_pool_of_workers(shop):
    _admin(shop, "POST", json={"php_workers": 1, "page_cost_ms": HELD_MS, "request_cost_ms": 0})
    _get_together(shop, [("https", "/orders"), ("http", "/orders")])
    pool = _admin(shop, "GET").json()
    assert pool["peak_busy"] == 1
    assert pool["queued"] == 1


def test_store_mode_is_changed_and_turned_off_at_runtime(shop):
    plan = {"php_workers": 4, "page_cost_ms": 50, "request_cost_ms": 5}
    assert _admin(shop, "POST", json=plan).json()["plan"] == plan
    assert _admin(shop, "GET").json()["plan"] == plan
    assert _admin(shop, "POST", json={"php_workers": -1}).status_code == 400
    assert _admin(shop, "GET").json()["plan"] == plan
    assert _admin(shop, "DELETE").json()["plan"] == {"php_workers": 0, "page_cost_ms": 0, "request_cost_ms": None}
    _get_together(shop, [("https", "/orders"), ("https", "/orders/1")])
    assert _admin(shop, "GET").json()["served"] == {PAGE: 0, OTHER: 0}  # off: nothing passes through the pool


def test_store_mode_is_off_unless_asked_for(small_world):
    with start_sandboxes(["woocommerce"], world=small_world) as running:
        assert _admin(running, "GET").json()["plan"] == {"php_workers": 0, "page_cost_ms": 0,
                                                         "request_cost_ms": None}
        assert not running.woocommerce.sandbox.app.state.php_workers.plan.active
