"""The check a receiver running alone makes before writing asset events into Airflow's metadata database."""

from __future__ import annotations

import pytest

from erplink.webhooks.wake import metadata_db_problem


def test_a_process_without_airflow_database_settings_gets_the_reason_not_a_url_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from airflow import settings

    monkeypatch.setattr(settings, "SQL_ALCHEMY_CONN", None)

    problem = metadata_db_problem()

    assert problem is not None
    assert "database settings are not loaded" in problem and "airflow db migrate" in problem
