"""`make bench`: run the scenarios, write bench/results/<timestamp>.json and .md, print the tables.

    python -m bench [--sizes 1000,10000,100000] [--latency-ms 25] [--skus 10000] [--changed 1,10,100]
                    [--change price,stock] [--acumatica-orders 1000] [--acumatica-skus 1000]
                    [--bigcommerce-orders 1000]
                    [--webhooks 2000] [--paging-orders 100000]
                    [--store-sizes 2000,100000] [--php-workers 2] [--page-cost-ms 100] [--readers N]
                    [--parse-tenants 1000,5000] [--tenants-per-dag-file 30]
                    [--only orders,catalog,acumatica,qad_bigcommerce,webhooks,parse,paging,store_read]
                    [--out DIR] [--publish]

Only the default run (every option at its default) publishes its table as bench/results/latest.md, the committed
one; any other run writes its timestamped files only, unless --publish asks for <out>/latest.md. Every scenario
runs in a fresh process; see bench/README.md for what each measures and how to read the tables.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.environment import REPO, run_json_subprocess
from bench.report import render

RESULTS = REPO / "bench" / "results"
SCENARIOS = ("orders", "catalog", "acumatica", "qad_bigcommerce", "webhooks", "parse", "paging", "store_read",
             "ledger_page")
# 100,000 orders at 25 ms take well over an hour on two cores; the default stays at sizes that finish in minutes.
DEFAULT_SIZES = "1000,10000"
DEFAULT_STORE_SIZES = "2000"
DEFAULT_PARSE_TENANTS = "1000,5000"


def _numbers(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"order counts to sync (default {DEFAULT_SIZES})")
    parser.add_argument("--latency-ms", type=int, default=25, help="added to every sandbox request (default 25)")
    parser.add_argument("--workers", type=int, default=None, help="load threads (default: the tenant's max_workers)")
    parser.add_argument("--skus", type=int, default=10_000, help="catalog size (default 10000)")
    parser.add_argument("--changed", default="1,10,100", help="percent of SKUs changed per catalog round")
    parser.add_argument("--change", default="price,stock",
                        help="what the catalog rounds change in QAD: a round per share for each (default price,stock)")
    parser.add_argument("--acumatica-orders", type=int, default=1000,
                        help="orders synced into Acumatica (default 1000)")
    parser.add_argument("--acumatica-skus", type=int, default=1000, help="Acumatica catalog size (default 1000)")
    parser.add_argument("--bigcommerce-orders", type=int, default=1000,
                        help="BigCommerce orders synced into QAD's general ledger (default 1000)")
    parser.add_argument("--webhooks", type=int, default=2000, help="webhook deliveries to send (default 2000)")
    parser.add_argument("--webhook-concurrency", type=int, default=4)
    parser.add_argument("--paging-orders", type=int, default=100_000,
                        help="orders seeded into the WooCommerce sandbox and paged out (default 100000)")
    parser.add_argument("--store-sizes", default=DEFAULT_STORE_SIZES,
                        help=f"orders read from a store of limited PHP workers (default {DEFAULT_STORE_SIZES})")
    parser.add_argument("--php-workers", type=int, default=2, help="the store's PHP workers (default 2)")
    parser.add_argument("--page-cost-ms", type=int, default=100, help="worker time per page of a list (default 100)")
    parser.add_argument("--readers", type=int, default=None, help="page readers (default: the connection's)")
    parser.add_argument("--parse-tenants", default=DEFAULT_PARSE_TENANTS,
                        help=f"tenants spread over DAG files for the parse rows (default {DEFAULT_PARSE_TENANTS})")
    parser.add_argument("--tenants-per-dag-file", type=int, default=30,
                        help="dag_files.shards is the tenants ÷ this, rounded up (default 30)")
    parser.add_argument("--ledger-records", type=int, default=100_000,
                        help="records in the ledger the erplink page's queries run on (default 100000)")
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"scenarios to run (default: {','.join(SCENARIOS)})")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--publish", action="store_true",
                        help="write <out>/latest.md even though options differ from the defaults")
    return parser.parse_args(argv)


def is_default_run(args: argparse.Namespace) -> bool:
    """Every option at its default: the run whose table is the committed bench/results/latest.md."""
    defaults = vars(parse_args([]))
    return all(value == defaults[name] for name, value in vars(args).items() if name != "publish")


def run(args: argparse.Namespace) -> dict[str, Any]:
    only = {name.strip() for name in args.only.split(",")}
    results: dict[str, Any] = {"started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                               "latency_ms": args.latency_ms, "cpus": os.cpu_count()}
    if "orders" in only:
        extra = ["--workers", str(args.workers)] if args.workers else []
        results["orders"] = [_step(f"order sync, {size:,} orders", "order_sync", "--orders", str(size),
                                   "--latency-ms", str(args.latency_ms), *extra) for size in _numbers(args.sizes)]
    if "catalog" in only:
        results["catalog"] = _step(f"catalog push, {args.skus:,} SKUs", "catalog_push", "--skus", str(args.skus),
                                   "--changed", args.changed, "--change", args.change,
                                   "--latency-ms", str(args.latency_ms))
    if "acumatica" in only:
        extra = ["--workers", str(args.workers)] if args.workers else []
        results["acumatica"] = {
            "orders": _step(f"Acumatica order sync, {args.acumatica_orders:,} orders", "acumatica_sync", "--orders",
                            str(args.acumatica_orders), "--latency-ms", str(args.latency_ms), *extra),
            "catalog": _step(f"Acumatica catalog push, {args.acumatica_skus:,} SKUs", "acumatica_catalog", "--skus",
                             str(args.acumatica_skus), "--latency-ms", str(args.latency_ms)),
        }
    if "qad_bigcommerce" in only:
        extra = ["--workers", str(args.workers)] if args.workers else []
        results["qad_bigcommerce"] = _step(f"QAD ↔ BigCommerce order sync, {args.bigcommerce_orders:,} orders",
                                           "qad_bigcommerce_sync", "--orders", str(args.bigcommerce_orders),
                                           "--latency-ms", str(args.latency_ms), *extra)
    if "webhooks" in only:
        from bench.webhook_receiver import run as run_webhooks

        print(f"… webhook receiver, {args.webhooks:,} deliveries", file=sys.stderr, flush=True)
        results["webhooks"] = run_webhooks(args.webhooks, args.webhook_concurrency)
    if "parse" in only:
        results["dag_parse"] = [_step(f"DAG parse, {path.name}", "dag_parse", str(path))
                                for path in sorted((REPO / "dags").glob("*.py"))]
        # The files changed by one tenant's change are counted at the first size only: it serializes every DAG
        # twice, which takes several times the parse.
        results["dag_parse_tenants"] = [
            _step(f"DAG parse, {tenants:,} tenants over {shards} DAG files", "dag_parse", "--tenants", str(tenants),
                  "--shards", str(shards), *(["--one-change"] if number == 0 else []))
            for number, tenants in enumerate(_numbers(args.parse_tenants))
            for shards in [-(-tenants // args.tenants_per_dag_file)]
        ]
    if "paging" in only:
        results["paging"] = [_step(f"sandbox paging, {args.paging_orders:,} orders over {scheme}", "sandbox_paging",
                                   "--orders", str(args.paging_orders), "--skus", str(args.skus), "--scheme", scheme)
                             for scheme in ("https", "http")]
    if "store_read" in only:
        readers = ["--readers", str(args.readers)] if args.readers else []
        results["store_read"] = [_step(f"store read, {size:,} orders, {args.php_workers} PHP workers", "store_read",
                                       "--orders", str(size), "--php-workers", str(args.php_workers),
                                       "--page-cost-ms", str(args.page_cost_ms), *readers)
                                 for size in _numbers(args.store_sizes)]
    if "ledger_page" in only:
        results["ledger_page"] = _step(f"the erplink page's queries, {args.ledger_records:,} records", "ledger_page",
                                       "--records", str(args.ledger_records))
    return results


def _step(label: str, module: str, *args: str) -> Any:
    print(f"… {label}", file=sys.stderr, flush=True)
    return run_json_subprocess(module, *args)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    results = run(args)
    table = render(results)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (args.out / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    (args.out / f"{stamp}.md").write_text(table)
    if args.publish or is_default_run(args):
        (args.out / "latest.md").write_text(table)
    else:
        # A partial or resized run must not stand in for the committed table, whose figures are compared over time.
        print(f"(not published: options differ from the defaults; the table is in {args.out / stamp}.md)",
              file=sys.stderr)
    print(table)


if __name__ == "__main__":
    main()
