"""Reconciliation of QAD ↔ WooCommerce against the sandboxes: after a clean orders run the store and QAD agree on
every document (what the ledger holds back is listed apart, with the totals adding up); a QAD sales order altered
afterwards is named, with the fields that differ; `erplink reconcile` says the same and exits 1, and the daily
reconciliation DAG succeeds on the clean period and fails on the altered one."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext
from erplink.reconciliation import reconcile
from tests.e2e.expectations import order_ref
from tests.support.integration import TENANT, Harness, airflow_db, integration  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow
SINCE = datetime(2000, 1, 1, tzinfo=UTC)


def _flow_context(h: Harness) -> FlowContext:
    return FlowContext(tenant=load_tenants(h.config_path).get(TENANT), ledger=h.ledger(),
                       attempt=AttemptContext(task_id="reconcile"), log=logging.getLogger("test"))


def _reconcile_dag(h: Harness):
    from airflow.dag_processing.dagbag import DagBag

    from tests.support.integration import REPO

    bag = DagBag(dag_folder=str(REPO / "dags" / "erplink_reconcile.py"))
    assert bag.import_errors == {}
    dag = bag.dags["erplink__reconcile"]
    assert dag.task_ids == [f"reconcile_{TENANT}"]
    return dag


def _plus(total: Decimal, by: str) -> str:
    return str(total + Decimal(by))


def test_a_clean_run_reconciles_and_an_altered_qad_order_is_named_with_its_fields(integration, capsys) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    until = datetime.now(UTC) + timedelta(days=1)

    clean = reconcile(_flow_context(h), since=SINCE, until=until)
    period = {"since": SINCE.isoformat(), "until": until.isoformat()}
    assert _reconcile_dag(h).test(run_conf=period).state == "success"

    assert clean.differences == [] and clean.clean
    assert clean.documents > 0 and clean.held_back, "the seeded world holds orders back (unknown SKUs)"
    for currency, store in clean.store.items():  # every sale is either in QAD or held back in the ledger
        erp, held = clean.erp.get(currency), clean.held_back_totals.get(currency)
        in_erp = (erp.orders, erp.order_total) if erp else (0, 0)
        kept = (held.orders, held.order_total) if held else (0, 0)
        assert (store.orders, store.order_total) == (in_erp[0] + kept[0], in_erp[1] + kept[1]), currency

    # Someone raises the freight of one posted sales order in QAD.
    sales_order = next(doc for doc in h.qad.documents("sales-orders")
                       if doc["status"] == "OPEN" and any(c["type"] == "FREIGHT" for c in doc["charges"]))
    charges = [{key: charge[key] for key in ("type", "description", "amount", "taxAmount")}
               | ({"amount": _plus(Decimal(charge["amount"]), "1.50")} if charge["type"] == "FREIGHT" else {})
               for charge in sales_order["charges"]]
    fc = _flow_context(h)
    fc.erp.update("sales-orders", sales_order["orderNumber"], {"charges": charges})

    altered = reconcile(fc, since=SINCE, until=until)

    [difference] = altered.differences
    assert difference.reference == sales_order["externalRef"] and difference.erp_number == sales_order["orderNumber"]
    store_order_id = int(difference.source_id)
    assert order_ref(store_order_id) == sales_order["externalRef"]
    assert set(difference.fields) == {"total", "shipping"}
    store_shipping, erp_shipping = difference.fields["shipping"]
    assert Decimal(erp_shipping) - Decimal(store_shipping) == Decimal("1.50")

    assert _reconcile_dag(h).test(run_conf=period).state == "failed", "a difference fails the scheduled DAG"

    from erplink.cli import main

    code = main(["reconcile", "--tenant", TENANT, "--since", SINCE.isoformat(), "--until", until.isoformat()])
    out, err = capsys.readouterr()
    assert code == 1
    printed = json.loads(out[out.index("\n{\n") + 1:] if not out.startswith("{") else out)  # after Airflow's log lines
    assert [d["reference"] for d in printed["differences"]] == [sales_order["externalRef"]]
    assert f"woocommerce order {store_order_id}" in err
