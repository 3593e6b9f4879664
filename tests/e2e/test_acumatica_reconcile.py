"""Reconciliation of Acumatica ↔ WooCommerce end to end: the demo_acumatica tenant's orders DAG on the WooCommerce
and Acumatica sandboxes, then its reconciliation. After a clean run the store and Acumatica agree on every
document (what the ledger holds back is listed apart, the totals adding up); once one invoice's amount is changed
in Acumatica, exactly that order is named; `erplink reconcile` says the same and exits 1, and the daily
reconciliation DAG succeeds on the clean period and fails on the altered one."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import requests

from erplink.cli import main as erplink_command
from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext
from erplink.reconciliation import reconcile
from tests.e2e.acumatica_checks import TENANT, order_reference, value
from tests.support.integration import REPO, Harness

pytestmark = pytest.mark.slow
SINCE = datetime(2000, 1, 1, tzinfo=UTC)
ADMIN_DOCUMENTS = "/__admin__/acumatica/documents/SalesInvoice"


def _flow_context(h: Harness) -> FlowContext:
    return FlowContext(tenant=load_tenants(h.config_path).get(TENANT), ledger=h.ledger(),
                       attempt=AttemptContext(task_id="reconcile"), log=logging.getLogger("test"))  # fmt: skip


def _reconcile_dag() -> Any:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO / "dags" / "erplink_reconcile.py"))
    assert bag.import_errors == {}
    dag = bag.dags["erplink__reconcile"]
    assert dag.task_ids == [f"reconcile_{TENANT}"]
    return dag


def _raise_amount_in_acumatica(h: Harness, invoice: dict[str, Any], by: Decimal) -> None:
    """Someone changes a released invoice's amount in Acumatica (the sandbox's admin route, no business checks)."""
    running = h.running.acumatica
    answer = requests.patch(f"{running.base_url}{ADMIN_DOCUMENTS}/Invoice/{value(invoice, 'ReferenceNbr')}",
                            json={"Amount": {"value": str(Decimal(str(value(invoice, "Amount"))) + by)}},
                            verify=running.ca_path or True, timeout=30)  # fmt: skip
    answer.raise_for_status()


def test_a_clean_run_reconciles_and_an_invoice_altered_in_acumatica_names_exactly_its_order(
    integration, capsys
) -> None:
    h: Harness = integration(tenant=TENANT, orders=60, skus=30)
    assert h.run("orders") == "success"
    until = datetime.now(UTC) + timedelta(days=1)
    period = {"since": SINCE.isoformat(), "until": until.isoformat()}

    clean = reconcile(_flow_context(h), since=SINCE, until=until)

    assert clean.differences == [] and clean.clean
    assert clean.documents > 0 and clean.held_back, "the seeded world holds orders back (unknown SKUs)"
    assert sum(t.refunds for t in clean.erp.values()) > 0, "credit memos were compared too"
    for currency, store in clean.store.items():  # every sale is either in Acumatica or held back in the ledger
        erp, held = clean.erp.get(currency), clean.held_back_totals.get(currency)
        in_erp = (erp.orders, erp.order_total, erp.refund_total) if erp else (0, 0, 0)
        kept = (held.orders, held.order_total, held.refund_total) if held else (0, 0, 0)
        assert (store.orders, store.order_total, store.refund_total) == tuple(
            a + b for a, b in zip(in_erp, kept, strict=True)), currency  # fmt: skip
    assert _reconcile_dag().test(run_conf=period).state == "success"
    assert h.acumatica.open_sessions() == [], "the reconciliation gave its licence seats back"

    invoice = next(doc for doc in h.acumatica.documents("SalesInvoice")
                   if value(doc, "Type") == "Invoice" and value(doc, "Status") == "Open")  # fmt: skip
    _raise_amount_in_acumatica(h, invoice, Decimal("1.50"))

    altered = reconcile(_flow_context(h), since=SINCE, until=until)

    [difference] = altered.differences
    assert difference.reference == value(invoice, "CustomerOrder")
    assert difference.erp_number == value(invoice, "ReferenceNbr")
    store_order_id = int(difference.source_id)
    assert order_reference(store_order_id) == difference.reference
    assert set(difference.fields) == {"total"}
    store_total, erp_total = difference.fields["total"]
    assert Decimal(erp_total) - Decimal(store_total) == Decimal("1.50")

    assert _reconcile_dag().test(run_conf=period).state == "failed", "a difference fails the scheduled DAG"

    capsys.readouterr()
    code = erplink_command(["reconcile", "--tenant", TENANT, "--since", SINCE.isoformat(),
                            "--until", until.isoformat()])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1
    printed = json.loads(out[out.index("\n{\n") + 1 :] if not out.startswith("{") else out)  # after any log lines
    assert [d["reference"] for d in printed["differences"]] == [difference.reference]
    assert printed["tenant"] == TENANT and not printed["clean"]
    assert f"woocommerce order {store_order_id}" in err
