"""Turn an invalid tenants file into one import error that names each entry and field, and every other problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from erplink.config.tenants import (
    ConfigError,
    config_path,
    dag_files_setting,
    load_tenants,
    parse_tenants,
    read_document,
)


class InvalidTenantConfig(ValueError):
    """Raised at parse time by dags/erplink_config_check.py so Airflow lists it among the import errors."""


def raise_for_invalid_entries(path: Path | None = None, also: Sequence[str] = ()) -> None:
    """Raise InvalidTenantConfig listing every invalid entry, an invalid top-level setting, entries the tenants'
    DAG files would tell apart otherwise than YAML does, and the problems given in `also`; return quietly when
    there are none. The whole file is parsed once."""
    from erplink.config.entries import split_problems

    path = path or config_path()
    try:
        document = read_document(path)
    except ConfigError:
        errors, problems = load_tenants(path).errors, []  # the file's own error, worded as everywhere else
    else:
        errors = parse_tenants(document).errors
        problems = dag_files_setting(document)[1] + split_problems(path, document)
    parts = [*problems, *also]
    if errors:
        parts.insert(
            0,
            f"{len(errors)} invalid erplink tenant entr{'y' if len(errors) == 1 else 'ies'}: "
            + " | ".join(str(error) for error in errors),
        )
    if parts:
        raise InvalidTenantConfig(" | ".join(parts))
