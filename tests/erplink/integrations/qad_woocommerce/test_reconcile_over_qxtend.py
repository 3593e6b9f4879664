"""Reconciliation reads QAD through QXtend as it reads it through REST: after a clean orders run over QXtend every
document agrees, sales orders and credit memos (credit sales orders) alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from erplink.reconciliation import reconcile
from tests.erplink.integrations.qad_woocommerce.test_reconcile import SINCE, _flow_context
from tests.support.integration import Harness, airflow_db, integration, shipped_tenant  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def test_a_clean_run_over_qxtend_reconciles(integration) -> None:
    h: Harness = integration(orders=20, skus=15)
    h.configure(erp={**shipped_tenant()["erp"], "conn_id": "erplink_qad_demo_qxtend", "transport": "qxtend"})
    assert h.run("orders") == "success"

    clean = reconcile(_flow_context(h), since=SINCE, until=datetime.now(UTC) + timedelta(days=1))

    assert clean.differences == [] and clean.clean
    assert h.qad.documents("credit-memos"), "the world's refunds reached QAD as credit sales orders"
    for currency, store in clean.store.items():  # every sale is either in QAD (read over QXtend) or held back
        erp, held = clean.erp.get(currency), clean.held_back_totals.get(currency)
        in_erp = (erp.orders, erp.order_total) if erp else (0, 0)
        kept = (held.orders, held.order_total) if held else (0, 0)
        assert (store.orders, store.order_total) == (in_erp[0] + kept[0], in_erp[1] + kept[1]), currency
