"""Reading fields out of a store's JSON document, turning every defect into a MappingError that names the
record and the field.

Store documents are untrusted input: fields go missing, change type between plugin versions, or carry text
far larger than any ERP accepts. Reading every field through `DocumentReader` is what guarantees that a bad
document fails with one readable reason instead of a KeyError or TypeError deep inside a mapping.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from erplink.mappings.errors import MappingError

ModelT = TypeVar("ModelT", bound=BaseModel)

_DECIMAL_TEXT = re.compile(r"^[+-]?\d+(\.\d+)?$")
_MAX_AMOUNT = Decimal(10) ** 12
_MAX_DECIMAL_PLACES = 6


def show(value: Any) -> str:
    """A short, safe rendering of an offending value for a reason text (long values are cut)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_amount(value: Any) -> Decimal:
    """A money amount from a store document.

    WooCommerce sends amounts as decimal strings, and that is the normal path. JSON numbers are accepted too,
    because WooCommerce itself sends a line's `price` as a number and some extensions do the same elsewhere;
    a float is read through its shortest decimal text (12.5 → Decimal("12.5")), never its binary expansion.
    Booleans, blanks, exponents, thousands separators, NaN and infinities are refused.
    """
    if isinstance(value, bool):
        raise ValueError(f"{show(value)} is a boolean, not an amount")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{show(value)} is not a finite amount")
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        if not _DECIMAL_TEXT.match(value.strip()):
            raise ValueError(f"{show(value)} is not a decimal amount")
        amount = Decimal(value.strip())
    else:
        raise ValueError(f"has type {type(value).__name__}, not an amount")
    if abs(amount) >= _MAX_AMOUNT:
        raise ValueError(f"{show(value)} is out of range")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > _MAX_DECIMAL_PLACES:
        raise ValueError(f"{show(value)} has more than {_MAX_DECIMAL_PLACES} decimal places")
    return amount


def parse_whole_number(value: Any) -> int:
    """An integer from a store document; 2, 2.0 and "2" are all two, 1.5 is refused as fractional."""
    if isinstance(value, bool):
        raise ValueError(f"{show(value)} is a boolean, not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{show(value)} is not a finite number")
        if not value.is_integer():
            raise ValueError(f"{show(value)} is fractional; a whole number is required")
        return int(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{show(value)} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{show(value)} is not a finite number")
        if number != number.to_integral_value():
            raise ValueError(f"{show(value)} is fractional; a whole number is required")
        return int(number)
    raise ValueError(f"has type {type(value).__name__}, not a number")


def parse_utc_datetime(value: Any) -> datetime:
    """An ISO-8601 instant. Naive values are taken as UTC: this is only called on the stores' *_gmt fields."""
    if not isinstance(value, str):
        raise ValueError(f"has type {type(value).__name__}, not an ISO-8601 date-time")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{show(value)} is not an ISO-8601 date-time") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def validation_reason(error: ValidationError) -> str:
    """pydantic's errors as one line, each prefixed with the field it concerns."""
    problems = []
    for detail in error.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in detail["loc"]) or "document"
        message = detail["msg"].removeprefix("Value error, ")
        problems.append(f"{field}: {message}")
    return "; ".join(problems)


class DocumentReader:
    """Typed access to one JSON object of a store document.

    `record_key` names the whole record ("woocommerce order 1042"); `where` names the part being read
    ("line item 316"), so a reason reads "line item 316: quantity: -1 must be positive".
    """

    def __init__(self, document: Any, *, record_key: str, where: str = "", max_text_length: int) -> None:
        self.record_key = record_key
        self.where = where
        self.max_text_length = max_text_length
        if not isinstance(document, Mapping):
            self._raise(f"is {type(document).__name__}, not a JSON object")
        self.document: Mapping[str, Any] = document

    def _raise(self, problem: str) -> NoReturn:
        prefix = f"{self.where}: " if self.where else ""
        raise MappingError(self.record_key, prefix + problem)

    def fail(self, field: str, problem: str) -> NoReturn:
        self._raise(f"{field}: {problem}")

    def child(self, document: Any, where: str) -> DocumentReader:
        """A reader for a nested object, named `where` in reasons."""
        return DocumentReader(document, record_key=self.record_key, where=where, max_text_length=self.max_text_length)

    def has(self, field: str) -> bool:
        return self.document.get(field) is not None

    def required(self, field: str) -> Any:
        value = self.document.get(field)
        if value is None:
            self.fail(field, "is missing")
        return value

    def integer(self, field: str, *, minimum: int | None = None) -> int:
        try:
            number = parse_whole_number(self.required(field))
        except ValueError as error:
            self.fail(field, str(error))
        if minimum is not None and number < minimum:
            self.fail(field, f"{number} is below the minimum of {minimum}")
        return number

    def amount(self, field: str, *, default: Decimal | None = None) -> Decimal:
        value = self.document.get(field)
        if value is None or (default is not None and value == ""):
            if default is None:
                self.fail(field, "is missing")
            return default
        try:
            return parse_amount(value)
        except ValueError as error:
            self.fail(field, str(error))

    def utc_datetime(self, field: str) -> datetime:
        try:
            return parse_utc_datetime(self.required(field))
        except ValueError as error:
            self.fail(field, str(error))

    def text(self, field: str) -> str:
        """A text field; missing and null read as "" (stores omit blank optional fields)."""
        value = self.document.get(field)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(field, f"has type {type(value).__name__}, not text")
        text = value
        if len(text) > self.max_text_length:
            self.fail(field, f"is {len(text)} characters long; the limit is {self.max_text_length}")
        return text

    def required_text(self, field: str) -> str:
        text = self.text(field)
        if not text.strip():
            self.fail(field, "is missing or blank")
        return text

    def optional_text(self, field: str) -> str | None:
        return self.text(field).strip() or None

    def boolean(self, field: str, *, default: bool) -> bool:
        value = self.document.get(field)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(field, f"{show(value)} is not true or false")
        return value

    def objects(self, field: str, *, max_items: int | None = None) -> list[Any]:
        """A list field; missing or null reads as empty, anything else that is not a list is refused."""
        value = self.document.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, f"has type {type(value).__name__}, not a list")
        if max_items is not None and len(value) > max_items:
            self.fail(field, f"has {len(value)} entries; the limit is {max_items}")
        return value

    def build(self, model: type[ModelT], **values: Any) -> ModelT:
        """Construct a canonical model, reporting its validation errors against this part of the record."""
        try:
            return model(**values)
        except ValidationError as error:
            self._raise(validation_reason(error))
