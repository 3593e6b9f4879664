from collections.abc import Iterator

import pytest

from tests.e2e.receiver_host import ReceiverHost
from tests.support.integration import airflow_db, integration  # noqa: F401  (fixtures)


@pytest.fixture
def receiver_host() -> Iterator[ReceiverHost]:
    """A webhook delivery host on a free loopback port, up until a test sets `down`."""
    from sandbox.server import serve

    host = ReceiverHost()
    served = serve(host)
    host.url = served.base_url
    yield host
    served.stop()
