"""Building blocks of a connection type's form in Airflow's UI (the provider's ``connection-types`` entries).

Fields under ``conn-fields`` are stored in the connection's ``extra``; ``"format": "password"`` is what Airflow
reads to mask a field in the UI. Each system declares its own form (``erplink.systems.<system>.connection``).
"""

from __future__ import annotations

from typing import Any


def field(label: str, type_: str | list[str], description: str, **schema: Any) -> dict[str, Any]:
    # Nullable like Airflow's own providers: the form saves an empty field as null, which means "default".
    types = [type_] if isinstance(type_, str) else list(type_)
    return {"label": label, "description": description, "schema": {"type": [*types, "null"], **schema}}


def secret(label: str, description: str) -> dict[str, Any]:
    return field(label, "string", description, format="password")


def text(label: str, description: str, **schema: Any) -> dict[str, Any]:
    return field(label, "string", description, **schema)


def rotation(label: str, key: str, *, is_secret: bool) -> dict[str, dict[str, Any]]:
    """The two extras that let the webhook receiver accept the key before the last rotation for a while."""
    previous = f"Previous {label.lower()}"
    described = f"{label} before the last rotation; accepted only until the instant below."
    return {
        f"{key}_previous": secret(previous, described) if is_secret else text(previous, described, format="multiline"),
        f"{key}_previous_valid_until": text(
            f"{previous} valid until",
            f"ISO-8601 instant (e.g. 2026-03-01T13:00:00Z) until which the previous {label.lower()} is accepted; "
            "without it the previous one is never accepted.",
            format="date-time",
        ),
    }


TIMEOUT = field(
    "Request timeout (s)", "number", "Read timeout per request, in seconds.", default=30, minimum=1, maximum=600
)
VERIFY = field("Verify TLS", ["boolean", "string"], "true, false, or the path of a CA bundle to trust.", default=True)


def connection_type(
    conn_type: str, hook_class: str, hook_name: str, *, ui: dict[str, Any], fields: dict[str, Any]
) -> dict[str, Any]:
    """One connection type; every hook also reads the request timeout and TLS verification from ``extra``."""
    return {
        "connection-type": conn_type,
        "hook-class-name": hook_class,
        "hook-name": hook_name,
        "ui-field-behaviour": ui,
        "conn-fields": {**fields, "timeout": TIMEOUT, "verify": VERIFY},
    }
