"""Surfaces an invalid include/tenants.yaml entry as an Airflow import error, naming the entry and the field.

The tenants' own DAG files keep building every valid entry (and a failing stand-in DAG for each invalid one), so a
typo in one customer's entry never stops the others; this file exists so that the typo also shows in the UI's
import-error banner and in `airflow dags list-import-errors`, where operators look first.
"""

from erplink.config.check import raise_for_invalid_entries

raise_for_invalid_entries()
