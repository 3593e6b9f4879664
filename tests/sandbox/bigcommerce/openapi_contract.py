"""Checks an answer against the response schema BigCommerce's own OpenAPI document declares for it.

The documents (copied byte for byte into `sandbox/bigcommerce/spec/`) are OpenAPI 3.0: each is loaded as one
JSON Schema resource so every `$ref` resolves into it, and validated with the OpenAPI 3.0 dialect (`nullable`).
The schemas are open (no `additionalProperties: false`), so `undeclared` also walks the answer and names each
member the declared schema lacks: the sandbox must not invent fields.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_DIR = Path(__file__).parents[3] / "sandbox" / "bigcommerce" / "spec"


@functools.cache
def spec(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((SPEC_DIR / name).read_text(encoding="utf-8"))
    return document


def _uri(name: str) -> str:
    return f"urn:bigcommerce:{name}"


@functools.cache
def _registry(name: str) -> Registry:
    registry: Registry = Registry().with_resource(
        _uri(name), Resource.from_contents(spec(name), default_specification=DRAFT4)
    )
    return registry


def _resolve(name: str, node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec(name)
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def response_schema(name: str, path: str, method: str, status: int) -> dict[str, Any] | None:
    """The schema of the documented response; None when the document declares no JSON body for it. A status the
    document does not declare for the operation fails the check."""
    responses = spec(name)["paths"][path][method.lower()]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} documents {sorted(responses)}, not {status}"
    content = _resolve(name, responses[str(status)]).get("content") or {}
    media = next((value for key, value in content.items() if "json" in key), None)
    return None if media is None or "schema" not in media else media["schema"]


def validation_errors(name: str, body: Any, schema: dict[str, Any]) -> list[str]:
    anchored = json.loads(json.dumps(schema).replace('"#/', f'"{_uri(name)}#/'))
    validator = OAS30Validator(anchored, registry=_registry(name))
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(body)]


def _properties(name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    schema = _resolve(name, schema)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_properties(name, part) or {})
        return merged
    return schema.get("properties")


def undeclared(name: str, body: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    schema = _resolve(name, schema)
    if isinstance(body, list):
        items = schema.get("items")
        return (
            []
            if items is None
            else [
                problem
                for index, row in enumerate(body)
                for problem in undeclared(name, row, items, f"{where}[{index}]")
            ]
        )
    properties = _properties(name, schema)
    if not isinstance(body, dict) or not properties:
        return []
    problems = []
    for member, value in body.items():
        if member in properties:
            problems.extend(undeclared(name, value, properties[member], f"{where}/{member}"))
        else:
            problems.append(f"{where}/{member}")
    return problems


def check_response(response: Any, name: str, path: str, method: str = "get", *, strict: bool = True) -> None:
    """The status is one the document declares for the operation, the body fits the declared schema, and
    (`strict`) carries no member the schema lacks. A documented response without a body must come without one."""
    schema = response_schema(name, path, method, response.status_code)
    if schema is None:
        assert not response.content, "the document declares no body for this response"
        return
    body = response.json()
    problems = validation_errors(name, body, schema)
    assert not problems, problems[:5]
    if strict:
        extra = undeclared(name, body, schema)
        assert not extra, extra[:8]
