"""A window as QAD query parameters."""

from datetime import datetime, timezone

from erplink.systems.qad.windows import qad_window_params
from erplink.windows import Window

UTC = timezone.utc
NOW = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)
WINDOW = Window(datetime(2026, 1, 5, 10, 0, 5, 250000, tzinfo=UTC), datetime(2026, 1, 5, 11, 0, 0, tzinfo=UTC))


def test_qad_params_use_inclusive_modified_since():
    assert qad_window_params(WINDOW) == {"modifiedSince": "2026-01-05T10:00:05Z"}
    assert qad_window_params(Window(None, NOW)) == {}
