"""Money as WooCommerce prints it: integer cents in, two-decimal strings out."""

from __future__ import annotations


def cents_to_str(cents: int) -> str:
    """1234 -> "12.34", -50 -> "-0.50" (Woo sends money as strings with the store's two decimals)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def percent_of(cents: int, rate_basis_points: int) -> int:
    """Round half up, as wc_round_tax_total does for positive amounts."""
    return (cents * rate_basis_points + 5000) // 10000
