"""Collection arguments the CRUD controllers share, read from a request's query with WordPress core's rules."""

from __future__ import annotations

from typing import Any

from sandbox.woocommerce.http import Query
from sandbox.woocommerce.params import as_bool, as_enum, as_int, as_list, as_query_date


def id_list(name: str, query: Query) -> tuple[int, ...]:
    return tuple(as_int(name, value) for value in as_list(query.lists.get(name, [])))


def date_filters(query: Query) -> dict[str, Any]:
    found = {name: as_query_date(name, query.first[name])
             for name in ("after", "before", "modified_after", "modified_before") if name in query.first}
    found["dates_are_gmt"] = as_bool("dates_are_gmt", query.first["dates_are_gmt"]) \
        if "dates_are_gmt" in query.first else False
    return found


def sorting(query: Query, orderby_values: tuple[str, ...], default_orderby: str, default_order: str) -> dict:
    return {"orderby": as_enum("orderby", query.first.get("orderby", default_orderby), orderby_values),
            "order": as_enum("order", query.first.get("order", default_order), ("asc", "desc"))}


def force_flag(query: Query) -> bool:
    return as_bool("force", query.first["force"]) if "force" in query.first else False


def check_typed(query: Query, integers: tuple[str, ...] = (), booleans: tuple[str, ...] = (),
                enums: dict[str, tuple[str, ...]] | None = None) -> None:
    """Validate arguments a route declares but the sandbox does not act on (`dp`, `context`, ...): a wrong type is
    still the 400 `rest_invalid_param` WordPress answers."""
    for name in integers:
        if name in query.first:
            as_int(name, query.first[name])
    for name in booleans:
        if name in query.first:
            as_bool(name, query.first[name])
    for name, allowed in (enums or {}).items():
        if name in query.first:
            as_enum(name, query.first[name], allowed)
