from tests.support.integration import airflow_db, integration  # noqa: F401  (fixtures)
