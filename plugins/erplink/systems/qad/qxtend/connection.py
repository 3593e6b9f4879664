"""The qad_qxtend connection type: QAD EE on premise through QXtend Inbound (its form and the hook it builds)."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, text

CONNECTION_TYPE = connection_type(
    "qad_qxtend",
    "erplink.systems.qad.hooks.qad_qxtend.QadQxtendHook",
    "QAD EE (QXtend)",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Base URL", "login": "QAD user", "password": "Password"},
        "placeholders": {"host": "http://qadhost:24079"},
    },
    fields={
        "receiver": text("Receiver", "The QXI receiver (wsa:To urn:services-qad-com:<receiver>).", default="QADERP"),
        "webapp": text("QXI webapp", "The QXI web application under the base URL (default qxi).", default="qxi"),
        "domain": text("Domain", "The QAD domain the session context names."),
        "sales_order_version": text("maintainSalesOrder version", "Default ERP3_2.", default="ERP3_2"),
        "customer_version": text("maintainCustomer version", "Default ERP3_2.", default="ERP3_2"),
        "query_version": text("Query Service version", "Default ERP3_1.", default="ERP3_1"),
        "query_qdoc": text("Query QDoc name", "Template of the query QDoc's name.", default="query{profile}"),
        "source_application": text("Source application", "QueryServiceRequest SourceApplication.", default="QAD"),
        "max_rows": field("Max rows", "integer", "MaxRows of a query.", default=10000, minimum=1),
        "cancel_status": text("Cancel status", "The soStat that cancels a sales order (default X).", default="X"),
        "profiles": field("Query profiles", "object", 'JSON object, e.g. {"stock": "QryInventory"}.', format="json"),
        "query_fields": field(
            "Row fields", "object", 'JSON object, e.g. {"stock.committed": "ldQtyCom"}.', format="json"
        ),
        "filter_fields": field(
            "Filter fields", "object", 'JSON object, e.g. {"customer.reference": "cm__chr01"}.', format="json"
        ),
    },
)
