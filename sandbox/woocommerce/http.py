"""Request and response plumbing shared by the routes: query lists, JSON bodies, paged listings, errors."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import Response

from sandbox.woocommerce.auth import ApiKey, IncomingRequest
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.errors import WooError
from sandbox.woocommerce.ordering import Ranking
from sandbox.woocommerce.params import Page
from sandbox.woocommerce.state import WooState

JSON_TYPE = "application/json; charset=UTF-8"


class Query:
    """Query arguments with PHP's array syntax folded in: `status[]=a&status[]=b` and `status=a,b` agree."""

    def __init__(self, request: Request):
        self.lists: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            self.lists.setdefault(key.split("[", 1)[0], []).append(value)
        self.first = {key: values[-1] for key, values in self.lists.items()}


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=JSON_TYPE, headers=headers)


def error_response(error: WooError) -> Response:
    return json_response(wp_json(error.body()), error.status, error.headers)


def created_response(state: WooState, body: bytes, location_path: str) -> Response:
    return json_response(body, 201, {"Location": f"{state.docs.api_url}{location_path}"})


async def read_body(request: Request) -> dict:
    raw = await request.body()
    if not raw:
        return {}
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(raw.decode()))
    try:
        body = json.loads(raw)
    except ValueError:
        raise WooError("rest_invalid_json", "Invalid JSON body passed.", 400, json_error_code=4,
                       json_error_message="Syntax error") from None
    if not isinstance(body, dict):
        raise WooError("rest_invalid_json", "Invalid JSON body passed.", 400)
    return body


def listing(state: WooState, request: Request, route: str, ids: Ranking, page: Page,
            to_json: Callable[[int], bytes]) -> Response:
    """A page of a collection with X-WP-Total, X-WP-TotalPages and the prev/next Link header the CRUD
    controller builds (from the site URL, keeping every query argument); past the end: `[]` with totals.
    Rows tied on the sort key come in a new order on each request, as the store's database gives them."""
    total = len(ids)
    pages = math.ceil(total / page.per_page)
    chunk = ids.window(page.start, page.start + page.per_page, state.docs.tie_order())
    body = b"[" + b",".join(to_json(item) for item in chunk) + b"]"
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    base = f"{state.docs.api_url}{route}"

    def page_url(number: int) -> str:
        return f"{base}?{urlencode([*params, ('page', str(number))])}"

    links = []
    if page.page > 1:
        links.append(f'<{page_url(min(page.page - 1, pages))}>; rel="prev"')
    if pages > page.page:
        links.append(f'<{page_url(page.page + 1)}>; rel="next"')
    if links:
        headers["Link"] = ", ".join(links)
    return json_response(body, headers=headers)


def incoming(request: Request) -> IncomingRequest:
    return IncomingRequest(request.method, str(request.url), request.url.query,
                           {k.lower(): v for k, v in request.headers.items()})


def authenticated_key(state: WooState, request: Request) -> ApiKey | None:
    return state.auth.authenticate(incoming(request))
