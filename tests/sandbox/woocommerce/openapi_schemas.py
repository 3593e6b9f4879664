"""Turns the vendored third-party OpenAPI 3.0 document (openapi/README.md) into JSON Schemas that `jsonschema` checks.

OpenAPI 3.0 schema objects are close to JSON Schema draft 4, with two differences that matter here: a `$ref` points
into `components/schemas` (and its siblings are ignored), and `nullable: true` stands where JSON Schema writes the
type union `["string", "null"]`. Both are rewritten before validating.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator, FormatChecker

SPEC_PATH = Path(__file__).parent / "openapi" / "woocommerce-rest-api-openapi-specification.yml"
REF_PREFIX = "#/components/schemas/"
MISSING = object()  # a property the document does not carry at all, told apart from a JSON null

# Keywords whose value is a schema, a map of schemas or a list of schemas; every other keyword is copied as written.
ONE_SCHEMA = ("items", "additionalProperties", "not")
SCHEMA_MAPS = ("properties",)
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")

Visit = Callable[[str, str, dict, Any, str], None]  # (schema name, property, its schema, value or MISSING, where)


@functools.cache
def _load() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def load_spec() -> dict:
    """A private copy of the document, free to patch."""
    return copy.deepcopy(_load())


def ref_name(node: dict) -> str:
    ref = node["$ref"]
    assert ref.startswith(REF_PREFIX), f"only component schemas are referenced here, not {ref}"
    return ref[len(REF_PREFIX):]


def response_schema(spec: dict, path: str, method: str = "get", status: str = "200") -> dict:
    """The schema the document declares for a JSON response, still in OpenAPI form."""
    return spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def to_json_schema(node: Any, components: dict, _resolving: tuple[str, ...] = ()) -> Any:
    """The JSON Schema equivalent of an OpenAPI 3.0 schema object, with every `$ref` inlined."""
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = ref_name(node)
        assert name not in _resolving, f"recursive schema {' -> '.join((*_resolving, name))}"
        return to_json_schema(components[name], components, (*_resolving, name))
    out: dict[str, Any] = {}
    for keyword, value in node.items():
        if keyword == "nullable":
            continue
        if keyword in ONE_SCHEMA and isinstance(value, dict):
            out[keyword] = to_json_schema(value, components, _resolving)
        elif keyword in SCHEMA_MAPS:
            out[keyword] = {name: to_json_schema(sub, components, _resolving) for name, sub in value.items()}
        elif keyword in SCHEMA_LISTS:
            out[keyword] = [to_json_schema(sub, components, _resolving) for sub in value]
        else:
            out[keyword] = copy.deepcopy(value)
    if node.get("nullable") is True:
        out = _with_null(out)
    return out


def _with_null(schema: dict) -> dict:
    if "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    schema["type"] = [*types, "null"] if "null" not in types else types
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]  # an enum is checked on its own: null must be one of its values
    return schema


def validator(node: dict, components: dict, format_checker: FormatChecker | None = None) -> Draft4Validator:
    return Draft4Validator(to_json_schema(node, components), format_checker=format_checker)


def is_write_only(prop_schema: dict) -> bool:
    """The document marks write-only fields in their description, as the official tables do; `writeOnly` counts too."""
    return prop_schema.get("writeOnly") is True or "write-only" in str(prop_schema.get("description", ""))


def walk(document: Any, node: dict, components: dict, visit: Visit, where: str = "$", name: str = "") -> None:
    """Call `visit` for every property every object schema declares, at every depth the document reaches."""
    if "$ref" in node:
        name = ref_name(node)
        node = components[name]
    for member in node.get("allOf", ()):
        walk(document, member, components, visit, where, name)
    if isinstance(document, dict):
        for prop, prop_schema in node.get("properties", {}).items():
            value = document.get(prop, MISSING)
            visit(name, prop, prop_schema, value, f"{where}.{prop}")
            if value is not MISSING and value is not None:
                walk(value, prop_schema, components, visit, f"{where}.{prop}", f"{name}.{prop}")
    elif isinstance(document, list) and isinstance(node.get("items"), dict):
        for index, item in enumerate(document):
            walk(item, node["items"], components, visit, f"{where}[{index}]", f"{name}[]")
