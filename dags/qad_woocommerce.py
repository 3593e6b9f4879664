"""QAD ↔ WooCommerce Airflow DAGs: one orders DAG and one catalog DAG per tenant in include/tenants.yaml."""

from erplink.dagfactory.qad_woocommerce import build_all

globals().update(build_all())
