"""The Acumatica hook against the sandbox: where Acumatica's answers differ from what a generic client assumes."""

from __future__ import annotations

import threading

import pytest

from erplink.http.errors import AuthenticationError, NotFoundError, PermanentApiError
from tests.erplink.systems.acumatica.sandbox_hook import Clock, hook_on, sandbox, value


@pytest.fixture
def box():
    return sandbox()


def test_a_missing_record_is_not_found_at_once_not_retried(box):
    hook = hook_on(box)
    with pytest.raises(NotFoundError):
        hook.get_entity("Customer", "NOPE")
    assert hook.counter.count("acumatica", "GET Customer/{keys}") == 1


def test_a_bad_password_on_cookie_login_is_refused_after_one_attempt(box):
    hook = hook_on(box, extra={"auth_mode": "cookie"}, password="wrong-password")
    with pytest.raises(AuthenticationError) as raised:
        hook.client.get_json("StockItem", params={"$top": 1})
    assert hook.counter.count("acumatica", "POST auth/login") == 1
    assert "wrong-password" not in str(raised.value)


def test_closing_an_oauth_hook_gives_its_licence_seat_back(box):
    hook = hook_on(box)
    hook.client.get_json("StockItem", params={"$top": 1})
    assert len(box.state.open_sessions()) == 1
    hook.close()
    assert box.state.open_sessions() == []


def test_closing_an_unused_hook_sends_nothing(box):
    hook = hook_on(box)
    hook.close()
    assert hook.counter.snapshot() == {}


def test_a_third_task_waits_for_a_seat_instead_of_failing(box):
    """Licence of 2 seats, 3 hooks at once: the third waits until one of the others logs out."""
    first, second = hook_on(box), hook_on(box)
    for hook in (first, second):
        hook.client.get_json("StockItem", params={"$top": 1})
    released = threading.Event()
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            first.close()
            released.set()

    third = hook_on(box)
    third._sleep = sleep
    assert third.client.get_json("StockItem", params={"$top": 1}) is not None
    assert released.is_set() and len(waits) == 3


def _capped(per_minute):
    clock = Clock()
    box = sandbox(clock=clock, requests_per_minute=per_minute)
    slept = []

    def sleep(seconds):  # the sandbox's minute passes while the client waits
        slept.append(seconds)
        clock.advance(seconds)

    return box, clock, slept, sleep


def test_a_429_storm_is_outlasted_by_jittered_backoff():
    from erplink.http.retry import RetryPolicy

    box, _clock, slept, sleep = _capped(5)
    hook = hook_on(box, retry=RetryPolicy(max_attempts=8, base_delay=4.0, sleep=sleep, random=lambda: 1.0))
    for _ in range(12):
        hook.client.get_json("StockItem", params={"$top": 1})
    statuses = hook.counter.snapshot()["acumatica"]["GET StockItem"]
    assert statuses.get("200") == 12 and int(statuses.get("429", 0)) >= 1 and sum(slept) > 0


def test_pacing_keeps_a_tenant_under_its_cap_so_nothing_is_refused():
    from erplink.systems.acumatica.pacing import MinutePacer

    box, clock, _slept, sleep = _capped(5)
    hook = hook_on(box, requests_per_minute=5)
    hook._pacer = MinutePacer(5, clock=lambda: clock.now.timestamp(), sleep=sleep)
    for _ in range(12):
        hook.client.get_json("StockItem", params={"$top": 1})
    statuses = hook.counter.snapshot()["acumatica"]
    assert "429" not in statuses["GET StockItem"], statuses


def test_release_waits_for_the_long_operation_and_reports_a_refusal(box):
    hook = hook_on(box)
    customer = value(box.state.documents("Customer")[0], "CustomerID")
    item = next(value(i, "InventoryID") for i in box.state.documents("StockItem") if value(i, "ItemStatus") == "Active")
    invoice = hook.put_wrapped("SalesInvoice", {"Type": "Invoice", "CustomerID": customer,
                                                "Details": [{"InventoryID": item, "Qty": 1}]})
    keys = {"Type": "Invoice", "ReferenceNbr": value(invoice, "ReferenceNbr")}
    hook.run_action("SalesInvoice", "ReleaseSalesInvoice", keys, poll_every_s=0)
    assert value(box.state.document("SalesInvoice", "Invoice", keys["ReferenceNbr"]), "Status") == "Open"
    with pytest.raises(PermanentApiError) as raised:
        hook.run_action("SalesInvoice", "ReleaseSalesInvoice", keys, poll_every_s=0)
    assert "invalid for processing" in str(raised.value)


def test_available_quantities_come_from_the_inquiry(box):
    hook = hook_on(box)
    rows = hook.inquire("InventoryQuantityAvailable", {"LastModifiedDateTime": None})
    assert rows and all("QtyAvailable" in row for row in rows)
