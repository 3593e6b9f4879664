"""Registered customers (WordPress users with the customer role)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.seed.people import Person, customer_document
from sandbox.woocommerce.documents import Documents
from sandbox.woocommerce.errors import WooError, invalid_id, invalid_param
from sandbox.woocommerce.links import simple_links
from sandbox.woocommerce.ordering import Ranking

CUSTOMER_ORDERBY = ("id", "include", "name", "registered_date")
CUSTOMER_ROLES = ("all", "administrator", "editor", "author", "contributor", "subscriber", "customer",
                  "shop_manager")


@dataclass(frozen=True)
class CustomerQuery:
    email: str | None = None
    role: str = "customer"
    include: tuple[int, ...] = ()
    exclude: tuple[int, ...] = ()
    search: str | None = None
    orderby: str = "name"
    order: str = "asc"


class Customers:
    def __init__(self, docs: Documents):
        self.docs = docs

    def get(self, customer_id: int, *, status_for_missing: int = 404) -> dict:
        customer = self.docs.customers.get(customer_id)
        if customer is None:
            raise invalid_id("customer", status_for_missing)
        return customer

    def json(self, customer_id: int) -> bytes:
        customer = self.get(customer_id)
        return self.docs.cached_json("customer", customer_id, lambda: {
            **customer, "_links": simple_links(self.docs.api_url, "customers", customer_id)})

    def query(self, query: CustomerQuery) -> Ranking:
        return self.docs.cached_ids("customer", query, lambda: self._compute(query))

    def _compute(self, q: CustomerQuery) -> Ranking:
        include, exclude = set(q.include), set(q.exclude)
        needle = q.search.lower() if q.search else None
        rows = [c for c in self.docs.customers.values()
                if (q.role == "all" or c["role"] == q.role)
                and (q.email is None or c["email"].lower() == q.email.lower())
                and (not include or c["id"] in include) and c["id"] not in exclude
                and (needle is None or needle in c["email"].lower() or needle in c["username"].lower())]
        desc = q.order == "desc"
        if q.orderby == "include" and q.include:
            position = {cid: index for index, cid in enumerate(q.include)}
            return Ranking.unique(c["id"] for c in sorted(rows, key=lambda c: position[c["id"]]))
        if q.orderby == "registered_date":
            return Ranking.of(rows, lambda c: c["date_created_gmt"], reverse=desc)
        if q.orderby == "id":
            return Ranking.of(rows, lambda c: c["id"], reverse=desc)
        # name: WordPress sorts users by display name, which defaults to the login name
        return Ranking.of(rows, lambda c: c["username"], reverse=desc)

    def create(self, body: Mapping[str, Any]) -> dict:
        email = body.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise invalid_param("email", "Invalid email address.")
        with self.docs.lock:
            if any(c["email"].lower() == email.lower() for c in self.docs.customers.values()):
                raise WooError("registration-error-email-exists",
                               "An account is already registered with your email address. Please log in.", 400)
            billing = body.get("billing") or {}
            person = Person(str(body.get("first_name", "")), str(body.get("last_name", "")), email,
                            str(billing.get("phone", "")), str(billing.get("address_1", "")),
                            str(billing.get("city", "")), str(billing.get("state", "")),
                            str(billing.get("postcode", "")), str(billing.get("country", "")))
            customer = customer_document(self.docs.next_customer_id(), person, self.docs.stamp(), paying=False)
            if body.get("username"):
                customer["username"] = str(body["username"])
            self.docs.customers[customer["id"]] = customer
            self.docs.changed(["customer"])
        self.docs.emit("customer", "created", customer["id"])
        return customer
