"""The layering rule of the package, as a checker the tests run over the real tree and over made-up trees.

core (everything outside systems/ and integrations/) imports no system and no integration; a system imports no
other system and no integration; an integration imports no other integration. See docs/architecture.md.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

SYSTEM_NAMES = re.compile(r"woo|qad|bigcommerce|acumatica|adobe|magento|qbm", re.IGNORECASE)


def module_name(package_root: Path, path: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> tuple[str, str | None]:
    """("core", None), ("system", name) or ("integration", name); the two registries are their layer's roots."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("systems", "integrations"):
        kind = "system" if parts[1] == "systems" else "integration"
        return kind, parts[2] if len(parts) > 2 else None
    return "core", None


def imported_modules(source: str, module: str) -> set[str]:
    """Every module the source imports, at the top or inside a function, relative imports resolved."""
    found: set[str] = set()
    package = module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level], *([base] if base else [])])
            if layer(base)[1] is None and base.count(".") == 1 and layer(base)[0] != "core":
                # `from erplink.systems import woo`: the names are the modules imported
                found.update(f"{base}.{alias.name}" for alias in node.names)
            else:
                found.add(base)
    return found


def violations(package_root: Path) -> list[str]:
    problems = []
    for path in sorted(package_root.rglob("*.py")):
        module = module_name(package_root, path)
        kind, own = layer(module)
        for target in sorted(imported_modules(path.read_text(encoding="utf-8"), module)):
            if not target.startswith(f"{package_root.name}."):
                continue
            target_kind, target_name = layer(target)
            if target_name is None:
                continue  # the systems and integrations packages' own __init__ (lists, no code of a system)
            if kind == "core" and target_kind != "core":
                problems.append(f"{module} (core) imports {target} ({target_kind})")
            elif kind == "system" and (target_kind == "integration" or (target_kind == "system" and target_name != own)):
                problems.append(f"{module} (system {own}) imports {target}")
            elif kind == "integration" and own and target_kind == "integration" and target_name != own:
                problems.append(f"{module} (integration {own}) imports {target}")
    return problems


def _code_tokens(source: str) -> list[str]:
    """Names and string literals of the source, without comments and docstrings."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(first.lineno)
    tokens = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME or (token.type == tokenize.STRING and token.start[0] not in docstrings):
            tokens.append(token.string)
    return tokens


def system_names_in_core(package_root: Path) -> list[str]:
    """Core modules whose code (not their comments or docstrings) names a system."""
    found = []
    for path in sorted(package_root.rglob("*.py")):
        module = module_name(package_root, path)
        if layer(module)[0] != "core":
            continue
        named = sorted({t for t in _code_tokens(path.read_text(encoding="utf-8")) if SYSTEM_NAMES.search(t)})
        if named:
            found.append(f"{module}: {', '.join(named)}")
    return found
