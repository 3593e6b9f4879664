"""A window as BigCommerce query parameters."""

from datetime import datetime, timezone

from erplink.systems.bigcommerce.windows import bigcommerce_v2_window_params, bigcommerce_v3_window_params
from erplink.windows import Window

UTC = timezone.utc
WINDOW = Window(datetime(2026, 1, 5, 10, 0, 5, 250000, tzinfo=UTC), datetime(2026, 1, 5, 11, 0, 0, tzinfo=UTC))


def test_bigcommerce_params():
    assert bigcommerce_v2_window_params(WINDOW) == {
        "min_date_modified": "Mon, 05 Jan 2026 10:00:05 +0000",
        "max_date_modified": "Mon, 05 Jan 2026 11:00:00 +0000",
    }
    assert bigcommerce_v3_window_params(WINDOW) == {
        "date_modified:min": "2026-01-05T10:00:05Z",
        "date_modified:max": "2026-01-05T11:00:00Z",
    }
