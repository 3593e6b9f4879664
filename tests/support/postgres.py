"""A throwaway PostgreSQL 15 server for the test session.

The harness installs Debian's postgresql when it is missing, runs initdb as the ``postgres`` user (initdb and
pg_ctl refuse to run as root), starts the server on a free loopback port with its socket inside the data
directory, and removes everything at the end. Set ``ERPLINK_TEST_POSTGRES_URL`` to use an existing server instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The ledger is tested on the PostgreSQL the deployment runs (postgres:15 in docker-compose.yaml), not a newer one.
PG_BIN_CANDIDATES = [Path("/usr/lib/postgresql/15/bin")]


def _pg_bin() -> Path | None:
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            return candidate
    return None


def _install_postgres() -> Path:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql-15"], check=True, env=env, stdout=subprocess.DEVNULL)
    found = _pg_bin()
    if found is None:
        raise RuntimeError("postgresql was installed but initdb is still missing")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*args: str) -> list[str]:
    # Only root may switch user; a non-root developer runs the server as themselves.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL (psycopg2) of a fresh server with an empty ``erplink_test`` database."""
    existing = os.environ.get("ERPLINK_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    bin_dir = _pg_bin() or _install_postgres()
    data_dir = Path(tempfile.mkdtemp(prefix="erplink-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    subprocess.run(_as_postgres(str(bin_dir / "initdb"), "-D", str(data_dir / "db"), "-A", "trust", "-U", "postgres", "--no-sync"), **quiet)
    options = f"-k {data_dir} -h 127.0.0.1 -p {port} -c fsync=off -c max_connections=100"
    subprocess.run(_as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data_dir / "db"), "-o", options, "-l", str(data_dir / "log"), "-w", "start"), **quiet)
    try:
        subprocess.run(_as_postgres(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "erplink_test"), **quiet)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/erplink_test"
    finally:
        subprocess.run(_as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data_dir / "db"), "-m", "immediate", "-w", "stop"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(data_dir, ignore_errors=True)
