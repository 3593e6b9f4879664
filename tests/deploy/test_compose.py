"""The compose deployment parses, keeps its ports on loopback and refuses to start without its secrets.

Debian's docker-compose 1.29 validates the file without a Docker engine (`docker-compose config`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SECRETS = "POSTGRES_PASSWORD=pw\nAIRFLOW_FERNET_KEY=fernet\nAIRFLOW_SECRET_KEY=secret\nAIRFLOW_ADMIN_PASSWORD=admin-pw\n"


def _compose_config(tmp_path: Path, env_text: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is missing: `make test` installs it through scripts/ensure-system-deps")
    for name in ("docker-compose.yaml", "Dockerfile"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / ".env").write_text(env_text)
    return subprocess.run([binary, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60)


def test_compose_file_is_valid_with_secrets_from_env(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, SECRETS)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    for required in ("postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                     "airflow-triggerer", "airflow-worker", "airflow-init"):
        assert required in services, f"compose lacks {required}"
    api_env = services["airflow-apiserver"]["environment"]
    assert api_env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert api_env["AIRFLOW__CORE__FERNET_KEY"] == "fernet"


def test_published_ports_bind_to_loopback_by_default(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, SECRETS)
    assert result.returncode == 0, result.stderr
    for name, service in yaml.safe_load(result.stdout)["services"].items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
            assert host_ip == "127.0.0.1", f"{name} publishes {port} beyond loopback"


def test_compose_refuses_to_run_without_the_fernet_key(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, "POSTGRES_PASSWORD=pw\nAIRFLOW_SECRET_KEY=secret\n")
    assert result.returncode != 0
    assert "AIRFLOW_FERNET_KEY" in result.stderr


def test_image_is_built_from_the_pinned_airflow_release() -> None:
    first_line = next(line for line in (REPO / "Dockerfile").read_text().splitlines() if line.startswith("FROM"))
    assert first_line.split()[1] == "apache/airflow:3.3.2-python3.11"


def test_the_admin_password_from_env_reaches_the_api_servers_password_file(tmp_path: Path) -> None:
    """airflow-init writes AIRFLOW_ADMIN_PASSWORD into the file the simple auth manager reads, on a shared volume."""
    result = _compose_config(tmp_path, SECRETS)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    init, api = services["airflow-init"], services["airflow-apiserver"]
    password_file = api["environment"]["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
    assert init["environment"]["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"] == password_file
    assert init["environment"]["ERPLINK_ADMIN_PASSWORD"] == "admin-pw"
    assert "ERPLINK_ADMIN_PASSWORD" in " ".join(init["command"])
    mounted = {volume.split(":")[1] if isinstance(volume, str) else volume["target"]: volume
               for volume in api["volumes"]}
    assert str(Path(password_file).parent) in mounted


def test_compose_refuses_to_run_without_an_admin_password(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, "POSTGRES_PASSWORD=pw\nAIRFLOW_FERNET_KEY=fernet\nAIRFLOW_SECRET_KEY=secret\n")
    assert result.returncode != 0
    assert "AIRFLOW_ADMIN_PASSWORD" in result.stderr
