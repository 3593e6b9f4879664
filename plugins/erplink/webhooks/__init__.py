"""Webhook receiver: verifies store deliveries, commits them to the durable inbox, and wakes the tenant's DAG.

The FastAPI app is mounted on the Airflow API server by :mod:`erplink.webhooks.plugin` and can also run on its own
(``uvicorn erplink.webhooks.app:create_standalone_app --factory``). It never calls a store or ERP API: the DAG
drains the inbox and fetches whatever it needs.
"""
