"""Run by test_standalone_metadata_db.py in a fresh process (Airflow reads its database settings once, at import):
one signed delivery through the standalone receiver's production wiring, then its wake outcome as JSON."""

from __future__ import annotations

import json
import sys
import time

from fastapi.testclient import TestClient

from erplink.webhooks.app import create_standalone_app, store_readers
from erplink.webhooks.receiver import WebhookReceiver
from tests.erplink.webhooks.support import dumps, woo_headers, woo_order


def main() -> int:
    receiver = WebhookReceiver.from_env(readers=store_readers())
    body = dumps(woo_order())
    response = TestClient(create_standalone_app(receiver)).post(
        "/erplink/webhooks/woocommerce/shop1", content=body, headers=woo_headers(body))
    deadline = time.monotonic() + 60
    stats: dict = {}
    while time.monotonic() < deadline:  # the wake runs on a background thread
        stats = receiver.wakes.stats().get("woocommerce/shop1", {})
        if stats.get("issued") or stats.get("failed"):
            break
        time.sleep(0.05)
    print(json.dumps({"status": response.status_code, "wake": stats}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
