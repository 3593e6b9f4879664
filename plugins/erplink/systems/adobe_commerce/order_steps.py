"""The orders DAG's first steps on an Adobe Commerce store, the same whichever ERP the orders go to
(:class:`erplink.flows.order_steps.StoreOrderSteps`): the run's window on the store's orders stream, and the
extract into the ledger."""

from __future__ import annotations

from erplink.flows.order_steps import StoreOrderSteps
from erplink.systems.adobe_commerce.extract import ORDERS_STREAM, extract_orders

STEPS = StoreOrderSteps(ORDERS_STREAM, extract_orders)
order_window = STEPS.order_window
orders_extract = STEPS.orders_extract
