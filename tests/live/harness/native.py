"""How the compose services' settings map onto processes on this machine: the complete list of differences.

Containers reach their neighbours by service name (``postgres``, ``redis``, ``airflow-apiserver``) and keep files
under ``/opt/airflow``; here every service is a process on loopback, on a free port, with its files in folders of
the run. Any URL that names a compose service is re-pointed at that service's native address, and any container
path at its native folder. Everything else is taken as compose sets it, except the few sizes below, which fit a
two-core machine running the whole deployment at once, and the settings compose leaves to the image or to
Docker's isolation (one network namespace per container), added here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urlsplit, urlunsplit

from tests.live.harness.compose import ComposeService

# Compose values sized for a server, resized for the whole deployment on two cores (what compose scales out).
RESIZED = {
    "AIRFLOW__CORE__PARALLELISM": "4",
}


@dataclass(frozen=True)
class NativeSite:
    """Where each compose service's neighbours are on this machine."""

    postgres_netloc: str  # user@127.0.0.1:port of the PostgreSQL server
    databases: Mapping[str, str]  # compose database name -> the native database
    redis_netloc: str
    api_host: str
    api_port: int
    # Container paths (files and folders) -> native paths; the longest matching prefix wins.
    paths: Mapping[str, Path]

    def netloc_of(self, service: str) -> str | None:
        return {"postgres": self.postgres_netloc, "redis": self.redis_netloc,
                "airflow-apiserver": f"{self.api_host}:{self.api_port}"}.get(service)


def _repoint_url(parts: SplitResult, site: NativeSite) -> str | None:
    netloc = site.netloc_of(parts.hostname or "")
    if netloc is None:
        return None
    path = parts.path
    if parts.hostname == "postgres":
        database = path.lstrip("/")
        path = "/" + site.databases.get(database, database)
    return urlunsplit((parts.scheme, netloc, path, parts.query, parts.fragment))


def _repoint_path(value: str, site: NativeSite) -> str | None:
    for container in sorted(site.paths, key=len, reverse=True):
        if value == container or value.startswith(container.rstrip("/") + "/"):
            return str(site.paths[container]) + value[len(container):]
    return None


def repoint(value: str, site: NativeSite) -> str:
    """``value`` with a compose service address or a container path replaced by its native counterpart."""
    if "://" in value:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018  (raises on a malformed port: then it is no URL to re-point)
        except ValueError:
            return value
        return _repoint_url(parts, site) or value
    return _repoint_path(value, site) or value


def native_environment(service: ComposeService, site: NativeSite) -> dict[str, str]:
    """The service's compose environment on this machine: re-pointed, and resized where compose sizes a server."""
    env = {key: repoint(value, site) for key, value in service.environment.items()}
    env.update({key: value for key, value in RESIZED.items() if key in env})
    return env


def image_settings(*, home: Path, dags: Path, logs: Path, api_host: str, api_port: int, worker_log_port: int,
                   trigger_log_port: int) -> dict[str, str]:
    """What the image and Docker provide that a native process must be told: the Airflow home, the mounted
    folders, the published API port, and ports that only a container's own network namespace keeps apart."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(logs),
        "AIRFLOW__API__HOST": api_host,
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(worker_log_port),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(trigger_log_port),
    }
