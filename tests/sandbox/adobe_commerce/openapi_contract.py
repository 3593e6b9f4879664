"""Checks an answer against the response schema Adobe's own document (`admin-schema-2.4.8.yaml`, Swagger 2.0,
copied byte for byte into `sandbox/adobe_commerce/spec/`) declares for it.

Swagger 2.0 schemas are a subset of JSON Schema draft 4: the document is loaded as one draft-4 resource so every
`#/definitions/...` reference resolves into it. A status the operation does not declare falls under its `default`
response, as Swagger 2.0 says. The schemas are open, so `undeclared` also walks the answer and names each member
the declared schema lacks: the sandbox must not invent fields.

Two known flaws of the generated document are allowed, and only where listed: members it marks required whose
getters Magento lets return null, which the REST layer then prints as `null` (`NULL_WHERE_REQUIRED`; Swagger 2.0
has no way to say "nullable"); and an error's `parameters`, declared an array, which Magento prints as an object
when the message has named placeholders (`%resources`, `%fieldName`): a PHP associative array becomes a JSON object.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC = Path(__file__).parents[3] / "sandbox" / "adobe_commerce" / "spec" / "admin-schema-2.4.8.yaml"
URI = "urn:adobe-commerce:admin-schema-2.4.8"
NULL_WHERE_REQUIRED = {
    "sales-data-order-payment-interface": ("account_status", "cc_last4"),
    "company-data-company-interface": ("reject_reason", "rejected_at"),
}


@functools.cache
def spec() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: dict[str, Any] = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=loader)
    for name, members in NULL_WHERE_REQUIRED.items():
        properties = document["definitions"][name]["properties"]
        for member in members:
            properties[member] = {"type": [properties[member]["type"], "null"]}
    document["definitions"]["error-parameters"]["type"] = ["array", "object"]
    return document


@functools.cache
def _registry() -> Registry:
    registry: Registry = Registry().with_resource(URI, Resource.from_contents(spec(), default_specification=DRAFT4))
    return registry


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    responses = spec()["paths"][path][method.lower()]["responses"]
    declared = responses.get(str(status)) or responses.get("default")
    assert declared is not None, f"{method.upper()} {path} documents {sorted(responses)}, not {status}"
    schema: dict[str, Any] = declared["schema"]
    return schema


def validation_errors(body: Any, schema: dict[str, Any]) -> list[str]:
    anchored = json.loads(json.dumps(schema).replace('"#/', f'"{URI}#/'))
    validator = Draft4Validator(anchored, registry=_registry())
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(body)]


def undeclared(body: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    schema = _resolve(schema)
    if isinstance(body, list):
        items = schema.get("items")
        if items is None:
            return []
        return [problem for index, row in enumerate(body) for problem in undeclared(row, items, f"{where}[{index}]")]
    properties = schema.get("properties")
    if not isinstance(body, dict) or not properties:
        return []
    problems = []
    for member, value in body.items():
        if member in properties:
            problems.extend(undeclared(value, properties[member], f"{where}/{member}"))
        else:
            problems.append(f"{where}/{member}")
    return problems


def check_response(response: Any, path: str, method: str = "get", *, status: int | None = None) -> None:
    """The status is the one expected (200 unless told), the body fits the schema the document declares for that
    operation and status, and carries no member the schema lacks."""
    assert response.status_code == (status or 200), (response.status_code, response.text[:300])
    schema = response_schema(path, method, response.status_code)
    body = response.json()
    problems = validation_errors(body, schema)
    assert not problems, problems[:5]
    extra = undeclared(body, schema)
    assert not extra, extra[:8]


def schema_copy() -> dict[str, Any]:
    return copy.deepcopy(spec())
