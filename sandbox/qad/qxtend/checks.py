"""Reading a QDoc's values strictly: every refusal becomes a `temp_err_msg` row naming its field and context."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sandbox.qad.qxtend.soap import Message


class Checker:
    """Collects the messages of one QDoc element; `context` is QXI's (`salesOrder#1(soPo-WC-1) field(soCust)`)."""

    def __init__(self, messages: list[Message], element: str, key: str, values: Mapping[str, str]) -> None:
        self.messages = messages
        self.element = element
        self.key = key
        self.values = values

    def error(self, field: str, description: str, *, severity: str = "error") -> None:
        self.messages.append(Message(description, field, f"{self.element}({self.key}) field({field})", severity))

    def warning(self, field: str, description: str) -> None:
        self.error(field, description, severity="warning")

    def text(self, field: str, *, required: bool = False, max_length: int = 255) -> str:
        value = self.values.get(field, "")
        if required and not value:
            self.error(field, f"{field} is required")
        elif len(value) > max_length:
            self.error(field, f"{field} is longer than {max_length} characters")
        return value

    def number(self, field: str, *, places: int, minimum: Decimal | None = None, required: bool = True) -> Decimal:
        raw = self.values.get(field, "")
        if not raw:
            if required:
                self.error(field, f"{field} is required")
            return Decimal(0)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.error(field, f"{raw!r} is not a number")
            return Decimal(0)
        if not value.is_finite() or -value.as_tuple().exponent > places:  # type: ignore[operator]
            self.error(field, f"{raw!r} has more than {places} decimal places")
        elif minimum is not None and value < minimum:
            self.error(field, f"{field} must be at least {minimum}")
        return value

    def day(self, field: str, *, required: bool = True) -> str | None:
        raw = self.values.get(field, "")
        if not raw:
            if required:
                self.error(field, f"{field} is required")
            return None
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date().isoformat()
        except ValueError:
            self.error(field, f"{raw!r} is not a date YYYY-MM-DD")
            return None

    def code(self, field: str, length: int, *, required: bool = True) -> str:
        value = self.text(field, required=required)
        if value and (len(value) != length or not value.isalpha() or not value.isupper()):
            self.error(field, f"{value!r} is not a {length}-letter code")
        return value
