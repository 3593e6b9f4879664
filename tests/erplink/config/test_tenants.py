"""Tenant configuration: the shipped file is valid, and a bad entry is named without hiding the good ones."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from erplink.config.tenants import DEFAULT_CONFIG_PATH, load_tenants, parse_tenants

SHIPPED = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
# The shipped document with its first entry only (QAD ↔ WooCommerce's demo): the tests below change that entry and
# judge it alone.
SHIPPED_DEMO = {**SHIPPED, "tenants": SHIPPED["tenants"][:1]}


def test_shipped_configuration_is_valid_and_points_at_the_demo_connections() -> None:
    loaded = parse_tenants(SHIPPED)
    assert loaded.errors == ()
    demo = loaded.get("demo")
    assert demo.store.conn_id == "erplink_woo_demo"
    assert demo.erp.conn_id == "erplink_qad_demo"
    assert demo.orders.sale_statuses == ("processing", "completed")


def test_a_bad_entry_names_entry_and_field_and_keeps_the_other_tenants() -> None:
    document = copy.deepcopy(SHIPPED_DEMO)
    broken = copy.deepcopy(document["tenants"][0])
    broken["name"] = "acme"
    broken["orders"]["sale_statuses"] = ["processing", "shipped"]
    broken["erp"].pop("site")
    document["tenants"].append(broken)

    loaded = parse_tenants(document)

    assert [t.name for t in loaded.tenants] == ["demo"]
    (error,) = loaded.errors
    assert error.entry == "acme"
    message = str(error)
    assert "orders.sale_statuses" in message and "shipped" in message
    assert "erp.site" in message


def test_duplicate_tenant_names_are_rejected() -> None:
    document = copy.deepcopy(SHIPPED_DEMO)
    document["tenants"].append(copy.deepcopy(document["tenants"][0]))
    loaded = parse_tenants(document)
    assert len(loaded.tenants) == 1
    assert "used by an earlier entry" in str(loaded.errors[0])


def test_integration_and_systems_must_agree() -> None:
    document = copy.deepcopy(SHIPPED_DEMO)
    document["tenants"][0]["store"]["system"] = "bigcommerce"
    loaded = parse_tenants(document)
    assert loaded.tenants == ()
    assert "store.system" in str(loaded.errors[0]) and "'woocommerce'" in str(loaded.errors[0])


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "tenants.yaml"
    bad.write_text("tenants: [unclosed")
    loaded = load_tenants(bad)
    assert loaded.tenants == ()
    assert "tenants.yaml" in str(loaded.errors[0])


def _with_store(**store: object) -> dict:
    """The shipped document with the demo entry's store settings replaced (None removes a key)."""
    document = copy.deepcopy(SHIPPED_DEMO)
    entry = document["tenants"][0]["store"]
    for key, value in store.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return document


def _store_problems(**store: object) -> str:
    loaded = parse_tenants(_with_store(**store))
    assert loaded.tenants == (), "the entry was accepted"
    (error,) = loaded.errors
    return str(error)


def test_webhooks_on_without_a_receiver_url_is_an_error_naming_the_field() -> None:
    """Before, registration and the health check silently did nothing: no webhook ever arrived."""
    message = _store_problems(webhooks=True, webhook_base_url=None)
    assert "store.webhook_base_url" in message and "required while webhooks is true" in message


def test_webhooks_off_needs_no_receiver_url() -> None:
    loaded = parse_tenants(_with_store(webhooks=False, webhook_base_url=None, webhook_receiver_on_store_host=None))
    assert loaded.errors == () and loaded.get("demo").store.webhook_base_url is None


def test_a_public_https_receiver_on_a_port_wordpress_delivers_to_is_valid() -> None:
    for url in ("https://hooks.example.com", "https://hooks.example.com:443/airflow", "http://hooks.example.com:8080"):
        loaded = parse_tenants(_with_store(webhook_base_url=url, webhook_receiver_on_store_host=None))
        assert loaded.errors == (), url


def test_a_receiver_on_a_port_wordpress_never_calls_is_an_error() -> None:
    message = _store_problems(webhook_base_url="https://hooks.example.com:9443", webhook_receiver_on_store_host=None)
    assert "store.webhook_base_url" in message and "port 9443" in message and "80, 443 and 8080" in message


def test_a_private_or_loopback_receiver_is_an_error_unless_it_runs_on_the_store_host() -> None:
    for url in ("http://127.0.0.1:8080", "https://10.1.2.3", "https://192.168.0.5", "https://172.20.0.1",
                "http://localhost:8080"):
        message = _store_problems(webhook_base_url=url, webhook_receiver_on_store_host=None)
        assert "store.webhook_base_url" in message and "private or loopback" in message, url
        assert "webhook_receiver_on_store_host" in message, "the escape hatch is named"
    loaded = parse_tenants(_with_store(webhook_base_url="http://127.0.0.1:54321", webhook_receiver_on_store_host=True))
    assert loaded.errors == ()


def test_urls_wordpress_refuses_outright_are_errors_even_on_the_store_host() -> None:
    for url, says in (("http://[::1]:8080", "IPv6"), ("https://user:pw@hooks.example.com", "user or password"),
                      ("ftp://hooks.example.com", "http:// or https://")):
        message = _store_problems(webhook_base_url=url, webhook_receiver_on_store_host=True)
        assert says in message, url
        assert "pw@" not in message, "the URL's password is never echoed"
