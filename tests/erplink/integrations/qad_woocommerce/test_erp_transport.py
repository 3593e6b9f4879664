"""A QAD tenant chooses its transport: QAD's REST (the default) or QXtend QDocs (`erp.transport: qxtend`)."""

from __future__ import annotations

from pathlib import Path

import yaml

from erplink.config.tenants import load_tenants
from erplink.integrations.qad_woocommerce import INTEGRATION
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook
from tests.support.integration import TENANT, shipped_tenant


def _tenants(folder: Path, **erp: str):
    """The shipped tenant with ``erp`` changed, read from its own file in ``folder`` (one file per entry)."""
    folder.mkdir(exist_ok=True)
    entry = shipped_tenant()
    entry["erp"] = {**entry["erp"], **erp}
    path = folder / "tenants.yaml"
    path.write_text(yaml.safe_dump({"tenants": [entry]}))
    return load_tenants(path)


def test_rest_is_the_default_and_qxtend_builds_the_qxtend_hook_on_the_tenants_connection(tmp_path) -> None:
    assert type(INTEGRATION.erp_hook(_tenants(tmp_path / "rest").get(TENANT))) is QadHook
    hook = INTEGRATION.erp_hook(_tenants(tmp_path / "qxtend", transport="qxtend", conn_id="qad_ee").get(TENANT))
    assert type(hook) is QadQxtendHook and hook.conn_id == "qad_ee"


def test_an_unknown_transport_is_a_configuration_error_naming_the_field(tmp_path) -> None:
    tenants = _tenants(tmp_path, transport="soap")
    assert any("transport" in str(error) for error in tenants.errors)
