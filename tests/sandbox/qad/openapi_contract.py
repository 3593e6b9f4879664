"""Checks responses against the response schemas the tenant's own OpenAPI document declares for them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

METHODS = ("get", "put", "post", "delete", "patch")


def _template_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


@dataclass
class OpenApiContract:
    """The served document, with the path matching and schema validators the checks need."""

    document: dict[str, Any]

    def __post_init__(self) -> None:
        # Literal templates first, so `/sales-orders/{orderNumber}` never swallows a literal sibling path.
        self._templates = sorted(self.document["paths"], key=lambda template: template.count("{"))
        self._patterns = {template: _template_pattern(template) for template in self._templates}
        self._validators: dict[str, Draft202012Validator] = {}

    def _validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        key = repr(schema)
        if key not in self._validators:
            self._validators[key] = Draft202012Validator({**schema, "components": self.document["components"]})
        return self._validators[key]

    def template_for(self, path: str) -> str | None:
        for template in self._templates:
            if self._patterns[template].match(path):
                return template
        return None

    def check(self, method: str, path: str, status: int, body: Any) -> None:
        """Fail unless the document declares this status (or `default`) with a JSON schema the body matches.

        A path the document does not describe must be answered 404 in the error envelope.
        """
        template = self.template_for(path)
        if template is None:
            assert status == 404, f"{method} {path} is not described, yet answered {status}"
            self._assert_valid({"$ref": "#/components/schemas/ErrorEnvelope"}, body, f"{method} {path} {status}")
            return
        operation = self.document["paths"][template].get(method.lower())
        assert operation is not None, f"{method} {template} is not described by the OpenAPI document"
        responses = operation["responses"]
        declared = responses.get(str(status)) or responses.get("default")
        assert declared is not None, f"{method} {template} answered {status}, which it does not declare"
        self._assert_valid(declared["content"]["application/json"]["schema"], body, f"{method} {path} {status}")

    def _assert_valid(self, schema: dict[str, Any], body: Any, context: str) -> None:
        errors = sorted(self._validator(schema).iter_errors(body), key=lambda error: list(error.path))
        assert not errors, f"{context}: " + "; ".join(f"{list(error.path)}: {error.message}" for error in errors)


def response_checker(contract: OpenApiContract, tenant_prefix: str) -> Callable[[Any], None]:
    """An httpx response hook that checks every tenant API response, leaving admin routes alone."""

    def check_response(response: Any) -> None:
        path = response.request.url.path
        if not path.startswith(tenant_prefix) or path.endswith("/api/swagger.json"):
            return
        response.read()
        contract.check(response.request.method, path[len(tenant_prefix):], response.status_code, response.json())

    return check_response
