"""A window as Acumatica query parameters."""

from datetime import UTC, datetime

import requests

from erplink.systems.acumatica.windows import acumatica_window_filter
from erplink.windows import Window

UTC = UTC
WINDOW = Window(datetime(2026, 1, 5, 10, 0, 5, 250000, tzinfo=UTC), datetime(2026, 1, 5, 11, 0, 0, tzinfo=UTC))


def test_acumatica_filter_is_url_encoded_exactly_once_by_requests():
    expression = acumatica_window_filter(WINDOW)
    assert expression == (
        "LastModifiedDateTime ge datetimeoffset'2026-01-05T10:00:05+00:00' and "
        "LastModifiedDateTime lt datetimeoffset'2026-01-05T11:00:00+00:00'"
    )
    url = requests.Request("GET", "https://erp.example/entity/Default/24.200.001/StockItem",
                           params={"$filter": expression}).prepare().url
    assert "datetimeoffset%272026-01-05T10%3A00%3A05%2B00%3A00%27" in url
    assert "%25" not in url
