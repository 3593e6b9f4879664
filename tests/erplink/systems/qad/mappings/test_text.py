"""Decimal strings and field lengths for QAD documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from erplink.systems.qad.mappings.text import QAD_FIELD_LENGTHS, fit, money_text


@pytest.mark.parametrize(
    ("amount", "text"),
    [("12.5", "12.50"), ("0.005", "0.01"), ("-0.004", "0.00"), ("1234567.891", "1234567.89"), ("3", "3.00")],
)
def test_money_is_two_places_rounded_half_up_without_negative_zero(amount, text):
    assert money_text(Decimal(amount)) == text


def test_text_within_the_limit_is_untouched_and_not_noted():
    notes: list[str] = []

    assert fit("<b>Jane</b>", "name", notes) == "<b>Jane</b>"
    assert notes == []


def test_cut_text_is_marked_and_noted():
    notes: list[str] = []

    cut = fit("x" * 70, "name", notes, where="shipTo.name")

    assert cut == "x" * 59 + "…"
    assert notes == ["shipTo.name trimmed from 70 to 60 characters"]


def test_a_cut_never_leaves_a_dangling_joiner_or_combining_mark():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    limit = QAD_FIELD_LENGTHS["name"]
    # Put the cut right after the first joiner of the emoji sequence.
    value = "a" * (limit - 3) + family

    cut = fit(value, "name")

    assert cut == "a" * (limit - 3) + "\U0001f468…"
    assert len(cut) <= limit
