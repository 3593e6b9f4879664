-- The erplink ledger gets its own database beside Airflow's metadata database.
CREATE DATABASE erplink OWNER airflow;
