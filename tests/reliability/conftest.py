import pytest

from tests.reliability.support import SecretWatch
from tests.support.integration import airflow_db, integration  # noqa: F401  (fixtures)


@pytest.fixture
def watch_secrets(caplog, monkeypatch):
    """``watch = watch_secrets(h)`` before the scenario, ``watch.assert_nothing_leaked(capsys)`` after it."""
    return lambda h: SecretWatch(h, caplog, monkeypatch)
