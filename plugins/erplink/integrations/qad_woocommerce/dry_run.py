"""Dry run of the orders flow: every document a real run would create or change, computed from reads only.

Nothing is written anywhere — not the ledger, not QAD, not the store. The window's orders (the trash included)
are judged against the ledger the way the extract judges them, then planned with the load targets' own vetting,
look-ups and body builders: QAD sales orders to create, update or cancel, QAD customers to create, credit memos
for the refunds QAD does not have yet, and the write-back markers the store would get. Each planned document is
logged with its body; the returned plan (the task's XCom) names them by reference.

A document that only exists once an earlier one is created (the customer of a new order, the sales order of a new
refund) is named by a placeholder such as ``<new sales order WC-shop-1042>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.systems.qad.dry_run import QadPlanner
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.dry_run import plan_orders as plan_store_orders
from erplink.windows import Window


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    return plan_store_orders(fc, window, QadPlanner(fc, WooCommerceDocuments(fc)), order_ids=order_ids)
