"""`--only bigcommerce` serves the store over HTTPS, and its Airflow connection reaches it."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from sandbox.__main__ import main
from sandbox.bigcommerce import CONN_ID
from sandbox.runner import start_sandboxes
from sandbox.seed import World


def test_cli_only_bigcommerce_starts_the_store_and_prints_its_connection(capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    stop.set()  # return as soon as the store is up and printed
    main(["--only", "bigcommerce", "--orders", "10", "--skus", "10"], stop=stop)
    out = capsys.readouterr().out
    assert "# bigcommerce: https://127.0.0.1:" in out
    assert f"AIRFLOW_CONN_{CONN_ID.upper()}=" in out


def test_served_store_answers_the_connection_it_describes(world: World) -> None:
    with start_sandboxes(["bigcommerce"], world=world) as running:
        env = running.env()
        connection = json.loads(env[f"AIRFLOW_CONN_{CONN_ID.upper()}"])
        extra = connection["extra"]
        assert extra["api_base"].startswith("https://127.0.0.1:")
        response = requests.get(
            f"{extra['api_base']}/stores/{extra['store_hash']}/v2/orders/count",
            headers={"X-Auth-Token": connection["password"]},
            verify=extra["verify"],
            timeout=10,
        )
        assert response.status_code == 200 and response.json()["count"] > 0
