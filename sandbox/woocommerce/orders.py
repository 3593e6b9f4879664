"""Orders and their refunds: queries, creation, updates, deletion, refunds with WooCommerce's rules."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.seed.catalog import Sellable
from sandbox.seed.money import cents_to_str
from sandbox.seed.orders import (COUPON_CODE, RESTOCKED_META_KEY, OrderPlan, build_order, money_to_cents,
                                 refund_tax_lines)
from sandbox.woocommerce.documents import Documents, copied
from sandbox.woocommerce.errors import WooError, invalid_id, invalid_param
from sandbox.woocommerce.links import order_links, refund_links
from sandbox.woocommerce.list_filters import ListFilters
from sandbox.woocommerce.meta import apply_meta
from sandbox.woocommerce.order_fields import with_computed_fields
from sandbox.woocommerce.ordering import Ranking
from sandbox.woocommerce.origin import splice_origin
from sandbox.woocommerce.products import Products

ORDER_STATUSES = ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed")
# The checkout block registers `wc-checkout-draft` (an order being checked out), so the status enum the orders
# controller validates a filter against names it too; `any` leaves drafts out, as the Orders screen does.
STATUS_FILTER_VALUES = ("any", "trash", *ORDER_STATUSES, "checkout-draft")
ORDER_ORDERBY = ("date", "id", "include", "title", "slug", "modified")
GATEWAYS_WITH_REFUNDS = frozenset({"stripe", "paypal"})
BILLING_FIELDS = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode",
                  "country", "email", "phone")
SHIPPING_FIELDS = (*BILLING_FIELDS[:-2], "phone")  # no email; a phone since WooCommerce 5.6
WRITABLE_TEXT = ("customer_note", "payment_method", "payment_method_title", "transaction_id", "currency")


@dataclass(frozen=True)
class OrderQuery(ListFilters):
    statuses: tuple[str, ...] = ("any",)
    customer: int | None = None
    product: int | None = None


def _address(given: Any, fields: tuple[str, ...], name: str) -> dict:
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise invalid_param(name, f"{name} is not of type object.")
    return {key: str(given.get(key, "")) for key in fields}


class Orders:
    def __init__(self, docs: Documents):
        self.docs = docs

    # reading ---------------------------------------------------------------------------------------------------
    def get(self, order_id: int, *, status_for_missing: int = 404) -> dict:
        order = self.docs.orders.get(order_id)
        if order is None:
            raise invalid_id("shop_order", status_for_missing)
        return order

    def json(self, order_id: int, origin: str | None = None) -> bytes:
        """The order as the store prints it; URLs the store builds from the request's host (`payment_url`) use
        ``origin``, or the configured site URL when there is no request (a webhook payload)."""
        order = self.get(order_id)
        body = self.docs.cached_json("order", order_id, lambda: {
            **with_computed_fields(order, self._product_of), "_links": order_links(self.docs.api_url, order)})
        return splice_origin(body, origin or self.docs.site_url)

    def _product_of(self, product_id: int, variation_id: int) -> dict | None:
        if variation_id:
            return self.docs.variations.get(variation_id)
        return self.docs.products.get(product_id)

    def query(self, query: OrderQuery) -> Ranking:
        return self.docs.cached_ids("order", query, lambda: self._compute(query))

    def _compute(self, q: OrderQuery) -> Ranking:
        statuses = set(q.statuses)
        if "any" in statuses:
            # WC_REST_Orders_Controller::prepare_objects_query stops at `any` and queries WordPress's `any`, which
            # leaves the trash out: a list naming `any` reads as `any` alone, whatever else it names.
            statuses = set(ORDER_STATUSES)
        needle = q.search.lower() if q.search else None
        rows = []
        for order in self.docs.orders.values():
            if order["status"] not in statuses:
                continue
            if not q.admits(order):
                continue
            if q.customer is not None and order["customer_id"] != q.customer:
                continue
            if q.product is not None and not any(q.product in (line["product_id"], line["variation_id"])
                                                 for line in order["line_items"]):
                continue
            if needle and not self._matches(order, needle):
                continue
            rows.append(order)
        fixed = q.fixed_order(rows)
        if fixed is not None:
            return fixed
        # The orders table query sorts by the date column alone: no id tie-breaker (see ordering.py).
        column = "date_modified" if q.orderby == "modified" else "date_created"  # title/slug are made from the date
        return Ranking.of(rows, lambda o: o[column], reverse=q.descending)

    @staticmethod
    def _matches(order: dict, needle: str) -> bool:
        billing = order["billing"]
        haystack = [str(order["id"]), billing["first_name"], billing["last_name"], billing["email"],
                    *(line["name"] for line in order["line_items"])]
        return any(needle in text.lower() for text in haystack)

    # writing ---------------------------------------------------------------------------------------------------
    def create(self, body: Mapping[str, Any], *, created_via: str = "rest-api") -> dict:
        _check_quantities(body.get("line_items"))
        if "id" in body:
            raise WooError("woocommerce_rest_shop_order_exists", "Cannot create existing order.", 400)
        status = body.get("status", "pending")
        if status not in ORDER_STATUSES:
            raise invalid_param("status", f"status is not one of {', '.join(ORDER_STATUSES)}.")
        customer_id = self._customer_id(body.get("customer_id", 0))
        set_paid = bool(body.get("set_paid", False))
        if set_paid and status == "pending":
            status = "processing"
        with self.docs.lock:
            now = self.docs.now()
            order_id = self.docs.next_post_id()
            plan = OrderPlan(
                order_id=order_id, created=now, modified=now, status=status,
                customer_id=customer_id, billing=_address(body.get("billing"), BILLING_FIELDS, "billing"),
                shipping=_address(body.get("shipping"), SHIPPING_FIELDS, "shipping"),
                currency=str(body.get("currency", "USD")), lines=self._lines(body.get("line_items", [])),
                token=order_id * 2654435761, coupon=self._coupon(body.get("coupon_lines", [])),
                fees=[(str(fee.get("name", "")), money_to_cents(str(fee.get("total", "0"))))
                      for fee in body.get("fee_lines", [])],
                shipping_lines=[(str(line.get("method_id", "")), str(line.get("method_title", "")),
                                 money_to_cents(str(line.get("total", "0"))), str(line.get("instance_id", "")))
                                for line in body.get("shipping_lines", [])],
                payment_method=(str(body.get("payment_method", "")), str(body.get("payment_method_title", ""))),
                paid=set_paid or status in ("processing", "completed"), created_via=created_via, meta=[],
                customer_note=str(body.get("customer_note", "")))
            order = build_order(plan, self.docs.next_item_id, self.docs.next_meta_id)
            order["transaction_id"] = str(body.get("transaction_id", ""))
            order["meta_data"] = apply_meta([], body.get("meta_data", []), self.docs.next_meta_id)
            self.docs.orders[order["id"]] = order
            self.docs.changed(["order"])
        # A new order fires both topics: WooCommerce saves it once as new and once as updated.
        self.docs.emit("order", "created", order["id"])
        self.docs.emit("order", "updated", order["id"])
        return order

    def update(self, order_id: int, body: Mapping[str, Any]) -> dict:
        _check_quantities(body.get("line_items"))
        with self.docs.lock:
            order = copied(self.get(order_id, status_for_missing=400))
            if "status" in body:
                if body["status"] not in (*ORDER_STATUSES, "trash"):
                    raise invalid_param("status", f"status is not one of {', '.join(ORDER_STATUSES)}.")
                order["status"] = body["status"]
            if "customer_id" in body:
                order["customer_id"] = self._customer_id(body["customer_id"])
            for key, fields in (("billing", BILLING_FIELDS), ("shipping", SHIPPING_FIELDS)):
                if key in body:
                    order[key] = {**order[key], **_address(body[key], fields, key)} if body[key] else order[key]
            for key in WRITABLE_TEXT:
                if key in body:
                    order[key] = str(body[key])
            if "meta_data" in body:
                order["meta_data"] = apply_meta(order["meta_data"], body["meta_data"], self.docs.next_meta_id)
            if body.get("set_paid") and order["date_paid"] is None:
                order["date_paid"], order["date_paid_gmt"] = self.docs.stamp()
                if order["status"] in ("pending", "on-hold", "failed"):
                    order["status"] = "processing"
            if order["status"] == "completed" and order["date_completed"] is None:
                order["date_completed"], order["date_completed_gmt"] = self.docs.stamp()
            order["date_modified"], order["date_modified_gmt"] = self.docs.stamp()
            self._store(order)
        self.docs.emit("order", "updated", order_id)
        return order

    def delete(self, order_id: int, *, force: bool) -> dict:
        with self.docs.lock:
            order = self.get(order_id)
            if force:
                del self.docs.orders[order_id]
                for refund in self.docs.refunds.pop(order_id, []):
                    self.docs.refund_order.pop(refund["id"], None)
                # The order's refunds go with it (and out of every refund list).
                self.docs.changed(["order", "refund"], [("order", order_id)])
            else:
                if order["status"] == "trash":
                    raise WooError("woocommerce_rest_already_trashed", "The order has already been deleted.", 410)
                order = copied(order)
                order["status"] = "trash"
                order["date_modified"], order["date_modified_gmt"] = self.docs.stamp()
                self._store(order)
        self.docs.emit("order", "deleted", order_id)
        return order

    def _store(self, order: dict) -> None:
        self.docs.orders[order["id"]] = order
        self.docs.changed(["order"], [("order", order["id"])])

    def _customer_id(self, raw: Any) -> int:
        try:
            customer_id = int(raw)
        except (TypeError, ValueError):
            raise invalid_param("customer_id", "customer_id is not of type integer.") from None
        if customer_id and customer_id not in self.docs.customers:
            raise WooError("woocommerce_rest_invalid_customer_id", "Customer ID is invalid.", 400)
        return customer_id

    def _coupon(self, coupons: list) -> bool:
        for coupon in coupons:
            code = str(coupon.get("code", "")).lower()
            if code != COUPON_CODE:
                raise WooError("woocommerce_rest_invalid_coupon", f'Coupon "{code}" does not exist!', 400)
        return bool(coupons)

    def _lines(self, items: Any) -> list[tuple[Sellable, int]]:
        if not isinstance(items, list):
            raise invalid_param("line_items", "line_items is not of type array.")
        lines = []
        for item in items:
            sellable = self._sellable(item)
            quantity = item.get("quantity", 1)
            quantity = quantity if isinstance(quantity, (int, float)) else float(quantity)
            if quantity <= 0:
                raise WooError("woocommerce_rest_invalid_product_quantity",
                               "Product quantity must be a positive float.", 400)
            lines.append((sellable, int(quantity)))
        return lines

    def _sellable(self, item: Mapping[str, Any]) -> Sellable:
        docs = self.docs
        variation_id = int(item.get("variation_id") or 0)
        product_id = int(item.get("product_id") or 0)
        if not product_id and not variation_id and item.get("sku"):
            owner = next((d for d in (*docs.products.values(), *docs.variations.values())
                          if d["sku"] and d["sku"].lower() == str(item["sku"]).lower()), None)
            if owner is not None and owner["id"] in docs.variations:
                variation_id = owner["id"]
            elif owner is not None:
                product_id = owner["id"]
        if variation_id:
            variation = docs.variations.get(variation_id)
            if variation is None or (product_id and docs.variation_parent[variation_id] != product_id):
                raise WooError("woocommerce_rest_invalid_product_id", "Product ID provided is invalid.", 400)
            parent = docs.products[docs.variation_parent[variation_id]]
            options = ", ".join(a["option"] for a in variation["attributes"])
            return Sellable(parent["id"], variation_id, variation["sku"], f"{parent['name']} - {options}",
                            money_to_cents(variation["price"] or "0"), parent_name=parent["name"])
        product = docs.products.get(product_id)
        if product is None or product["status"] == "trash":
            raise WooError("woocommerce_rest_invalid_product_id", "Product ID provided is invalid.", 400)
        return Sellable(product_id, 0, product["sku"], product["name"], money_to_cents(product["price"] or "0"))

    # refunds ---------------------------------------------------------------------------------------------------
    def refunds_of(self, order_id: int) -> list[dict]:
        if order_id not in self.docs.orders:
            raise WooError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404)
        return self.docs.refunds.get(order_id, [])

    def refund(self, order_id: int, refund_id: int) -> dict:
        refunds = self.refunds_of(order_id)
        found = next((r for r in refunds if r["id"] == refund_id), None)
        if found is None:
            if refund_id in self.docs.refund_order:
                raise WooError("woocommerce_rest_invalid_order_refund_id", "Invalid order refund ID.", 404)
            raise invalid_id("shop_order_refund", 404)
        return found

    def refund_json(self, order_id: int, refund_id: int) -> bytes:
        refund = self.refund(order_id, refund_id)
        return self.docs.cached_json("refund", refund_id, lambda: {
            **refund, "_links": refund_links(self.docs.api_url, order_id, refund_id)})

    def create_refund(self, order_id: int, body: Mapping[str, Any]) -> dict:
        with self.docs.lock:
            if order_id not in self.docs.orders:
                raise WooError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404)
            order = copied(self.docs.orders[order_id])
            by_id = {line["id"]: line for line in order["line_items"]}
            refunded_lines, lines_amount = [], 0
            for item in body.get("line_items", []) or []:
                line = by_id.get(int(item.get("id", 0)))
                if line is None:
                    continue  # wc_create_refund() skips ids that are not items of this order
                quantity = int(item.get("quantity", 0) or 0)
                refund_total = money_to_cents(str(item.get("refund_total", "0") or "0"))
                refund_tax = sum(money_to_cents(str(tax.get("refund_total", "0") or "0"))
                                 for tax in item.get("refund_tax", []) or [])
                lines_amount += refund_total + refund_tax
                refunded_lines.append((line, quantity, refund_total, refund_tax))
            amount = money_to_cents(str(body["amount"])) if body.get("amount") not in (None, "") else lines_amount
            if amount <= 0:
                raise WooError("woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.",
                               400)
            already = sum(money_to_cents(r["amount"]) for r in self.docs.refunds.get(order_id, []))
            if amount > money_to_cents(order["total"]) - already:
                raise WooError("woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500)
            api_refund = body.get("api_refund", True) not in (False, "false", "0", 0)
            if api_refund and order["payment_method"] not in GATEWAYS_WITH_REFUNDS:
                raise WooError("woocommerce_rest_cannot_create_order_refund",
                               "The payment gateway for this order does not support automatic refunds.", 500)
            api_restock = body.get("api_restock", True) not in (False, "false", "0", 0)
            restocked = self._restock(refunded_lines) if api_restock else []
            local, gmt = self.docs.stamp()
            refund = {"id": self.docs.next_post_id(), "date_created": local, "date_created_gmt": gmt,
                      "amount": cents_to_str(amount), "reason": str(body.get("reason", "")), "refunded_by": 1,
                      "refunded_payment": api_refund,
                      "meta_data": apply_meta([], body.get("meta_data", []), self.docs.next_meta_id),
                      "line_items": [self._refund_line(line, qty, total, tax)
                                     for line, qty, total, tax in refunded_lines],
                      "shipping_lines": [], "tax_lines": [], "fee_lines": []}
            refund["tax_lines"] = refund_tax_lines(order, refund["line_items"], self.docs.next_item_id)
            self.docs.refunds[order_id] = [refund, *self.docs.refunds.get(order_id, [])]
            self.docs.refund_order[refund["id"]] = order_id
            order["refunds"] = [{"id": refund["id"], "reason": refund["reason"], "total": f"-{refund['amount']}"},
                                *order["refunds"]]
            if already + amount == money_to_cents(order["total"]):
                order["status"] = "refunded"
            order["date_modified"], order["date_modified_gmt"] = local, gmt
            self._store(order)
            self.docs.changed(["refund"])
        for product_id in restocked:
            self.docs.emit("product", "updated", product_id)
        self.docs.emit("order", "updated", order_id)  # woocommerce_order_refunded is an order.updated hook
        return refund

    def _restock(self, refunded_lines: list) -> list[int]:
        """wc_restock_refunded_items(): each refunded line's quantity goes back to its product's stock when the
        product manages stock, and the order line's `_restock_refunded_items` meta adds it to its running total.

        WooCommerce also requires the line's `_reduced_stock` meta (stock taken when the order was paid); this
        sandbox does not take stock on orders, so any refunded line of a managed-stock product is restocked.
        Source: woocommerce `includes/wc-order-functions.php` `wc_restock_refunded_items()`.
        """
        products = Products(self.docs)
        touched = []
        for line, quantity, _, _ in refunded_lines:
            if quantity <= 0 or products.increase_stock(line["product_id"], line["variation_id"], quantity,
                                                        emit=False) is None:
                continue
            touched.append(line["variation_id"] or line["product_id"])
            meta = line["meta_data"]
            entry = next((m for m in meta if m["key"] == RESTOCKED_META_KEY), None)
            if entry is None:
                meta.append({"id": self.docs.next_meta_id(), "key": RESTOCKED_META_KEY, "value": str(quantity)})
            else:
                entry["value"] = str(int(entry["value"] or 0) + quantity)
        return touched

    def _refund_line(self, line: dict, quantity: int, total: int, tax: int) -> dict:
        return {"id": self.docs.next_item_id(), "name": line["name"], "product_id": line["product_id"],
                "variation_id": line["variation_id"], "quantity": -quantity, "tax_class": "",
                "subtotal": cents_to_str(-total), "subtotal_tax": cents_to_str(-tax), "total": cents_to_str(-total),
                "total_tax": cents_to_str(-tax),
                "taxes": [{"id": t["id"], "total": cents_to_str(-tax), "subtotal": cents_to_str(-tax)}
                          for t in line["taxes"]],
                "meta_data": [{"id": self.docs.next_meta_id(), "key": "_refunded_item_id", "value": str(line["id"])}],
                "sku": line["sku"], "price": -round(total / max(quantity, 1) / 100, 2), "image": dict(line["image"]),
                "parent_name": line["parent_name"]}

    def delete_refund(self, order_id: int, refund_id: int, *, force: bool) -> dict:
        if not force:
            raise WooError("woocommerce_rest_trash_not_supported", "Refunds do not support trashing.", 501)
        with self.docs.lock:
            refund = self.refund(order_id, refund_id)
            order = copied(self.get(order_id))
            self.docs.refunds[order_id] = [r for r in self.docs.refunds[order_id] if r["id"] != refund_id]
            del self.docs.refund_order[refund_id]
            order["refunds"] = [r for r in order["refunds"] if r["id"] != refund_id]
            order["date_modified"], order["date_modified_gmt"] = self.docs.stamp()
            self._store(order)
            self.docs.changed(["refund"], [("refund", refund_id), ("store-refund", refund_id)])
        self.docs.emit("order", "updated", order_id)
        return refund


def _check_quantities(items: Any) -> None:
    """WordPress validates `line_items[][quantity]` against the schema's `"type": "integer"` before WooCommerce
    sees the request (`rest_is_integer()`: a number or numeric text without a fraction; true/false are not)."""
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or "quantity" not in item:
            continue
        value = item["quantity"]
        try:
            number = float(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not math.isfinite(number) or not number.is_integer():
            raise invalid_param("line_items", f"line_items[{index}][quantity] is not of type integer.")
