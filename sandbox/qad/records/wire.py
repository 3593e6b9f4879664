"""Shared shapes of the wire format: camelCase JSON, strict request bodies, addresses and codes."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
ExternalRef = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Text = Annotated[str, StringConstraints(max_length=255)]
RequiredText = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class WireModel(BaseModel):
    """A document as it appears on the wire: Python names in code, camelCase in JSON."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class RequestBody(WireModel):
    """A body a client sends: unknown fields are refused, as a real ERP would rather than drop them."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=False, extra="forbid")


class Address(RequestBody):
    name: RequiredText
    line1: RequiredText
    line2: Text | None = None
    city: RequiredText
    state: Text | None = None
    postal_code: Text | None = None
    country: CountryCode
