"""Flows: the steps of each integration as plain functions (extract → ledger → load → write-back, catalog push).

They know which hook, mapping and ledger call to join, and nothing of Airflow: the DAG factory wraps them in
tasks, and the tests call them directly.
"""
