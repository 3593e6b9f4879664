"""Pure mappings between store documents, canonical documents and ERP payloads: no I/O, no Airflow.

Every defect in an incoming document is raised as `erplink.mappings.errors.MappingError`, naming the record
and the field, so the loader can quarantine the record with a reason a person can act on.
"""
