"""Stops what the live deployment started when the process that started it dies without stopping it (a test
session killed by a timeout, Ctrl-C twice, a crash).

    python -m tests.live.harness.watchdog <owner pid> <owner start time> <state file>

The deployment keeps the state file current: the sessions of the processes it started, its PostgreSQL server's
data directory, and its temporary folders. Once the owner is gone, every process of those sessions gets SIGINT,
then SIGKILL; the server is stopped and the folders removed. A deployment that stops normally deletes the state
file, and the watchdog exits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.live.harness.processes import kill_leftovers

POLL_SECONDS = 0.5
GRACE_SECONDS = 10


class Watchdog:
    """The deployment's side: starts the watchdog process and keeps its state file current."""

    def __init__(self, state_file: Path, *, marker: str, folders: list[Path]) -> None:
        self.state_file = state_file
        self.state: dict[str, Any] = {"marker": marker, "sessions": [], "postgres": None,
                                      "folders": [str(folder) for folder in folders]}
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, *, cwd: Path, env: dict[str, str], log_path: Path, owner: int | None = None) -> None:
        """Watch ``owner`` (this process unless given)."""
        self._save()
        owner = owner or os.getpid()
        # Its start time names it: a pid alone may be taken by a new process once the owner is gone.
        born = start_ticks(owner)
        with log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.live.harness.watchdog", str(owner), str(born), str(self.state_file)],
                cwd=str(cwd), env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)

    def add_session(self, pid: int) -> None:
        self.state["sessions"].append(pid)
        self._save()

    def add_postgres(self, pg_ctl: Path, data_directory: Path) -> None:
        """A server of the deployment's own: stopped, and its folder removed, if the deployment is abandoned."""
        self.state["postgres"] = {"pg_ctl": str(pg_ctl), "data": str(data_directory)}
        self.state["folders"].append(str(data_directory.parent))
        self._save()

    def stop(self) -> None:
        """The deployment stopped by itself: the watchdog sees its state file gone and exits."""
        self.state_file.unlink(missing_ok=True)
        if self._process is None:
            return
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)

    def _save(self) -> None:
        partial = self.state_file.with_suffix(".tmp")
        partial.write_text(json.dumps(self.state))
        partial.replace(self.state_file)  # atomic: the watchdog never reads half a file


def clean_up(state: dict[str, Any]) -> None:
    kill_leftovers(state.get("sessions", []), state.get("marker", ""), grace_seconds=GRACE_SECONDS)
    postgres = state.get("postgres")
    if postgres:
        command = [postgres["pg_ctl"], "-D", postgres["data"], "-m", "immediate", "-w", "stop"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for folder in state.get("folders", []):
        shutil.rmtree(folder, ignore_errors=True)


def start_ticks(pid: int) -> int | None:
    """When a process started, in clock ticks since boot (Linux: /proc/<pid>/stat, field 22); None once it is gone.

    Not psutil's create_time(): that adds the boot time, which Linux derives from the wall clock, so it moves
    whenever the clock is stepped (an NTP sync on a fresh machine), and a live owner would look like a new process.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # the name, in parentheses, may hold spaces: fields after it
    return None if fields[0] == "Z" else int(fields[19])  # a zombie has ended; field 22 is the 20th after the name


def owner_alive(owner: int, born: int | None) -> bool:
    return born is not None and start_ticks(owner) == born


def watch(owner: int, born: int | None, state_file: Path) -> None:
    last_state: dict[str, Any] = {}
    while True:
        try:
            last_state = json.loads(state_file.read_text())
        except FileNotFoundError:
            return  # the deployment stopped by itself
        except ValueError:
            pass  # caught mid-write: the previous state stands
        if not owner_alive(owner, born):
            clean_up(last_state)
            state_file.unlink(missing_ok=True)
            return
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    watch(int(sys.argv[1]), None if sys.argv[2] == "None" else int(sys.argv[2]), Path(sys.argv[3]))
