"""Building blocks shared by every canonical document: the model base and the constrained value types."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

# Line breaks and tabs are legitimate in notes and addresses; every other control character is corruption
# (NUL bytes and escape sequences break ERP screens and CSV exports).
_ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r")


class CanonicalModel(BaseModel):
    """Base of every canonical document.

    Frozen so a document read once cannot drift between mapping and loading; strict so a mapping must parse
    store text into real types (a money string never slips through as a str); extra fields are refused so
    a typo in a mapping fails at once instead of being silently dropped. Documents travel as JSON
    (`model_dump_json` / `model_validate_json`), where strict mode still reads decimals and dates from text.
    """

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    for character in value:
        if unicodedata.category(character) == "Cc" and character not in _ALLOWED_CONTROL_CHARACTERS:
            raise ValueError(f"contains control character U+{ord(character):04X}")
    return value


def _clean_code(value: str) -> str:
    # Codes (SKUs, item numbers) are matched byte for byte against the ERP, so an invisible character would
    # turn a known item into an unknown one with no visible difference: refuse it with a reason instead.
    value = _clean_text(value)
    for character in value:
        if unicodedata.category(character) in {"Cf", "Zl", "Zp"}:
            raise ValueError(f"contains invisible character U+{ord(character):04X}")
    if not value:
        raise ValueError("must not be empty")
    return value


def _normalise_email(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip().lower()
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        # The address itself stays out of the message: it is personal data and reasons end up in logs.
        raise ValueError(f"is not a valid email address ({error})") from None


UtcDateTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware instant, always stored in UTC; naive datetimes are refused."""

Money = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=18, decimal_places=6)]
"""An amount in the currency of the document that holds it."""

NonNegativeMoney = Annotated[Money, Field(ge=0)]

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""ISO 4217 alphabetic code, upper case."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2 code, upper case."""

Text = Annotated[str, AfterValidator(_clean_text)]
"""Free text from a person: NFC-normalised and stripped, kept verbatim otherwise (markup is data, not code)."""

Code = Annotated[str, AfterValidator(_clean_code)]
"""An identifier matched exactly against another system (SKU, item number): visible characters only."""

Email = Annotated[str, AfterValidator(_normalise_email)]
"""An email address, stripped and lower-cased so that it can be used as a match key."""
