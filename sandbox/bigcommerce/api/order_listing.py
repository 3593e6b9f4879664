"""Which orders one `GET /v2/orders` page holds: the documented filters and sort, and what the API leaves open
done the unkind way. Equal sort keys come back in a different order on every request (nothing promises a
tie-break), and every few pages one order on the page is edited on the way out (a store keeps changing while a
client walks it)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sandbox.bigcommerce.api.params import date, whole_number
from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.records import OrderRecord

MAX_LIMIT = 250  # common-query-params.mdx
DEFAULT_LIMIT = 50  # orders.v2.oas2.yml GET /orders
SORT_FIELDS = ("id", "customer_id", "date_created", "date_modified", "status_id", "channel_id", "external_id")


def _sort_key(record: OrderRecord, field: str) -> Any:
    if field == "date_created":
        return record.created
    if field == "date_modified":
        return record.modified
    value = record.document.get(field)
    return "" if value is None else value


def _in_range(moment: datetime, low: datetime | None, high: datetime | None) -> bool:
    return (low is None or moment >= low) and (high is None or moment <= high)


def matching(records: list[OrderRecord], query: Mapping[str, str]) -> list[OrderRecord]:
    """Filters; archived orders are left out, as the control panel's order list leaves them out."""
    min_created, max_created = date(query, "min_date_created"), date(query, "max_date_created")
    min_modified, max_modified = date(query, "min_date_modified"), date(query, "max_date_modified")
    min_id, max_id = whole_number(query, "min_id"), whole_number(query, "max_id")
    status_id, customer_id = whole_number(query, "status_id"), whole_number(query, "customer_id")
    return [
        record
        for record in records
        if not record.archived
        and _in_range(record.created, min_created, max_created)
        and _in_range(record.modified, min_modified, max_modified)
        and (min_id is None or record.order_id >= min_id)
        and (max_id is None or record.order_id <= max_id)
        and (status_id is None or record.document["status_id"] == status_id)
        and (customer_id is None or record.document["customer_id"] == customer_id)
    ]


def sorted_orders(records: list[OrderRecord], sort: str | None, tie_shuffle: random.Random | None) -> list[OrderRecord]:
    field, _, direction = (sort or "id").partition(":")
    if field not in SORT_FIELDS or direction not in ("", "asc", "desc"):
        raise BigCommerceError(400, "The field 'sort' is invalid.")
    ordered = list(records)
    if tie_shuffle is not None:
        tie_shuffle.shuffle(ordered)  # a stable sort keeps this random order among equal keys
    else:
        ordered.sort(key=lambda record: record.order_id)
    ordered.sort(key=lambda record: _sort_key(record, field), reverse=direction == "desc")
    return ordered


def page_bounds(query: Mapping[str, str]) -> tuple[int, int]:
    """(page, limit); over the maximum limit is a 413 (status-codes.mdx: "the `limit` parameter exceeded the
    maximum")."""
    page = whole_number(query, "page", 1) or 1
    limit = whole_number(query, "limit", DEFAULT_LIMIT)
    assert limit is not None
    if limit > MAX_LIMIT:
        raise BigCommerceError(413, f"The limit parameter exceeds the maximum of {MAX_LIMIT}.")
    if page < 1 or limit < 1:
        raise BigCommerceError(400, "The field 'page' or 'limit' is invalid.")
    return page, limit
