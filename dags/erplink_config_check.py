"""Surfaces an invalid include/tenants.yaml entry as an Airflow import error, naming the entry and the field.

The tenants' own DAG files keep building every valid entry (and a failing stand-in DAG for each invalid one), so a
typo in one customer's entry never stops the others; this file exists so that the typo also shows in the UI's
import-error banner and in `airflow dags list-import-errors`, where operators look first. It also reports tenant
DAG files (erplink_tenants_NN.py) that do not match the configured `dag_files.shards`: a missing one would drop
the tenants that hash to it silently.
"""

from pathlib import Path

from erplink.config.check import raise_for_invalid_entries
from erplink.dagfactory.dag_files import mismatched_dag_files

raise_for_invalid_entries(also=mismatched_dag_files(Path(__file__).parent))
