"""Secret scrubbing and canonical hashing of payloads (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from erplink.ledger.payloads import UNHASHED, canonical_json, is_secret_key, prepare_payload, scrub_secrets


@pytest.mark.parametrize(
    "name",
    ["password", "Password", "consumer_key", "consumer_secret", "Authorization", "X-Auth-Token", "access_token",
     "refresh_token", "api_key", "apiKey", "client_secret", "oauth_signature", "private_key", "card_number"],
)  # fmt: skip
def test_secret_looking_key_names_are_recognised(name: str) -> None:
    assert is_secret_key(name)


@pytest.mark.parametrize("name", ["id", "key", "value", "total", "billing", "line_items", "sku", "customer_note"])
def test_ordinary_key_names_are_kept(name: str) -> None:
    assert not is_secret_key(name)


def test_scrub_removes_secret_keys_at_any_depth_and_in_name_value_metadata() -> None:
    payload = {
        "id": 7,
        "password": "hunter2",
        "billing": {"email": "a@example.com", "api_key": "k-123"},
        "line_items": [{"sku": "A", "meta": {"token": "t-1"}}],
        "meta_data": [{"key": "_stripe_secret", "value": "sk_live"}, {"key": "_gift_note", "value": "hi"}],
    }
    assert scrub_secrets(payload) == {
        "id": 7,
        "billing": {"email": "a@example.com"},
        "line_items": [{"sku": "A", "meta": {}}],
        "meta_data": [{"key": "_stripe_secret"}, {"key": "_gift_note", "value": "hi"}],
    }
    assert payload["password"] == "hunter2", "the caller's payload is not modified"


def test_the_hash_ignores_key_order_and_secrets_but_not_values() -> None:
    _, first = prepare_payload({"a": 1, "b": {"c": 2}, "token": "x"})
    _, reordered = prepare_payload({"b": {"c": 2}, "a": 1, "token": "y"})
    _, changed = prepare_payload({"a": 1, "b": {"c": 3}})
    assert first == reordered
    assert first != changed


def test_the_unhashed_part_is_stored_but_never_makes_a_payload_look_changed() -> None:
    plain, without = prepare_payload({"a": 1})
    stored, marked = prepare_payload({"a": 1, UNHASHED: {"marker": "SO-7"}})
    assert marked == without
    assert stored[UNHASHED] == {"marker": "SO-7"} and plain == {"a": 1}
    assert prepare_payload({"a": 2, UNHASHED: {"marker": "SO-7"}})[1] != without


def test_decimals_are_stored_as_exact_strings() -> None:
    stored, _ = prepare_payload({"total": Decimal("10.10")})
    assert stored == {"total": "10.10"}
    assert canonical_json({"b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1}'
