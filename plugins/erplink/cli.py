"""`erplink` command: operate the integration from a shell (connections come from Airflow, as in the DAGs).

    erplink ledger-migrate                      create or upgrade the ledger schema
    erplink status --tenant demo                records per entity and status, and what needs a person
    erplink replay --tenant demo --entity order [--id 1042 ...] [--status quarantined ...] [--since ISO] [--dry-run]
    erplink register-webhooks --tenant demo     create/heal the store's order webhooks pointing at the receiver
    erplink reconcile --tenant demo --since ISO --until ISO   the store against the ERP (exit 1: a difference)

The ledger is the one the tasks use (ERPLINK_LEDGER_URL, else ERPLINK_LEDGER_CONN_ID, else ./.erplink/ledger.db);
status and replay never create one. An expected failure (an invalid tenant entry, a missing connection, a refused
connection, rejected credentials, no ledger) is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EXIT_FAILED = 1


@contextmanager
def _flow_context(tenant: str, *, task: str, dry_run: bool = False, existing_ledger: bool = True) -> Iterator[Any]:
    """The tenant's FlowContext on the tasks' ledger; with ``existing_ledger`` a missing ledger is an error."""
    from erplink.config.tenants import load_tenants
    from erplink.flows.context import FlowContext
    from erplink.ledger import AttemptContext, Ledger

    config = load_tenants().get(tenant)  # first: an invalid entry is named before anything is opened
    if existing_ledger:
        ledger = Ledger.open_existing()
    else:
        from erplink.dagfactory.runtime import ledger as task_ledger

        ledger = task_ledger()
    attempt = AttemptContext(run_id=None, task_id=task, worker=f"{config.dag_prefix}.{task}")
    try:
        yield FlowContext(
            tenant=config, ledger=ledger, attempt=attempt, dry_run=dry_run, log=logging.getLogger(f"erplink.{tenant}")
        )
    finally:
        if existing_ledger:
            ledger.dispose()


def _print(value: Any) -> None:
    print(json.dumps(value, indent=2, default=str))


def _migrate(_: argparse.Namespace) -> int:
    from erplink.dagfactory.runtime import ledger
    from erplink.ledger.engines import resolve_ledger

    ledger()
    print(f"ledger schema is current: {resolve_ledger().describe()}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from erplink.flows.report import ledger_report

    with _flow_context(args.tenant, task="status") as fc:
        _print(ledger_report(fc))
    return 0


def _replay(args: argparse.Namespace) -> int:
    from erplink.replay import replay

    with _flow_context(args.tenant, dry_run=args.dry_run, task="replay") as fc:
        if not args.dry_run:
            fc.ledger.migrate()  # an existing ledger is brought up to date, as the tasks do; none is created
        result = replay(
            fc,
            entity=args.entity,
            source_ids=args.id or (),
            statuses=args.status or ("failed", "quarantined"),
            since=args.since,
            until=args.until,
        )
    _print(result)
    load = result.get("load") or {}
    return EXIT_FAILED if load.get("failed") or load.get("quarantined") else 0


def _register(args: argparse.Namespace) -> int:
    # Registering may come before the first task run, so it sets up the ledger as a task would.
    with _flow_context(args.tenant, dry_run=args.dry_run, task="register_webhooks", existing_ledger=False) as fc:
        if fc.spec.ensure_webhooks is None:
            raise ValueError(f"the {fc.spec.title} integration keeps no webhooks in the store")
        health = fc.spec.ensure_webhooks(fc, register=True)
    _print(health.to_dict())
    return 0 if health.checked else EXIT_FAILED


def _reconcile(args: argparse.Namespace) -> int:
    from erplink.reconciliation import reconcile
    from erplink.windows import parse_timestamp

    with _flow_context(args.tenant, task="reconcile") as fc:
        report = reconcile(fc, since=parse_timestamp(args.since), until=parse_timestamp(args.until))
    _print(report.to_dict())
    print(report.summary(), file=sys.stderr)
    return 0 if report.clean else EXIT_FAILED


def _tenant_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tenant",
        required=True,
        metavar="NAME",
        help="tenant entry name in the tenants file (ERPLINK_CONFIG, default include/tenants.yaml)",
    )


def _replay_entities() -> dict[str, str]:
    """Entities some integration replays, with what they are (the tenant's integration is checked on use)."""
    from erplink.registry import integrations

    entities: dict[str, list[str]] = {}
    for spec in integrations().values():
        for name, entity in spec.replay_entities.items():
            entities.setdefault(name, []).append(f"{entity.description} ({spec.name})")
    return {name: ", ".join(what) for name, what in entities.items()}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="erplink", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("ledger-migrate", help="create or upgrade the ledger schema").set_defaults(func=_migrate)
    status = commands.add_parser("status", help="records per entity and status for a tenant")
    _tenant_option(status)
    status.set_defaults(func=_status)
    replay = commands.add_parser("replay", help="requeue chosen records and load them again")
    _tenant_option(replay)
    replay.add_argument(
        "--entity",
        required=True,
        choices=_replay_entities(),
        help="which records: " + "; ".join(f"{name}: {what}" for name, what in _replay_entities().items()),
    )
    replay.add_argument("--id", action="append", help="source id (repeatable), e.g. a store order id")
    replay.add_argument(
        "--status",
        action="append",
        choices=("failed", "quarantined", "skipped", "done"),
        help="statuses to replay (repeatable; default failed and quarantined)",
    )
    replay.add_argument(
        "--since", metavar="ISO", help="only records that reached their status at or after this instant"
    )
    replay.add_argument("--until", metavar="ISO", help="...and before this instant")
    replay.add_argument("--dry-run", action="store_true", help="list what would be replayed; change nothing")
    replay.set_defaults(func=_replay)
    register = commands.add_parser("register-webhooks", help="create or heal the store's order webhooks")
    _tenant_option(register)
    register.add_argument(
        "--dry-run", action="store_true", help="report what would be created or healed; change nothing"
    )
    register.set_defaults(func=_register)
    reconciliation = commands.add_parser("reconcile", help="the store's documents of a period against the ERP's")
    _tenant_option(reconciliation)
    reconciliation.add_argument("--since", required=True, metavar="ISO", help="documents created from this instant")
    reconciliation.add_argument("--until", required=True, metavar="ISO", help="...and before this instant")
    reconciliation.set_defaults(func=_reconcile)
    return parser


def _expected_failures() -> tuple[type[Exception], ...]:
    """Failures an operator fixes outside the code: reported in one line, without a traceback."""
    from airflow.sdk.exceptions import AirflowNotFoundException
    from sqlalchemy.exc import DBAPIError

    from erplink.config.tenants import UnknownTenantError
    from erplink.http.errors import ApiError
    from erplink.ledger import LedgerError
    from erplink.replay import ReplayNotRunError

    # ValueError covers an invalid tenant entry, a malformed connection and a malformed --since/--until.
    return (
        ValueError,
        UnknownTenantError,
        AirflowNotFoundException,
        ApiError,
        LedgerError,
        ReplayNotRunError,
        DBAPIError,
    )


def _one_line(exc: Exception) -> str:
    from sqlalchemy.exc import DBAPIError

    from erplink.http.redact import mask_message

    # A driver error's own text starts with its cause; SQLAlchemy appends the statement and a documentation link.
    text = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    return mask_message(" ".join(line.strip() for line in text.splitlines() if line.strip()) or type(exc).__name__)


def main(argv: list[str] | None = None) -> int:
    # Warnings only: stdout carries the result, and stderr stays readable (one line for an expected failure).
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        exit_status: int = args.func(args)
        return exit_status
    except _expected_failures() as exc:
        print(f"erplink {args.command}: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
