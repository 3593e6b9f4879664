"""The wc/v3 routes. Each handler does what WordPress does, in its order: authenticate (in `key`), validate the
arguments, check the caller may do this, then act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from sandbox.woocommerce.auth import ApiKey, require
from sandbox.woocommerce.coupon_routes import add_coupon_routes
from sandbox.woocommerce.customers import CUSTOMER_ORDERBY, CUSTOMER_ROLES, CustomerQuery
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.errors import WooError, invalid_param
from sandbox.woocommerce.http import Query, authenticated_key, created_response, json_response, listing, read_body
from sandbox.woocommerce.links import API_PATH
from sandbox.woocommerce.orders import ORDER_ORDERBY, STATUS_FILTER_VALUES, OrderQuery
from sandbox.woocommerce.origin import request_origin
from sandbox.woocommerce.params import as_enum, as_enum_list, as_int, as_list, parse_page
from sandbox.woocommerce.products import PRODUCT_ORDERBY, PRODUCT_STATUSES, PRODUCT_TYPES, STOCK_STATUSES, ProductQuery
from sandbox.woocommerce.query_args import date_filters, force_flag, id_list, sorting
from sandbox.woocommerce.refund_routes import add_refund_routes
from sandbox.woocommerce.state import WooState
from sandbox.woocommerce.system_status import add_system_status_routes
from sandbox.woocommerce.webhooks import WEBHOOK_STATUSES

EDITABLE = ["POST", "PUT", "PATCH"]
Render = Callable[[int, Request], bytes]  # a document's JSON for one request


def build_router(state: WooState) -> APIRouter:
    async def key(request: Request) -> ApiKey | None:
        return authenticated_key(state, request)

    router = APIRouter(prefix=API_PATH)
    Key = Depends(key)

    async def batch(request: Request, caller: ApiKey | None, create: Callable[[dict], bytes],
                    update: Callable[[int, dict], bytes], delete: Callable[[int], bytes]) -> Response:
        body = await read_body(request)
        require(caller, "batch")
        groups = {name: body.get(name) or [] for name in ("create", "update", "delete")}
        if sum(len(items) for items in groups.values()) > state.batch_limit:
            raise WooError("woocommerce_rest_request_entity_too_large",
                           f"Unable to accept more than {state.batch_limit} items for this request.", 413)
        parts = []
        for name, items in groups.items():
            if name not in body:
                continue
            results = []
            for item in items:
                item_id = item if name == "delete" else item.get("id", 0) if isinstance(item, dict) else 0
                try:
                    if name == "create":
                        results.append(create(item))
                    elif name == "update":
                        results.append(update(int(item.get("id", 0)), item))
                    else:
                        results.append(delete(int(item)))
                except WooError as error:  # per-item failures are reported inside a 200
                    results.append(wp_json({"id": item_id, "error": {"code": error.code, "message": error.message,
                                                                     "data": {"status": error.status}}}))
            parts.append(b'"' + name.encode() + b'":[' + b",".join(results) + b"]")
        return json_response(b"{" + b",".join(parts) + b"}")

    def add_item_routes(path: str, items: Any, *, batchable: bool, editable: bool, view: Render | None = None,
                        saved: Render | None = None) -> None:
        """Create and read one item of a top-level collection (products, orders, customers, webhooks); with
        `editable` also update and delete it, with `batchable` also the `/batch` route. Every such collection
        goes through the same WordPress CRUD controller, so one set of handlers serves them all. `view` renders a
        read, `saved` the answer to a create or update (WordPress's `edit` context); both default to
        `items.json`."""
        view = view or (lambda item_id, _request: items.json(item_id))
        saved = saved or view

        @router.post(path)
        async def create_item(request: Request, caller: ApiKey | None = Key) -> Response:
            body = await read_body(request)
            require(caller, "create")
            item = items.create(body)
            return created_response(state, saved(item["id"], request), f"{path}/{item['id']}")

        if batchable:
            @router.post(f"{path}/batch")
            async def batch_items(request: Request, caller: ApiKey | None = Key) -> Response:
                return await batch(request, caller, lambda b: saved(items.create(b)["id"], request),
                                   lambda i, b: saved(items.update(i, b)["id"], request),
                                   lambda i: wp_json(items.delete(i, force=True)))

        @router.get(f"{path}/{{item_id:int}}")
        async def get_item(item_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
            require(caller, "view")
            return json_response(view(item_id, request))

        if not editable:
            return

        @router.api_route(f"{path}/{{item_id:int}}", methods=EDITABLE)
        async def update_item(item_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
            body = await read_body(request)
            require(caller, "edit")
            items.update(item_id, body)
            return json_response(saved(item_id, request))

        @router.delete(f"{path}/{{item_id:int}}")
        async def delete_item(item_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
            force = force_flag(Query(request))
            require(caller, "delete")
            return json_response(wp_json(items.delete(item_id, force=force)))

    # products --------------------------------------------------------------------------------------------------
    def product_query(query: Query, parent: int | None = None) -> ProductQuery:
        return ProductQuery(
            skus=tuple(as_list(query.lists.get("sku", []))),
            type=as_enum("type", query.first["type"], PRODUCT_TYPES) if "type" in query.first else None,
            status=as_enum("status", query.first.get("status", "any"), ("any", "trash", *PRODUCT_STATUSES)),
            stock_status=as_enum("stock_status", query.first["stock_status"], STOCK_STATUSES)
            if "stock_status" in query.first else None,
            include=id_list("include", query), exclude=id_list("exclude", query), search=query.first.get("search"),
            parent=parent, **date_filters(query), **sorting(query, PRODUCT_ORDERBY, "date", "desc"))

    @router.get("/products")
    async def list_products(request: Request, caller: ApiKey | None = Key) -> Response:
        query = Query(request)
        page, product_query_ = parse_page(query.first), product_query(query)
        require(caller, "list")
        return listing(state, request, "/products", state.products.query(product_query_), page,
                       state.products.json)

    add_item_routes("/products", state.products, batchable=True, editable=True,
                    saved=lambda product_id, _request: state.products.edit_json(product_id))

    @router.get("/products/{product_id:int}/variations")
    async def list_variations(product_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
        query = Query(request)
        page, variation_query = parse_page(query.first), product_query(query, parent=product_id)
        require(caller, "list")
        state.products.get(product_id)
        return listing(state, request, f"/products/{product_id}/variations", state.products.query(variation_query),
                       page, lambda vid: state.products.variation_json(product_id, vid))

    @router.post("/products/{product_id:int}/variations")
    async def create_variation(product_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
        body = await read_body(request)
        require(caller, "create")
        variation = state.products.create_variation(product_id, body)
        return created_response(state, state.products.variation_json(product_id, variation["id"]),
                                f"/products/{product_id}/variations/{variation['id']}")

    @router.post("/products/{product_id:int}/variations/batch")
    async def batch_variations(product_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
        products = state.products
        return await batch(
            request, caller,
            lambda b: products.variation_json(product_id, products.create_variation(product_id, b)["id"]),
            lambda i, b: products.variation_json(product_id, products.update_variation(product_id, i, b)["id"]),
            lambda i: wp_json(products.delete_variation(product_id, i, force=True)))

    @router.get("/products/{product_id:int}/variations/{variation_id:int}")
    async def get_variation(product_id: int, variation_id: int, caller: ApiKey | None = Key) -> Response:
        require(caller, "view")
        return json_response(state.products.variation_json(product_id, variation_id))

    @router.api_route("/products/{product_id:int}/variations/{variation_id:int}", methods=EDITABLE)
    async def update_variation(product_id: int, variation_id: int, request: Request,
                               caller: ApiKey | None = Key) -> Response:
        body = await read_body(request)
        require(caller, "edit")
        state.products.update_variation(product_id, variation_id, body)
        return json_response(state.products.variation_json(product_id, variation_id))

    @router.delete("/products/{product_id:int}/variations/{variation_id:int}")
    async def delete_variation(product_id: int, variation_id: int, request: Request,
                               caller: ApiKey | None = Key) -> Response:
        force = force_flag(Query(request))
        require(caller, "delete")
        return json_response(wp_json(state.products.delete_variation(product_id, variation_id, force=force)))

    # orders ----------------------------------------------------------------------------------------------------
    @router.get("/orders")
    async def list_orders(request: Request, caller: ApiKey | None = Key) -> Response:
        query = Query(request)
        page = parse_page(query.first)
        order_query = OrderQuery(
            statuses=tuple(as_enum_list("status", query.lists.get("status", ["any"]), STATUS_FILTER_VALUES)) or
            ("any",),
            include=id_list("include", query), exclude=id_list("exclude", query),
            customer=as_int("customer", query.first["customer"]) if "customer" in query.first else None,
            product=as_int("product", query.first["product"]) if "product" in query.first else None,
            search=query.first.get("search"), **date_filters(query), **sorting(query, ORDER_ORDERBY, "date", "desc"))
        require(caller, "list")
        origin = request_origin(request)
        return listing(state, request, "/orders", state.orders.query(order_query), page,
                       lambda order_id: state.orders.json(order_id, origin))

    add_item_routes("/orders", state.orders, batchable=True, editable=True,
                    view=lambda order_id, request: state.orders.json(order_id, request_origin(request)))
    add_refund_routes(router, state, Key)

    @router.post("/orders/{order_id:int}/refunds")
    async def create_refund(order_id: int, request: Request, caller: ApiKey | None = Key) -> Response:
        body = await read_body(request)
        require(caller, "create")
        refund = state.orders.create_refund(order_id, body)
        return created_response(state, state.orders.refund_json(order_id, refund["id"]),
                                f"/orders/{order_id}/refunds/{refund['id']}")

    @router.get("/orders/{order_id:int}/refunds/{refund_id:int}")
    async def get_refund(order_id: int, refund_id: int, caller: ApiKey | None = Key) -> Response:
        require(caller, "view")
        return json_response(state.orders.refund_json(order_id, refund_id))

    @router.delete("/orders/{order_id:int}/refunds/{refund_id:int}")
    async def delete_refund(order_id: int, refund_id: int, request: Request,
                            caller: ApiKey | None = Key) -> Response:
        force = force_flag(Query(request))
        require(caller, "delete")
        return json_response(wp_json(state.orders.delete_refund(order_id, refund_id, force=force)))

    # customers -------------------------------------------------------------------------------------------------
    @router.get("/customers")
    async def list_customers(request: Request, caller: ApiKey | None = Key) -> Response:
        query = Query(request)
        page = parse_page(query.first)
        email = query.first.get("email")
        if email is not None and "@" not in email:
            raise invalid_param("email", "Invalid email address.")
        customer_query = CustomerQuery(
            email=email, role=as_enum("role", query.first.get("role", "customer"), CUSTOMER_ROLES),
            include=id_list("include", query), exclude=id_list("exclude", query), search=query.first.get("search"),
            **sorting(query, CUSTOMER_ORDERBY, "name", "asc"))
        require(caller, "list")
        return listing(state, request, "/customers", state.customers.query(customer_query), page,
                       state.customers.json)

    add_item_routes("/customers", state.customers, batchable=False, editable=False)

    # webhooks --------------------------------------------------------------------------------------------------
    @router.get("/webhooks")
    async def list_webhooks(request: Request, caller: ApiKey | None = Key) -> Response:
        query = Query(request)
        page = parse_page(query.first)
        status = as_enum("status", query.first.get("status", "all"), ("all", *WEBHOOK_STATUSES))
        order = sorting(query, ("date", "id", "title"), "date", "desc")
        require(caller, "list")
        return listing(state, request, "/webhooks", state.webhooks.query(status, **order), page,
                       state.webhooks.json)

    add_item_routes("/webhooks", state.webhooks, batchable=False, editable=True)

    add_coupon_routes(router, state, Key)
    add_system_status_routes(router, state, Key)
    return router
