"""DAG parse time, one DAG file at a time, as Airflow's DagBag measures it, after Airflow itself is imported.

    python -m bench.dag_parse dags/erplink_tenants_00.py         # a file of the repository, the shipped tenants
    python -m bench.dag_parse --tenants 1000 --shards 34 [--one-change]   # the demo tenant's copies, 34 files

Each file is parsed in a fresh process, like a DAG processor parsing it for the first time: the file pays for the
erplink modules it imports, not for Airflow's own import. erplink's modules are byte-compiled first, as an installed
package is and as the DAG processor leaves them after its first parse; compiling Python source is not what a parse
costs in production.

With --tenants, a tenants file of that many copies of the demo tenant (distinct names) is spread over --shards DAG
files, written as `make dag-files` writes them, beside the configuration check file. One process imports Airflow and
forks a child per file, as Airflow 3's DAG processor does. With --one-change, one tenant's schedule then changes and
every file is parsed again: the files whose serialized DAGs changed are listed (the DAG processor re-writes only
those). Serializing every DAG twice costs several times the parse, hence the option.
"""

from __future__ import annotations

import argparse
import compileall
import copy
import hashlib
import json
import os
import resource
import shutil
import time
from pathlib import Path
from typing import Any

import yaml

from bench.environment import REPO, prepare_process, workdir

CHANGED_SCHEDULE = "@daily"  # the one tenant's new orders schedule in the second pass


def parse_seconds(path: Path) -> dict[str, object]:
    compileall.compile_dir(REPO / "plugins" / "erplink", quiet=1)
    with workdir("parse") as tmp:
        prepare_process(tmp)
        os.environ["ERPLINK_CONFIG"] = str(REPO / "include" / "tenants.yaml")  # the shipped tenants, unchanged
        _import_airflow()
        result = _parse(path)
        del result["dag_ids"]
        return {**result, "file": str(path.relative_to(REPO))}


def _import_airflow() -> None:
    # Airflow's own import is not counted: the SDK, and the @task machinery (the standard provider's Python
    # operators), which Airflow loads lazily on the first @task it meets in any DAG file.
    import airflow.providers.standard.decorators.python  # noqa: F401
    import airflow.sdk  # noqa: F401
    from airflow.dag_processing.dagbag import DagBag  # noqa: F401


def _parse(path: Path, fingerprint: bool = False) -> dict[str, Any]:
    from airflow.dag_processing.dagbag import DagBag

    rss_before = _rss_mb()
    cpu_before = _cpu_seconds()
    bag = DagBag(dag_folder=str(path))
    result: dict[str, Any] = {
        "file": path.name,
        "seconds": sum(s.duration.total_seconds() for s in bag.dagbag_stats),
        "cpu_seconds": _cpu_seconds() - cpu_before,
        "dags": len(bag.dags),
        "import_errors": len(bag.import_errors),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": rss_before,
    }
    result["dag_ids"] = sorted(bag.dags)
    if fingerprint:
        result["fingerprint"] = _fingerprint(bag.dags)
    return result


