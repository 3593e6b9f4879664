"""People and places: the customer behind a store document and the addresses it carries."""

from __future__ import annotations

from pydantic import PositiveInt, model_validator

from erplink.models.base import CanonicalModel, CountryCode, Email, Text


class Address(CanonicalModel):
    """A postal address as a store records it.

    Stores let most parts stay blank (a digital-goods checkout may ask for an email only), so every part is
    optional here; a mapping turns a wholly blank address into no address at all.
    """

    name: Text | None = None
    company: Text | None = None
    line1: Text | None = None
    line2: Text | None = None
    city: Text | None = None
    state: Text | None = None
    postal_code: Text | None = None
    country: CountryCode | None = None
    phone: Text | None = None


class Customer(CanonicalModel):
    """The buyer of an order.

    A registered store customer has a store id; a guest has none and is matched on email alone, which is why
    the email is normalised here rather than wherever it is compared.
    """

    email: Email
    guest: bool
    store_customer_id: PositiveInt | None
    first_name: Text | None = None
    last_name: Text | None = None
    company: Text | None = None
    phone: Text | None = None

    @model_validator(mode="after")
    def _guest_has_no_store_id(self) -> Customer:
        if self.guest and self.store_customer_id is not None:
            raise ValueError("a guest customer cannot have a store customer id")
        if not self.guest and self.store_customer_id is None:
            raise ValueError("a registered customer needs its store customer id")
        return self

    @property
    def display_name(self) -> str:
        """The name a person would recognise: full name, else company, else the email address."""
        full_name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return full_name or self.company or self.email
