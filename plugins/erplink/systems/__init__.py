"""One package per external system: everything erplink knows of that system's API lives in it."""

# Stores first, then ERPs: the order their connection types are listed in Airflow.
SYSTEMS = ("woocommerce", "qad", "adobe_commerce", "bigcommerce", "acumatica", "qbm")
