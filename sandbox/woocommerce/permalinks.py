"""WordPress permalinks as the REST API meets them: ``/?rest_route=/wc/v3/...`` always works; ``/wp-json/...``
only while the site has a permalink structure other than "Plain".

On "Plain" permalinks WordPress has no rewrite rule for ``/wp-json/``: the request reaches the theme, which answers
its "Page not found" HTML page with status 404 (API-FACTS: "Plain" permalinks break the API). The structure is
switched through ``/__admin__/permalinks`` (``GET`` shows it, ``PUT {"structure": "plain"}`` or any other
structure such as ``"/%postname%/"``); pretty permalinks are the default.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PERMALINKS_PATH = "/__admin__/permalinks"
PRETTY_PREFIX = "/wp-json"
PLAIN = "plain"
_THEME_NOT_FOUND = (b"<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"UTF-8\"><title>Page not found - "
                    b"Shop</title></head><body class=\"error404\"><main><h1>Oops! That page can&rsquo;t be found."
                    b"</h1></main></body></html>")


class Permalinks:
    """The site's permalink structure: ``plain`` or a pretty one (the default)."""

    def __init__(self, structure: str = "/%postname%/") -> None:
        self.structure = structure

    @property
    def plain(self) -> bool:
        return self.structure == PLAIN


class PermalinkRouting:
    """``/?rest_route=<route>`` is served as ``/wp-json<route>``; ``/wp-json/...`` is a theme 404 on plain
    permalinks."""

    def __init__(self, app: ASGIApp, permalinks: Permalinks) -> None:
        self.app = app
        self.permalinks = permalinks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        route = next((value for key, value in query if key == "rest_route"), None)
        if path in ("", "/") and route is not None:
            rest = urlencode([(key, value) for key, value in query if key != "rest_route"])
            path = PRETTY_PREFIX + "/" + route.lstrip("/")
            scope = {**scope, "path": path, "raw_path": path.encode(), "query_string": rest.encode("latin-1")}
        elif self.permalinks.plain and (path == PRETTY_PREFIX or path.startswith(PRETTY_PREFIX + "/")):
            await _theme_not_found(send)
            return
        await self.app(scope, receive, send)


async def _theme_not_found(send: Send) -> None:
    await send({"type": "http.response.start", "status": 404,
                "headers": [(b"content-type", b"text/html; charset=UTF-8"),
                            (b"content-length", str(len(_THEME_NOT_FOUND)).encode())]})
    await send({"type": "http.response.body", "body": _THEME_NOT_FOUND})


def build_permalinks_router(permalinks: Permalinks) -> APIRouter:
    router = APIRouter()

    @router.get(PERMALINKS_PATH)
    async def show() -> dict[str, str]:
        return {"structure": permalinks.structure}

    @router.put(PERMALINKS_PATH)
    async def change(request: Request) -> Response:
        body = await request.json()
        structure = body.get("structure") if isinstance(body, dict) else None
        if not isinstance(structure, str) or not structure:
            return JSONResponse({"detail": 'give {"structure": "plain"} or a pretty structure'}, status_code=400)
        permalinks.structure = structure
        return JSONResponse({"structure": structure})

    return router
