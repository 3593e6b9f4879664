"""Products and variations: unique SKUs across both, prices and stock status derived the way WooCommerce does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.seed.catalog import custom_attribute_slug, product_document, variation_document, variation_name
from sandbox.seed.orders import money_to_cents
from sandbox.woocommerce.documents import Documents, copied
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.errors import WooError, invalid_id
from sandbox.woocommerce.links import product_links, variation_links
from sandbox.woocommerce.list_filters import ListFilters
from sandbox.woocommerce.meta import apply_meta
from sandbox.woocommerce.ordering import Ranking
from sandbox.woocommerce.schema import as_bool, check_fields

PRODUCT_TYPES = ("simple", "grouped", "external", "variable")
PRODUCT_STATUSES = ("draft", "pending", "private", "publish")
STOCK_STATUSES = ("instock", "outofstock", "onbackorder")
PRODUCT_ORDERBY = ("date", "id", "include", "title", "slug", "modified")
FIELD_TYPES = {"name": "string", "sku": "string", "regular_price": "string", "sale_price": "string",
               "description": "string", "short_description": "string", "manage_stock": "boolean",
               "stock_quantity": "integer", "attributes": "array", "meta_data": "array", "categories": "array",
               "menu_order": "integer", "virtual": "boolean", "downloadable": "boolean", "featured": "boolean"}
FIELD_ENUMS = {"type": PRODUCT_TYPES, "status": PRODUCT_STATUSES, "stock_status": STOCK_STATUSES,
               "backorders": ("no", "notify", "yes")}
VARIATION_ENUMS = {"status": PRODUCT_STATUSES, "stock_status": STOCK_STATUSES, "backorders": ("no", "notify", "yes")}
COPIED_FIELDS = ("name", "description", "short_description", "regular_price", "sale_price", "status", "featured",
                 "virtual", "downloadable", "menu_order", "backorders", "categories", "attributes", "weight",
                 "tax_status", "tax_class", "catalog_visibility", "purchase_note")


@dataclass(frozen=True)
class ProductQuery(ListFilters):
    skus: tuple[str, ...] = ()
    type: str | None = None
    status: str = "any"
    stock_status: str | None = None
    parent: int | None = None  # set for the variations of one product


def _derive(doc: dict) -> None:
    """price / on_sale from regular and sale price; stock_status from the quantity when stock is managed."""
    if doc.get("type") != "variable":
        regular, sale = doc["regular_price"], doc["sale_price"]
        on_sale = sale != "" and (regular == "" or money_to_cents(sale) < money_to_cents(regular))
        doc["price"], doc["on_sale"] = (sale if on_sale else regular), on_sale
    if doc["manage_stock"]:
        quantity = int(doc["stock_quantity"] or 0)
        doc["stock_quantity"] = quantity
        if quantity > 0:
            doc["stock_status"] = "instock"
        else:
            doc["stock_status"] = "outofstock" if doc["backorders"] == "no" else "onbackorder"
        doc["backorders_allowed"] = doc["backorders"] != "no"
        doc["backordered"] = quantity <= 0 and doc["backorders"] != "no"
    else:
        doc["stock_quantity"] = None


class Products:
    def __init__(self, docs: Documents):
        self.docs = docs

    # reading ---------------------------------------------------------------------------------------------------
    def get(self, product_id: int, *, status_for_missing: int = 404) -> dict:
        """A product, or a variation shaped as a product (what GET /products/{variation id} returns)."""
        if product_id in self.docs.products:
            return self.docs.products[product_id]
        if product_id in self.docs.variations:
            return self._variation_as_product(product_id)
        raise invalid_id("product", status_for_missing)

    def json(self, product_id: int) -> bytes:
        product = self.get(product_id)
        return self.docs.cached_json("product", product_id,
                                     lambda: {**product, "_links": product_links(self.docs.api_url, product)})

    def edit_json(self, product_id: int) -> bytes:
        """The product as a create or update answers it. Those run in the `edit` context, where WordPress adds the
        permalink with a placeholder for the slug and the slug it generated (`get_sample_permalink()`)."""
        product = self.get(product_id)
        site = self.docs.site_url
        return wp_json({**product, "permalink_template": f"{site}/product/%pagename%/",
                        "generated_slug": product["slug"], "_links": product_links(self.docs.api_url, product)})

    def _variation_as_product(self, variation_id: int) -> dict:
        variation = self.docs.variations[variation_id]
        parent = self.docs.products[self.docs.variation_parent[variation_id]]
        options = ", ".join(a["option"] for a in variation["attributes"])
        return {**parent, **variation, "name": f"{parent['name']} - {options}", "type": "variation",
                "parent_id": parent["id"], "variations": [], "default_attributes": [], "grouped_products": [],
                "slug": f"{parent['slug']}-{variation_id}", "price_html": "", "shipping_class_id": 0,
                "has_options": False}

    def variation(self, parent_id: int, variation_id: int, *, status_for_missing: int = 404) -> dict:
        if parent_id not in self.docs.products:
            raise invalid_id("product", status_for_missing)
        if self.docs.variation_parent.get(variation_id) != parent_id:
            raise invalid_id("product_variation", status_for_missing)
        return self.docs.variations[variation_id]

    def variation_json(self, parent_id: int, variation_id: int) -> bytes:
        variation = self.variation(parent_id, variation_id)
        return self.docs.cached_json("variation", variation_id, lambda: {
            **variation, "_links": variation_links(self.docs.api_url, parent_id, variation_id)})

    def query(self, query: ProductQuery) -> Ranking:
        kind = "product" if query.parent is None else "variation"
        return self.docs.cached_ids(kind, query, lambda: self._compute(query))

    def _compute(self, q: ProductQuery) -> Ranking:
        if q.parent is not None:
            candidates = [v for v, p in self.docs.variation_parent.items() if p == q.parent]
            rows = [self.docs.variations[v] for v in candidates]
        elif q.skus:
            # A SKU search also finds variations: the controller then queries products and variations alike.
            rows = [*self.docs.products.values(), *(self._variation_as_product(v) for v in self.docs.variations)]
        else:
            rows = list(self.docs.products.values())
        skus = {sku.lower() for sku in q.skus}
        needle = q.search.lower() if q.search else None
        kept = []
        for doc in rows:
            status = doc["status"]
            if (q.status == "any" and status == "trash") or (q.status != "any" and status != q.status):
                continue
            if skus and doc["sku"].lower() not in skus or q.type and doc.get("type") != q.type:
                continue
            if q.stock_status and doc["stock_status"] != q.stock_status:
                continue
            if not q.admits(doc):
                continue
            if needle and needle not in doc.get("name", "").lower():
                continue
            kept.append(doc)
        fixed = q.fixed_order(kept)
        if fixed is not None:
            return fixed
        if q.orderby in ("title", "slug"):
            field = "slug" if q.orderby == "slug" else "name"
            return Ranking.of(kept, lambda d: d.get(field, ""), reverse=q.descending)
        return q.post_date_order(kept)

    # writing ---------------------------------------------------------------------------------------------------
    def _check_sku(self, sku: str, own_id: int) -> None:
        if not sku:
            return
        wanted = sku.lower()
        for doc in (*self.docs.products.values(), *self.docs.variations.values()):
            if doc["id"] != own_id and doc["sku"] and doc["sku"].lower() == wanted:
                raise WooError("product_invalid_sku", "Invalid or duplicated SKU.", 400, resource_id=doc["id"],
                               unique_sku=f"{sku}-1")

    def _apply(self, doc: dict, body: Mapping[str, Any]) -> None:
        for key in COPIED_FIELDS:
            if key in body:
                doc[key] = body[key]
        if "sku" in body:
            self._check_sku(body["sku"], doc["id"])
            doc["sku"] = body["sku"]
        if isinstance(body.get("attributes"), list):
            doc["attributes"] = [_with_slug(a, variation=doc.get("type") == "variation") for a in doc["attributes"]]
        if "manage_stock" in body:
            doc["manage_stock"] = as_bool(body["manage_stock"])
        if "stock_quantity" in body and body["stock_quantity"] is not None:
            doc["stock_quantity"] = int(body["stock_quantity"])
        if "stock_status" in body and not doc["manage_stock"]:
            doc["stock_status"] = body["stock_status"]
        if "meta_data" in body:
            doc["meta_data"] = apply_meta(doc["meta_data"], body["meta_data"], self.docs.next_meta_id)
        _derive(doc)
        doc["date_modified"], doc["date_modified_gmt"] = self.docs.stamp()

    def create(self, body: Mapping[str, Any]) -> dict:
        check_fields(body, FIELD_TYPES, FIELD_ENUMS, frozenset({"stock_quantity"}))
        if "id" in body:
            raise WooError("woocommerce_rest_product_exists", "Cannot create existing product.", 400)
        with self.docs.lock:
            kind = body.get("type", "simple")
            product = product_document(0, str(body.get("name", "")), "", self.docs.now(), kind=kind,
                                       price_cents=None, stock=None)
            self._check_sku(str(body.get("sku", "")), 0)
            product["id"] = self.docs.next_post_id()
            self._apply(product, body)
            if kind == "variable":
                product["price"] = ""
            self.docs.products[product["id"]] = product
            self.docs.changed(["product"])
        self.docs.emit("product", "created", product["id"])
        return product

    def update(self, product_id: int, body: Mapping[str, Any]) -> dict:
        check_fields(body, FIELD_TYPES, FIELD_ENUMS, frozenset({"stock_quantity"}))
        if product_id in self.docs.variations:
            return self.update_variation(self.docs.variation_parent[product_id], product_id, body)
        with self.docs.lock:
            product = copied(self.get(product_id, status_for_missing=400))
            self._apply(product, body)
            self.docs.products[product_id] = product
            self.docs.changed(["product"], [("product", product_id)])
            if product["type"] == "variable" and "name" in body:
                self._rename_variations(product)
        self.docs.emit("product", "updated", product_id)
        return product

    def increase_stock(self, product_id: int, variation_id: int, quantity: int, *, emit: bool = True) -> int | None:
        """wc_update_product_stock(..., 'increase') for an order line's product: the new stock, or None when the
        product is gone or does not manage its stock (WooCommerce then restocks nothing). With `emit` False the
        caller fires the product.updated webhook itself, once it lets go of the store."""
        with self.docs.lock:
            if variation_id:
                doc = self.docs.variations.get(variation_id)
            else:
                doc = self.docs.products.get(product_id)
            if doc is None or not doc["manage_stock"] or quantity <= 0:
                return None
            doc = copied(doc)
            doc["stock_quantity"] = int(doc["stock_quantity"] or 0) + quantity
            _derive(doc)
            doc["date_modified"], doc["date_modified_gmt"] = self.docs.stamp()
            if variation_id:
                self.docs.variations[variation_id] = doc
                self._sync_parent(self.docs.variation_parent[variation_id])
            else:
                self.docs.products[product_id] = doc
                self.docs.changed(["product"], [("product", product_id)])
        if emit:
            self.docs.emit("product", "updated", variation_id or product_id)
        return doc["stock_quantity"]

    def delete(self, product_id: int, *, force: bool) -> dict:
        with self.docs.lock:
            product = self.get(product_id)
            if product_id in self.docs.variations:
                return self.delete_variation(self.docs.variation_parent[product_id], product_id, force=force)
            if force:
                del self.docs.products[product_id]
                for variation_id in product["variations"]:
                    self.docs.variations.pop(variation_id, None)
                    self.docs.variation_parent.pop(variation_id, None)
            else:
                if product["status"] == "trash":
                    raise WooError("woocommerce_rest_already_trashed", "The product has already been deleted.", 410)
                product = {**copied(product), "status": "trash"}
                self.docs.products[product_id] = product
            self.docs.changed(["product", "variation"], [("product", product_id)])
        self.docs.emit("product", "deleted", product_id)
        return product

    def create_variation(self, parent_id: int, body: Mapping[str, Any]) -> dict:
        check_fields(body, FIELD_TYPES, VARIATION_ENUMS, frozenset({"stock_quantity"}))
        with self.docs.lock:
            parent = self.docs.products.get(parent_id)
            if parent is None:
                raise invalid_id("product", 404)
            self._check_sku(str(body.get("sku", "")), 0)
            variation = variation_document(self.docs.next_post_id(), parent["slug"], "", self.docs.now(),
                                           [], 0, 0, parent_id=parent_id, parent_name=parent["name"])
            variation.update({"regular_price": "", "price": "", "manage_stock": False, "stock_quantity": None})
            self._apply(variation, body)
            variation["name"] = variation_name(parent["name"], variation["attributes"])
            self.docs.variations[variation["id"]] = variation
            self.docs.variation_parent[variation["id"]] = parent_id
            self._sync_parent(parent_id, added=variation["id"])
        self.docs.emit("product", "created", variation["id"])
        return variation

    def update_variation(self, parent_id: int, variation_id: int, body: Mapping[str, Any]) -> dict:
        check_fields(body, FIELD_TYPES, VARIATION_ENUMS, frozenset({"stock_quantity"}))
        with self.docs.lock:
            variation = copied(self.variation(parent_id, variation_id, status_for_missing=400))
            self._apply(variation, body)
            variation["name"] = variation_name(self.docs.products[parent_id]["name"], variation["attributes"])
            self.docs.variations[variation_id] = variation
            self._sync_parent(parent_id)
        self.docs.emit("product", "updated", variation_id)
        return variation

    def delete_variation(self, parent_id: int, variation_id: int, *, force: bool) -> dict:
        if not force:
            raise WooError("woocommerce_rest_trash_not_supported", "Variations do not support trashing.", 501)
        with self.docs.lock:
            variation = self.variation(parent_id, variation_id)
            del self.docs.variations[variation_id]
            del self.docs.variation_parent[variation_id]
            self._sync_parent(parent_id, removed=variation_id)
        self.docs.emit("product", "deleted", variation_id)
        return variation

    def _rename_variations(self, parent: dict) -> None:
        """A variation's title follows its parent's (WC_Product_Variable_Data_Store_CPT::sync_variation_names)."""
        for variation_id in parent["variations"]:
            variation = self.docs.variations.get(variation_id)
            if variation is not None:
                self.docs.variations[variation_id] = {
                    **variation, "name": variation_name(parent["name"], variation["attributes"])}
        self.docs.changed(["variation"], [key for v in parent["variations"] for key in (("variation", v),
                                                                                            ("product", v))])

    def _sync_parent(self, parent_id: int, *, added: int | None = None, removed: int | None = None) -> None:
        """WC_Product_Variable::sync(): the parent's price and stock status follow its variations."""
        parent = copied(self.docs.products[parent_id])
        if added is not None:
            parent["variations"] = [*parent["variations"], added]
        if removed is not None:
            parent["variations"] = [v for v in parent["variations"] if v != removed]
        children = [self.docs.variations[v] for v in parent["variations"] if v in self.docs.variations]
        prices = [money_to_cents(c["price"]) for c in children if c["price"]]
        parent["price"] = min((c["price"] for c in children if c["price"]), key=money_to_cents) if prices else ""
        parent["stock_status"] = "instock" if any(c["stock_status"] == "instock" for c in children) else "outofstock"
        self.docs.products[parent_id] = parent
        keys = [("product", parent_id), *(("product", v) for v in parent["variations"]),
                *(("variation", v) for v in (added, removed) if v is not None),
                *(("variation", v) for v in parent["variations"])]
        self.docs.changed(["product", "variation"], keys)


def _with_slug(attribute: Any, *, variation: bool) -> Any:
    """An attribute as the controllers print it: on a product the slug is the attribute's name as given, on a
    variation the key WooCommerce files it under (products controller `get_attributes()`)."""
    if not isinstance(attribute, Mapping) or "slug" in attribute:
        return attribute
    name = str(attribute.get("name", ""))
    return {**attribute, "slug": custom_attribute_slug(name) if variation else name}

