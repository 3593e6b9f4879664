import time, logging
from tests.support.integration import Harness

def test_timing(integration):
    h: Harness = integration(orders=100, skus=40, tenant="demo_acumatica")
    from erplink.config.tenants import load_tenants
    from erplink.flows.context import FlowContext
    from erplink.ledger import AttemptContext
    from erplink.integrations.acumatica_woocommerce import flows
    from erplink.dagfactory.runtime import ledger
    tenant = load_tenants().get("demo_acumatica")
    def fc(task):
        return FlowContext(tenant=tenant, ledger=ledger(), attempt=AttemptContext(run_id="r", task_id=task, try_number=1, worker="w."+task))
    t=time.monotonic()
    c=fc("extract"); w, prev, adv = flows.order_window(c, params={}, data_interval_start=None, data_interval_end=None)
    flows.extract(c, w, prev); print("extract", time.monotonic()-t, c.call_counts()); t=time.monotonic()
    c=fc("load_orders"); flows.load_orders(c); print("orders", time.monotonic()-t, c.call_counts()); t=time.monotonic()
    c=fc("load_refunds"); flows.load_refunds(c); print("refunds", time.monotonic()-t); t=time.monotonic()
    c=fc("write_back"); flows.write_back(c); print("wb", time.monotonic()-t); t=time.monotonic()
