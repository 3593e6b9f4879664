"""Processes the live deployment starts: each leads its own process group, writes to its own log file, and is
stopped with SIGINT, then SIGKILL for whatever outlives the grace period.

Each process leads a session of its own, and carries a marker variable in its environment (inherited by everything
it starts), so :func:`deployment_processes` finds all of them, and a stop can prove that none is left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

MARKER_VARIABLE = "ERPLINK_LIVE_DEPLOYMENT"


def log_tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file, for failure messages."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 256 * lines))
            text = handle.read().decode("utf-8", "replace")
    except OSError as exc:
        return f"(no log at {path}: {exc.strerror})"
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class ManagedProcess:
    name: str
    argv: Sequence[str]
    env: Mapping[str, str]
    cwd: Path
    log_path: Path
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> ManagedProcess:
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
            # Started in the background by a shell, this process ignores SIGINT, and its children would inherit
            # that and never stop on it: a handler of our own is reset to the default in each child instead.
            signal.signal(signal.SIGINT, signal.default_int_handler)
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(list(self.argv), env=dict(self.env), cwd=str(self.cwd), stdout=log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was never started"
        return self.popen.pid

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tail(self, lines: int = 40) -> str:
        return f"--- last lines of {self.log_path} ---\n{log_tail(self.log_path, lines)}"

    def tree(self) -> list[psutil.Process]:
        """The process and every descendant still alive."""
        try:
            root = psutil.Process(self.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kill_tree(self) -> None:
        """SIGKILL the process, its group and every descendant at once, as a machine crash would."""
        doomed = self.tree()
        _signal_group(self.pid, signal.SIGKILL)
        _kill_and_wait(doomed)
        if self.popen is not None:
            self.popen.wait(timeout=10)

    def stop(self, grace_seconds: float = 15.0) -> None:
        stop_all([self], grace_seconds)


def _kill_and_wait(processes: Sequence[psutil.Process]) -> None:
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(processes, timeout=10)


def stop_all(processes: Sequence[ManagedProcess], grace_seconds: float = 15.0) -> None:
    """SIGINT every process group at once (Airflow's components shut down cleanly on it), wait for all of them
    together, then SIGKILL whatever is left of each group and its descendants."""
    started = [process for process in processes if process.popen is not None]
    families = {process.name: process.tree() for process in started}
    for process in started:
        if process.running():
            _signal_group(process.pid, signal.SIGINT)
    _gone, alive = psutil.wait_procs([p for family in families.values() for p in family], timeout=grace_seconds)
    if alive:
        for process in started:
            _signal_group(process.pid, signal.SIGKILL)
        _kill_and_wait(alive)
    for process in started:
        try:
            process.popen.wait(timeout=10)  # type: ignore[union-attr]
        except subprocess.TimeoutExpired:
            pass


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def deployment_processes(sessions: Iterable[int], marker: str) -> list[psutil.Process]:
    """Every live process in one of ``sessions`` (each started process leads its own) or carrying the marker.

    Both, because neither alone finds everything: a child may start a session of its own (it keeps the marker),
    and a process that retitles itself (setproctitle: Airflow's API server, supervisors, log servers; Redis)
    overwrites the memory its environment is read from (it stays in its session).
    """
    sessions = set(sessions)
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if process.pid == os.getpid() or process.status() == psutil.STATUS_ZOMBIE:
                continue
            if os.getsid(process.pid) in sessions:
                found.append(process)
            elif process.environ().get(MARKER_VARIABLE) == marker:
                found.append(process)
        except (psutil.Error, ProcessLookupError, PermissionError):
            continue
    return found


def kill_leftovers(sessions: Iterable[int], marker: str, *, grace_seconds: float = 0.0) -> list[str]:
    """Stop every process of the deployment still alive (SIGINT first when given a grace period, then SIGKILL);
    returns a description of each one found."""
    sessions = set(sessions)
    leftovers = deployment_processes(sessions, marker)
    described = []
    for process in leftovers:
        try:
            described.append(f"pid {process.pid}: {' '.join(process.cmdline())[:200]}")
            if grace_seconds:
                process.send_signal(signal.SIGINT)
        except psutil.Error:
            continue
    if grace_seconds:
        _gone, leftovers = psutil.wait_procs(leftovers, timeout=grace_seconds)
    for process in [*leftovers, *deployment_processes(sessions, marker)]:
        try:
            process.kill()
        except psutil.Error:
            continue
    psutil.wait_procs(leftovers, timeout=10)
    return described
