"""A failure's text is stored (ledger last_error, audit trail, run summary) with every known secret masked,
whatever raised it: not only API errors, which are redacted when built, but any exception at all."""

from __future__ import annotations

import secrets

import pytest

from erplink.http.redact import register_secret
from erplink.ledger import AttemptContext, Ledger
from erplink.load import LoadProtocol, describe_failure
from tests.erplink.ledger.helpers import key, seed
from tests.erplink.load.fakes import FakeAdapter, FakeTarget, fail_once

REF = "WC-shop1-1"


def _protocol(ledger: Ledger, adapter: FakeAdapter) -> LoadProtocol:
    ctx = AttemptContext(run_id="manual__1", task_id="load_orders", try_number=1, worker="qad_woo.load_orders[0]")
    return LoadProtocol(ledger, adapter, tenant="shop1", integration="qad_woo", entity="order", ctx=ctx,
                        max_workers=1)


def _stored_texts(ledger: Ledger, summary) -> list[str]:
    entries = [entry.error or "" for entry in ledger.audit(key(1))]
    return [ledger.get(key(1)).last_error or "", *entries, *summary.errors]


def _fail_with(ledger: Ledger, error: Exception) -> list[str]:
    seed(ledger, 1)
    adapter = FakeAdapter(FakeTarget(), faults=[fail_once("create", REF, error)])
    summary = _protocol(ledger, adapter).run()
    assert summary.failed == 1
    texts = _stored_texts(ledger, summary)
    assert any("order 1 (shop1/qad_woo)" in text for text in texts), "the reason still names the record"
    return texts


def test_a_query_string_secret_in_an_unexpected_exception_is_stored_masked(ledger: Ledger) -> None:
    consumer_secret = "cs_" + secrets.token_hex(12)  # never registered: only its name gives it away
    error = ConnectionError(f"GET https://shop.example/wp-json/wc/v3/orders?consumer_key=ck_x&"
                            f"consumer_secret={consumer_secret}&page=2 failed")
    texts = _fail_with(ledger, error)
    assert all(consumer_secret not in text for text in texts), texts
    assert any("consumer_secret=***" in text and "ConnectionError" in text for text in texts)


def test_a_registered_token_or_password_is_stored_masked_even_without_a_telling_name(ledger: Ledger) -> None:
    token, password = "tok-" + secrets.token_urlsafe(16), "pw-" + secrets.token_urlsafe(12)
    register_secret(token, password)
    texts = _fail_with(ledger, RuntimeError(f"upstream said: Bearer {token} rejected for admin/{password}"))
    joined = "\n".join(texts)
    assert token not in joined and password not in joined
    assert "Bearer ***" in joined and "admin/***" in joined


def test_a_secret_only_airflow_knows_is_masked_too() -> None:
    """Airflow masks what it registered itself (e.g. a connection's password as it is loaded)."""
    from airflow.sdk.log import mask_secret

    known_to_airflow = "af-" + secrets.token_urlsafe(16)
    mask_secret(known_to_airflow)
    from erplink.ledger.models import RecordKey

    text = describe_failure(RecordKey("shop1", "qad_woo", "order", "7"), ValueError(f"bad value {known_to_airflow}"))
    assert known_to_airflow not in text and text.endswith("ValueError: bad value ***")


@pytest.mark.parametrize("shape", ["password={}", '"access_token": "{}"', "Authorization: Bearer {}",
                                   "Authorization: Basic {}=="])
def test_describe_failure_masks_named_secrets_in_free_text(shape: str) -> None:
    from erplink.ledger.models import RecordKey

    value = "v" + secrets.token_hex(10)
    text = describe_failure(RecordKey("shop1", "qad_woo", "order", "1"), OSError(shape.format(value)))
    assert value not in text, text
