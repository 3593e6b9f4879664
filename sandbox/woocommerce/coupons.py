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
        created = "date_created_gmt" if q.dates_are_gmt else "date_created"
        modified = "date_modified_gmt" if q.dates_are_gmt else "date_modified"
        include, exclude = set(q.include), set(q.exclude)
        # wc_get_coupon_id_by_code() matches the code as WooCommerce stores it: lower case.
        code = q.code.strip().lower() if q.code is not None else None
        needle = q.search.lower() if q.search else None
        rows = []
        for coupon in self.docs.coupons.values():
            if (q.status == "any" and coupon["status"] == "trash") or q.status not in ("any", coupon["status"]):
                continue
            if code and coupon["code"] != code or include and coupon["id"] not in include or coupon["id"] in exclude:
                continue
            if q.after and not coupon[created] > q.after or q.before and not coupon[created] < q.before:
                continue
            if q.modified_after and not coupon[modified] > q.modified_after:
                continue
            if q.modified_before and not coupon[modified] < q.modified_before:
                continue
            if needle and needle not in coupon["code"] and needle not in coupon["description"].lower():
                continue
            rows.append(coupon)
        desc = q.order == "desc"
        if q.orderby == "include" and q.include:
            position = {coupon_id: index for index, coupon_id in enumerate(q.include)}
            return Ranking.unique(c["id"] for c in sorted(rows, key=lambda c: position[c["id"]]))
        if q.orderby == "id":
            return Ranking.of(rows, lambda c: c["id"], reverse=desc)
        if q.orderby in ("title", "slug"):  # a coupon's post title and slug are its code
            return Ranking.of(rows, lambda c: c["code"], reverse=desc)
        # Coupons are posts, and the CRUD controller sorts posts by "date ID" / "modified ID": no ties.
        column = "date_modified" if q.orderby == "modified" else "date_created"
        return Ranking.of(rows, lambda c: (c[column], c["id"]), reverse=desc)
