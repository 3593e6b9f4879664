"""The tenants' DAGs, built by the integration each entry names, spread over the tenants' DAG files.

Each DAG file (`dags/erplink_tenants_NN.py`, see `dag_files`) builds the entries whose label hashes to it: a
thousand tenants in one file would take longer to parse than Airflow allows, and a change to one tenant re-builds
one file's DAGs. `build_all` is the same build unsharded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from erplink.config.tenants import TenantsFile


def build_shard(index: int) -> dict[str, Any]:
    """The DAGs of the enabled tenants whose entry hashes to DAG file `index`, and a failing stand-in DAG for each
    invalid entry that does, by dag_id. Only those entries are parsed and validated."""
    from erplink.config.entries import read_entries
    from erplink.dagfactory.shards import shard_of

    entries = read_entries()
    shards = entries.dag_files.shards
    return _dags(entries.validated(lambda label: shard_of(label, shards) == index))


def build_all() -> dict[str, Any]:
    """The DAGs of every enabled tenant, and a failing stand-in DAG for each invalid entry, by dag_id."""
    from erplink.config.tenants import load_tenants

    return _dags(load_tenants())


def _dags(loaded: TenantsFile) -> dict[str, Any]:
    from erplink.dagfactory.common import config_error_dag
    from erplink.registry import integration

    dags: dict[str, Any] = {}
    for tenant in loaded.tenants:
        if tenant.enabled:
            for dag in integration(tenant.integration).build_dags(tenant):
                dags[dag.dag_id] = dag
    for error in loaded.errors:
        safe = "".join(c if c.isalnum() or c == "_" else "_" for c in error.entry)
        dag = config_error_dag(safe, str(error))
        dags[dag.dag_id] = dag
    return dags
