"""Child process for end-to-end tests: run one DAG with dag.test() (environment inherited from the test)."""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from airflow.dag_processing.dagbag import DagBag  # noqa: E402

dag_id, conf = sys.argv[1], json.loads(sys.argv[2])
run = DagBag(dag_folder=str(REPO / "dags")).dags[dag_id].test(run_conf=conf)
sys.exit(0 if str(getattr(run.state, "value", run.state)) == "success" else 1)
