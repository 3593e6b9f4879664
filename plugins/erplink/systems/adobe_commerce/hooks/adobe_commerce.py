"""Adobe Commerce (Magento 2.4) REST hook: PaaS integration tokens or Cloud Service IMS credentials."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal

import requests

from erplink.auth import OAuth1TokenAuth, OAuth2ClientCredentials
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import ConnectionConfigError, ExtraSettings, OptionalInstant, OptionalText, base_url
from erplink.http.client import RestClient
from erplink.systems.adobe_commerce.error_body import magento_error
from erplink.systems.adobe_commerce.id_walk import ID_FIELD, walk_by_id

IMS_TOKEN_URL = "https://ims-na1.adobelogin.com/ims/token/v3"
IMS_SCOPES = "openid,AdobeID,email,profile,additional_info.roles,additional_info.projectedProductContext,commerce.accs"


class AdobeCommerceSettings(ExtraSettings):
    deployment: Literal["paas", "cloud_service"] = "paas"
    store_code: str = "default"
    consumer_key: OptionalText = None
    consumer_secret: OptionalText = None
    access_token: OptionalText = None
    access_token_secret: OptionalText = None
    ims_client_id: OptionalText = None
    ims_client_secret: OptionalText = None
    ims_org_id: OptionalText = None
    ims_scopes: str = IMS_SCOPES
    ims_token_url: str = IMS_TOKEN_URL
    # PEM public key the webhook receiver verifies Commerce's signatures with (public: not a secret), and the key
    # before the last rotation, accepted until the instant given (see webhooks/keys.py).
    webhook_public_key: OptionalText = None
    webhook_public_key_previous: OptionalText = None
    webhook_public_key_previous_valid_until: OptionalInstant = None


class AdobeCommerceHook(ErplinkHook[AdobeCommerceSettings]):
    """PaaS: ``<host>/rest/<store_code>/V1`` signed with OAuth 1.0a integration tokens (HMAC-SHA256; bearer use
    of integration tokens is off by default since 2.4.4). Cloud Service: ``<host>/V1`` (the host includes the
    tenant id) with an IMS client-credentials token, ``x-api-key``, ``x-gw-ims-org-id`` and a ``Store`` header.
    """

    conn_name_attr = "adobe_commerce_conn_id"
    default_conn_name = "adobe_commerce_default"
    conn_type = "adobe_commerce"
    hook_name = "Adobe Commerce"
    system: ClassVar[str] = "adobe_commerce"
    settings_model = AdobeCommerceSettings

    def __init__(self, *, adobe_commerce_conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id=adobe_commerce_conn_id, **kwargs)

    @property
    def secrets(self) -> list[str]:
        s = self.settings
        return [v for v in (s.consumer_secret, s.access_token, s.access_token_secret, s.ims_client_secret) if v]

    def _needed(self, **values: str | None) -> dict[str, str]:
        for name, value in values.items():
            if not value:
                raise ConnectionConfigError(
                    self.conn_id, name, f"is required for deployment {self.settings.deployment!r}"
                )
        return values  # type: ignore[return-value]

    def _build_client(self) -> RestClient:
        s = self.settings
        host = base_url(self.conn_id, self.connection.host, port=self.connection.port)
        if s.deployment == "paas":
            creds = self._needed(
                consumer_key=s.consumer_key,
                consumer_secret=s.consumer_secret,
                access_token=s.access_token,
                access_token_secret=s.access_token_secret,
            )
            auth: requests.auth.AuthBase = OAuth1TokenAuth(
                creds["consumer_key"],
                creds["consumer_secret"],
                creds["access_token"],
                creds["access_token_secret"],
                signature_method="HMAC-SHA256",
            )
            return self._rest_client(base_url=f"{host}/rest/{s.store_code}/V1", auth=auth, error_parser=magento_error)
        creds = self._needed(
            ims_client_id=s.ims_client_id, ims_client_secret=s.ims_client_secret, ims_org_id=s.ims_org_id
        )
        auth = OAuth2ClientCredentials(
            s.ims_token_url,
            creds["ims_client_id"],
            creds["ims_client_secret"],
            scope=s.ims_scopes,
            **self.token_request_options,
        )
        headers = {"x-api-key": creds["ims_client_id"], "x-gw-ims-org-id": creds["ims_org_id"], "Store": s.store_code}
        return self._rest_client(base_url=f"{host}/V1", auth=auth, error_parser=magento_error, headers=headers)

    def _check_connection(self) -> str:
        views = self.client.get_json("store/storeViews", endpoint="GET store/storeViews") or []
        return f"Adobe Commerce answered; {len(views)} store views"

    def search(
        self,
        resource: str,
        filters: Mapping[str, str] | None = None,
        *,
        page_size: int = 100,
        id_field: str = ID_FIELD,
    ) -> Iterator[dict[str, Any]]:
        """Every row of a searchCriteria list (``orders``, ``invoices``, ``creditmemos``, ``customers/search``
        with ``id_field="id"``, ...) matching ``filters`` (filter groups from 1 on), each once, in id order.

        The walk goes by id (``id_walk``), never by page number: Magento shuffles rows with equal sort keys, moves
        rows edited while the pages are read and repeats the last page past the end, so a page-number walk can
        lose rows or read them twice.
        """
        return walk_by_id(self, resource, filters or {}, page_size=page_size, id_field=id_field)

    def get_order(self, order_id: int) -> dict[str, Any]:
        order: dict[str, Any] = self.client.get_json(f"orders/{int(order_id)}", endpoint="GET orders/{id}")
        return order
