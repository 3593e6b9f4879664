"""Checks an answer against the response schema the official OpenAPI document declares for it.

The document (copied byte for byte into `sandbox/acumatica/spec/`) is loaded as one JSON Schema resource, so
every `$ref` resolves into it. Its schemas are open (no `required`, no `additionalProperties: false`), so
`undeclared` also walks the answer and names each member the declared schema does not have: the sandbox must
not send a field the contract lacks (`_links`, which every real answer carries, aside).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from sandbox.acumatica.contract import SPEC_PATH

SPEC_URI = "urn:acumatica:endpoint:Default:24.200.001"
REF_PREFIX = "#/components/schemas/"
ALWAYS_ALLOWED = frozenset({"_links"})


@functools.cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8-sig"))
    return document


@functools.cache
def _registry() -> Registry:
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT4))


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        parts = node["$ref"].removeprefix("#/").split("/")
        target: Any = spec()
        for part in parts:
            target = target[part]
        node = target
    return node


def response_schema(path: str, method: str, status: int) -> dict[str, Any] | None:
    """The JSON schema of the documented response, None when the response has no body."""
    response = _resolve(spec()["paths"][path][method.lower()]["responses"][str(status)])
    content = response.get("content")
    return None if content is None else content["application/json"]["schema"]


def component(name: str) -> dict[str, Any]:
    return {"$ref": f"{REF_PREFIX}{name}"}


def validation_errors(body: Any, schema: dict[str, Any]) -> list[str]:
    anchored = json.loads(json.dumps(schema).replace('"#/', f'"{SPEC_URI}#/'))
    validator = Draft4Validator(anchored, registry=_registry(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(body)]


def _properties(schema: dict[str, Any]) -> dict[str, Any] | None:
    schema = _resolve(schema)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_properties(part) or {})
        return merged
    return schema.get("properties")


def undeclared(body: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    schema = _resolve(schema)
    if isinstance(body, list) and "items" in schema:
        return [problem for index, row in enumerate(body)
                for problem in undeclared(row, schema["items"], f"{where}[{index}]")]
    properties = _properties(schema)
    if not isinstance(body, dict) or properties is None:
        return []
    problems = []
    for name, member in body.items():
        if name in properties:
            problems.extend(undeclared(member, properties[name], f"{where}/{name}"))
        elif name not in ALWAYS_ALLOWED:
            problems.append(f"{where}/{name}")
    return problems


def check(body: Any, schema: dict[str, Any] | None) -> None:
    assert schema is not None, "the document declares no body for this response"
    problems = validation_errors(body, schema)
    assert not problems, problems[:5]


def check_response(response: Any, path: str, method: str, *, strict: bool = True) -> None:
    """The response's status is documented for the operation and its body fits the documented schema; `strict`
    also refuses members the schema does not declare."""
    schema = response_schema(path, method, response.status_code)
    body = response.json()
    check(body, schema)
    if strict:
        assert schema is not None
        assert not undeclared(body, schema), undeclared(body, schema)[:5]
