"""The orders DAG's first steps on a store, the same whichever ERP the orders go to: the run's window on the store's
orders stream, and the extract into the ledger (in a dry run, the integration's plan instead). A store system makes
one ``StoreOrderSteps`` from its orders stream and extract; its integrations take the steps from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.windows import Watermark, Window

# ``(fc, window, *, order_ids=...) -> plan``: an integration's dry run of the orders flow, reads only.
PlanOrders = Callable[..., dict[str, Any]]
ExtractStep = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class StoreOrderSteps:
    stream: str  # the watermark stream of the store's orders
    extract_orders: Callable[..., Any]  # the store's extract, as ``steps.extract`` calls it

    def order_window(self, fc: FlowContext, **kwargs: Any) -> tuple[Window, Watermark | None, bool]:
        """The window of this orders run (see :func:`erplink.flows.steps.order_window`) on the orders stream."""
        return steps.order_window(fc, stream=self.stream, **kwargs)

    def orders_extract(self, plan_orders: PlanOrders) -> ExtractStep:
        """The extract step of an integration whose dry run is ``plan_orders`` (the ERP side differs, the store's
        not)."""

        def extract(
            fc: FlowContext,
            window: Window,
            previous: Watermark | None,
            *,
            order_ids: Iterable[int] | None = None,
            advance_watermark: bool = True,
        ) -> dict[str, Any]:
            if fc.dry_run:
                return plan_orders(fc, window, order_ids=order_ids)
            return steps.extract(
                fc,
                self.extract_orders,
                stream=self.stream,
                window=window,
                previous=previous,
                order_ids=order_ids,
                advance_watermark=advance_watermark,
            )

        return extract
