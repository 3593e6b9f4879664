"""The integrations this deployment knows, by name.

The core finds them by one convention: the package ``erplink.integrations`` lists them in its ``INTEGRATIONS``
tuple. It is imported on first use, by name, so no core module imports an integration or a system (the import
rule, see docs/architecture.md). Tests may register an integration of their own with :func:`register`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from erplink.integration import Integration

DISCOVERY_PACKAGE = "erplink.integrations"

_known: dict[str, Integration] | None = None


def _discover() -> dict[str, Integration]:
    global _known
    if _known is None:
        package = importlib.import_module(DISCOVERY_PACKAGE)
        _known = {integration.name: integration for integration in package.INTEGRATIONS}
    return _known


def integrations() -> Mapping[str, Integration]:
    return MappingProxyType(_discover())


def integration(name: str) -> Integration:
    known = _discover()
    try:
        return known[name]
    except KeyError:
        raise UnknownIntegrationError(name, sorted(known)) from None


def register(integration: Integration) -> None:
    """Add (or replace) an integration: for packages outside erplink, and for tests."""
    _discover()[integration.name] = integration


def unregister(name: str) -> None:
    _discover().pop(name, None)


class UnknownIntegrationError(KeyError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown integration {name!r}; known: {', '.join(known) or 'none'}")
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])


SYSTEMS_PACKAGE = "erplink.systems"


def connection_types() -> list[dict[str, Any]]:
    """Each system's Airflow connection types (``erplink.systems.<system>.connection.CONNECTION_TYPES``, or its one
    ``CONNECTION_TYPE``), in the order ``erplink.systems.SYSTEMS`` lists them."""
    systems = importlib.import_module(SYSTEMS_PACKAGE).SYSTEMS
    found: list[dict[str, Any]] = []
    for system in systems:
        module = importlib.import_module(f"{SYSTEMS_PACKAGE}.{system}.connection")
        found.extend(getattr(module, "CONNECTION_TYPES", (module.CONNECTION_TYPE,)))
    return found
