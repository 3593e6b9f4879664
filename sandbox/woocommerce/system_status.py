"""`GET /system_status/tools` (and one tool by id): the tools of WooCommerce > Status > Tools, which Airbyte's
WooCommerce source calls to check a connection. The list is not paged: the controller returns every tool at once,
without X-WP-Total headers (woocommerce `Version2/class-wc-rest-system-status-tools-v2-controller.php`,
`get_tools()` and `get_items()`; the tool's `button` label is sent as `action`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox.woocommerce.auth import ApiKey, require
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.errors import WooError
from sandbox.woocommerce.http import Query, json_response
from sandbox.woocommerce.query_args import check_typed
from sandbox.woocommerce.state import WooState

_NOTE = '<strong class="red">Note:</strong> '
# (id, name, action, description) in the controller's order, without the tools only a plugin adds.
TOOLS: tuple[tuple[str, str, str, str], ...] = (
    ("clear_transients", "WooCommerce transients", "Clear transients",
     "This tool will clear the product/shop transients cache."),
    ("clear_expired_transients", "Expired transients", "Clear transients",
     "This tool will clear ALL expired transients from WordPress."),
    ("delete_orphaned_variations", "Orphaned variations", "Delete orphaned variations",
     "This tool will delete all variations which have no parent."),
    ("clear_expired_download_permissions", "Used-up download permissions", "Clean up download permissions",
     "This tool will delete expired download permissions and permissions with 0 remaining downloads."),
    ("regenerate_product_lookup_tables", "Product lookup tables", "Regenerate",
     "This tool will regenerate product lookup table data. This process may take a while."),
    ("recount_terms", "Term counts", "Recount terms",
     "This tool will recount product terms - useful when changing your settings in a way which hides products "
     "from the catalog."),
    ("reset_roles", "Capabilities", "Reset capabilities",
     "This tool will reset the admin, customer and shop_manager roles to default. Use this if your users cannot "
     "access all of the WooCommerce admin pages."),
    ("clear_sessions", "Clear customer sessions", "Clear",
     _NOTE + "This tool will delete all customer session data from the database, including current carts and "
     "saved carts in the database."),
    ("clear_template_cache", "Clear template cache", "Clear", _NOTE + "This tool will empty the template cache."),
    ("clear_system_status_theme_info_cache", "Clear system status theme info cache", "Clear",
     _NOTE + "This tool will empty the system status theme info cache."),
    ("install_pages", "Create default WooCommerce pages", "Create pages",
     _NOTE + "This tool will install all the missing WooCommerce pages. Pages already defined and set up will "
     "not be replaced."),
    ("delete_taxes", "Delete WooCommerce tax rates", "Delete tax rates",
     _NOTE + "This option will delete ALL of your tax rates, use with caution. This action cannot be reversed."),
    ("regenerate_thumbnails", "Regenerate shop thumbnails", "Regenerate",
     "This will regenerate all shop thumbnails to match your theme and/or image settings."),
    ("db_update_routine", "Update database", "Update database",
     _NOTE + "This tool will update your WooCommerce database to the latest version. Please ensure you make "
     "sufficient backups before proceeding."),
    ("verify_db_tables", "Verify base database tables", "Verify database",
     "Verify if all base database tables are present."),
)


def tool_document(api_url: str, tool: tuple[str, str, str, str]) -> dict:
    tool_id, name, action, description = tool
    return {"id": tool_id, "name": name, "action": action, "description": description,
            "_links": {"item": [{"href": f"{api_url}/system_status/tools/{tool_id}", "embeddable": True}]}}


def all_tools(api_url: str) -> list[dict]:
    return [tool_document(api_url, tool) for tool in TOOLS]


def one_tool(api_url: str, tool_id: str) -> dict:
    for tool in TOOLS:
        if tool[0] == tool_id:
            return tool_document(api_url, tool)
    raise WooError("woocommerce_rest_system_status_tool_invalid_id", "Invalid tool ID.", 404)


def add_system_status_routes(router: APIRouter, state: WooState, key: Any) -> None:
    @router.get("/system_status/tools")
    async def list_tools(request: Request, caller: ApiKey | None = key) -> Response:
        check_typed(Query(request), enums={"context": ("view", "edit")})
        require(caller, "list")
        return json_response(wp_json(all_tools(state.docs.api_url)))

    @router.get("/system_status/tools/{tool_id}")
    async def get_tool(tool_id: str, caller: ApiKey | None = key) -> Response:
        require(caller, "view")
        return json_response(wp_json(one_tool(state.docs.api_url, tool_id)))
