"""redact_url / mask / register_secret / the masking log filter."""

from __future__ import annotations

import logging
import sys
import types

import pytest

from erplink.http import redact
from erplink.http.redact import MaskingFilter, mask, mask_loggers, redact_url, register_secret


def test_secret_query_values_are_masked_and_the_rest_kept() -> None:
    url = ("https://shop.example/wc/v3/orders?page=2&consumer_key=ck_1&consumer_secret=cs_2"
           "&oauth_signature=abc%3D&access_token=t&client_secret=s&password=p&per_page=100")
    redacted = redact_url(url)
    for value in ("ck_1", "cs_2", "abc", "=t&", "=s&", "=p&"):
        assert value not in redacted
    assert "page=2" in redacted and "per_page=100" in redacted
    assert redacted.count("***") == 6


def test_password_in_the_authority_is_masked() -> None:
    assert redact_url("https://admin:hunter2@erp.example/api") == "https://admin:***@erp.example/api"


def test_known_secrets_anywhere_in_the_url_are_masked_even_percent_encoded() -> None:
    assert redact_url("https://x.example/a/s3cr%2Bt/b?q=1", secrets=["s3cr+t"]) == "https://x.example/a/***/b?q=1"


def test_mask_replaces_given_secrets_and_named_assignments() -> None:
    text = 'login failed for pw Zq9!x; body {"password": "other", "user": "u"} url ?consumer_secret=cs_9&x=1'
    masked = mask(text, ["Zq9!x"])
    assert "Zq9!x" not in masked and "other" not in masked and "cs_9" not in masked
    assert '"user": "u"' in masked and "x=1" in masked


def test_mask_prefers_the_longest_secret() -> None:
    assert mask("abcdef-long", ["abcdef", "abcdef-long"]) == "***"


def test_registered_secrets_are_masked_everywhere_afterwards() -> None:
    register_secret("reg-4471-token-value")
    assert mask("Bearer reg-4471-token-value") == "Bearer ***"


def test_very_short_values_are_not_registered_process_wide() -> None:
    register_secret("ab")
    assert mask("ab ab") == "ab ab"
    assert mask("ab ab", ["ab"]) == "*** ***"


def test_registration_reaches_airflows_masker_when_airflow_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    fake_log = types.ModuleType("airflow.sdk.log")
    fake_log.mask_secret = lambda value, name=None: told.append(value)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "airflow", types.ModuleType("airflow"))
    monkeypatch.setitem(sys.modules, "airflow.sdk", types.ModuleType("airflow.sdk"))
    monkeypatch.setitem(sys.modules, "airflow.sdk.log", fake_log)
    register_secret("fresh-secret-for-airflow-1")
    register_secret("fresh-secret-for-airflow-1")  # told once only
    assert told == ["fresh-secret-for-airflow-1"]


def test_airflow_is_not_imported_just_to_register(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "airflow", raising=False)
    calls: list[object] = []
    monkeypatch.setattr(redact, "_tell_airflow", calls.append)
    register_secret("fresh-secret-no-airflow-2")
    assert calls == []


def test_masking_filter_rewrites_third_party_records(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("lib-logged-secret-3")
    mask_loggers("some.library")
    mask_loggers("some.library")
    logger = logging.getLogger("some.library")
    assert sum(isinstance(f, MaskingFilter) for f in logger.filters) == 1
    with caplog.at_level(logging.DEBUG, logger="some.library"):
        logger.debug("Updated headers: %s", {"Authorization": "OAuth oauth_token=lib-logged-secret-3"})
    assert "lib-logged-secret-3" not in caplog.text
    assert "Updated headers" in caplog.text
