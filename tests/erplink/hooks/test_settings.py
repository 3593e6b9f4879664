import pytest

from erplink.hooks.settings import ConnectionConfigError, ExtraSettings, Flag, JsonStrMap, base_url, read_extras


class Sample(ExtraSettings):
    allow_insecure_http: Flag = False
    store_code: str = "default"
    routes: JsonStrMap = {}


def test_plain_and_prefixed_extra_keys_are_both_read():
    settings = read_extras("c", "woocommerce", {"extra__woocommerce__store_code": "eu", "timeout": "12"}, Sample)
    assert settings.store_code == "eu"
    assert settings.timeouts == (10.0, 12.0)


def test_text_booleans_from_the_form_are_understood():
    assert read_extras("c", "t", {"allow_insecure_http": "true", "verify": "false"}, Sample).allow_insecure_http
    assert read_extras("c", "t", {"verify": "false"}, Sample).verify is False
    assert read_extras("c", "t", {"verify": "/etc/ca.pem"}, Sample).verify == "/etc/ca.pem"


def test_null_from_an_empty_form_field_means_the_default():
    assert read_extras("c", "t", {"timeout": None, "store_code": None}, Sample).timeout == 30.0


def test_json_object_fields_are_read_from_the_forms_text_and_blank_means_none():
    assert read_extras("c", "t", {"routes": '{"items": "api/Item"}'}, Sample).routes == {"items": "api/Item"}
    assert read_extras("c", "t", {"routes": "  "}, Sample).routes == {}
    assert read_extras("c", "t", {"routes": {"items": "api/Item"}}, Sample).routes == {"items": "api/Item"}
    for malformed in ('{"items": ', '["api/Item"]'):
        with pytest.raises(ConnectionConfigError) as caught:
            read_extras("c", "t", {"routes": malformed}, Sample)
        assert caught.value.field == "routes"


def test_validation_error_names_connection_and_field_but_not_the_value():
    with pytest.raises(ConnectionConfigError) as caught:
        read_extras("shop", "t", {"timeout": "cs_super_secret_value"}, Sample)
    assert caught.value.field == "timeout"
    assert "'shop'" in str(caught.value)
    assert "cs_super_secret_value" not in str(caught.value)


def test_unknown_extra_keys_are_refused_so_typos_surface():
    with pytest.raises(ConnectionConfigError, match="'store_cod'"):
        read_extras("c", "t", {"store_cod": "eu"}, Sample)


def test_base_url_defaults_scheme_and_port_and_refuses_other_schemes():
    assert base_url("c", "erp.local", default_port=8053) == "https://erp.local:8053"
    assert base_url("c", "http://erp.local:9000/api/", default_port=8053) == "http://erp.local:9000/api"
    assert base_url("c", "https://shop.example", port=8443) == "https://shop.example:8443"
    with pytest.raises(ConnectionConfigError, match="'host'"):
        base_url("c", "ftp://shop.example")
    with pytest.raises(ConnectionConfigError, match="'host': is required"):
        base_url("c", None)
