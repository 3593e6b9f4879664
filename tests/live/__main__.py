"""`make live`: start the live deployment and keep it up until Ctrl-C.

The same deployment the live tests run against (docker-compose.yaml's services as processes on this machine, on
PostgreSQL 15 and Redis, with the sandboxes as the store and the ERP): it prints where the UI is, the users and
their passwords, the webhook URL and the log folder, then waits. Ctrl-C (or SIGTERM) stops everything it started.

    .venv/bin/python -m tests.live [--artifacts DIR]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from tests.live.harness.compose import REPO
from tests.live.harness.deployment import ADMIN_USER, VIEWER_USER, Deployment
from tests.live.harness.tenants import DEMO


def _describe(live: Deployment) -> str:
    return "\n".join([
        f"Airflow UI and REST API  {live.api_url}",
        f"  {ADMIN_USER} / {live.passwords[ADMIN_USER]}    {VIEWER_USER} (read-only) / {live.passwords[VIEWER_USER]}",
        f"webhook receiver         {live.api_url}/erplink/webhooks/woocommerce/{DEMO}",
        f"receiver status          {live.api_url}/erplink/webhooks/status  (Authorization: Bearer {live.status_token})",
        f"WooCommerce sandbox      {live.sandboxes.woo_url}   QAD sandbox  {live.sandboxes.qad_url}",
        f"process logs             {live.logs}",
        "The tenants' DAGs start paused: unpause the demo orders DAG in the UI to let the scheduler run it.",
        "Ctrl-C stops everything.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.live", description=__doc__.split("\n\n")[0])
    parser.add_argument("--artifacts", type=Path, default=REPO / ".airflow" / "live",
                        help="folder for the process logs and task logs (emptied first)")
    args = parser.parse_args(argv)

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    live = Deployment(args.artifacts)
    print(f"starting the live deployment (process logs in {live.logs}) ...", flush=True)
    try:
        with live.started():
            print(_describe(live), flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    print(f"stopped; left behind: {live.leftovers or 'nothing'}", flush=True)
    return 0 if not live.leftovers else 1


if __name__ == "__main__":
    sys.exit(main())
