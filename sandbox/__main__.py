"""Run sandboxes until Ctrl-C and print the Airflow connections that point at them.

    python -m sandbox [--only woocommerce,qad] [--seed N] [--orders N] [--skus N] [--env-file PATH]
                      [--php-workers W --page-cost-ms MS [--request-cost-ms MS]]
"""

from __future__ import annotations

import argparse
import shlex
import threading
from pathlib import Path

from sandbox.runner import KNOWN_SANDBOXES, start_sandboxes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="Serve local API sandboxes.")
    parser.add_argument("--only", default=",".join(KNOWN_SANDBOXES),
                        help=f"comma-separated sandboxes to start (default: {','.join(KNOWN_SANDBOXES)})")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--skus", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every request")
    parser.add_argument("--env-file", type=Path, help="also write the AIRFLOW_CONN_* variables to this file")
    store = parser.add_argument_group("WooCommerce store mode", "a real store's PHP workers and request costs "
                                      "(off by default; changeable at runtime through /__admin__/store-mode)")
    store.add_argument("--php-workers", type=int, default=0, help="requests served at once (0: unlimited)")
    store.add_argument("--page-cost-ms", type=int, default=0, help="worker time per page of a list")
    store.add_argument("--request-cost-ms", type=int, default=None,
                       help="worker time per other request (default: the page cost)")
    return parser.parse_args(argv)


def sandbox_options(args: argparse.Namespace) -> dict[str, dict]:
    """Each sandbox's own settings from the command line."""
    store_mode = {"php_workers": args.php_workers, "page_cost_ms": args.page_cost_ms,
                  "request_cost_ms": args.request_cost_ms}
    return {"woocommerce": {"store_mode": store_mode}}


def env_lines(env: dict[str, str]) -> list[str]:
    """`NAME='json'` lines, readable by a shell (`set -a; . file`) and by dotenv."""
    return [f"{name}={shlex.quote(value)}" for name, value in sorted(env.items())]


def main(argv: list[str] | None = None, *, stop: threading.Event | None = None) -> None:
    args = parse_args(argv)
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    with start_sandboxes(names, seed=args.seed, orders=args.orders, skus=args.skus,
                         latency_ms=args.latency_ms, options=sandbox_options(args)) as running:
        lines = env_lines(running.env())
        if args.env_file:
            args.env_file.write_text("\n".join(lines) + "\n")
            args.env_file.chmod(0o600)  # the file holds API credentials
        for name, sandbox in running.sandboxes.items():
            extra = f" (plain HTTP: {sandbox.http_url})" if sandbox.http_url and sandbox.http_url != \
                sandbox.base_url else ""
            print(f"# {name}: {sandbox.base_url}{extra}", flush=True)
        print("\n".join(lines), flush=True)
        try:
            (stop or threading.Event()).wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
