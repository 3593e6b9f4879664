"""A searchCriteria list answer: `{items, search_criteria, total_count}` over one kind of document."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import Request

from sandbox.adobe_commerce.records import Document
from sandbox.adobe_commerce.search_criteria import Fields, SearchCriteria, ordered, page, parse, select
from sandbox.adobe_commerce.state import StoreState


def column(name: str) -> Callable[[Document], Any]:
    return lambda document: document.get(name)


def columns(*names: str) -> Fields:
    return {name: column(name) for name in names}


def search(
    state: StoreState, request: Request, documents: Iterable[Document], fields: Fields, *, id_field: str = "entity_id"
) -> tuple[dict[str, Any], SearchCriteria, list[Document]]:
    """The answer, the criteria read, and every matching document (before paging)."""
    criteria = parse(request.query_params.multi_items())
    with state.lock:
        matching = select(documents, criteria, fields)
        rng = state.rng if state.options.shuffle_ties else None
        rows = ordered(matching, criteria, fields, id_field, rng)
        shown = page(rows, criteria, clamp=state.options.past_last_page == "last_page")
        answer = {
            "items": [copy.deepcopy(document) for document in shown],
            "search_criteria": criteria.echo(),
            "total_count": len(matching),
        }
    return answer, criteria, matching
