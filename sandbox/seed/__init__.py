"""Deterministic test worlds: a WooCommerce store and an ERP that mostly agree, with the edge cases that matter."""

from sandbox.seed.generator import generate_world
from sandbox.seed.world import SITES_AND_LOCATIONS, ErpItem, StockLevel, World

__all__ = ["SITES_AND_LOCATIONS", "ErpItem", "StockLevel", "World", "generate_world"]
