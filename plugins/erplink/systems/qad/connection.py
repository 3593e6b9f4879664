"""The qad connection types (REST, and QXtend): their forms in Airflow's UI and the hooks they build."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, text
from erplink.systems.qad.qxtend.connection import CONNECTION_TYPE as QXTEND_CONNECTION_TYPE

CONNECTION_TYPE = connection_type(
    "qad",
    "erplink.systems.qad.hooks.qad.QadHook",
    "QAD Adaptive ERP",
    ui={
        "hidden-fields": ["schema", "port"],
        "relabeling": {"host": "Base URL", "login": "QAD user", "password": "Password"},
        "placeholders": {"host": "https://acme.qad.com/clouderp"},
    },
    fields={
        "auth_mode": field(
            "Auth mode",
            "string",
            "OAuth2 password grant at oauth/token (with the environment's client id), or HTTP Basic.",
            enum=["oauth_password", "basic"],
            default="oauth_password",
        ),
        "client_id": text("Client id", 'The environment\'s 32-hex OAuth client id (its "Client IDs" page).'),
        "workspace": text("Workspace", "x-qad-workspace-id: <domain>_<entity>, e.g. 10USA_10USACO."),
        "domain": text("Domain", "The QAD domain, when it is not the workspace's first part."),
        "token_endpoint": text("Token endpoint", "Token path under the base URL (default oauth/token)."),
        "entity_paths": field(
            "Entity path overrides",
            "object",
            'JSON object, e.g. {"creditMemos": "api/erp/creditMemos"}.',
            format="json",
        ),
        "view_uris": field("View URI overrides", "object", "JSON object: entity → urn:be:<interface>.", format="json"),
        "browse_ids": field(
            "Browse id overrides", "object", 'JSON object, e.g. {"stock": "urn:browse:mfg:ic009"}.', format="json"
        ),
        "browse_columns": field(
            "Browse column overrides",
            "object",
            'JSON object, e.g. {"stock.committed": "ld_det.ld_qty_com"}.',
            format="json",
        ),
    },
)

CONNECTION_TYPES = (CONNECTION_TYPE, QXTEND_CONNECTION_TYPE)
"""QAD's REST, and QXtend for QAD EE on premise: a tenant chooses one (``erp.transport``)."""
