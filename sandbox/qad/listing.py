"""List endpoints: offset/limit paging, the `modifiedSince` filter and the `{data, pagination}` envelope."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import AwareDatetime, BaseModel

from sandbox.qad.tenant import Document, snapshot
from sandbox.qad.timestamps import parse_timestamp

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

T = TypeVar("T")


class Pagination(BaseModel):
    offset: int
    limit: int
    total: int


class Page(BaseModel, Generic[T]):
    data: list[T]
    pagination: Pagination


@dataclass(frozen=True)
class PageRequest:
    offset: int
    limit: int
    modified_since: datetime | None


def page_request(
    offset: Annotated[int, Query(ge=0, description="Documents to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")] = DEFAULT_LIMIT,
    modified_since: Annotated[
        AwareDatetime | None,
        Query(alias="modifiedSince", description="Only documents modified at or after this instant (ISO-8601)"),
    ] = None,
) -> PageRequest:
    return PageRequest(offset=offset, limit=limit, modified_since=modified_since)


def split_list(value: str | None) -> set[str] | None:
    """A comma-separated filter value as a set; None when the filter is absent."""
    if value is None:
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def paginate(
    documents: Iterable[Document],
    request: PageRequest,
    *,
    identity: Callable[[Document], tuple[str, ...]],
    matches: Callable[[Document], bool] = lambda _: True,
) -> dict[str, object]:
    """Filter, order by `modifiedAt` then `identity`, and cut one page, returning copies of the documents."""
    selected = [
        document
        for document in documents
        if matches(document)
        and (request.modified_since is None or parse_timestamp(document["modifiedAt"]) >= request.modified_since)
    ]
    selected.sort(key=lambda document: (parse_timestamp(document["modifiedAt"]), identity(document)))
    page = selected[request.offset : request.offset + request.limit]
    return {
        "data": [snapshot(document) for document in page],
        "pagination": {"offset": request.offset, "limit": request.limit, "total": len(selected)},
    }
