"""The `erp` section of an Acumatica tenant: what it requires, and errors that name the field and the fix."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from erplink.systems.acumatica.config import AcumaticaErp

MINIMAL = {"system": "acumatica", "conn_id": "erplink_acumatica_demo", "branch": "MAIN", "warehouses": ["WH1"]}


def _problems(**changes: object) -> str:
    with pytest.raises(ValidationError) as refused:
        AcumaticaErp.model_validate({**MINIMAL, **changes})
    return str(refused.value)


def test_a_minimal_section_pins_the_endpoint_and_enters_freight_as_the_freight_field() -> None:
    erp = AcumaticaErp.model_validate(MINIMAL)
    assert erp.endpoint_version == "24.200.001" and erp.warehouses == ("WH1",)
    assert erp.shipping.mode == "freight" and erp.release_documents and erp.charges_item is None


def test_at_least_one_warehouse_is_required() -> None:
    assert "warehouses" in _problems(warehouses=[])


def test_the_branch_is_required() -> None:
    section = dict(MINIMAL)
    section.pop("branch")
    with pytest.raises(ValidationError, match="branch"):
        AcumaticaErp.model_validate(section)


def test_an_endpoint_version_must_look_like_one() -> None:
    assert "endpoint_version" in _problems(endpoint_version="24.2")


def test_shipping_as_a_line_names_the_item_it_needs() -> None:
    message = _problems(shipping={"mode": "line"})
    assert "shipping" in message and "line_item is required" in message
    assert AcumaticaErp.model_validate({**MINIMAL, "shipping": {"mode": "line", "line_item": "FREIGHT"}})


def test_an_unknown_setting_is_refused_not_ignored() -> None:
    assert "tax.tax_code" in _problems(tax={"tax_code": "X"})
