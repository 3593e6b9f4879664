"""The provider metadata Airflow reads for the connection types (six systems; QAD has two transports), checked
against Airflow itself."""

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import airflow
import jsonschema
import pytest

from erplink.provider_info import get_provider_info

AIRFLOW_DIR = Path(airflow.__file__).parent
CONNECTION_TYPES = {"woocommerce", "qad", "qad_qxtend", "adobe_commerce", "bigcommerce", "acumatica", "qbm"}
SECRET_FIELDS = {
    "woocommerce": {"webhook_secret", "webhook_secret_previous"},
    "qad": set(),
    "qad_qxtend": set(),
    "adobe_commerce": {"consumer_secret", "access_token", "access_token_secret", "ims_client_secret"},
    "bigcommerce": {"client_secret", "client_secret_previous"},
    "acumatica": {"client_secret"},
    "qbm": set(),
}


def entries() -> dict[str, dict]:
    return {e["connection-type"]: e for e in get_provider_info()["connection-types"]}


def hook_class(entry: dict) -> type:
    module, _, name = entry["hook-class-name"].rpartition(".")
    return getattr(import_module(module), name)


def test_provider_info_validates_against_airflows_schema():
    schema = json.loads((AIRFLOW_DIR / "provider_info.schema.json").read_text())
    jsonschema.validate(get_provider_info(), schema)


def test_connection_types_validate_against_the_stricter_provider_yaml_schema():
    """provider_info.schema.json does not describe conn-fields; provider.yaml.schema.json does."""
    schema = json.loads((AIRFLOW_DIR / "provider.yaml.schema.json").read_text())["properties"]["connection-types"]
    jsonschema.validate(get_provider_info()["connection-types"], schema)


def test_one_entry_per_system_matching_its_hook_class():
    assert set(entries()) == CONNECTION_TYPES
    for conn_type, entry in entries().items():
        cls = hook_class(entry)
        assert (cls.conn_type, cls.hook_name) == (conn_type, entry["hook-name"])
        assert cls.conn_name_attr.endswith("_conn_id")


@pytest.mark.parametrize("conn_type", sorted(CONNECTION_TYPES))
def test_the_hook_is_built_the_way_airflow_builds_it_for_test_connection(conn_type):
    """Airflow's Connection.get_hook() calls ``hook_class(**{conn_name_attr: conn_id})``: the keyword must exist."""
    cls = hook_class(entries()[conn_type])
    assert cls(**{cls.conn_name_attr: "from_the_ui"}).conn_id == "from_the_ui"


@pytest.mark.parametrize("conn_type", sorted(CONNECTION_TYPES))
def test_secret_fields_are_typed_for_masking(conn_type):
    fields = entries()[conn_type]["conn-fields"]
    masked = {name for name, field in fields.items() if field["schema"].get("format") == "password"}
    assert masked == SECRET_FIELDS[conn_type]


@pytest.mark.parametrize("conn_type", sorted(CONNECTION_TYPES))
def test_every_form_field_is_a_setting_the_hook_reads_with_the_same_default(conn_type):
    entry = entries()[conn_type]
    model_fields = hook_class(entry).settings_model.model_fields
    for name, field in entry["conn-fields"].items():
        assert name in model_fields, f"{conn_type}.{name} is in the form but the hook ignores it"
        if "default" in field["schema"]:
            assert field["schema"]["default"] == model_fields[name].default, f"{conn_type}.{name} default"


def _cli(*args: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, "AIRFLOW_HOME": str(home)}
    airflow_bin = Path(sys.executable).with_name("airflow")
    return subprocess.Popen([str(airflow_bin), "providers", *args, "--output", "json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def test_airflow_cli_lists_the_six_hooks_and_their_form_fields(tmp_path):
    """Discovery through the package's entry point, in a fresh Airflow home (both commands run side by side)."""
    hooks_cmd, widgets_cmd = _cli("hooks", home=tmp_path / "a"), _cli("widgets", home=tmp_path / "b")
    hooks = json.loads(hooks_cmd.communicate(timeout=120)[0])
    widgets = json.loads(widgets_cmd.communicate(timeout=120)[0])

    ours = {h["connection_type"]: h for h in hooks if h["package_name"] == "erplink"}
    assert set(ours) == CONNECTION_TYPES
    for conn_type, entry in entries().items():
        assert ours[conn_type]["class"] == entry["hook-class-name"]
        listed = {w["connection_parameter_name"] for w in widgets if w["package_name"] == "erplink"}
        expected = {f"extra__{conn_type}__{name}" for name in entry["conn-fields"]}
        assert expected <= listed
