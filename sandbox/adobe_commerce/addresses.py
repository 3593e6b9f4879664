"""WooCommerce billing/shipping blocks as Magento order and customer addresses."""

from __future__ import annotations

from typing import Any

# Magento requires a telephone on every address; a checkout without one cannot be placed.
NO_TELEPHONE = "000-000-0000"


def _street(block: dict[str, Any]) -> list[str]:
    return [line for line in (block.get("address_1"), block.get("address_2")) if line]


def order_address(
    block: dict[str, Any], *, kind: str, entity_id: int, order_id: int, email: str, customer_id: int | None
) -> dict[str, Any]:
    address: dict[str, Any] = {
        "address_type": kind,
        "city": block.get("city") or "",
        "country_id": block.get("country") or "US",
        "email": email,
        "entity_id": entity_id,
        "firstname": block.get("first_name") or "",
        "lastname": block.get("last_name") or "",
        "parent_id": order_id,
        "postcode": block.get("postcode") or "",
        "street": _street(block),
        "telephone": block.get("phone") or NO_TELEPHONE,
    }
    if block.get("company"):
        address["company"] = block["company"]
    if block.get("state"):
        address["region"] = block["state"]
        address["region_code"] = block["state"]
    if customer_id is not None:
        address["customer_id"] = customer_id
    return address


def customer_address(block: dict[str, Any], *, address_id: int, customer_id: int) -> dict[str, Any]:
    address: dict[str, Any] = {
        "id": address_id,
        "customer_id": customer_id,
        "region": {"region_code": block.get("state") or "", "region": block.get("state") or "", "region_id": 0},
        "region_id": 0,
        "country_id": block.get("country") or "US",
        "street": _street(block),
        "telephone": block.get("phone") or NO_TELEPHONE,
        "postcode": block.get("postcode") or "",
        "city": block.get("city") or "",
        "firstname": block.get("first_name") or "",
        "lastname": block.get("last_name") or "",
        "default_shipping": True,
        "default_billing": True,
    }
    if block.get("company"):
        address["company"] = block["company"]
    return address
