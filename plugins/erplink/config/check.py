"""Turn invalid tenant entries into one import error that names each entry and field."""

from __future__ import annotations

from pathlib import Path

from erplink.config.tenants import load_tenants


class InvalidTenantConfig(ValueError):
    """Raised at parse time by dags/erplink_config_check.py so Airflow lists it among the import errors."""


def raise_for_invalid_entries(path: Path | None = None) -> None:
    """Raise InvalidTenantConfig listing every invalid entry; return quietly when all entries are valid."""
    errors = load_tenants(path).errors
    if errors:
        raise InvalidTenantConfig(f"{len(errors)} invalid erplink tenant entr{'y' if len(errors) == 1 else 'ies'}: "
                                  + " | ".join(str(error) for error in errors))
