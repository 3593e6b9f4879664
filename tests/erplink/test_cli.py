"""The `erplink` command: it uses the tasks' ledger and never creates one to read, and an expected failure is one
line on stderr naming its cause (the entry and field, the connection, where it looked) with a non-zero exit."""

from __future__ import annotations

import argparse
import copy
import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
import yaml

from erplink.cli import build_parser, main
from erplink.config.tenants import DEFAULT_CONFIG_PATH
from erplink.http.retry import RetryPolicy
from erplink.ledger import AttemptContext, Ledger, RecordKey

STORE_CONN = "AIRFLOW_CONN_ERPLINK_WOO_DEMO"
ERP_CONN = "AIRFLOW_CONN_ERPLINK_QAD_DEMO"
ORDER = RecordKey("demo", "qad_woocommerce", "order", "688")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working directory with no ledger settings and no connections: the ledger is the default file here."""
    monkeypatch.chdir(tmp_path)
    for name in ("ERPLINK_LEDGER_URL", "ERPLINK_LEDGER_CONN_ID", STORE_CONN, ERP_CONN):
        monkeypatch.delenv(name, raising=False)
    _forget_the_task_ledger()
    yield tmp_path
    _forget_the_task_ledger()


def _forget_the_task_ledger() -> None:
    """The commands that set the ledger up share the tasks' per-process ledger: each test starts without one."""
    from erplink.dagfactory import runtime

    if runtime._ledger is not None:
        runtime._ledger.dispose()
    runtime._ledger = None


def _failure_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _tenants_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **store: object) -> dict:
    """The shipped demo entry (store settings overridden) in a tenants file the command reads; returns the entry."""
    document = copy.deepcopy(yaml.safe_load(DEFAULT_CONFIG_PATH.read_text()))
    entry = document["tenants"][0]
    entry["store"].update(store)
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(document))
    monkeypatch.setenv("ERPLINK_CONFIG", str(path))
    return entry


def _quarantined_order(ledger: Ledger) -> None:
    loader = AttemptContext(task_id="load_orders", worker="erplink__qad_woocommerce__demo__orders.load_orders")
    ledger.upsert_source(ORDER, payload={"id": 688, "line_items": []}, source_modified=None, run_id="scheduled")
    ledger.claim("demo", "qad_woocommerce", "order", limit=1, worker=loader.worker, ctx=loader)
    ledger.quarantine(ORDER, reason="order 688: SKU 'X-1' is not a QAD item", ctx=loader, http_status=422)


@pytest.mark.parametrize("command", [["status", "--tenant", "demo"],
                                     ["replay", "--tenant", "demo", "--entity", "order", "--id", "688"]])
def test_a_reading_command_without_a_ledger_says_where_it_looked_and_creates_none(
        workdir: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    assert main(command) != 0
    line = _failure_line(capsys)
    assert str(workdir / ".erplink" / "ledger.db") in line and "ERPLINK_LEDGER_URL" in line
    assert list(workdir.iterdir()) == []


def test_status_reads_the_ledger_the_tasks_and_ledger_migrate_use(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger-migrate"]) == 0
    task_ledger = Ledger.from_env()  # how every task and the webhook receiver open it
    _quarantined_order(task_ledger)
    task_ledger.dispose()
    capsys.readouterr()

    assert main(["status", "--tenant", "demo"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"order": {"quarantined": 1}}
    assert [row["source_id"] for row in report["needs_attention"]] == ["688"]


def test_an_invalid_tenant_entry_is_named_with_its_field(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    entry = _tenants_file(workdir, monkeypatch)
    del entry["erp"]["site"]
    (workdir / "tenants.yaml").write_text(yaml.safe_dump({"tenants": [entry]}))

    assert main(["status", "--tenant", "demo"]) != 0

    line = _failure_line(capsys)
    assert "tenant entry 'demo' is invalid" in line and "erp.site" in line


def test_an_unknown_tenant_is_refused_listing_the_valid_entries(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = [entry["name"] for entry in yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())["tenants"]]
    assert main(["status", "--tenant", "acme"]) != 0
    assert _failure_line(capsys).endswith(
        f"no tenant entry named 'acme' in the erplink configuration; valid entries: {', '.join(shipped)}")


def test_a_ledger_server_that_refuses_is_one_line_without_its_password(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    monkeypatch.setenv("ERPLINK_LEDGER_URL", f"postgresql+psycopg2://erp:s3cret@127.0.0.1:{port}/ledger")

    assert main(["status", "--tenant", "demo"]) != 0

    line = _failure_line(capsys)
    assert f"127.0.0.1:{port}" in line and "refused" in line.lower() and "s3cret" not in line


def test_a_replay_with_a_missing_connection_is_one_line_and_leaves_the_record_as_it_was(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger-migrate"]) == 0
    ledger = Ledger.from_env()
    _quarantined_order(ledger)
    before = ledger.get(ORDER)
    capsys.readouterr()

    assert main(["replay", "--tenant", "demo", "--entity", "order", "--id", "688"]) != 0

    line = _failure_line(capsys)
    assert "erplink_qad_demo" in line and "isn't defined" in line
    assert ledger.get(ORDER) == before
    assert "erplink_qad_demo" in ledger.audit(ORDER)[-1].error
    ledger.dispose()


def test_register_webhooks_with_a_missing_store_connection_is_one_line(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _tenants_file(workdir, monkeypatch, webhook_base_url="https://hooks.example.com", webhook_receiver_on_store_host=False)

    assert main(["register-webhooks", "--tenant", "demo"]) != 0

    assert "erplink_woo_demo" in _failure_line(capsys)


def test_register_webhooks_against_a_store_that_refuses_connections_is_one_line(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _tenants_file(workdir, monkeypatch, webhook_base_url="https://hooks.example.com", webhook_receiver_on_store_host=False)
    _store_connection(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setattr("erplink.http.client.RetryPolicy", lambda: RetryPolicy(max_attempts=1))  # no backoff waits

    assert main(["register-webhooks", "--tenant", "demo"]) != 0

    line = _failure_line(capsys)
    assert "connection refused" in line.lower() and "cs_s3cret" not in line


def test_register_webhooks_with_credentials_the_store_rejects_is_one_line(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _tenants_file(workdir, monkeypatch, webhook_base_url="https://hooks.example.com", webhook_receiver_on_store_host=False)
    with _store_refusing_every_key() as url:
        _store_connection(monkeypatch, url)
        assert main(["register-webhooks", "--tenant", "demo"]) != 0

    line = _failure_line(capsys)
    assert "HTTP 401" in line and "cs_s3cret" not in line


def test_every_option_of_every_subcommand_has_help_text() -> None:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {'/'.join(option.option_strings)}"
               for name, parser in commands.choices.items()
               for option in parser._actions
               if option.option_strings and not isinstance(option, argparse._HelpAction)
               and (not option.help or option.help == argparse.SUPPRESS)]
    assert missing == []


# ------------------------------------------------------------------------------------------------------ helpers


def _closed_port() -> int:
    with socket.socket() as probe:  # bound and closed again: nothing listens there
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _store_connection(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv(STORE_CONN, json.dumps({
        "conn_type": "woocommerce", "host": url, "login": "ck_demo", "password": "cs_s3cret",
        "extra": {"allow_insecure_http": True, "webhook_secret": "whsec_demo"},
    }))


@contextmanager
def _store_refusing_every_key() -> Iterator[str]:
    class Refuse(BaseHTTPRequestHandler):
        def _refuse(self) -> None:
            body = json.dumps({"code": "woocommerce_rest_authentication_error", "message": "Invalid signature",
                               "data": {"status": 401}}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _refuse

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
