"""The query parameters of the contract-based endpoint: `$select`, `$expand`, `$filter`, `$top`, `$skip`.

`$expand` and `$select` name paths (`Details`, `MainContact/Address`, `Details/InventoryID`) that must exist in
the entity's contract; a name it lacks is a 400. `$custom` is accepted and returns nothing (no custom fields are
defined), and `$orderby` is not a parameter of this API (neither the spec nor Acumatica's client has it): it is
ignored, as ASP.NET ignores any query parameter an action does not take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo

from sandbox.acumatica.contract import EntityShape, entity
from sandbox.acumatica.errors import invalid_request, server_error
from sandbox.acumatica.filters import Expression, parse_filter

Tree = dict[str, "Tree"]
FILES = "files"


def parse_tree(text: str | None) -> Tree:
    tree: Tree = {}
    for path in (text or "").split(","):
        node = tree
        for name in (part.strip() for part in path.strip().split("/")):
            if name:
                node = node.setdefault(name, {})
    return tree


def _check_expand(shape: EntityShape, tree: Tree, where: str) -> None:
    for name, children in tree.items():
        path = f"{where}{name}"
        field = shape.field(name)
        if name == FILES and not children:
            continue
        if field is None or field.kind == "value":
            raise server_error(f"The $expand parameter names '{path}', which is not a linked or detail entity of "
                              f"{shape.name}.")
        _check_expand(entity(field.type), children, f"{path}/")


def _check_select(shape: EntityShape, tree: Tree, where: str) -> None:
    for name, children in tree.items():
        path = f"{where}{name}"
        field = shape.field(name)
        if field is None or (children and field.kind == "value"):
            raise server_error(f"The $select parameter names '{path}', which is not a field of {shape.name}.")
        if children:
            _check_select(entity(field.type), children, f"{path}/")


def _count(params: Mapping[str, str], name: str) -> int | None:
    text = params.get(name)
    if text is None or text == "":
        return None
    try:
        number = int(text)
    except ValueError:
        raise invalid_request({name: [f"The value '{text}' is not valid for Nullable`1."]}) from None
    if number < 0:
        raise invalid_request({name: [f"The value '{text}' is not valid for {name}: it must not be negative."]})
    return number


@dataclass(frozen=True)
class QueryOptions:
    expand: Tree
    select: Tree | None
    filter: Expression | None
    top: int | None
    skip: int

    @classmethod
    def parse(cls, shape: EntityShape, params: Mapping[str, str], zone: tzinfo) -> QueryOptions:
        expand = parse_tree(params.get("$expand"))
        _check_expand(shape, expand, "")
        select = parse_tree(params.get("$select")) if params.get("$select") else None
        if select is not None:
            _check_select(shape, select, "")
        text = params.get("$filter")
        return cls(expand=expand, select=select, filter=parse_filter(text, shape, zone) if text else None,
                   top=_count(params, "$top"), skip=_count(params, "$skip") or 0)
