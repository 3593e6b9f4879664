"""The demo tenant's orders DAG moves a seeded store into QAD, and a second run creates nothing."""

from tests.support.integration import Harness


def test_orders_dag_posts_sales_and_a_second_run_creates_nothing(integration) -> None:
    h: Harness = integration(orders=40, skus=30)
    assert h.run("orders") == "success"
    created = len(h.qad.documents("sales-orders"))
    done = h.records("order", ("done",))
    assert created == len(done) > 0
    assert h.run("orders") == "success"
    assert len(h.qad.documents("sales-orders")) == created
