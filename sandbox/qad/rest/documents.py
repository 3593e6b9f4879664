"""What every business-document endpoint shares: the `viewUri` check, the record wrapper, `uri`,
`concurrencyHash`, and the `submitResult` answer of a write.

Reads answer `{"data": {"supplementaryMessages": [], "<entityPlural>": [...]}}` (an empty list when no record
has the key: the sandbox's assumption); writes take `{"supplementaryMessages": [], "<entityPlural>": [...]}`
with `dataOperation` `C` or `U` on each record and answer HTTP 200 with `submitResult`: `success: true` and,
by the sandbox's assumption, the saved records under `data`; or `success: false` with
`errors[{fieldName, message}]` and nothing saved. A refused write is HTTP 200 too: a client must read the body.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request

from sandbox.qad.errors import QadError

Record = dict[str, Any]


class SubmitRefused(Exception):
    """A write QAD refuses: answered 200 with `submitResult.success: false` and the field errors."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors))
        self.errors = [{"fieldName": field, "message": message} for field, message in errors]


def refused(field: str, message: str) -> SubmitRefused:
    return SubmitRefused([(field, message)])


def check_view_uri(request: Request, interface: str) -> None:
    """The business entity's `viewUri` must name its interface (`urn:be:<interface>`)."""
    given = request.query_params.get("viewUri")
    if given != f"urn:be:{interface}":
        raise QadError(
            400, "INVALID_PARAMETER", f"viewUri {given!r} does not name urn:be:{interface}", [{"field": "viewUri"}]
        )


def record_uri(interface: str, *keys: str) -> str:
    return f"urn:be:{interface}:{'.'.join(keys)}"


def concurrency_hash(content: Mapping[str, Any]) -> str:
    """A digest of what a record holds now: a write naming another one was read before a later change."""
    hashed = {key: value for key, value in content.items() if key != "concurrencyHash"}
    return hashlib.sha1(json.dumps(hashed, sort_keys=True, default=str).encode()).hexdigest()


def read_answer(plural: str, records: Sequence[Record]) -> dict[str, Any]:
    return {"data": {"supplementaryMessages": [], plural: list(records)}}


def saved_answer(plural: str, records: Sequence[Record]) -> dict[str, Any]:
    return {"submitResult": {"success": True, "errors": []}, **read_answer(plural, records)}


def refused_answer(refusal: SubmitRefused) -> dict[str, Any]:
    return {"submitResult": {"success": False, "errors": refusal.errors}}


def posted_records(body: Any, plural: str) -> list[Record]:
    """The records of a write's wrapper; a body without the entity's list is refused as a whole."""
    records = body.get(plural) if isinstance(body, Mapping) else None
    if not isinstance(records, list) or not records or not all(isinstance(r, dict) for r in records):
        raise QadError(400, "VALIDATION_FAILED", f"the body must carry a non-empty {plural!r} list", [{"field": plural}])
    return records


def operation(record: Mapping[str, Any], allowed: tuple[str, ...] = ("C", "U")) -> str:
    value = record.get("dataOperation")
    if value not in allowed:
        raise refused("dataOperation", f"must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def text(record: Mapping[str, Any], field: str, *, required: bool = False, max_length: int = 255) -> str | None:
    value = record.get(field)
    if value is None or value == "":
        if required:
            raise refused(field, "is required")
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise refused(field, f"must be text of at most {max_length} characters")
    return value
