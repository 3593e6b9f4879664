"""The v3 collection envelope: `{"data": [...], "meta": {"pagination": {...}}}` with `links` as query strings
(`?page=1&limit=50`, catalog `Pagination`); v3 lists take `page` and `limit` (default 50, maximum 250)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.bigcommerce.api.params import whole_number
from sandbox.bigcommerce.errors import BigCommerceError

DEFAULT_LIMIT = 50
MAX_LIMIT = 250


def page_of(rows: list[Any], query: Mapping[str, str]) -> dict[str, Any]:
    page = whole_number(query, "page", 1) or 1
    limit = whole_number(query, "limit", DEFAULT_LIMIT)
    assert limit is not None
    if limit > MAX_LIMIT:
        raise BigCommerceError(413, f"The limit parameter exceeds the maximum of {MAX_LIMIT}.")
    if page < 1 or limit < 1:
        raise BigCommerceError(400)
    total = len(rows)
    total_pages = max(1, -(-total // limit))
    data = rows[(page - 1) * limit : page * limit]
    links = {"current": f"?page={page}&limit={limit}"}
    if page > 1:
        links["previous"] = f"?page={page - 1}&limit={limit}"
    if page < total_pages:
        links["next"] = f"?page={page + 1}&limit={limit}"
    return {
        "data": data,
        "meta": {
            "pagination": {
                "total": total,
                "count": len(data),
                "per_page": limit,
                "current_page": page,
                "total_pages": total_pages,
                "links": links,
            }
        },
    }
