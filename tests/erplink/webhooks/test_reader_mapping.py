"""The receiver reads the store systems it is given readers for, each signing key from the field its reader names."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from fastapi.testclient import TestClient

from erplink.ledger import Ledger
from erplink.systems.adobe_commerce.webhooks import AdobeCommerceReader
from erplink.systems.bigcommerce.webhooks import BigCommerceReader
from erplink.systems.woocommerce.webhooks import WooCommerceReader
from erplink.webhooks.app import create_standalone_app, store_readers
from erplink.webhooks.cache import TtlCache
from erplink.webhooks.deliveries import DeliveryReader
from erplink.webhooks.keys import ConnectionKeySource
from erplink.webhooks.receiver import WebhookReceiver, build_readers, key_fields
from erplink.webhooks.tenants import MappingTenantResolver
from erplink.webhooks.wake import WakeCoalescer
from tests.erplink.webhooks.support import (
    TENANTS,
    WOO_CONN,
    WOO_SECRET,
    ManualTimers,
    RecordingWaker,
    connection_env,
    dumps,
    woo_headers,
    woo_order,
)


class SecretElsewhereReader(WooCommerceReader):
    """WooCommerce deliveries, with the signing secret kept in an extras field of another name."""

    key_field = "signing_secret"


def _client(ledger: Ledger, readers: Mapping[str, Callable[[], DeliveryReader]]) -> TestClient:
    built = build_readers(readers)
    receiver = WebhookReceiver(
        readers=built,
        tenants=MappingTenantResolver(TENANTS),
        keys=ConnectionKeySource(TtlCache(0), key_fields=key_fields(built)),
        inbox=ledger,
        wakes=WakeCoalescer(RecordingWaker(), interval=60, dispatch=lambda job: job(), schedule=ManualTimers()),
        consumed_systems={"woocommerce", "bigcommerce"},
    )
    return TestClient(create_standalone_app(receiver))


def _post_order(client: TestClient) -> int:
    body = dumps(woo_order())
    return client.post("/erplink/webhooks/woocommerce/shop1", content=body, headers=woo_headers(body)).status_code


def test_a_system_the_mapping_gives_no_reader_is_not_found(sqlite_ledger: Ledger) -> None:
    client = _client(sqlite_ledger, {"woocommerce": WooCommerceReader})
    response = client.post("/erplink/webhooks/bigcommerce/bcshop", content=b"{}")
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    assert _post_order(client) == 200


def test_the_signing_key_is_read_from_the_extras_field_its_reader_names(sqlite_ledger: Ledger,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    name, value = connection_env(WOO_CONN, {"signing_secret": WOO_SECRET})
    monkeypatch.setenv(name, value)
    assert _post_order(_client(sqlite_ledger, {"woocommerce": SecretElsewhereReader})) == 200
    # The usual reader looks in `webhook_secret`, which this connection does not hold: no key, no delivery.
    assert _post_order(_client(sqlite_ledger, {"woocommerce": WooCommerceReader})) == 503


def test_the_app_reads_the_deliveries_of_every_store_system_that_has_a_reader() -> None:
    built = build_readers(store_readers())
    assert {system: type(reader) for system, reader in built.items()} == {
        "woocommerce": WooCommerceReader, "bigcommerce": BigCommerceReader, "adobe_commerce": AdobeCommerceReader}
