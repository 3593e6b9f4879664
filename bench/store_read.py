"""Store read scenario: every order of a store whose PHP workers are the speed limit, through the hook's
``iter_orders_with_trash``, timed and counted.

    python -m bench.store_read --orders 2000 --php-workers 2 --page-cost-ms 100 [--readers N] [--latency-ms 0]

The WooCommerce sandbox runs in store mode (at most ``--php-workers`` requests at once, a page of a list costs
``--page-cost-ms`` of a worker's time) in a child process, so the reader's threads and the store do not share an
interpreter. The floors come from the seeded world the sandbox serves, never from the calls the run made.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from typing import Any

from bench.environment import SEED, prepare_process, sandboxes_in_child, workdir

ORDER_PAGE = 100  # WooCommerce's largest per_page
CONN_ID = "erplink_woo_demo"


def run(orders: int, php_workers: int, page_cost_ms: int, readers: int | None, latency_ms: int) -> dict[str, Any]:
    skus = min(10_000, max(200, orders // 10))
    store_mode = ("--php-workers", str(php_workers), "--page-cost-ms", str(page_cost_ms))
    with workdir("store-read") as tmp:
        prepare_process(tmp)
        world = world_counts(orders, skus)
        with sandboxes_in_child(orders=orders, skus=skus, latency_ms=latency_ms, workdir=tmp, only="woocommerce",
                                options=store_mode) as env:
            os.environ.update(env)
            measured = _read(readers)
    return {"scenario": "store read", "orders": orders, "php_workers": php_workers, "page_cost_ms": page_cost_ms,
            "latency_ms": latency_ms, **measured, "world": world,
            "floors": floors(world, php_workers=php_workers, page_cost_ms=page_cost_ms)}


def world_counts(orders: int, skus: int) -> dict[str, int]:
    """How many orders the seeded store holds, and how many of them are in the trash."""
    from sandbox.seed import generate_world

    statuses = [order["status"] for order in generate_world(seed=SEED, orders=orders, skus=skus).orders]
    return {"orders": len(statuses), "trashed": statuses.count("trash")}


def _read(readers: int | None) -> dict[str, Any]:
    from bench.flow_run import flat_counts
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    hook = WooCommerceHook(woocommerce_conn_id=CONN_ID)
    options = {} if readers is None else {"readers": readers}
    hook.client  # the session and its TLS context are set up before the clock starts  # noqa: B018
    started = time.perf_counter()
    ids = [order["id"] for order in hook.iter_orders_with_trash(None, **options)]
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "read": len(ids), "distinct": len(set(ids)),
            "readers": readers if readers is not None else hook.settings.page_readers,
            "calls": flat_counts(hook.counter)}


def floors(world: dict[str, int], *, php_workers: int, page_cost_ms: int) -> dict[str, dict[str, float]]:
    """Pages a full read needs and the seconds the store's workers need to serve them.

    ``given``: ``ceil(orders/100)`` pages, the store's floor as the issue states it (refund lists are not part of
    this read: every order carries its refunds' summary). ``own``: the read as WooCommerce allows it — ``status=any``
    leaves the trash out, so the trash is a list of its own, asked for even when it is empty.
    Seconds are pages × page cost ÷ workers: no reader can make the store serve pages faster.
    """
    visible = world["orders"] - world["trashed"]
    given = math.ceil(world["orders"] / ORDER_PAGE)
    own = math.ceil(visible / ORDER_PAGE) + max(1, math.ceil(world["trashed"] / ORDER_PAGE))
    return {name: {"pages": pages, "seconds": pages * page_cost_ms / 1000 / php_workers}
            for name, pages in (("given", given), ("own", own))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--php-workers", type=int, default=2)
    parser.add_argument("--page-cost-ms", type=int, default=100)
    parser.add_argument("--readers", type=int, default=None, help="page readers (default: the connection's)")
    parser.add_argument("--latency-ms", type=int, default=0, help="network latency added before the store")
    args = parser.parse_args()
    if args.php_workers < 1:
        parser.error("the floor needs a worker limit: --php-workers must be at least 1")
    print(json.dumps(run(args.orders, args.php_workers, args.page_cost_ms, args.readers, args.latency_ms)))


if __name__ == "__main__":
    main()
