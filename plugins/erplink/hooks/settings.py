"""Reading a connection's ``extra`` into a typed, validated settings object.

Each hook declares its extras as a pydantic model. Validation errors name the connection and the field but
never echo the value, because the value may be a secret.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pendulum
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

SettingsT = TypeVar("SettingsT", bound=BaseModel)


class ConnectionConfigError(ValueError):
    """A connection is missing a field or carries a value the hook cannot use."""

    def __init__(self, conn_id: str, field: str, problem: str) -> None:
        super().__init__(f"connection {conn_id!r}: field {field!r}: {problem}")
        self.conn_id = conn_id
        self.field = field


def _flag(value: Any) -> Any:
    # The connection form and env-var URIs hand booleans over as text.
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
        return value.strip().lower() in {"true", "1", "yes", "on"}
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _instant(value: Any) -> Any:
    # Kept as the text the operator entered (the webhook receiver parses it itself), but refused here when it
    # is not an ISO-8601 instant, so a typo shows up at Test connection instead of silently ending a grace period.
    value = _blank_to_none(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be an ISO-8601 instant")
    try:
        parsed = pendulum.parse(value)
    except (ValueError, TypeError):
        parsed = None
    if not isinstance(parsed, datetime):
        raise ValueError("must be an ISO-8601 instant, e.g. 2026-03-01T13:00:00Z")
    return value


def _json_text(value: Any) -> Any:
    # The connection form stores a JSON field as text; left blank, it means "no entries".
    if isinstance(value, str):
        return json.loads(value) if value.strip() else {}
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
# ``verify``: True/False, or the path of a CA bundle to trust (a private CA, or the sandbox's test CA).
Verify = Annotated[bool | str, BeforeValidator(_flag)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptionalInstant = Annotated[str | None, BeforeValidator(_instant)]
Timeout = Annotated[float, Field(gt=0, le=600)]
JsonStrMap = Annotated[dict[str, str], BeforeValidator(_json_text)]


class ExtraSettings(BaseModel):
    """Base for every hook's extras: unknown keys are refused so that a typo is not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: Timeout = 30.0
    verify: Verify = True

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, values: Any) -> Any:
        # The connection form saves a field left empty as null: that means "use the default".
        if isinstance(values, Mapping):
            return {key: value for key, value in values.items() if value is not None}
        return values

    @property
    def timeouts(self) -> tuple[float, float]:
        """(connect, read) seconds: connecting never needs longer than ten seconds."""
        return (min(10.0, self.timeout), self.timeout)


def read_extras(conn_id: str, conn_type: str, extra: Mapping[str, Any], model: type[SettingsT]) -> SettingsT:
    """Validate ``extra`` against ``model``; accepts both plain keys and ``extra__<conn_type>__<key>``."""
    prefix = f"extra__{conn_type}__"
    values = {key.removeprefix(prefix): value for key, value in extra.items()}
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "extra"
        raise ConnectionConfigError(conn_id, field, first["msg"]) from None


def require(conn_id: str, field: str, value: str | None) -> str:
    if not value:
        raise ConnectionConfigError(conn_id, field, "is required")
    return value


def require_known_keys(conn_id: str, *overrides: tuple[str, Mapping[str, Any], Mapping[str, Any]]) -> None:
    """Each ``(field, given, known)``: an override map may only name keys the defaults have (a typo is refused,
    not silently ignored)."""
    for field, given, known in overrides:
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ConnectionConfigError(conn_id, field, f"unknown keys {unknown}; known: {sorted(known)}")


def base_url(
    conn_id: str,
    host: str | None,
    *,
    port: int | None = None,
    default_scheme: str = "https",
    default_port: int | None = None,
) -> str:
    """The connection's host as a URL without a trailing slash; a bare host gets ``default_scheme``."""
    host = require(conn_id, "host", (host or "").strip())
    if "://" not in host:
        host = f"{default_scheme}://{host}"
    parts = urlsplit(host)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConnectionConfigError(conn_id, "host", "must be an http:// or https:// URL")
    netloc = parts.netloc
    wanted_port = port or default_port
    if parts.port is None and wanted_port:
        netloc = f"{netloc}:{wanted_port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def join_url(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path.lstrip('/')}"
