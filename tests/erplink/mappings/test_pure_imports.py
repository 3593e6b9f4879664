"""Mappings and canonical documents are pure: every one of them imports without a database driver, an HTTP
library or Airflow (a fresh interpreter in which importing any of the three fails)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import erplink

PACKAGE = Path(erplink.__file__).parent
BLOCKED = ("sqlalchemy", "requests", "airflow")

CHILD = """
import importlib, importlib.abc, json, sys

BLOCKED = {blocked!r}


class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is blocked: a mapping must not need it")
        return None


sys.meta_path.insert(0, Refuse())
failed = {{}}
for module in {modules!r}:
    try:
        importlib.import_module(module)
    except Exception as exc:
        failed[module] = f"{{type(exc).__name__}}: {{exc}}"
print(json.dumps(failed))
"""


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def mapping_modules() -> list[str]:
    """The core mappings, every system's mappings, and the canonical documents."""
    files = [*PACKAGE.glob("mappings/*.py"), *PACKAGE.glob("systems/*/mappings/*.py"), *PACKAGE.glob("models/*.py")]
    return sorted({_module(path) for path in files})


def test_every_mapping_module_is_found() -> None:
    modules = mapping_modules()
    assert {"erplink.mappings.json_fields", "erplink.models", "erplink.systems.qad.mappings.sales",
            "erplink.systems.woocommerce.mappings.orders"} <= set(modules)


def test_mappings_import_without_a_database_driver_an_http_library_or_airflow() -> None:
    child = CHILD.format(blocked=BLOCKED, modules=mapping_modules())
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout) == {}
