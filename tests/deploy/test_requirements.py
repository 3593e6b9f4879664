"""requirements.txt pins every package exactly, so installs never depend on Airflow's constraints files."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_requirement_is_pinned_exactly() -> None:
    lines = [line.strip() for line in (REPO / "requirements.txt").read_text().splitlines()]
    requirements = [line for line in lines if line and not line.startswith(("#", "-"))]
    loose = [line for line in requirements if "==" not in line]
    assert requirements, "requirements.txt is empty"
    assert loose == []


def test_airflow_is_pinned_to_the_supported_release() -> None:
    text = (REPO / "requirements.txt").read_text()
    assert "apache-airflow==3.3.2" in text.splitlines()
