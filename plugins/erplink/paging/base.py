"""What every paginator shares: the fetch contract, page identity and the loop guard."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import requests

PageParams = dict[str, Any]
# A fetch sends one list request with the paginator's paging parameters merged into the caller's own
# filters and returns the raw response, so each paginator can read the headers or envelope its API pages by.
Fetch = Callable[[PageParams], requests.Response]
Record = dict[str, Any]


class RepeatedPageError(RuntimeError):
    """A page came back with exactly the records of an earlier page: paging would never end."""

    def __init__(self, paginator: str, page_number: int, first_seen: int) -> None:
        super().__init__(
            f"{paginator}: page {page_number} repeats page {first_seen}; "
            "the server ignores the paging parameters or keeps returning the same window"
        )
        self.page_number = page_number
        self.first_seen = first_seen


class Paginator(Protocol):
    def pages(self, fetch: Fetch) -> Iterator[list[Record]]: ...


def _record_identity(record: Any, id_field: str) -> str:
    if isinstance(record, Mapping) and record.get(id_field) is not None:
        value = record[id_field]
        # Acumatica wraps every field as {"value": ...}; the wrapped value is the identity.
        if isinstance(value, Mapping) and "value" in value:
            value = value["value"]
        return f"id:{value}"
    # No id: the whole document is its identity.
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return "doc:" + hashlib.sha256(canonical.encode()).hexdigest()


class LoopGuard:
    """Remembers the identity (ids of its records) of every non-empty page seen and refuses a repeat.

    Only digests are kept, so memory stays small however long the stream is.
    """

    def __init__(self, paginator: str, id_field: str = "id") -> None:
        self._paginator = paginator
        self._id_field = id_field
        self._seen: dict[str, int] = {}

    def check(self, records: Sequence[Any], page_number: int) -> None:
        if not records:
            return
        identity = "|".join(_record_identity(r, self._id_field) for r in records)
        digest = hashlib.sha256(identity.encode()).hexdigest()
        if digest in self._seen:
            raise RepeatedPageError(self._paginator, page_number, self._seen[digest])
        self._seen[digest] = page_number


def json_body(response: requests.Response) -> Any:
    """The decoded body, or None for an empty body (204 and friends)."""
    if response.status_code == 204 or not response.content:
        return None
    return response.json()


def int_header(response: requests.Response, name: str) -> int | None:
    value = response.headers.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def check_page_size(page_size: int, maximum: int, api: str) -> None:
    if not 1 <= page_size <= maximum:
        raise ValueError(f"{api} page size must be between 1 and {maximum}, got {page_size}")
