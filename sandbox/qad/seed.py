"""Filling tenants: the demo tenant from the generated world, any other tenant with a small fixed catalog.

The second tenant is deliberately different (its own items and customer), so that a test can tell which
tenant answered.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.qad.state import QadState

if TYPE_CHECKING:
    from sandbox.seed import World

SITES = frozenset({"10-100", "20-200"})
"""The sites every tenant has, whether or not stock is booked there yet."""

SEED_CUSTOMER_FIELDS = {"customerCode", "name", "email", "phone", "billTo", "shipTo", "currency", "externalRef"}

SMALL_CATALOG = (
    # item number, description, price, status
    ("GX-1000", "Globex widget", Decimal("19.99"), "ACTIVE"),
    ("GX-2000", "Globex gadget", Decimal("49.00"), "ACTIVE"),
    ("GX-9000", "Globex retired part", Decimal("5.00"), "INACTIVE"),
)


def price_list_for(currency: str) -> str:
    """Seeded prices live in one price list per currency, named by the currency code (e.g. `USD`)."""
    return currency


def seed_from_world(state: QadState, tenant: str, world: World) -> None:
    for item in world.erp_items:
        state.add_item(item.item_number, item.description, tenant=tenant)
        state.set_price(
            item.item_number, item.price, price_list=price_list_for(item.currency), currency=item.currency,
            tenant=tenant,
        )
        for (site, location), level in sorted(item.stock.items()):
            state.set_stock(
                item.item_number, site, location, on_hand=level.on_hand, allocated=level.allocated,
                committed=level.committed, tenant=tenant,
            )
    for customer in world.erp_customers:
        _seed_customer(state, tenant, customer)


def seed_small(state: QadState, tenant: str) -> None:
    for item_number, description, price, status in SMALL_CATALOG:
        state.add_item(item_number, description, status=status, tenant=tenant)
        state.set_price(item_number, price, price_list=price_list_for("USD"), currency="USD", tenant=tenant)
        state.set_stock(item_number, "10-100", "FG", on_hand=Decimal(25), tenant=tenant)
    _seed_customer(state, tenant, {"name": f"{tenant.title()} Retail", "email": f"buyer@{tenant}.example",
                                   "currency": "USD"})


def _seed_customer(state: QadState, tenant: str, customer: dict[str, Any]) -> None:
    unknown = set(customer) - SEED_CUSTOMER_FIELDS - {"modifiedAt"}
    if unknown:
        raise ValueError(f"seed customer has fields a QAD customer does not: {sorted(unknown)}")
    fields = {key: value for key, value in customer.items() if key in SEED_CUSTOMER_FIELDS - {"customerCode"}}
    state.add_customer(
        fields, customer_code=customer.get("customerCode"), modified_at=customer.get("modifiedAt"), tenant=tenant
    )
