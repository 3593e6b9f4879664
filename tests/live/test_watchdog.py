"""The watchdog stops what a deployment started when the process that started it dies without stopping it, and
leaves everything alone when the deployment stopped by itself."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from tests.live.harness.compose import REPO
from tests.live.harness.watchdog import Watchdog


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen(["sleep", "120"], start_new_session=True)


def _watching(owner: int, tmp_path: Path, service: subprocess.Popen[bytes], folder: Path) -> Watchdog:
    watchdog = Watchdog(tmp_path / "state.json", marker="test-marker", folders=[folder])
    watchdog.start(cwd=REPO, env={"PATH": "/usr/bin:/bin"}, log_path=tmp_path / "watchdog.log", owner=owner)
    watchdog.add_session(service.pid)
    return watchdog


def test_an_abandoned_deployment_is_stopped_and_its_folders_removed(tmp_path: Path) -> None:
    owner, service = _sleeper(), _sleeper()
    folder = tmp_path / "scratch"
    folder.mkdir()
    watchdog = _watching(owner.pid, tmp_path, service, folder)
    try:
        owner.kill()
        owner.wait()
        assert service.wait(timeout=30) == -signal.SIGINT  # asked to stop first, as Airflow's services are
        deadline = time.monotonic() + 10
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not folder.exists()
    finally:
        service.kill()
        watchdog.stop()


def test_a_deployment_that_stopped_by_itself_is_left_alone(tmp_path: Path) -> None:
    owner, service = _sleeper(), _sleeper()
    folder = tmp_path / "scratch"
    folder.mkdir()
    watchdog = _watching(owner.pid, tmp_path, service, folder)
    try:
        watchdog.stop()  # returns once the watchdog process has exited
        owner.kill()
        owner.wait()
        assert service.poll() is None and folder.exists()
    finally:
        service.kill()
        owner.kill()


def test_the_owner_stays_recognised_when_the_wall_clock_is_stepped(monkeypatch) -> None:
    """A fresh machine's clock sync steps the wall clock, and Linux moves its boot time with it: a start time
    derived from the boot time then names a different process, and a watchdog going by it stopped a live deployment
    mid-run. The owner is named by its start in clock ticks since boot, which no clock step moves."""
    import psutil._pslinux as linux

    from tests.live.harness.watchdog import owner_alive, start_ticks

    owner = _sleeper()
    try:
        born = start_ticks(owner.pid)
        stepped = linux.boot_time() + 1.0
        monkeypatch.setattr(linux, "boot_time", lambda: stepped)  # what psutil reads after a step of the clock
        assert owner_alive(owner.pid, born)
        owner.kill()
        owner.wait()
        assert not owner_alive(owner.pid, born)
    finally:
        owner.kill()


def test_a_killed_owner_not_yet_reaped_counts_as_gone() -> None:
    from tests.live.harness.watchdog import owner_alive, start_ticks

    owner = _sleeper()
    born = start_ticks(owner.pid)
    assert owner_alive(owner.pid, born)
    os.kill(owner.pid, signal.SIGKILL)  # no wait(): /proc still lists it, as a zombie
    deadline = time.monotonic() + 10
    while owner_alive(owner.pid, born) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert Path(f"/proc/{owner.pid}").exists()
    assert not owner_alive(owner.pid, born)
    owner.wait()
