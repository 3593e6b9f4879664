"""The orders DAG's QAD load steps, whichever store the orders come from: store orders into QAD sales orders (the
customer first, the SKUs looked up once per run), refunds into credit memos, each through the load protocol. An
integration hands in its store side's ``StoreDocuments`` class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.flows.steps import run_protocol
from erplink.flows.store_records import ORDER, REFUND
from erplink.sides import StoreDocuments
from erplink.systems.qad.targets import (
    WAITING_FOR_ORDER,
    CreditMemoTarget,
    CustomerDirectory,
    ItemCatalog,
    SalesOrderTarget,
)


@dataclass(frozen=True)
class QadOrderLoads:
    documents: Callable[[FlowContext], StoreDocuments]

    def load_orders(self, fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
        items, customers, documents = ItemCatalog(fc), CustomerDirectory(fc), self.documents(fc)
        items.prefetch(steps.pending_line_skus(fc, documents, entity=ORDER, keys=keys))
        return run_protocol(fc, ORDER, SalesOrderTarget(fc, documents, items, customers), keys=keys)

    def release_waiting_refunds(self, fc: FlowContext) -> int:
        """Queue again the refunds parked because their order was not in QAD, where the order now is."""
        return steps.release_waiting_refunds(fc, self.documents(fc), entity=REFUND, waiting=WAITING_FOR_ORDER)

    def load_refunds(self, fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
        documents = self.documents(fc)
        return steps.load_refunds(
            fc, documents, CreditMemoTarget(fc, documents), entity=REFUND, waiting=WAITING_FOR_ORDER, keys=keys
        )
