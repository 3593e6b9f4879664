"""`make demo` writes the ledger that `erplink status` reads afterwards from the same directory, and starts it empty."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from erplink.cli import main as erplink
from erplink.ledger import Ledger, RecordKey

DEMO_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "demo.py"


def _demo_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("erplink_demo_script", DEMO_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines functions only; nothing runs on import
    return module


def test_status_after_the_demo_reads_the_demo_ledger_and_creates_no_second_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ERPLINK_LEDGER_URL", raising=False)
    monkeypatch.delenv("ERPLINK_LEDGER_CONN_ID", raising=False)
    demo_ledger = Ledger(_demo_script()._fresh_default_ledger_url())  # what the demo's tasks write to
    demo_ledger.migrate()
    demo_ledger.upsert_source(RecordKey("demo", "qad_woocommerce", "order", "688"), payload={"id": 688},
                              source_modified=None, run_id="demo")
    demo_ledger.dispose()

    assert erplink(["status", "--tenant", "demo"]) == 0  # in the shell afterwards: no ledger setting

    assert json.loads(capsys.readouterr().out)["counts"] == {"order": {"pending": 1}}
    assert sorted(path.name for path in tmp_path.rglob("*.db")) == ["ledger.db"]


def test_each_demo_starts_from_an_empty_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    earlier = Ledger(_demo_script()._fresh_default_ledger_url())
    earlier.migrate()
    earlier.upsert_source(RecordKey("demo", "qad_woocommerce", "order", "1"), payload={"id": 1}, source_modified=None,
                          run_id="earlier demo")
    earlier.dispose()

    fresh = Ledger(_demo_script()._fresh_default_ledger_url())
    fresh.migrate()
    assert fresh.counts("demo", "qad_woocommerce") == {}
    fresh.dispose()
