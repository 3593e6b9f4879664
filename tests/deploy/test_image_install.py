"""The image installs what the tests run on: the Dockerfile's install steps, the Makefile's venv (which the live
deployment runs Airflow from) and the venv as installed all come down to the exact pins of requirements.txt."""

from __future__ import annotations

import re
import shlex
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_normalized(name)] = version
    return pins


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(instruction, arguments) of each Dockerfile line, continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, arguments = line.partition(" ")
            found.append((instruction.upper(), arguments.strip()))
    return found


def _pip_installs(command: str) -> list[list[str]]:
    """The arguments after `pip install` of each install in a shell command."""
    installs = []
    for part in re.split(r"&&|;", command):
        words = shlex.split(part)
        if "install" in words and any(word.endswith("pip") for word in words[: words.index("install")]):
            installs.append(words[words.index("install") + 1:])
    return installs


def test_the_image_installs_requirements_txt_and_the_project_without_other_dependencies() -> None:
    instructions = _dockerfile_instructions()
    copied = [args.split() for instruction, args in instructions if instruction == "COPY"]
    [requirements_copy] = [words for words in copied if "requirements.txt" in words]
    destination = requirements_copy[-1].rstrip("/")
    installs = [install for instruction, args in instructions if instruction == "RUN"
                for install in _pip_installs(args)]
    from_requirements = [install for install in installs if "-r" in install]
    assert [install[install.index("-r") + 1] for install in from_requirements] == [f"{destination}/requirements.txt"]
    others = [install for install in installs if "-r" not in install]
    assert others and all("--no-deps" in install for install in others), others
    named = [word for install in installs for word in install if not word.startswith("-") and "==" in word]
    assert named == [], f"packages pinned in the Dockerfile instead of requirements.txt: {named}"


def test_the_venv_the_tests_and_the_live_deployment_run_is_built_the_same_way() -> None:
    rule = (REPO / "Makefile").read_text().split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet --python $(PY) -r requirements.txt" in rule
    assert "--no-deps -e ." in rule


def test_the_venv_holds_exactly_the_pinned_versions() -> None:
    """The live deployment runs Airflow from this interpreter's venv (its bin first on PATH)."""
    installed = {_normalized(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}
    differing = {name: (version, installed.get(name)) for name, version in _pins().items()
                 if installed.get(name) != version}
    assert differing == {}, f"pinned vs installed in {sys.prefix}: {differing} (run `make venv`)"
