"""Airflow DAG reconciling each tenant's store against its ERP every day (fails when a difference remains)."""

from erplink.dagfactory.reconcile import reconcile_dag

dag = reconcile_dag()
