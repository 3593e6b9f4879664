"""Airflow DAG to replay chosen erplink ledger records (trigger it with Params)."""

from erplink.dagfactory.replay import replay_dag

dag = replay_dag()
