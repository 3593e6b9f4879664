"""How long the WooCommerce sandbox takes to build a large world and page every order out of it.

    .venv/bin/python bench/sandbox_paging.py [--orders 100000] [--skus 10000] [--scheme https|http]

Pages with per_page=100 over the same connection the demo uses (HTTPS + Basic auth by default; `--scheme http`
signs with OAuth 1.0a through requests-oauthlib). Prints the seconds spent on each phase.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, SIGNATURE_TYPE_QUERY
from requests_oauthlib import OAuth1

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.runner import start_sandboxes  # noqa: E402
from sandbox.seed import generate_world  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--scheme", choices=("https", "http"), default="https")
    args = parser.parse_args()

    started = time.perf_counter()
    world = generate_world(orders=args.orders, skus=args.skus)
    generated = time.perf_counter()
    with start_sandboxes(["woocommerce"], world=world) as running:
        served = time.perf_counter()
        conn = running.connections()["erplink_woo_demo"]
        session = requests.Session()
        verify = conn["extra"]["verify"]  # per request: a session-level value loses to REQUESTS_CA_BUNDLE
        if args.scheme == "https":
            base, session.auth = running.woocommerce.base_url, (conn["login"], conn["password"])
        else:
            base = running.woocommerce.http_url
            session.auth = OAuth1(conn["login"], conn["password"], signature_method=SIGNATURE_HMAC_SHA256,
                                  signature_type=SIGNATURE_TYPE_QUERY)
        url, page, seen = f"{base}/wp-json/wc/v3/orders", 1, 0
        while True:
            response = session.get(url, params={"per_page": 100, "page": page, "status": "any"}, timeout=60,
                                   verify=verify)
            response.raise_for_status()
            seen += len(response.json())
            if page >= int(response.headers["X-WP-TotalPages"]):
                break
            page += 1
        paged = time.perf_counter()
    print(f"generate {args.orders} orders / {args.skus} SKUs: {generated - started:.1f}s")
    print(f"start sandbox: {served - generated:.1f}s")
    print(f"page {seen} orders in {page} pages over {args.scheme}: {paged - served:.1f}s")
    print(f"total: {paged - started:.1f}s")


if __name__ == "__main__":
    main()
