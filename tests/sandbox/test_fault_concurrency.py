"""The fault middleware counts the requests in flight, injected latency included, and the most there were at once
since the plan was set: what a client's concurrency limit (an Airflow pool, a thread count) is checked against."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from fastapi import FastAPI

from sandbox.faults import FaultInjector, FaultMiddleware, FaultPlan
from sandbox.server import serve


def _gated_app(gate: threading.Event, arrived: threading.Semaphore) -> FastAPI:
    app = FastAPI()

    @app.get("/work")
    def work() -> dict:  # a sync route: each request waits on its own thread until the test opens the gate
        arrived.release()
        gate.wait(10)
        return {"ok": True}

    return app


def test_peak_counts_the_requests_that_were_in_flight_at_the_same_time() -> None:
    gate, arrived = threading.Event(), threading.Semaphore(0)
    injector = FaultInjector()
    served = serve(FaultMiddleware(_gated_app(gate, arrived), injector))
    try:
        with ThreadPoolExecutor(3) as pool:
            calls = [pool.submit(requests.get, f"{served.base_url}/work", timeout=20) for _ in range(3)]
            for _ in range(3):
                assert arrived.acquire(timeout=10), "a request never reached the app"
            assert injector.describe()["concurrency"] == {"in_flight": 3, "peak": 3}
            gate.set()
            assert [call.result().status_code for call in calls] == [200, 200, 200]
        assert injector.describe()["concurrency"] == {"in_flight": 0, "peak": 3}
        requests.get(f"{served.base_url}/work", timeout=20)
        assert injector.describe()["concurrency"]["peak"] == 3, "one request at a time leaves the peak alone"
    finally:
        gate.set()
        served.stop()


def test_a_request_waiting_out_injected_latency_is_in_flight() -> None:
    gate, arrived, latency_over = threading.Event(), threading.Semaphore(0), threading.Event()
    gate.set()

    async def held_latency(_seconds: float) -> None:  # the latency lasts until the test ends it
        while not latency_over.is_set():
            await asyncio.sleep(0.01)

    injector = FaultInjector(FaultPlan(latency_ms=1000), sleep=held_latency)
    served = serve(FaultMiddleware(_gated_app(gate, arrived), injector))
    try:
        with ThreadPoolExecutor(1) as pool:
            call = pool.submit(requests.get, f"{served.base_url}/work", timeout=20)
            deadline = time.monotonic() + 10
            while injector.describe()["concurrency"]["in_flight"] == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert injector.describe()["concurrency"] == {"in_flight": 1, "peak": 1}
            assert not arrived.acquire(blocking=False), "the request reached the app before its latency was over"
            latency_over.set()
            assert call.result().status_code == 200
    finally:
        latency_over.set()
        served.stop()


def test_setting_a_plan_starts_a_new_peak_and_admin_requests_are_not_counted() -> None:
    gate, arrived = threading.Event(), threading.Semaphore(0)
    gate.set()
    injector = FaultInjector()
    served = serve(FaultMiddleware(_gated_app(gate, arrived), injector))
    try:
        assert requests.get(f"{served.base_url}/work", timeout=20).status_code == 200
        assert injector.describe()["concurrency"] == {"in_flight": 0, "peak": 1}
        reset = requests.post(f"{served.base_url}/__admin__/faults", json={}, timeout=20).json()
        assert reset["concurrency"] == {"in_flight": 0, "peak": 0}
        assert requests.get(f"{served.base_url}/__admin__/faults", timeout=20).json()["concurrency"]["peak"] == 0
    finally:
        served.stop()


def test_a_request_stops_counting_before_its_last_byte_reaches_the_client() -> None:
    """Otherwise a client that sends its next request as soon as the answer arrives counts twice."""
    gate, arrived = threading.Event(), threading.Semaphore(0)
    gate.set()
    injector = FaultInjector()
    middleware = FaultMiddleware(_gated_app(gate, arrived), injector)
    in_flight_at_last_byte = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            in_flight_at_last_byte.append(injector.describe()["concurrency"]["in_flight"])

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/work", "raw_path": b"/work", "query_string": b"", "root_path": "", "headers": [],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
    asyncio.run(middleware(scope, receive, send))
    assert in_flight_at_last_byte == [0]
    assert injector.describe()["concurrency"] == {"in_flight": 0, "peak": 1}
