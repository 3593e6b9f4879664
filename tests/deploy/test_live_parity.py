"""The live deployment (tests/live) runs docker-compose.yaml's Airflow services with the compose file's own commands
and settings: it reads them from the file, and only addresses, paths and the sizes listed in one place differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.live.harness import deployment, native
from tests.live.harness.compose import ComposeVariableMissing, airflow_services, interpolate, load_compose

VARIABLES = {"AIRFLOW_FERNET_KEY": "fernet", "AIRFLOW_SECRET_KEY": "secret", "POSTGRES_PASSWORD": "pw",
             "AIRFLOW_ADMIN_PASSWORD": "admin-pw", "AIRFLOW_VIEWER_PASSWORD": "viewer-pw"}
SITE = native.NativeSite(
    postgres_netloc="postgres@127.0.0.1:5544", databases={"airflow": "live_airflow", "erplink": "live_erplink"},
    redis_netloc="127.0.0.1:6390", api_host="127.0.0.1", api_port=18080,
    paths={"/opt/airflow/auth": Path("/run/live/auth"), "/opt/airflow/include/tenants.yaml": Path("/run/live/t.yaml")})
# Values that name a neighbour by its compose service name or a container path: these are re-pointed.
CONTAINER_REFERENCES = ("@postgres", "//redis:", "//airflow-apiserver:", "/opt/airflow/")


def test_compose_interpolation_defaults_requirements_and_literal_dollars() -> None:
    assert interpolate("${A:-x}/${B-y}/${C}", {"A": "", "B": ""}) == "x//"
    assert interpolate("$${A}", {"A": "1"}) == "${A}"
    with pytest.raises(ComposeVariableMissing, match="set A in .env"):
        interpolate("${A:?set A in .env}", {"A": ""})


def test_the_live_deployment_starts_every_airflow_service_of_the_compose_file() -> None:
    services = airflow_services(VARIABLES)
    assert set(services) == {deployment.INIT_SERVICE, *deployment.SERVICES}
    compose = load_compose()["services"]
    for name in deployment.SERVICES:
        needs = compose[name]["depends_on"]
        assert needs.get(deployment.INIT_SERVICE, {}).get("condition") == "service_completed_successfully", name


def test_each_service_keeps_every_compose_setting_and_only_container_addresses_paths_and_sizes_change() -> None:
    for name, service in airflow_services(VARIABLES).items():
        env = native.native_environment(service, SITE)
        assert set(env) == set(service.environment), name
        changed = {key for key in env if env[key] != service.environment[key]}
        repointed = {key for key, value in service.environment.items()
                     if any(reference in value for reference in CONTAINER_REFERENCES)}
        assert changed == repointed | (set(native.RESIZED) & set(env)), name


def test_container_addresses_and_paths_are_repointed_to_the_native_services() -> None:
    env = native.native_environment(airflow_services(VARIABLES)["airflow-scheduler"], SITE)
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == "postgresql+psycopg2://postgres@127.0.0.1:5544/live_airflow"
    assert env["AIRFLOW__CELERY__RESULT_BACKEND"] == "db+postgresql://postgres@127.0.0.1:5544/live_airflow"
    assert env["AIRFLOW_CONN_ERPLINK_LEDGER"] == "postgresql://postgres@127.0.0.1:5544/live_erplink"
    assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://127.0.0.1:6390/0"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://127.0.0.1:18080/execution/"
    assert env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"] == "/run/live/auth/passwords.json"
    assert env["ERPLINK_CONFIG"] == "/run/live/t.yaml"


def test_what_the_live_deployment_adds_never_overrides_a_compose_setting() -> None:
    compose_keys = {key for service in airflow_services(VARIABLES).values() for key in service.environment}
    added = native.image_settings(home=Path("h"), dags=Path("d"), logs=Path("l"), api_host="127.0.0.1",
                                  api_port=1, worker_log_port=2, trigger_log_port=3)
    for additions in (added, deployment.SMALL_MACHINE, deployment.FAST_FEEDBACK):
        assert set(additions) & compose_keys == set()
