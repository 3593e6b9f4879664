"""The ledger records of chosen store orders: what a run started for some orders (the orders DAG's ``order_ids``)
may load, and nothing else of the tenant.

A store side keeps an order under its id and the order's refunds and payments under ``<order id>-<n>``
(``store_records``); its write-back marker is kept under the order id too (``order_markers``). The source ids of all
of them together restrict every load step of such a run: each step filters them by its own entity, so one list
serves the orders', the refunds', the payments' and the markers' load alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.store_records import PAYMENT, REFUND


def order_source_ids(order_ids: Iterable[Any]) -> list[str]:
    """The chosen orders' ids as the ledger keeps them (a run's Params may carry them as numbers or text)."""
    return list(dict.fromkeys(str(int(order_id)) for order_id in order_ids))


def chosen_order_keys(fc: FlowContext, order_ids: Iterable[Any]) -> list[str]:
    """The source ids of the chosen orders and of every refund and payment of theirs the ledger holds now.

    Read when a load step starts, not once per run: the extract of the run has put the orders' refunds and
    payments into the ledger by then."""
    orders = order_source_ids(order_ids)
    children = {
        record.key.source_id
        for entity in (REFUND, PAYMENT)
        for record in fc.ledger.records(
            tenant=fc.tenant.name,
            integration=fc.integration,
            entity=entity,
            source_id_prefixes=[f"{order_id}-" for order_id in orders],
        )
    }
    return [*orders, *sorted(children)]
