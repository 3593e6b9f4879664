"""The tenants' DAGs spread over several DAG files: each tenant in one stable file, all files together the same DAGs
as one build of every tenant, each invalid entry's stand-in DAG once, and a file count that does not match the
configuration caught by the configuration check."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from erplink.config.tenants import DEFAULT_CONFIG_PATH, DEFAULT_DAG_FILE_SHARDS
from erplink.dagfactory.dag_files import expected_files, mismatched_dag_files, mismatches, write
from erplink.dagfactory.shards import shard_of

DAGS = Path(__file__).resolve().parents[2] / "dags"
CHECK_FILE = DAGS / "erplink_config_check.py"
SHARDS = 5


def _demo() -> dict[str, Any]:
    document = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
    return copy.deepcopy(next(t for t in document["tenants"] if t["name"] == "demo"))


def _tenants_file(tmp_path: Path, tenants: list[Any], shards: int | None = SHARDS) -> Path:
    document: dict[str, Any] = {"tenants": tenants}
    if shards is not None:
        document["dag_files"] = {"shards": shards}
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _copies(count: int) -> list[dict[str, Any]]:
    return [{**_demo(), "name": f"shop_{number:03d}"} for number in range(count)]


def _invalid(name: str) -> dict[str, Any]:
    demo = _demo()
    return {**demo, "name": name, "erp": {**demo["erp"], "site": None}}


def _every_shard(shards: int) -> list[dict[str, Any]]:
    from erplink.dagfactory.build import build_shard

    return [build_shard(index) for index in range(shards)]


@given(label=st.text(min_size=1, max_size=40), shards=st.integers(1, 500))
def test_a_label_lands_in_one_shard_within_the_count(label: str, shards: int) -> None:
    assert 0 <= shard_of(label, shards) < shards
    assert shard_of(label, shards) == shard_of(label, shards)


def test_a_tenant_lands_in_the_same_shard_in_every_process() -> None:
    """Python salts str hashes per process; the shard must not depend on it (every DAG processor must agree)."""
    labels = [f"shop_{number:03d}" for number in range(50)]
    here = [shard_of(label, 7) for label in labels]
    code = (
        "import json, sys; from erplink.dagfactory.shards import shard_of; "
        "print(json.dumps([shard_of(label, 7) for label in json.loads(sys.argv[1])]))"
    )
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", code, json.dumps(labels)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(done.stdout) == here
    assert len(set(here)) > 1, "fifty tenants all in one of seven files: the hash does not spread them"


def test_every_tenant_is_built_by_exactly_one_shard_and_together_they_build_the_unsharded_dags(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from erplink.config.entries import read_entries
    from erplink.dagfactory.build import build_all

    tenants = [*_copies(12), _invalid("acme"), {"integration": "qad_woocommerce"}, "not a mapping"]
    monkeypatch.setenv("ERPLINK_CONFIG", str(_tenants_file(tmp_path, tenants)))
    assert read_entries().is_split

    shards = _every_shard(SHARDS)
    unsharded = build_all()
    built = [dag_id for shard in shards for dag_id in shard]
    assert len(built) == len(set(built)), "a DAG was built by more than one file"
    assert set(built) == set(unsharded)
    from airflow.serialization.serialized_objects import DagSerialization

    for shard in shards:
        for dag_id, dag in shard.items():
            assert DagSerialization.serialize_dag(dag) == DagSerialization.serialize_dag(unsharded[dag_id]), dag_id
    for number in range(12):
        orders = f"erplink__qad_woocommerce__shop_{number:03d}__orders"
        (home,) = [index for index, shard in enumerate(shards) if orders in shard]
        assert home == shard_of(f"shop_{number:03d}", SHARDS)
        assert f"erplink__qad_woocommerce__shop_{number:03d}__catalog" in shards[home]


def test_an_invalid_entry_is_one_stand_in_dag_in_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Emitted by the file its entry's label hashes to, whatever names it: its name, or its position."""
    tenants = [*_copies(3), _invalid("acme"), {"integration": "qad_woocommerce"}]
    monkeypatch.setenv("ERPLINK_CONFIG", str(_tenants_file(tmp_path, tenants)))
    shards = _every_shard(SHARDS)
    for stand_in, label in (("erplink__config_error__acme", "acme"), ("erplink__config_error___5", "#5")):
        holders = [index for index, shard in enumerate(shards) if stand_in in shard]
        assert holders == [shard_of(label, SHARDS)]
    assert "erp.site" in shards[shard_of("acme", SHARDS)]["erplink__config_error__acme"].description


