"""Coupons, read-only: `GET /coupons` and `GET /coupons/{id}` with the CRUD controller's filters plus `code`
(woocommerce `Version2/class-wc-rest-coupons-v2-controller.php`, `Version3/class-wc-rest-coupons-controller.php`)."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.woocommerce.documents import Documents
from sandbox.woocommerce.errors import invalid_id
from sandbox.woocommerce.links import simple_links
from sandbox.woocommerce.list_filters import ListFilters
from sandbox.woocommerce.ordering import Ranking

COUPON_ORDERBY = ("date", "id", "include", "title", "slug", "modified")


@dataclass(frozen=True)
class CouponQuery(ListFilters):
    code: str | None = None
    status: str = "any"


class Coupons:
    def __init__(self, docs: Documents):
        self.docs = docs

    def get(self, coupon_id: int) -> dict:
        coupon = self.docs.coupons.get(coupon_id)
        if coupon is None:
            raise invalid_id("shop_coupon", 404)
        return coupon

    def json(self, coupon_id: int) -> bytes:
        coupon = self.get(coupon_id)
        return self.docs.cached_json("coupon", coupon_id, lambda: {
            **coupon, "_links": simple_links(self.docs.api_url, "coupons", coupon_id)})

    def query(self, query: CouponQuery) -> Ranking:
        return self.docs.cached_ids("coupon", query, lambda: self._rank(query))

    def _rank(self, q: CouponQuery) -> Ranking:
        # wc_get_coupon_id_by_code() matches the code as WooCommerce stores it: lower case.
        code = q.code.strip().lower() if q.code is not None else None
        needle = q.search.lower() if q.search else None
        rows = []
        for coupon in self.docs.coupons.values():
            if (q.status == "any" and coupon["status"] == "trash") or q.status not in ("any", coupon["status"]):
                continue
            if code and coupon["code"] != code or not q.admits(coupon):
                continue
            if needle and needle not in coupon["code"] and needle not in coupon["description"].lower():
                continue
            rows.append(coupon)
        fixed = q.fixed_order(rows)
        if fixed is not None:
            return fixed
        if q.orderby in ("title", "slug"):  # a coupon's post title and slug are its code
            return Ranking.of(rows, lambda c: c["code"], reverse=q.descending)
        return q.post_date_order(rows)
