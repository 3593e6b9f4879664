"""A window as wc/v3 query parameters."""

from datetime import datetime, timezone

from erplink.systems.woocommerce.windows import woo_window_params
from erplink.windows import Window

UTC = timezone.utc
WINDOW = Window(datetime(2026, 1, 5, 10, 0, 5, 250000, tzinfo=UTC), datetime(2026, 1, 5, 11, 0, 0, tzinfo=UTC))


def test_woo_params_are_gmt_and_step_back_a_second_because_modified_after_is_exclusive():
    assert woo_window_params(WINDOW) == {
        "dates_are_gmt": "true",
        "modified_after": "2026-01-05T10:00:04",
        "modified_before": "2026-01-05T11:00:00",
    }
    assert "modified_before" not in woo_window_params(WINDOW, upper_bound=False)
