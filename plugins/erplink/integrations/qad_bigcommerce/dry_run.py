"""Dry run of the QAD ↔ BigCommerce orders flow: the journal entries a real run would post (sales, with the QAD
customers of their shoppers; payments; refunds; reversals and adjustments of changed sales) and the markers the store
would get, from reads only. Nothing is written anywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.journal_dry_run import JournalPlanner
from erplink.integrations.qad_bigcommerce.journals import ERP, payment_journals, refund_journals, sale_journals
from erplink.systems.bigcommerce.dry_run import plan_orders as plan_store_orders
from erplink.systems.qad.targets import CustomerDirectory
from erplink.windows import Window


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would post where."""
    planner = JournalPlanner(
        fc, erp=ERP, sales=sale_journals(fc, create_customers=False), payments=payment_journals(fc),
        refunds=refund_journals(fc), customers=CustomerDirectory(fc),
    )  # fmt: skip
    return plan_store_orders(fc, window, planner, order_ids=order_ids)
