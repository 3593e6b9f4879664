"""Webhook inbox: one row per change, pending until applied, no secrets stored."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from erplink.ledger import Ledger
from erplink.ledger.schema import inbox

MODIFIED = "2026-03-01T12:00:00"


def _put(ledger: Ledger, topic: str, *, resource_id: str = "1042", modified: str | None = MODIFIED, payload=None) -> bool:
    return ledger.inbox_put(
        system="woocommerce", tenant="shop1", topic=topic, resource="order", resource_id=resource_id,
        modified=modified, payload=payload or {"id": int(resource_id)}, delivery_id=f"d-{topic}",
    )  # fmt: skip


def test_created_and_updated_deliveries_of_one_change_are_stored_once(ledger: Ledger) -> None:
    assert _put(ledger, "order.created") is True
    assert _put(ledger, "order.updated") is False
    assert _put(ledger, "order.updated", modified="2026-03-01T12:05:00") is True, "a later change is a new event"
    assert ledger.inbox_stats(system="woocommerce", tenant="shop1") == {"pending": 2}


def test_events_without_a_modification_time_are_de_duplicated_too(ledger: Ledger) -> None:
    assert _put(ledger, "order.deleted", modified=None) is True
    assert _put(ledger, "order.deleted", modified=None) is False
    [event] = ledger.inbox_pending(system="woocommerce", tenant="shop1")
    assert event.modified is None


def test_pending_events_come_oldest_first_and_leave_when_marked_done(ledger: Ledger) -> None:
    _put(ledger, "order.created", resource_id="1")
    _put(ledger, "order.created", resource_id="2")
    _put(ledger, "order.created", resource_id="3")
    pending = ledger.inbox_pending(system="woocommerce", tenant="shop1", limit=2)
    assert [event.resource_id for event in pending] == ["1", "2"]
    assert pending[0].received_at.tzinfo is not None and pending[0].delivery_id == "d-order.created"
    assert ledger.inbox_mark_done([event.id for event in pending]) == 2
    assert ledger.inbox_mark_done([pending[0].id]) == 0, "already done"
    assert [event.resource_id for event in ledger.inbox_pending(system="woocommerce", tenant="shop1")] == ["3"]
    assert ledger.inbox_pending(system="woocommerce", tenant="other") == []
    assert ledger.inbox_stats() == {"pending": 1, "done": 2}


def test_no_secret_reaches_a_stored_event(ledger: Ledger) -> None:
    _put(ledger, "order.created", payload={"id": 1, "consumer_secret": "SECRET1", "meta_data": [{"key": "token", "value": "SECRET2"}]})
    with ledger.engine.connect() as conn:
        stored = conn.scalar(sa.select(sa.cast(inbox.c.payload, sa.Text)))
    assert "SECRET" not in stored



_EVENT = {"system": "woocommerce", "tenant": "shop1", "topic": "order.created", "resource": "order",
          "resource_id": "7", "modified": MODIFIED, "payload": None, "delivery_id": "d-7"}


@pytest.mark.parametrize("event", [
    {k: v for k, v in _EVENT.items() if k != "delivery_id"},
    {**{k: v for k, v in _EVENT.items() if k != "delivery_id"}, "deliveryid": "d-7"},
], ids=["field-left-out", "field-misspelt"])
def test_an_event_with_missing_or_unknown_fields_is_refused_and_nothing_is_stored(ledger: Ledger, event) -> None:
    with pytest.raises(TypeError, match="an inbox event takes exactly"):
        ledger.inbox_put(**event)
    assert ledger.inbox_stats() == {}
    assert ledger.inbox_put(**_EVENT) is True, "the complete event is accepted"
