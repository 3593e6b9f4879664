"""What a verified delivery becomes, and the ways a delivery is turned away.

Each store system has a reader (in its package, ``erplink.systems.<system>.webhooks``) that verifies the signature
over the raw body and maps the body to an :class:`InboxEntry`. Readers do no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class InboxEntry:
    """One store event, keyed for de-duplication by (resource, resource_id, modified) within a tenant."""

    topic: str
    resource: str
    resource_id: str
    modified: str | None
    payload: dict[str, Any]
    delivery_id: str | None


@dataclass(frozen=True)
class Ping:
    """An unsigned hand-shake the store sends when a webhook is created; answered 200, never stored."""

    webhook_id: str


class RejectedDelivery(Exception):
    """The caller could not prove it is the store (missing or wrong signature): 401."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedDelivery(Exception):
    """Not a body the inbox can key (not JSON, or no id): 400.

    ``verified`` says the signature held before the body was read: only such a delivery came from the store, so
    only it is kept (as rejected, with the reason); an unauthenticated caller never gets anything stored.
    """

    def __init__(self, reason: str, *, verified: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.verified = verified


@contextmanager
def signature_verified() -> Iterator[None]:
    """Wraps the reading of a body whose signature a reader has just verified: a MalformedDelivery raised inside
    carries ``verified``."""
    try:
        yield
    except MalformedDelivery as exc:
        raise MalformedDelivery(exc.reason, verified=True) from None


class DeliveryReader(Protocol):
    system: str
    # The extras field of the store connection that holds the key deliveries are signed with (see keys.py).
    key_field: str

    def read(self, body: bytes, headers: Mapping[str, str], keys: Sequence[str], now: datetime) -> InboxEntry | Ping:
        """Verify and map one delivery; ``headers`` have lower-case names. Raises RejectedDelivery/MalformedDelivery."""
        ...

    def acknowledgement(self, verdict: str) -> dict[str, Any]:
        """JSON body of the 2xx answer the store expects ("accepted", "duplicate" or "ping")."""
        ...


def json_object(body: bytes) -> dict[str, Any]:
    """Parse the raw body as a JSON object, or raise MalformedDelivery."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MalformedDelivery("body is not valid JSON") from None
    if not isinstance(document, dict):
        raise MalformedDelivery("body is not a JSON object")
    return document


def identifier(value: Any) -> str | None:
    """A record id as text; None for missing, empty, boolean or structured values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str) and str(value).strip():
        return str(value)
    return None
