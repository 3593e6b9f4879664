"""`erplink` command: operate the integration from a shell (connections come from Airflow, as in the DAGs).

    erplink ledger-migrate                      create or upgrade the ledger schema
    erplink status --tenant demo                records per entity and status, and what needs a person
    erplink replay --tenant demo --entity order [--id 1042 ...] [--status quarantined ...] [--since ISO] [--dry-run]
    erplink register-webhooks --tenant demo     create/heal the store's order webhooks pointing at the receiver
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any


def _flow_context(tenant: str, *, dry_run: bool = False, task: str = "cli") -> Any:
    from erplink.config.tenants import load_tenants
    from erplink.dagfactory.runtime import ledger
    from erplink.flows.context import FlowContext
    from erplink.ledger import AttemptContext

    config = load_tenants().get(tenant)
    attempt = AttemptContext(run_id=None, task_id=task, worker=f"{config.dag_prefix}.{task}")
    return FlowContext(tenant=config, ledger=ledger(), attempt=attempt, dry_run=dry_run,
                       log=logging.getLogger(f"erplink.{tenant}"))


def _print(value: Any) -> None:
    print(json.dumps(value, indent=2, default=str))


def _migrate(_: argparse.Namespace) -> int:
    from erplink.dagfactory.runtime import ledger

    ledger()
    print("ledger schema is current")
    return 0


def _status(args: argparse.Namespace) -> int:
    from erplink.flows.report import ledger_report

    _print(ledger_report(_flow_context(args.tenant)))
    return 0


def _replay(args: argparse.Namespace) -> int:
    from erplink.replay import replay

    result = replay(_flow_context(args.tenant, dry_run=args.dry_run, task="replay"), entity=args.entity,
                    source_ids=args.id or (), statuses=args.status or ("failed", "quarantined"),
                    since=args.since, until=args.until)
    _print(result)
    load = result.get("load") or {}
    return 1 if load.get("failed") or load.get("quarantined") else 0


def _register(args: argparse.Namespace) -> int:
    from erplink.flows.woo_webhooks import ensure_webhooks

    health = ensure_webhooks(_flow_context(args.tenant, dry_run=args.dry_run, task="register_webhooks"), register=True)
    _print(health.to_dict())
    return 0 if health.checked else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="erplink", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("ledger-migrate", help="create or upgrade the ledger schema").set_defaults(func=_migrate)
    status = commands.add_parser("status", help="records per entity and status for a tenant")
    status.add_argument("--tenant", required=True)
    status.set_defaults(func=_status)
    replay = commands.add_parser("replay", help="requeue chosen records and load them again")
    replay.add_argument("--tenant", required=True)
    replay.add_argument("--entity", required=True, choices=("order", "refund", "order_marker"))
    replay.add_argument("--id", action="append", help="source id (repeatable), e.g. a WooCommerce order id")
    replay.add_argument("--status", action="append", choices=("failed", "quarantined", "skipped", "done"),
                        help="statuses to replay (repeatable; default failed and quarantined)")
    replay.add_argument("--since", help="only records that reached their status at or after this instant")
    replay.add_argument("--until", help="...and before this instant")
    replay.add_argument("--dry-run", action="store_true", help="list what would be replayed; change nothing")
    replay.set_defaults(func=_replay)
    register = commands.add_parser("register-webhooks", help="create or heal the store's order webhooks")
    register.add_argument("--tenant", required=True)
    register.add_argument("--dry-run", action="store_true")
    register.set_defaults(func=_register)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KeyError, ValueError) as exc:
        print(f"erplink: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
