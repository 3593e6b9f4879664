"""WooCommerce's error body: ``{"code": "woocommerce_rest_…", "message": "…", "data": {"status": 400}}``."""

from __future__ import annotations

from collections.abc import Mapping

import requests

from erplink.http.error_bodies import json_body, non_empty, text_excerpt


def woocommerce_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``{"code": "woocommerce_rest_…", "message": "…", "data": {"status": 400}}``."""
    body = json_body(response)
    if isinstance(body, Mapping) and ("code" in body or "message" in body):
        return non_empty(body.get("code")), non_empty(body.get("message"))
    return None, text_excerpt(response)
