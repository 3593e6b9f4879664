"""The throwaway CA and the loopback server: TLS verifies against the CA bundle and nothing else."""

from __future__ import annotations

import pytest
import requests
from fastapi import FastAPI

from sandbox.server import serve
from sandbox.tls import issue_loopback_certificate


def hello_app() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict:
        return {"hello": "world"}

    return app


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return issue_loopback_certificate(tmp_path_factory.mktemp("tls"))


def test_server_listens_on_loopback_with_a_free_port():
    served = serve(hello_app())
    try:
        assert served.base_url == f"http://127.0.0.1:{served.port}"
        assert served.port > 0
        assert requests.get(f"{served.base_url}/hello", timeout=5).json() == {"hello": "world"}
    finally:
        served.stop()


def test_https_verifies_with_the_generated_ca_bundle(tls_files):
    served = serve(hello_app(), certfile=tls_files.cert_path, keyfile=tls_files.key_path)
    try:
        assert served.base_url.startswith("https://127.0.0.1:")
        response = requests.get(f"{served.base_url}/hello", verify=str(tls_files.ca_path), timeout=5)
        assert response.json() == {"hello": "world"}
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{served.base_url}/hello", verify=True, timeout=5)
    finally:
        served.stop()


def test_private_key_is_readable_by_its_owner_only(tls_files):
    assert tls_files.key_path.stat().st_mode & 0o077 == 0
