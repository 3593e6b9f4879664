"""The erplink page: a server-rendered view of the ledger inside the Airflow UI (records and reasons, the audit
trail, replay, webhook health, reconciliation), mounted on the API server by ``erplink.ui.plugin``.

It names no system: what differs per integration (its replayable entities, its reconciliation, its store's
webhooks) comes from the registry.
"""
