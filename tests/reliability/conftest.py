from collections.abc import Iterator

import pytest

from tests.reliability.support import SecretWatch
from tests.support.integration import (  # noqa: F401  (fixtures)
    Harness,
    _reset_task_runtime_caches,
    airflow_db,
    integration,
    start_harness,
)

ACUMATICA_TENANT = "demo_acumatica"


@pytest.fixture(scope="module")
def acumatica(airflow_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:  # noqa: F811
    """One small seeded world (40 orders, 30 SKUs) on WooCommerce and Acumatica, shared by a module's tests."""
    with pytest.MonkeyPatch.context() as patch:
        harness = start_harness(tmp_path_factory.mktemp("acumatica"), patch, orders=40, skus=30,
                                tenant=ACUMATICA_TENANT)
        try:
            yield harness
        finally:
            harness.running.close()
            _reset_task_runtime_caches()


@pytest.fixture
def watch_secrets(caplog, monkeypatch):
    """``watch = watch_secrets(h)`` before the scenario, ``watch.assert_nothing_leaked(capsys)`` after it."""
    return lambda h: SecretWatch(h, caplog, monkeypatch)
