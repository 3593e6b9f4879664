"""A test session leaves no folder of its own behind in the temporary directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_a_test_session_removes_its_private_airflow_home(tmp_path: Path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ERPLINK_"))}
    env["TMPDIR"] = str(scratch)
    # Collecting is enough: the session's Airflow home is made when the root conftest is imported.
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
         "tests/sandbox/seed/test_generate_world.py"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert [p.name for p in scratch.iterdir() if p.name.startswith("erplink-")] == []
