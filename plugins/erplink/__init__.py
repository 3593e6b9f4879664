"""erplink: keep online stores and ERPs in agreement, on Apache Airflow."""

__version__ = "0.1.0"
