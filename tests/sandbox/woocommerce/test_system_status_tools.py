"""`GET /system_status/tools`, which Airbyte's WooCommerce connection check calls: every tool of WooCommerce >
Status > Tools as `{id, name, action, description}`, unpaged (woocommerce
`class-wc-rest-system-status-tools-v2-controller.php`, `get_items()`)."""

from __future__ import annotations


def test_the_tools_are_listed_whole_with_id_name_action_and_description(store):
    response = store.get("/system_status/tools")
    assert response.status_code == 200
    tools = response.json()
    assert "X-WP-Total" not in response.headers, "the controller does not page this list"
    assert {"clear_transients", "regenerate_product_lookup_tables", "db_update_routine"} <= {t["id"] for t in tools}
    for tool in tools:
        assert set(tool) == {"id", "name", "action", "description", "_links"}
        assert all(isinstance(tool[k], str) and tool[k] for k in ("id", "name", "action", "description"))
        assert tool["_links"]["item"][0]["href"].endswith(f"/wc/v3/system_status/tools/{tool['id']}")


def test_a_read_only_key_can_list_them_through_the_official_client(store):
    response = store.http_api(store.state.read_key).get("system_status/tools")
    assert response.status_code == 200 and response.json()


def test_one_tool_and_an_unknown_one(store):
    assert store.get("/system_status/tools/clear_transients").json()["action"] == "Clear transients"
    unknown = store.get("/system_status/tools/make_coffee")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "woocommerce_rest_system_status_tool_invalid_id")


def test_without_credentials_the_tools_are_refused(store):
    response = store.get("/system_status/tools", auth=None)
    assert response.status_code == 401
