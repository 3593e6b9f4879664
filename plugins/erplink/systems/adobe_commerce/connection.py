"""The adobe_commerce connection type: its form in Airflow's UI and the hook it builds."""

from __future__ import annotations

from erplink.hooks.connection_form import connection_type, field, rotation, secret, text

CONNECTION_TYPE = connection_type(
    "adobe_commerce",
    "erplink.systems.adobe_commerce.hooks.adobe_commerce.AdobeCommerceHook",
    "Adobe Commerce",
    ui={
        "hidden-fields": ["schema", "port", "login", "password"],
        "relabeling": {"host": "Base URL"},
        "placeholders": {"host": "https://shop.example.com or https://<server>.api.commerce.adobe.com/<tenant>"},
    },
    fields={
        "deployment": field(
            "Deployment",
            "string",
            "paas: integration tokens; cloud_service: Adobe IMS.",
            enum=["paas", "cloud_service"],
            default="paas",
        ),
        "store_code": field(
            "Store view code", "string", "Store view in the URL (PaaS) or Store header.", default="default"
        ),
        "consumer_key": text("Consumer key", "PaaS integration consumer key."),
        "consumer_secret": secret("Consumer secret", "PaaS integration consumer secret."),
        "access_token": secret("Access token", "PaaS integration access token."),
        "access_token_secret": secret("Access token secret", "PaaS integration access token secret."),
        "ims_client_id": text("IMS client id", "Cloud Service: Adobe Developer Console client id."),
        "ims_client_secret": secret("IMS client secret", "Cloud Service: client secret."),
        "ims_org_id": text("IMS org id", "Cloud Service: sent as x-gw-ims-org-id."),
        "ims_scopes": text("IMS scopes", "Comma-separated scopes requested from IMS."),
        "ims_token_url": text("IMS token URL", "Default https://ims-na1.adobelogin.com/ims/token/v3."),
        "webhook_public_key": text(
            "Webhook public key",
            "PEM public key that verifies the webhook signatures Commerce sends.",
            format="multiline",
        ),
        **rotation("Webhook public key", "webhook_public_key", is_secret=False),
    },
)
