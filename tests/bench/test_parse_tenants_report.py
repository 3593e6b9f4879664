"""The many-tenants parse rows: each DAG file, the configuration check's included, is held to the 1 s target, and
one tenant's change must change one file's DAGs."""

from __future__ import annotations

from bench.report import render


def _targets(run: dict) -> dict[str, str]:
    table = render({"started": "now", "latency_ms": 25, "cpus": 2, "dag_parse_tenants": [run]})
    rows = [line.split(" | ") for line in table.split("## Targets", 1)[1].splitlines()
            if line.startswith("| ") and "---" not in line]
    return {row[0].lstrip("| "): row[1] for row in rows[1:]}


def _run(**figures: object) -> dict:
    run = {"tenants": 1000, "shards": 34, "dags": 2000, "distinct_dags": 2000, "import_errors": 0, "max_s": 0.5,
           "max_cpu_s": 0.5, "mean_s": 0.4, "check_s": 0.6, "check_cpu_s": 0.6, "total_s": 14.0,
           "peak_rss_mb": 150.0, "max_growth_mb": 40.0, "files_changed": ["erplink_tenants_07.py"]}
    return {**run, **figures}


def test_the_slowest_file_counts_whether_a_tenants_file_or_the_configuration_check() -> None:
    assert _targets(_run())["1,000 tenants: each DAG file parses in < 1 s"] == "yes"
    assert _targets(_run(check_s=1.2))["1,000 tenants: each DAG file parses in < 1 s"] == "**no**"
    assert _targets(_run(max_s=1.2))["1,000 tenants: each DAG file parses in < 1 s"] == "**no**"


def test_a_dag_built_by_two_files_and_a_change_reaching_two_files_miss_their_targets() -> None:
    targets = _targets(_run(distinct_dags=1999, files_changed=["erplink_tenants_01.py", "erplink_tenants_07.py"]))
    assert targets["1,000 tenants: each DAG built by one file only"] == "**no**"
    assert targets["1,000 tenants: one tenant's change changes one file's DAGs"] == "**no**"


def test_a_size_measured_without_the_change_has_no_change_target() -> None:
    run = _run()
    del run["files_changed"]
    assert not any("one tenant's change" in name for name in _targets(run))
