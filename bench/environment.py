"""What every scenario runs in: a private Airflow home, a fresh SQLite ledger and the demo tenant's entry.

Sandboxes run either in this process (when the scenario changes their state directly) or in a child process
started with ``python -m sandbox`` (when the scenario measures this process's memory, which must not include the
emulated store).
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TENANT = "demo"
SEED = 42  # the seeded world every scenario serves; floors are computed from the same world
SANDBOX_START_TIMEOUT_S = 600.0


def prepare_process(workdir: Path, *, max_workers: int | None = None, tenant: str = TENANT) -> None:
    """Point Airflow, the ledger and the tenant configuration of this process at ``workdir``.

    Must run before Airflow is imported: Airflow reads AIRFLOW_HOME once, on import.
    """
    os.environ.update({
        "AIRFLOW_HOME": str(workdir / "airflow"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{workdir / 'airflow.db'}",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
        "ERPLINK_LEDGER_URL": f"sqlite:///{workdir / 'ledger.db'}",
        "ERPLINK_CONFIG": str(write_tenant_config(workdir, max_workers=max_workers, tenant_name=tenant)),
    })  # fmt: skip
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # the sandbox package lives at the repository root


def write_tenant_config(workdir: Path, *, max_workers: int | None = None, tenant_name: str = TENANT) -> Path:
    """The shipped demo tenant (or another shipped one), reading the sandbox's whole history on its first run."""
    document = yaml.safe_load((REPO / "include" / "tenants.yaml").read_text())
    tenant = next(t for t in document["tenants"] if t["name"] == tenant_name)
    tenant["orders"]["initial_lookback_days"] = 3650
    if max_workers is not None:
        tenant["orders"]["max_workers"] = max_workers
    path = workdir / "tenants.yaml"
    path.write_text(yaml.safe_dump({"tenants": [tenant]}))
    return path


@contextmanager
def sandboxes_in_child(*, orders: int, skus: int, latency_ms: int, workdir: Path,
                       only: str = "woocommerce,qad", options: tuple[str, ...] = ()) -> Iterator[dict[str, str]]:
    """Serve the sandboxes from a child process; yields their AIRFLOW_CONN_* variables.

    ``options`` are further ``python -m sandbox`` arguments (e.g. the WooCommerce store mode).
    """
    env_file = workdir / "sandbox.env"
    child = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--only", only, "--seed", str(SEED), "--orders", str(orders),
         "--skus", str(skus), "--latency-ms", str(latency_ms), "--env-file", str(env_file), *options],
        cwd=str(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        yield _wait_for_env(env_file, child)
    finally:
        child.send_signal(signal.SIGINT)  # the sandbox CLI stops its servers cleanly on Ctrl-C
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_for_env(env_file: Path, child: subprocess.Popen[bytes]) -> dict[str, str]:
    deadline = time.monotonic() + SANDBOX_START_TIMEOUT_S
    while not env_file.exists() or not env_file.read_text().endswith("\n"):
        if child.poll() is not None:
            error = child.stderr.read().decode(errors="replace") if child.stderr else ""
            raise RuntimeError(f"the sandbox process exited with {child.returncode}: {error[-2000:]}")
        if time.monotonic() > deadline:
            raise TimeoutError("the sandboxes did not start in time")
        time.sleep(0.1)
    env: dict[str, str] = {}
    for line in env_file.read_text().splitlines():
        name, _, quoted = line.partition("=")
        env[name] = _unquote(quoted)
    return env


def _unquote(value: str) -> str:
    parts = shlex.split(value)
    return parts[0] if parts else ""


@contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=f"erplink-bench-{prefix}-") as path:
        yield Path(path)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_json_subprocess(module: str, *args: str, timeout: float | None = None) -> Any:
    """Run ``python -m bench.<module> ...`` in a fresh process and decode the JSON it prints last."""
    completed = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=str(REPO), capture_output=True,
                               text=True, timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"bench.{module} {' '.join(args)} failed ({completed.returncode}):\n"
                           f"{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])
