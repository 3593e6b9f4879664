"""A window as Adobe Commerce (Magento) query parameters."""

from datetime import datetime, timezone

from erplink.systems.adobe_commerce.windows import magento_window_params
from erplink.windows import Window

UTC = timezone.utc
WINDOW = Window(datetime(2026, 1, 5, 10, 0, 5, 250000, tzinfo=UTC), datetime(2026, 1, 5, 11, 0, 0, tzinfo=UTC))


def test_magento_params_are_two_anded_filter_groups_in_magento_format():
    params = magento_window_params(WINDOW)
    assert params == {
        "searchCriteria[filter_groups][0][filters][0][field]": "updated_at",
        "searchCriteria[filter_groups][0][filters][0][value]": "2026-01-05 10:00:05",
        "searchCriteria[filter_groups][0][filters][0][condition_type]": "gteq",
        "searchCriteria[filter_groups][1][filters][0][field]": "updated_at",
        "searchCriteria[filter_groups][1][filters][0][value]": "2026-01-05 11:00:00",
        "searchCriteria[filter_groups][1][filters][0][condition_type]": "lt",
    }
