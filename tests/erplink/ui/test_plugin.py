"""The page on Airflow's own API server app: mounted by its plugin's entry point under /erplink-ui beside the webhook
receiver, linked into the UI's navigation, and guarded by Airflow's login."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.integration import airflow_db  # noqa: F401  (fixture)


def test_the_api_server_mounts_the_page_links_it_and_sends_a_visitor_to_its_login(airflow_db: None, monkeypatch
                                                                                 ) -> None:
    monkeypatch.setenv("AIRFLOW__API_AUTH__JWT_SECRET", "erplink-page-test-jwt-secret-" + "x" * 40)
    from airflow import plugins_manager
    from airflow.api_fastapi.app import create_app

    views = plugins_manager._get_ui_plugins()[0]
    assert {"name": "erplink", "href": "/erplink-ui/", "destination": "nav", "url_route": "erplink"} in views
    with TestClient(create_app(), follow_redirects=False) as client:
        page = client.get("/erplink-ui/t/demo")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/auth/login?next=")
        assert client.get("/erplink-ui/static/style.css").status_code == 200
        # The receiver keeps its own prefix.
        assert client.get("/erplink/webhooks/status").status_code == 401
