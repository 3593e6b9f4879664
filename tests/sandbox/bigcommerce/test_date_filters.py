"""`min/max_date_modified` and `min/max_date_created` read RFC-2822 and ISO-8601 alike, inclusive at whole
seconds; the store's clock runs behind the caller's."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import FakeClock, store_url


@pytest.fixture
def options() -> dict[str, object]:
    return {"churn_every_pages": 0}


def _ids(api: requests.Session, sandbox: Sandbox, **params: str) -> set[int]:
    response = api.get(store_url(sandbox, "v2/orders"), params={"limit": "250", **params})
    return set() if response.status_code == 204 else {order["id"] for order in response.json()}


def test_rfc_2822_and_iso_8601_select_the_same_orders(api: requests.Session, bigcommerce: Sandbox) -> None:
    records = sorted(bigcommerce.state.records.orders.values(), key=lambda r: r.modified)
    boundary = records[len(records) // 2].modified
    eastern = timezone(timedelta(hours=-4))
    rfc = format_datetime(boundary.astimezone(eastern))  # e.g. "Thu, 20 Apr 2017 11:32:00 -0400"
    iso = boundary.astimezone(eastern).isoformat(timespec="milliseconds")  # "2017-04-20T11:32:00.000-04:00"
    expected = {r.order_id for r in records if r.modified >= boundary and not r.archived}
    assert _ids(api, bigcommerce, min_date_modified=rfc) == expected
    assert _ids(api, bigcommerce, min_date_modified=iso) == expected


def test_max_date_created_is_inclusive_at_the_second(api: requests.Session, bigcommerce: Sandbox) -> None:
    record = next(r for r in bigcommerce.state.records.orders.values() if not r.archived)
    stamp = record.created.isoformat()
    assert record.order_id in _ids(api, bigcommerce, min_date_created=stamp, max_date_created=stamp)


def test_unreadable_date_is_400(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.get(store_url(bigcommerce, "v2/orders"), params={"min_date_modified": "last tuesday"})
    assert response.status_code == 400


def test_an_edit_is_stamped_by_the_store_clock_behind_the_callers(
    api: requests.Session, bigcommerce: Sandbox, clock: FakeClock
) -> None:
    """A client that closes its window at its own `now` and starts the next one there misses this edit."""
    order_id = next(iter(bigcommerce.state.records.orders))
    window_end = clock().replace(microsecond=0)
    bigcommerce.state.touch_order(order_id)
    order = api.get(store_url(bigcommerce, f"v2/orders/{order_id}")).json()
    assert order_id not in _ids(api, bigcommerce, min_date_modified=window_end.isoformat())
    assert order["date_modified"] == format_datetime(
        (window_end + timedelta(seconds=bigcommerce.state.options.clock_skew_s)).astimezone(UTC)
    )


def test_count_takes_the_same_filters_as_the_list(api: requests.Session, bigcommerce: Sandbox) -> None:
    records = sorted(bigcommerce.state.records.orders.values(), key=lambda r: r.modified)
    since = records[len(records) // 3].modified.isoformat()
    counted = api.get(store_url(bigcommerce, "v2/orders/count"), params={"min_date_modified": since}).json()
    assert counted["count"] == len(_ids(api, bigcommerce, min_date_modified=since))
    assert counted["count"] == sum(status["count"] for status in counted["statuses"])
