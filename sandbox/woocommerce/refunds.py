"""Refund collections: one order's (`orders/{id}/refunds`) and the whole store's (`refunds`, WooCommerce 9.0+).

Both routes go through the order refunds controller: WC_REST_Refunds_Controller extends
WC_REST_Order_Refunds_Controller, whose v2 parent drops `status`, `customer` and `product` from the orders
collection params and keeps the CRUD ones (`page`, `per_page`, `offset`, `search`, `after`, `before`,
`modified_after`, `modified_before`, `dates_are_gmt`, `include`, `exclude`, `order`, `orderby`, `parent`,
`parent_exclude`) plus the orders ones (`dp`, `order_item_display_meta`, `include_meta`, `exclude_meta`). The
per-order route pins `post_parent__in` to the order in the URL, so a missing order lists nothing (200, `[]`); the
store-wide route unsets it, so `parent` is accepted and ignored there while `parent_exclude` still applies.
Sources: woocommerce `includes/rest-api/Controllers/Version3/class-wc-rest-refunds-controller.php` and
`Version2/class-wc-rest-order-refunds-v2-controller.php`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.woocommerce.documents import Documents
from sandbox.woocommerce.errors import invalid_id
from sandbox.woocommerce.links import store_refund_links
from sandbox.woocommerce.list_filters import ListFilters
from sandbox.woocommerce.ordering import Ranking

REFUND_ORDERBY = ("date", "id", "include", "title", "slug", "modified")


@dataclass(frozen=True)
class RefundQuery(ListFilters):
    order_id: int | None = None  # the order in the URL; None on the store-wide route
    parent_exclude: tuple[int, ...] = ()


class Refunds:
    def __init__(self, docs: Documents):
        self.docs = docs

    def query(self, query: RefundQuery) -> Ranking:
        return self.docs.cached_ids("refund", query, lambda: self._rank(query))

    def _rank(self, q: RefundQuery) -> Ranking:
        # A refund is never edited after it is made, so its modification date is its creation date.
        parent_exclude = set(q.parent_exclude)
        needle = q.search.lower() if q.search else None
        rows = []
        for order_id, refunds in self.docs.refunds.items():
            if q.order_id is not None and order_id != q.order_id or order_id in parent_exclude:
                continue
            for refund in refunds:
                if not q.admits(refund, modified_field=q.created_field):
                    continue
                if needle and not _matches(refund, needle):
                    continue
                rows.append(refund)
        fixed = q.fixed_order(rows)
        if fixed is not None:
            return fixed
        # Refunds live in the orders table on HPOS: a date sort has no id tie-breaker (see ordering.py), and a refund
        # has no title or slug of its own, so those sort by date too.
        return Ranking.of(rows, lambda r: r["date_created"], reverse=q.descending)

    def json(self, refund_id: int) -> bytes:
        """A refund as `GET /refunds` prints it: the per-order shape with `parent_id` after `id`, and a
        `refunded_by` link to the user who made it."""
        order_id = self.docs.refund_order.get(refund_id)
        if order_id is None:
            raise invalid_id("shop_order_refund", 404)
        refund = next(r for r in self.docs.refunds[order_id] if r["id"] == refund_id)

        def build() -> dict:
            shaped = {"id": refund["id"], "parent_id": order_id, **refund}
            return {**shaped, "_links": store_refund_links(self.docs.api_url, order_id, refund)}

        return self.docs.cached_json("store-refund", refund_id, build)


def _matches(refund: dict, needle: str) -> bool:
    """The orders table search as it applies to a refund: its id exactly, or text in a line item's name."""
    return needle == str(refund["id"]) or any(needle in line["name"].lower() for line in refund["line_items"])