def test_a_shard_file_validates_only_the_entries_that_hash_to_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import erplink.config.tenants as tenants_module
    from erplink.dagfactory.build import build_shard

    tenants = _copies(20)
    monkeypatch.setenv("ERPLINK_CONFIG", str(_tenants_file(tmp_path, tenants)))
    validated: list[str] = []
    validate = tenants_module._validate_entry

    def counting(raw: object) -> Any:
        validated.append(raw["name"])  # type: ignore[index]
        return validate(raw)

    monkeypatch.setattr(tenants_module, "_validate_entry", counting)
    build_shard(2)
    own = [t["name"] for t in tenants if shard_of(t["name"], SHARDS) == 2]
    assert validated == own


def test_a_yaml_error_in_one_entry_leaves_the_other_files_tenants_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file parses its own entries only: a broken entry is the stand-in DAG of its file, naming the line."""
    path = _tenants_file(tmp_path, _copies(10))
    text = path.read_text().replace("- name: shop_004\n", "- name: shop_004\n  currencies: [USD\n", 1)
    assert text != path.read_text()
    path.write_text(text)
    monkeypatch.setenv("ERPLINK_CONFIG", str(path))
    shards = _every_shard(SHARDS)
    built = {dag_id for shard in shards for dag_id in shard}
    others = {f"erplink__qad_woocommerce__shop_{n:03d}__orders" for n in range(10) if n != 4}
    assert others <= built
    stand_in = shards[shard_of("shop_004", SHARDS)]["erplink__config_error__shop_004"]
    broken_line = text.splitlines().index("  currencies: [USD") + 1
    reported = [int(number) for number in re.findall(r"line (\d+)", stand_in.doc_md)]
    assert reported and all(broken_line <= number <= broken_line + 2 for number in reported), stand_in.doc_md


def test_the_committed_dag_files_match_the_default_count() -> None:
    """The shipped tenants file sets no `dag_files`: dags/ must hold the default count's files, as written."""
    assert mismatches(DAGS, DEFAULT_DAG_FILE_SHARDS) == []
    for name, text in expected_files(DEFAULT_DAG_FILE_SHARDS).items():
        content = text.lower()
        assert "airflow" in content and "dag" in content, f"{name}: Airflow's safe mode would skip it"


def test_a_shard_count_change_is_caught_until_the_files_are_rewritten(tmp_path: Path) -> None:
    config = _tenants_file(tmp_path, _copies(2), shards=6)
    folder = tmp_path / "dags"
    folder.mkdir()
    write(folder, 4)
    (problem,) = mismatched_dag_files(folder, config)
    assert "missing erplink_tenants_04.py, erplink_tenants_05.py" in problem and "make dag-files" in problem

    written, removed = write(folder, 6)
    assert written == ["erplink_tenants_04.py", "erplink_tenants_05.py"] and removed == []
    assert mismatched_dag_files(folder, config) == []

    config = _tenants_file(tmp_path, _copies(2), shards=3)
    (problem,) = mismatched_dag_files(folder, config)
    assert "unexpected erplink_tenants_03.py, erplink_tenants_04.py, erplink_tenants_05.py" in problem
    (folder / "erplink_tenants_00.py").write_text(expected_files(3)["erplink_tenants_01.py"])
    assert "edited erplink_tenants_00.py" in mismatched_dag_files(folder, config)[0]


def test_dagbag_reports_dag_files_that_do_not_match_the_configured_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("ERPLINK_CONFIG", str(_tenants_file(tmp_path, [_demo()], shards=DEFAULT_DAG_FILE_SHARDS + 2)))
    bag = DagBag(dag_folder=str(DAGS))
    errors = {Path(file).name: text for file, text in bag.import_errors.items()}
    assert set(errors) == {CHECK_FILE.name}
    assert f"missing erplink_tenants_{DEFAULT_DAG_FILE_SHARDS:02d}.py" in errors[CHECK_FILE.name]
