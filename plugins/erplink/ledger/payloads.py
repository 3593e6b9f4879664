"""What the ledger does to a payload before storing it: drop secrets, then hash a canonical form."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

# Key names (any case, '-' or '_' or nothing between words) whose values are credentials. Store payloads are kept
# for replay and shown to operators, so these keys are removed wherever they occur.
_SECRET_KEY = re.compile(
    r"passw(or)?d|secret|token|authori[sz]ation|api_?key|consumer_?key|private_?key|oauth_signature|credential|cookie"
    r"|session_?id|card_?(number|cvv|cvc)|\bcvv\b|\bcvc\b"
)


def is_secret_key(name: str) -> bool:
    """True when a key name looks like it holds a credential (e.g. ``consumer_secret``, ``X-Auth-Token``)."""
    return bool(_SECRET_KEY.search(name.lower().replace("-", "_")))


def scrub_secrets(value: Any) -> Any:
    """A copy of ``value`` without secret-named keys, at any depth.

    Name/value lists as stores use them for metadata (``{"key": "_api_token", "value": "..."}``) lose the
    value of secret-named entries too.
    """
    if isinstance(value, dict):
        named = value.get("key")
        drop_value = isinstance(named, str) and is_secret_key(named)
        return {
            key: scrub_secrets(item)
            for key, item in value.items()
            if not is_secret_key(str(key)) and not (drop_value and key == "value")
        }
    if isinstance(value, (list, tuple)):
        return [scrub_secrets(item) for item in value]
    return value


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces; dates and decimals as their string form."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


UNHASHED = "_unhashed"
"""Payload key stored with the payload but left out of its hash: what the source says about the *target* (our own
write-back marker), which must not make a record look changed when it appears on the source."""


def prepare_payload(payload: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The payload as stored (scrubbed, JSON-clean) and its SHA-256 hash (without the ``UNHASHED`` part)."""
    text = canonical_json(scrub_secrets(payload))
    stored = json.loads(text)
    if UNHASHED in stored:
        text = canonical_json({key: value for key, value in stored.items() if key != UNHASHED})
    return stored, hashlib.sha256(text.encode("utf-8")).hexdigest()
