"""Builds the Airflow DAGs of each configured tenant. DAG files call these and nothing else."""
