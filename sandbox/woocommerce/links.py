"""`_links` of each resource, built from the store's configured site URL as WordPress does."""

from __future__ import annotations

API_PATH = "/wp-json/wc/v3"


def _href(url: str) -> list[dict]:
    return [{"href": url}]


def order_links(api: str, order: dict) -> dict:
    links = {"self": _href(f"{api}/orders/{order['id']}"), "collection": _href(f"{api}/orders")}
    if order["customer_id"]:
        links["customer"] = _href(f"{api}/customers/{order['customer_id']}")
    return links


def refund_links(api: str, order_id: int, refund_id: int) -> dict:
    return {"self": _href(f"{api}/orders/{order_id}/refunds/{refund_id}"),
            "collection": _href(f"{api}/orders/{order_id}/refunds"), "up": _href(f"{api}/orders/{order_id}")}


def product_links(api: str, product: dict) -> dict:
    links = {"self": _href(f"{api}/products/{product['id']}"), "collection": _href(f"{api}/products")}
    if product.get("parent_id"):
        links["up"] = _href(f"{api}/products/{product['parent_id']}")
    return links


def variation_links(api: str, parent_id: int, variation_id: int) -> dict:
    return {"self": _href(f"{api}/products/{parent_id}/variations/{variation_id}"),
            "collection": _href(f"{api}/products/{parent_id}/variations"), "up": _href(f"{api}/products/{parent_id}")}


def simple_links(api: str, collection: str, resource_id: int) -> dict:
    return {"self": _href(f"{api}/{collection}/{resource_id}"), "collection": _href(f"{api}/{collection}")}


def store_refund_links(api: str, order_id: int, refund: dict) -> dict:
    """WC_REST_Refunds_Controller::prepare_links(): the per-order links plus the user who refunded."""
    site = api.rsplit("/wc/v3", 1)[0]
    return {**refund_links(api, order_id, refund["id"]),
            "refunded_by": [{"href": f"{site}/wp/v2/users/{refund['refunded_by']}", "embeddable": True}]}
