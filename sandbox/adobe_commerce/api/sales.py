"""Orders, their status history comments, invoices and credit memos."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, Body, Request

from sandbox.adobe_commerce.api.gateway import authorize
from sandbox.adobe_commerce.api.listing import columns, search
from sandbox.adobe_commerce.errors import MagentoError, no_such_entity
from sandbox.adobe_commerce.records import Document
from sandbox.adobe_commerce.state import StoreState

ORDERS_RESOURCE = "Magento_Sales::actions_view"
COMMENT_RESOURCE = "Magento_Sales::comment"
INVOICES_RESOURCE = "Magento_Sales::sales_invoice"
CREDITMEMOS_RESOURCE = "Magento_Sales::sales_creditmemo"
ORDER_FIELDS = columns(
    "entity_id", "increment_id", "status", "state", "created_at", "updated_at", "customer_id", "customer_email",
    "customer_is_guest", "store_id", "grand_total", "order_currency_code",
)  # fmt: skip
SALES_DOCUMENT_FIELDS = columns("entity_id", "increment_id", "order_id", "state", "created_at", "updated_at")
REQUIRED_COMMENT_FIELDS = ("comment", "is_customer_notified", "is_visible_on_front", "parent_id")


def render_order(state: StoreState, order: Document) -> Document:
    """As the REST layer prints it; every n-th order without its `extension_attributes` block (a store whose
    extensions add none for it)."""
    every = state.options.omit_extension_attributes_every
    if every and order["entity_id"] % every == 0:
        return {key: value for key, value in order.items() if key != "extension_attributes"}
    return order


def comments_list(order: Document) -> dict[str, Any]:
    """`GET orders/{id}/comments` (`OrderManagementInterface::getCommentsList`): the order's status history as a
    search result. Magento's `OrderService::getCommentsList` (Magento_Sales) filters on `parent_id` and sets no sort
    order, so the rows come in the table's order (ids ascending, oldest first), unlike the order's own
    `status_histories` (newest first); a client must not take the first row for the newest."""
    comments = sorted(order["status_histories"], key=lambda comment: comment["entity_id"])
    criteria = {"filter_groups": [{"filters": [
        {"field": "parent_id", "value": str(order["entity_id"]), "condition_type": "eq"}]}]}  # fmt: skip
    return {"items": copy.deepcopy(comments), "search_criteria": criteria, "total_count": len(comments)}


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    @router.get("/orders")
    def list_orders(request: Request) -> dict[str, Any]:
        authorize(state, request, ORDERS_RESOURCE)
        answer, _criteria, matching = search(state, request, state.records.orders.values(), ORDER_FIELDS)
        answer["items"] = [render_order(state, order) for order in answer["items"]]
        with state.lock:
            state.order_page_requests += 1
            every = state.options.churn_every_pages
            if every and state.order_page_requests % every == 0:
                state.churn(matching)
        return answer

    @router.get("/orders/{order_id}")
    def get_order(order_id: str, request: Request) -> Document:
        authorize(state, request, ORDERS_RESOURCE)
        order = state.records.orders.get(int(order_id)) if order_id.isdigit() else None
        if order is None:
            raise no_such_entity()
        with state.lock:
            return render_order(state, copy.deepcopy(order))

    @router.get("/orders/{order_id}/comments")
    def list_comments(order_id: str, request: Request) -> dict[str, Any]:
        authorize(state, request, COMMENT_RESOURCE)  # the route's ACL resource in Magento_Sales' webapi.xml
        order = state.records.orders.get(int(order_id)) if order_id.isdigit() else None
        if order is None:
            raise no_such_entity()
        with state.lock:
            return comments_list(order)

    @router.post("/orders/{order_id}/comments")
    def add_comment(order_id: str, request: Request, body: Any = Body(None)) -> bool:  # noqa: B008
        authorize(state, request, COMMENT_RESOURCE)
        history = body.get("statusHistory") if isinstance(body, dict) else None
        if not isinstance(history, dict):
            raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": "statusHistory"})
        for name in REQUIRED_COMMENT_FIELDS:
            if history.get(name) is None:
                raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": name})
        if not order_id.isdigit() or int(order_id) not in state.records.orders:
            raise no_such_entity()
        state.add_comment(int(order_id), history)
        return True

    @router.get("/invoices")
    def list_invoices(request: Request) -> dict[str, Any]:
        authorize(state, request, INVOICES_RESOURCE)
        return search(state, request, state.records.invoices.values(), SALES_DOCUMENT_FIELDS)[0]

    @router.get("/creditmemos")
    def list_credit_memos(request: Request) -> dict[str, Any]:
        authorize(state, request, CREDITMEMOS_RESOURCE)
        return search(state, request, state.records.creditmemos.values(), SALES_DOCUMENT_FIELDS)[0]

    return router
