"""The package keeps its layers: the core names no system, systems stand alone, integrations wire them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.erplink.import_rules import system_names_in_core, violations

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "erplink"


def test_no_core_module_imports_a_system_and_no_system_imports_another() -> None:
    assert violations(PACKAGE) == []


def test_the_core_code_names_no_system() -> None:
    assert system_names_in_core(PACKAGE) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "erplink"
    for name, source in {"__init__.py": "", "systems/__init__.py": "", "systems/a/__init__.py": "",
                         "systems/b/__init__.py": "", "integrations/__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


@pytest.mark.parametrize(("files", "expected"), [
    ({"systems/a/hook.py": "from erplink.systems.b.paging import Walk\n"}, "erplink.systems.a.hook (system a)"),
    ({"systems/a/hook.py": "def f():\n    from ..b import paging\n"}, "erplink.systems.a.hook (system a)"),
    ({"flows/step.py": "import erplink.systems.a.hook\n"}, "erplink.flows.step (core)"),
    ({"flows/step.py": "from erplink.integrations.x import flows\n"}, "erplink.flows.step (core)"),
    ({"systems/a/side.py": "from erplink.integrations.x import flows\n"}, "erplink.systems.a.side (system a)"),
])
def test_the_checker_reports_each_kind_of_crossing(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    found = violations(_tree(tmp_path, files))
    assert len(found) == 1 and found[0].startswith(expected)


def test_the_checker_allows_what_the_rule_allows(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "systems/a/hook.py": "from erplink.http.client import RestClient\nfrom erplink.systems.a import paging\n",
        "integrations/x/__init__.py": "from erplink.systems.a.hook import Hook\nfrom erplink.systems.b import side\n",
        "registry.py": "import importlib\nDISCOVERY = 'erplink.integrations'\n",
    })
    assert violations(root) == []


def test_names_in_code_are_found_but_comments_and_docstrings_are_not(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "windows.py": '"""Windows, e.g. WooCommerce\'s modified_after."""\n# a QAD example\nx = 1\n',
        "http/errors.py": 'def parse():\n    return "acumatica"\n',
    })
    assert system_names_in_core(root) == ["erplink.http.errors: \"acumatica\""]