def _fingerprint(dags: dict[str, Any]) -> str:
    """A digest of the file's DAGs as Airflow serializes them: it changes when any of them would be re-written.
    (The serialized form without the JSON-schema validation Airflow adds, which takes as long again.)"""
    from airflow.serialization.serialized_objects import DagSerialization

    digest = hashlib.sha1(usedforsecurity=False)
    for dag_id in sorted(dags):
        digest.update(json.dumps(DagSerialization.serialize_dag(dags[dag_id]), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _parse_in_child(path: Path, fingerprint: bool) -> dict[str, Any]:
    """Parse `path` in a child forked from this process (Airflow imported, erplink not), as the DAG processor does."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            payload = json.dumps(_parse(path, fingerprint)).encode()
        except BaseException as exc:  # reported by the parent; a child must never return into the parent's code
            payload = json.dumps({"file": path.name, "crashed": repr(exc)}).encode()
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        result: dict[str, Any] = json.loads(answer.read())
    os.waitpid(pid, 0)
    if "crashed" in result:
        raise RuntimeError(f"parsing {path.name} crashed: {result['crashed']}")
    return result


def write_tenants(path: Path, tenants: int, shards: int, changed: str | None = None) -> list[str]:
    """`tenants` copies of the shipped demo tenant with distinct names, written out in full (no YAML aliases, as
    an operator writes them); `changed` gets another orders schedule. Returns the names."""
    document = yaml.safe_load((REPO / "include" / "tenants.yaml").read_text())
    demo = next(t for t in document["tenants"] if t["name"] == "demo")
    entries = []
    for number in range(tenants):
        entry = copy.deepcopy(demo)
        entry["name"] = f"tenant_{number:05d}"
        if entry["name"] == changed:
            entry["orders"]["schedule"] = CHANGED_SCHEDULE
        entries.append(entry)
    path.write_text(yaml.safe_dump({"dag_files": {"shards": shards}, "tenants": entries}, sort_keys=False))
    return [entry["name"] for entry in entries]


def sharded(tenants: int, shards: int, one_change: bool = False) -> dict[str, Any]:
    from erplink.dagfactory.dag_files import write

    compileall.compile_dir(REPO / "plugins" / "erplink", quiet=1)
    with workdir("parse-sharded") as tmp:
        prepare_process(tmp)
        config = tmp / "tenants.yaml"
        names = write_tenants(config, tenants, shards)
        os.environ["ERPLINK_CONFIG"] = str(config)
        dags = tmp / "dags"
        dags.mkdir()
        write(dags, shards)
        shutil.copy(REPO / "dags" / "erplink_config_check.py", dags)
        _import_airflow()
        files = sorted(dags.glob("*.py"))
        started = time.perf_counter()
        first = [_parse_in_child(path, one_change) for path in files]
        elapsed = time.perf_counter() - started
        changed: dict[str, Any] = {}
        if one_change:
            changed_tenant = names[len(names) // 2]
            write_tenants(config, tenants, shards, changed=changed_tenant)
            second = [_parse_in_child(path, one_change) for path in files]
            changed = {"changed_tenant": changed_tenant,
                       "files_changed": sorted(a["file"] for a, b in zip(first, second, strict=True)
                                               if a["fingerprint"] != b["fingerprint"])}  # fmt: skip
    tenant_files = [r for r in first if r["file"].startswith("erplink_tenants_")]
    check = next(r for r in first if r["file"] == "erplink_config_check.py")
    return {
        "tenants": tenants,
        "shards": shards,
        "files": [{k: v for k, v in r.items() if k not in ("dag_ids", "fingerprint")} for r in first],
        "dags": sum(r["dags"] for r in first),
        "distinct_dags": len({dag_id for r in first for dag_id in r["dag_ids"]}),
        "import_errors": sum(r["import_errors"] for r in first),
        "max_s": max(r["seconds"] for r in tenant_files),
        "mean_s": sum(r["seconds"] for r in tenant_files) / len(tenant_files),
        "max_cpu_s": max(r["cpu_seconds"] for r in tenant_files),
        "check_s": check["seconds"],
        "check_cpu_s": check["cpu_seconds"],
        "total_s": sum(r["seconds"] for r in first),
        "wall_s": elapsed,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in first),
        "max_growth_mb": max(r["peak_rss_mb"] - r["rss_before_mb"] for r in first),
        **changed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, nargs="?", help="one DAG file of the repository")
    parser.add_argument("--tenants", type=int, help="copies of the demo tenant, spread over --shards DAG files")
    parser.add_argument("--shards", type=int, default=None, help="DAG files for --tenants")
    parser.add_argument("--one-change", action="store_true", help="change one tenant, list the files that change")
    args = parser.parse_args()
    if args.tenants:
        print(json.dumps(sharded(args.tenants, args.shards or 1, args.one_change)))
    elif args.path:
        print(json.dumps(parse_seconds(args.path.resolve())))
    else:
        parser.error("give a DAG file or --tenants")


if __name__ == "__main__":
    main()
