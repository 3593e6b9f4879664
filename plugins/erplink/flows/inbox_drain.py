"""Draining a store's webhook deliveries from the ledger's inbox, the same for every store: the tenant's pending
events of one store system, a batch at a time, each batch marked done only once it has been handled, so events a
crashed run did not finish are handed over again by the next one. What an event means is the store side's to say.
"""

from __future__ import annotations

from collections.abc import Callable

from erplink.flows.context import FlowContext
from erplink.ledger import InboxEvent

INBOX_BATCH = 500


def drain_pending_events(fc: FlowContext, *, system: str, handle: Callable[[list[InboxEvent]], None]) -> None:
    """Hand the tenant's pending ``system`` events to ``handle`` a batch at a time until none is left."""
    while True:
        events = fc.ledger.inbox_pending(system=system, tenant=fc.tenant.name, limit=INBOX_BATCH)
        if not events:
            return
        handle(events)
        fc.ledger.inbox_mark_done([event.id for event in events])
