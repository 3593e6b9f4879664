"""The tenants' DAG files on disk: one small file per shard, each naming its index, written by this module.

    python -m erplink.dagfactory.dag_files [dags folder] [--write]      (make dag-files)

Without --write it lists what differs from the configured `dag_files.shards` and exits 1 when anything does. The
configuration check DAG file runs the same comparison at every parse: a missing file would drop the tenants that
hash to it without a word, so a mismatch is an import error in the UI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PREFIX = "erplink_tenants_"
# Airflow's safe mode parses only files that contain both "airflow" and "dag"; the docstring carries them.
TEMPLATE = (
    '"""erplink: the Airflow DAGs of the tenants that hash to DAG file {index} (written by `make dag-files`)."""\n'
    "from erplink.dagfactory.build import build_shard\n"
    "\n"
    "globals().update(build_shard({index}))\n"
)


def file_name(index: int, shards: int) -> str:
    return f"{PREFIX}{index:0{max(2, len(str(shards - 1)))}d}.py"


def expected_files(shards: int) -> dict[str, str]:
    """Each DAG file's name and text for `shards` files."""
    return {file_name(index, shards): TEMPLATE.format(index=index) for index in range(shards)}


def mismatches(folder: Path, shards: int) -> list[str]:
    """How the tenant DAG files in `folder` differ from what `shards` files should be (empty: they match)."""
    expected = expected_files(shards)
    present = {path.name: path for path in folder.glob(f"{PREFIX}*.py")}
    problems = []
    if missing := sorted(set(expected) - set(present)):
        problems.append(f"missing {', '.join(missing)} (the tenants that hash to them get no DAGs)")
    if unexpected := sorted(set(present) - set(expected)):
        problems.append(f"unexpected {', '.join(unexpected)}")
    if edited := sorted(
        name for name in set(expected) & set(present) if present[name].read_text(encoding="utf-8") != expected[name]
    ):
        problems.append(f"edited {', '.join(edited)}")
    return problems


def mismatched_dag_files(folder: Path, config: Path | None = None) -> list[str]:
    """The configuration check's sentence for the DAG files in `folder`, if they do not match the configuration."""
    from erplink.config.entries import read_entries

    shards = read_entries(config).dag_files.shards
    problems = mismatches(folder, shards)
    if not problems:
        return []
    return [
        f"the tenants' DAG files in {folder.name}/ do not match dag_files.shards = {shards}: "
        f"{'; '.join(problems)}. Rewrite them with `make dag-files` "
        "(python -m erplink.dagfactory.dag_files <dags folder> --write)"
    ]


def write(folder: Path, shards: int) -> tuple[list[str], list[str]]:
    """Write the DAG files of `shards` shards into `folder` and remove any other; returns (written, removed)."""
    expected = expected_files(shards)
    written = []
    for name, text in expected.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    removed = []
    for path in sorted(folder.glob(f"{PREFIX}*.py")):
        if path.name not in expected:
            path.unlink()
            removed.append(path.name)
    return written, removed


def main(argv: list[str] | None = None) -> int:
    from erplink.config.entries import read_entries
    from erplink.config.tenants import config_path

    parser = argparse.ArgumentParser(
        prog="python -m erplink.dagfactory.dag_files",
        description="Check or (re)write the tenants' DAG files for dag_files.shards.",
    )
    parser.add_argument("folder", type=Path, nargs="?", default=Path("dags"), help="the DAG folder (default: dags)")
    parser.add_argument("--write", action="store_true", help="write the files the configuration asks for")
    args = parser.parse_args(argv)
    entries = read_entries()
    for problem in entries.setting_problems:
        print(f"{config_path()}: {problem}", file=sys.stderr)
    shards = entries.dag_files.shards
    if args.write:
        written, removed = write(args.folder, shards)
        print(
            f"{shards} tenant DAG files in {args.folder}: wrote {len(written)}, removed {len(removed)}"
            + "".join(f"\n  removed {name}" for name in removed)
        )
        return 0
    problems = mismatches(args.folder, shards)
    for problem in problems:
        print(f"{args.folder}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
