"""DAG parse time of one DAG file, as Airflow's DagBag measures it, after Airflow itself is imported.

    python -m bench.dag_parse dags/qad_woocommerce.py

Each file is parsed in a fresh process (``python -m bench`` starts one per file), like a DAG processor parsing
it for the first time: the file pays for the erplink modules it imports, not for Airflow's own import. erplink's
modules are byte-compiled first, as an installed package is and as the DAG processor leaves them after its first
parse; compiling Python source is not what a parse costs in production.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
from pathlib import Path

from bench.environment import REPO, prepare_process, workdir


def parse_seconds(path: Path) -> dict[str, object]:
    compileall.compile_dir(REPO / "plugins" / "erplink", quiet=1)
    with workdir("parse") as tmp:
        prepare_process(tmp)
        os.environ["ERPLINK_CONFIG"] = str(REPO / "include" / "tenants.yaml")  # the shipped tenants, unchanged
        # Airflow's own import is not counted: the SDK, and the @task machinery (the standard provider's Python
        # operators), which Airflow loads lazily on the first @task it meets in any DAG file.
        import airflow.providers.standard.decorators.python  # noqa: F401
        import airflow.sdk  # noqa: F401
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(path))
        stats = bag.dagbag_stats
        return {"file": str(path.relative_to(REPO)), "seconds": sum(s.duration.total_seconds() for s in stats),
                "dags": len(bag.dags), "import_errors": len(bag.import_errors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    print(json.dumps(parse_seconds(args.path.resolve())))


if __name__ == "__main__":
    main()
