"""The Airflow services of docker-compose.yaml as data: each one's command and environment, interpolated the way
compose interpolates them.

docker-compose.yaml is where the deployment's settings live. The live harness reads them from it instead of
repeating them, so a setting added to or changed in the compose file reaches the processes the live tests start.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[3]
COMPOSE_FILE = REPO / "docker-compose.yaml"
# The services built from the project's image (they merge x-airflow-common); the others are stock images.
AIRFLOW_IMAGE_KEY = "build"

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; "$$" is a literal dollar.
_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


class ComposeVariableMissing(ValueError):
    """A ${NAME:?message} variable has no value: compose itself would refuse to start."""


def interpolate(text: str, variables: Mapping[str, str]) -> str:
    """The value compose gives ``text`` with ``variables`` as its .env and shell environment."""

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name"), match.group("op"), match.group("arg") or ""
        value = variables.get(name)
        unset_or_empty = value is None or (op is not None and op.startswith(":") and value == "")
        if op in (":-", "-") and unset_or_empty:
            return interpolate(arg, variables)
        if op in (":?", "?") and unset_or_empty:
            raise ComposeVariableMissing(f"{name}: {arg or 'required'}")
        return value or ""

    return _VARIABLE.sub(substitute, text)


@dataclass(frozen=True)
class ComposeService:
    name: str
    # What the container runs: the image's entrypoint runs `airflow <command>` unless the service overrides it.
    argv: tuple[str, ...]
    environment: dict[str, str]
    # Service names whose completion or health this one waits for.
    depends_on: tuple[str, ...]


def load_compose(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def airflow_services(variables: Mapping[str, str], compose: dict[str, Any] | None = None) -> dict[str, ComposeService]:
    """Every service of the project's image, in file order, with its command and environment interpolated."""
    compose = compose if compose is not None else load_compose()
    services: dict[str, ComposeService] = {}
    for name, spec in compose["services"].items():
        if AIRFLOW_IMAGE_KEY not in spec:
            continue
        command = spec.get("command", [])
        args = shlex.split(command) if isinstance(command, str) else [str(part) for part in command]
        entrypoint = spec.get("entrypoint")
        argv = ([entrypoint] if isinstance(entrypoint, str) else list(entrypoint or ["airflow"])) + args
        settings = spec.get("environment") or {}
        environment = {key: interpolate(str(value), variables) for key, value in settings.items()}
        depends = spec.get("depends_on") or {}
        services[name] = ComposeService(name, tuple(interpolate(part, variables) for part in argv), environment,
                                        tuple(depends))
    return services
