"""Shoppers: names and addresses (plain ASCII most of the time, and the unicode that breaks naive code)."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Each edge case a mapping or an ERP field limit must survive: accents, CJK, emoji, right-to-left scripts.
UNICODE_PEOPLE: tuple[tuple[str, str, str, str], ...] = (
    ("José", "Müller-Lüdenscheidt", "Straße der Pariser Kommune 12", "Berlin"),
    ("Zoë", "Ångström", "Rue de l'Église 3", "Montréal"),
    ("美咲", "佐藤", "渋谷区神南1-2-3", "東京"),
    ("Ava 🌸", "O'Brien 🍀", "42 Emoji Lane 🚀", "Dublin"),
    ("سارة", "الحسيني", "شارع الملك فهد 7", "الرياض"),
    ("דוד", "כהן", "רחוב הרצל 10", "תל אביב"),
)
FIRST_NAMES = ("Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Mia", "James",
               "Harper", "Lucas", "Evelyn", "Mason", "Abigail", "Ethan", "Emily", "Logan", "Ella", "Jacob")
LAST_NAMES = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
              "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore")
STREETS = ("Market St", "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Park Ave", "Lake Rd")
US_CITIES = (("New York", "NY", "10001"), ("Brooklyn", "NY", "11201"), ("San Francisco", "CA", "94103"),
             ("Austin", "TX", "73301"), ("Seattle", "WA", "98101"), ("Chicago", "IL", "60601"))
UNICODE_COUNTRIES = ("DE", "CA", "JP", "IE", "SA", "IL")


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str
    address_1: str
    city: str
    state: str
    postcode: str
    country: str

    def billing(self) -> dict:
        return {"first_name": self.first_name, "last_name": self.last_name, "company": "",
                "address_1": self.address_1, "address_2": "", "city": self.city, "state": self.state,
                "postcode": self.postcode, "country": self.country, "email": self.email, "phone": self.phone}

    def shipping(self) -> dict:
        # Shipping addresses carry a phone since WooCommerce 5.6; checkout leaves it empty unless the shop turns
        # the shipping phone field on.
        return {"first_name": self.first_name, "last_name": self.last_name, "company": "",
                "address_1": self.address_1, "address_2": "", "city": self.city, "state": self.state,
                "postcode": self.postcode, "country": self.country, "phone": ""}


def make_person(rng: random.Random, serial: int) -> Person:
    """The serial keeps emails unique; the first few people carry the unicode edge cases."""
    if serial < len(UNICODE_PEOPLE):
        first, last, street, city = UNICODE_PEOPLE[serial]
        return Person(first, last, f"intl{serial}@example.org", f"+49 30 555 {serial:04d}", street, city, "",
                      f"{10000 + serial}", UNICODE_COUNTRIES[serial])
    first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
    last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
    city, state, postcode = US_CITIES[rng.randrange(len(US_CITIES))]
    street = f"{rng.randrange(1, 9999)} {STREETS[rng.randrange(len(STREETS))]}"
    email = f"{first.lower()}.{last.lower()}.{serial}@example.com"
    return Person(first, last, email, f"(555) 555-{serial % 10000:04d}", street, city, state, postcode, "US")


def customer_document(customer_id: int, person: Person, local_gmt: tuple[str, str], *, paying: bool) -> dict:
    """A registered shopper as GET /customers/{id} returns it."""
    local, gmt = local_gmt
    username = person.email.split("@")[0]
    return {"id": customer_id, "date_created": local, "date_created_gmt": gmt, "date_modified": local,
            "date_modified_gmt": gmt, "email": person.email, "first_name": person.first_name,
            "last_name": person.last_name, "role": "customer", "username": username, "billing": person.billing(),
            "shipping": person.shipping(), "is_paying_customer": paying,
            "avatar_url": "https://secure.gravatar.com/avatar/?s=96&d=mm&r=g", "meta_data": []}
