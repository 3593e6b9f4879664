"""Webhook receiver benchmark: acknowledgements per second and latency over loopback.

Serves the standalone receiver with uvicorn on 127.0.0.1 (free port) backed by a SQLite ledger in a temporary
directory, sends a bounded number of signed WooCommerce order deliveries (a share of them replays), and prints a
small table. Asset events are counted by a recording waker behind the real coalescer, so no Airflow is needed.

    python bench/webhooks.py --count 2000 --concurrency 4
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import uvicorn

from erplink.ledger import Ledger
from erplink.webhooks.app import create_standalone_app, store_readers
from erplink.webhooks.keys import SigningKeys
from erplink.webhooks.receiver import WebhookReceiver, build_readers
from erplink.webhooks.settings import ReceiverSettings
from erplink.webhooks.tenants import MappingTenantResolver, WebhookTenant
from erplink.webhooks.wake import WakeCoalescer
from erplink.systems.woocommerce.webhooks import signature

SECRET = "bench-webhook-secret"


class CountingWaker:
    def __init__(self) -> None:
        self.count = 0

    def wake(self, system: str, tenant: str) -> None:
        self.count += 1


class FixedKeys:
    def keys(self, tenant: WebhookTenant) -> SigningKeys:
        return SigningKeys(current=SECRET)


def start(app: object) -> tuple[uvicorn.Server, threading.Thread, str]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


def delivery(order_id: int) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(
        {"id": order_id, "status": "processing", "date_modified_gmt": "2026-03-01T10:00:00",
         "line_items": [{"sku": f"SKU-{order_id % 50}", "quantity": 1, "total": "10.00"}] * 3},
        separators=(",", ":"),
    ).encode()
    return body, {
        "Content-Type": "application/json",
        "X-WC-Webhook-Topic": "order.created",
        "X-WC-Webhook-Resource": "order",
        "X-WC-Webhook-Delivery-ID": f"bench-{order_id}",
        "X-WC-Webhook-Signature": signature(body, SECRET),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="deliveries to send (bounded; default 1000)")
    parser.add_argument("--concurrency", type=int, default=4, help="parallel senders (default 4)")
    parser.add_argument("--replay-every", type=int, default=5, help="every Nth delivery repeats an earlier one")
    args = parser.parse_args()
    count = max(1, min(args.count, 100_000))

    with tempfile.TemporaryDirectory(prefix="erplink-bench-") as tmp:
        ledger = Ledger(f"sqlite:///{Path(tmp) / 'ledger.db'}")
        ledger.migrate()
        waker = CountingWaker()
        settings = ReceiverSettings()
        receiver = WebhookReceiver(
            readers=build_readers(store_readers()),
            tenants=MappingTenantResolver({"bench": {"system": "woocommerce", "conn_id": "unused"}}),
            keys=FixedKeys(),
            inbox=ledger,
            wakes=WakeCoalescer(waker, interval=settings.wake_interval_seconds),
            settings=settings,
        )
        server, thread, base_url = start(create_standalone_app(receiver))
        url = f"{base_url}/erplink/webhooks/woocommerce/bench"
        local = threading.local()

        def send(index: int) -> tuple[float, int]:
            session = getattr(local, "session", None) or requests.Session()
            local.session = session
            replay = args.replay_every and index > 0 and index % args.replay_every == 0
            order_id = 100_000 + (index - 1 if replay else index)  # a replay repeats the previous delivery
            body, headers = delivery(order_id)
            started = time.perf_counter()
            status = session.post(url, data=body, headers=headers, timeout=30).status_code
            return (time.perf_counter() - started) * 1000, status

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(send, range(count)))
        elapsed = time.perf_counter() - began
        server.should_exit = True
        thread.join(timeout=10)

        latencies = sorted(ms for ms, _ in results)
        acked = sum(1 for _, status in results if status == 200)
        stored = ledger.inbox_stats(system="woocommerce", tenant="bench").get("pending", 0)
        counts = receiver.counters.snapshot().get("woocommerce/bench", {})
        rows = [
            ("deliveries sent", f"{count}"),
            ("concurrency", f"{args.concurrency}"),
            ("acknowledged (200)", f"{acked}"),
            ("stored / duplicates", f"{stored} / {counts.get('duplicate', 0)}"),
            ("acks per second", f"{acked / elapsed:,.0f}"),
            ("latency p50 ms", f"{statistics.median(latencies):.2f}"),
            ("latency p99 ms", f"{latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]:.2f}"),
            ("asset events (coalesced)", f"{waker.count}"),
            ("elapsed s", f"{elapsed:.2f}"),
        ]
        width = max(len(name) for name, _ in rows)
        print(f"{'metric'.ljust(width)}  value")
        print(f"{'-' * width}  {'-' * 12}")
        for name, value in rows:
            print(f"{name.ljust(width)}  {value}")
        ledger.engine.dispose()


if __name__ == "__main__":
    main()
