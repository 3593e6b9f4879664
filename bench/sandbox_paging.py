"""How long the WooCommerce sandbox takes to build a large world and page every order out of it.

    .venv/bin/python -m bench.sandbox_paging [--orders 100000] [--skus 10000] [--scheme https|http]

Pages with per_page=100 over the same connection the demo uses (HTTPS + Basic auth by default; `--scheme http`
signs with OAuth 1.0a through requests-oauthlib). Prints, as JSON, the seconds spent on each phase.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, SIGNATURE_TYPE_QUERY
from requests_oauthlib import OAuth1

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.runner import start_sandboxes  # noqa: E402
from sandbox.seed import generate_world  # noqa: E402


PAGING_TARGET_S = 60.0  # issue target: 100,000 seeded orders load in the sandbox and page out within a minute


def measure(orders: int, skus: int, scheme: str) -> dict[str, object]:
    """Seconds to generate the world, start the sandbox on it, and read every order page over ``scheme``."""
    started = time.perf_counter()
    world = generate_world(orders=orders, skus=skus)
    generated = time.perf_counter()
    with start_sandboxes(["woocommerce"], world=world) as running:
        served = time.perf_counter()
        conn = running.connections()["erplink_woo_demo"]
        session = requests.Session()
        verify = conn["extra"]["verify"]  # per request: a session-level value loses to REQUESTS_CA_BUNDLE
        if scheme == "https":
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
    return {"orders": orders, "skus": skus, "scheme": scheme, "read": seen, "pages": page,
            "generate_s": generated - started, "start_s": served - generated, "page_s": paged - served,
            "total_s": paged - started, "target_s": PAGING_TARGET_S}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--scheme", choices=("https", "http"), default="https")
    args = parser.parse_args()
    print(json.dumps(measure(args.orders, args.skus, args.scheme)))


if __name__ == "__main__":
    main()
