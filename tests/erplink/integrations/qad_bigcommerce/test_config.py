"""A QAD ↔ BigCommerce entry is refused, with the setting named, when its journals could not be posted: QXtend
chosen as transport (journals go through QAD's REST), an account or the daybook left out, an unknown time zone."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from erplink.integrations.qad_bigcommerce.config import QadBigCommerceTenant, journal_accounts
from tests.support.integration import shipped_tenant


def _entry(**erp: Any) -> dict[str, Any]:
    entry = copy.deepcopy(shipped_tenant("demo_bigcommerce"))
    entry["erp"].update(erp)
    return entry


def test_the_shipped_entry_is_valid_and_gives_the_journal_mapping_its_accounts():
    tenant = QadBigCommerceTenant.model_validate(_entry())
    accounts = journal_accounts(tenant.erp.accounts)
    assert (accounts.sales, accounts.receivable, accounts.clearing) == ("4000", "1200", "1250")
    assert accounts.clearing_for("PayPalExpress") == "1260" and accounts.clearing_for("stripe") == "1250"


def test_qxtend_is_refused_because_journals_need_the_rest_transport():
    with pytest.raises(ValidationError, match=r"erp.transport: .*REST"):
        QadBigCommerceTenant.model_validate(_entry(transport="qxtend"))


def test_a_missing_account_or_daybook_is_named():
    entry = _entry()
    del entry["erp"]["accounts"]["receivable"], entry["erp"]["accounts"]["daybook"]
    with pytest.raises(ValidationError, match="erp.accounts: set receivable, daybook"):
        QadBigCommerceTenant.model_validate(entry)


def test_an_unknown_posting_time_zone_is_refused():
    entry = _entry()
    entry["erp"]["accounts"]["posting_timezone"] = "Central Time"
    with pytest.raises(ValidationError, match="'Central Time' is no IANA time zone"):
        QadBigCommerceTenant.model_validate(entry)
