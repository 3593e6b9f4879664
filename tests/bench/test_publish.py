"""Which runs publish bench/results/latest.md: the default run only, or a run that asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.__main__ as bench_main

COMMITTED = "# the committed table\n"


@pytest.fixture
def results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The results folder moved to a scratch one holding a committed table, and no scenario really run."""
    monkeypatch.setattr(bench_main, "RESULTS", tmp_path)
    monkeypatch.setattr(bench_main, "run", lambda args: {"started": "now", "latency_ms": args.latency_ms, "cpus": 2})
    (tmp_path / "latest.md").write_text(COMMITTED)
    return tmp_path


def _timestamped(folder: Path) -> list[str]:
    return [p.name for p in folder.glob("*.md") if p.name != "latest.md"]


@pytest.mark.parametrize("options", [["--sizes", "100000"], ["--sizes", "1000"], ["--only", "orders"],
                                     ["--latency-ms", "0"], ["--store-sizes", "100000"]])
def test_a_run_with_other_options_leaves_the_committed_table_alone(results, options):
    bench_main.main(options)
    assert (results / "latest.md").read_text() == COMMITTED
    assert len(_timestamped(results)) == 1  # its own table is still written, beside the JSON


def test_the_default_run_publishes_its_table(results):
    bench_main.main([])
    assert (results / "latest.md").read_text().startswith("# erplink benchmark — now")


def test_publish_writes_latest_in_the_folder_asked_for(results, tmp_path_factory):
    large = tmp_path_factory.mktemp("large")
    bench_main.main(["--sizes", "100000", "--only", "orders", "--out", str(large), "--publish"])
    assert (large / "latest.md").read_text().startswith("# erplink benchmark — now")
    assert (results / "latest.md").read_text() == COMMITTED


def test_the_default_run_measures_10000_orders_and_catalog_rounds_changing_stock_and_prices(monkeypatch):
    steps: list[tuple[str, ...]] = []
    monkeypatch.setattr(bench_main, "_step", lambda label, module, *args: steps.append((module, *args)) or {})
    args = bench_main.parse_args(["--only", "orders,catalog"])
    bench_main.run(args)
    sizes = [step[step.index("--orders") + 1] for step in steps if step[0] == "order_sync"]
    assert "10000" in sizes
    catalog = next(step for step in steps if step[0] == "catalog_push")
    assert set(catalog[catalog.index("--change") + 1].split(",")) == {"price", "stock"}
