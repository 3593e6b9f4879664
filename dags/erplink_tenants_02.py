"""erplink: the Airflow DAGs of the tenants that hash to DAG file 2 (written by `make dag-files`)."""
from erplink.dagfactory.build import build_shard

globals().update(build_shard(2))
