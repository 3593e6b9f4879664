"""A window as an Acumatica OData ``$filter`` on the modified time."""

from __future__ import annotations

from datetime import datetime

from erplink.windows import Window, to_utc


def acumatica_datetimeoffset(value: datetime) -> str:
    return f"datetimeoffset'{to_utc(value).strftime('%Y-%m-%dT%H:%M:%S+00:00')}'"


def acumatica_window_filter(window: Window, *, field: str = "LastModifiedDateTime") -> str:
    """An OData ``$filter`` expression for the window.

    Pass it as a query parameter and let requests encode it once: the ``+`` of the offset then travels as
    ``%2B`` (a bare ``+`` would be read as a space). Encoding it here as well would double-encode it.
    """
    clauses = []
    if window.start is not None:
        clauses.append(f"{field} ge {acumatica_datetimeoffset(window.start)}")
    clauses.append(f"{field} lt {acumatica_datetimeoffset(window.end)}")
    return " and ".join(clauses)
