"""Dry run of the QAD ↔ Adobe Commerce orders flow: the QAD sales orders, customers and credit memos a real run
would create or change, and the order comments the store would get, from reads only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.systems.adobe_commerce.documents import AdobeCommerceDocuments
from erplink.systems.adobe_commerce.dry_run import plan_orders as plan_store_orders
from erplink.systems.qad.dry_run import QadPlanner
from erplink.windows import Window


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    return plan_store_orders(fc, window, QadPlanner(fc, AdobeCommerceDocuments(fc)), order_ids=order_ids)
