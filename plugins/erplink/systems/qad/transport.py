"""The QAD hook a tenant's ``erp.transport`` asks for. Imports nothing heavy until called: the integrations'
registry reads it while DAG files are parsed."""

from __future__ import annotations

from typing import Any


def qad_hook(tenant: Any) -> Any:
    """The hook of the tenant's QAD transport: REST (connection type ``qad``) or QXtend (``qad_qxtend``)."""
    if tenant.erp.transport == "qxtend":
        from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook

        return QadQxtendHook(qad_qxtend_conn_id=tenant.erp.conn_id)
    from erplink.systems.qad.hooks.qad import QadHook

    return QadHook(qad_conn_id=tenant.erp.conn_id)
