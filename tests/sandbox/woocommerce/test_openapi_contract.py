"""The sandbox's read responses match a WooCommerce OpenAPI document written outside this project.

The document is the WTX Labs Team's OpenAPI 3.0 specification, version 0.9.7 (openapi/README.md: origin, MIT
licence, attribution). It was written apart from the official docs the sandbox was built from, so it checks our
reading of them. Every read endpoint the integration uses that the document describes is fetched from a served
sandbox holding the seed world's edge cases (variable products and their variations, guest checkouts, refunded
orders, unicode names and addresses) and each JSON body is validated against the response schema declared for
that path and method. Orders, products, variations and customers must also carry every property the document
declares for them, at every depth, unless it marks the property write-only.

Where the document and the sandbox disagree the official docs (specs/woocommerce/source/includes/wp-api-v3/*.md)
decide. Where they side with the document the sandbox was fixed; where they contradict it the deviation is listed
below by schema and property, with the docs that say otherwise. A last group of tests fails if an exception stops
being needed, so the list cannot outgrow the differences.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from jsonschema import FormatChecker

from tests.sandbox.woocommerce.openapi_schemas import (MISSING, SPEC_PATH, is_write_only, load_spec, ref_name,
                                                        response_schema, to_json_schema, validator, walk)

# `any` leaves the trash out: name every status so trashed orders are validated too.
EVERY_STATUS = "pending,processing,on-hold,completed,cancelled,refunded,failed,trash"

# ---------------------------------------------------------------------------------------------------------------
# Deviations from the third-party document. Each is one property of one component schema; nothing else is relaxed.
# ---------------------------------------------------------------------------------------------------------------

# Sent as JSON null although the document gives a bare type (it uses no `nullable: true` anywhere). Each is marked
# `nullable: true` before the document is turned into JSON Schema, so null is allowed there and nowhere else.
NULL_SENT = {
    # _orders.md response examples: `"date_paid": null` for an unpaid order (about line 1089).
    ("Order", "date_paid"): "_orders.md examples print null until the order is paid",
    ("Order", "date_paid_gmt"): "_orders.md examples print null until the order is paid",
    # _orders.md response examples: `"date_completed": null` (about line 509).
    ("Order", "date_completed"): "_orders.md examples print null until the order is completed",
    ("Order", "date_completed_gmt"): "_orders.md examples print null until the order is completed",
    # _products.md / _product-variations.md response examples: no scheduled sale, no managed stock.
    ("Product", "date_on_sale_from"): "_products.md examples print null without a scheduled sale",
    ("Product", "date_on_sale_from_gmt"): "_products.md examples print null without a scheduled sale",
    ("Product", "date_on_sale_to"): "_products.md examples print null without a scheduled sale",
    ("Product", "date_on_sale_to_gmt"): "_products.md examples print null without a scheduled sale",
    ("Product", "stock_quantity"): "_products.md examples print null when stock is not managed",
    ("ProductVariation", "date_on_sale_from"): "_product-variations.md examples print null without a sale",
    ("ProductVariation", "date_on_sale_from_gmt"): "_product-variations.md examples print null without a sale",
    ("ProductVariation", "date_on_sale_to"): "_product-variations.md examples print null without a sale",
    ("ProductVariation", "date_on_sale_to_gmt"): "_product-variations.md examples print null without a sale",
    # The docs are silent here: their only examples have an image. The v3 variations controller's get_image()
    # returns nothing for a variation without one, so a store sends null (seeded variations have no image).
    ("ProductVariation", "image"): "null for a variation without its own image (variations controller get_image())",
    # The v2 orders controller's get_order_item_data() sends the parent product's title for a variation's line and
    # null for any other line (a real 9.9.5 store does so too, API-FACTS section 1).
    ("OrderLineItem", "parent_name"): "null on a line that is not a variation (get_order_item_data())",
}

# The document's type for these properties is not what the official docs show a store sending.
LINE_TAXES = {  # _orders.md examples: `"taxes": [{"id": 75, "total": "0.45", "subtotal": "0.45"}]` (about line 532)
    "type": "array",
    "items": {"type": "object", "properties": {"id": {"type": "integer"}, "total": {"type": "string"},
                                               "subtotal": {"type": "string"}}},
}
PRODUCT_ATTRIBUTES = {  # _products.md "Product - Attributes properties", and the `slug` a 9.9.5 store adds
    "type": "array",
    "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"},
        "position": {"type": "integer"}, "visible": {"type": "boolean"}, "variation": {"type": "boolean"},
        "options": {"type": "array", "items": {"type": "string"}}}},
}
VARIATION_ATTRIBUTES = {  # _product-variations.md "Product variation - Attributes properties", and `slug` (9.9.5)
    "type": "array",
    "items": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                               "slug": {"type": "string"}, "option": {"type": "string"}}},
}
RETYPED = {
    # Document: string. _orders.md examples print `"rate_id": 75` (about line 580); its table says string, but the
    # examples are what a store sends (test_documented_schema.py follows the examples too).
    ("OrderTaxLine", "rate_id"): ({"type": "integer"}, "_orders.md examples print an integer"),
    # Document: an object. _orders.md, _products.md, _product-variations.md and _customers.md "Meta data
    # properties" tables: `value | string`, and their examples print strings ("black", "M Test").
    ("MetaData", "value"): ({"type": "string"}, "docs' meta data tables: value is a string"),
    # Document: a list of OrderTaxLine (rate_code, label, compound, ...). The per-line `taxes` lists in _orders.md's
    # examples hold only the rate id and the line's share of it.
    ("OrderLineItem", "taxes"): (LINE_TAXES, "_orders.md examples: taxes entries are {id, total, subtotal}"),
    ("OrderShippingLine", "taxes"): (LINE_TAXES, "_orders.md examples: taxes entries are {id, total, subtotal}"),
    # Document: ProductAttribute, the schema of the /products/attributes taxonomy resource (slug, type, order_by,
    # has_archives) plus a variation's `option`. The docs give the attributes embedded in a product, and in a
    # variation, shapes of their own.
    ("Product", "attributes"): (PRODUCT_ATTRIBUTES, "_products.md: id, name, position, visible, variation, options"),
    ("ProductVariation", "attributes"): (VARIATION_ATTRIBUTES, "_product-variations.md: id, name, option"),
}

# Declared by the document, not sent by the sandbox, and not part of the response in the official docs.
NOT_SENT = {
    # _orders.md "Order properties": set_paid is labelled write-only (the document does not say so).
    ("Order", "set_paid"): "_orders.md: write-only",
    # Every docs' "Meta data properties" table lists id, key and value only.
    ("MetaData", "display_key"): "docs' meta data tables: id, key, value only",
    ("MetaData", "display_value"): "docs' meta data tables: id, key, value only",
}

# `format: date-time` means RFC 3339, which needs a UTC offset. WordPress prints both the site-local `date_*` and the
# `date_*_gmt` fields without one (mysql_to_rfc3339), as every docs example does: `"date_created":
# "2017-03-22T16:28:02"` (_orders.md). So date-time is checked as that exact shape, and nothing looser.
WOO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")

# Read endpoints the integration uses (order refunds, webhooks) are not described by the document at all.
NOT_IN_SPEC = ("refund", "webhook")

SAMPLED_PATHS = ("/orders", "/orders/{orderId}", "/products", "/products/{productId}",
                 "/products/{productId}/variations", "/products/{productId}/variations/{variationId}",
                 "/customers", "/customers/{customerId}")

# Schemas whose every declared property a response must carry: (list path, one-document path, schema).
COMPLETE = (("/orders", "/orders/{orderId}", "Order"),
            ("/products", "/products/{productId}", "Product"),
            ("/products/{productId}/variations", "/products/{productId}/variations/{variationId}", "ProductVariation"),
            ("/customers", "/customers/{customerId}", "Customer"))


def woo_date_time(value: str) -> bool:
    if not WOO_DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)  # refuses a date that does not exist (month 13, February 30)
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())  # the document also names `int64` and `email`: annotations only here
    # Like every JSON Schema format, it constrains strings only: the type (or its null) is the `type` keyword's job.
    checker.checks("date-time")(lambda value: not isinstance(value, str) or woo_date_time(value))
    return checker


def undeclared_gaps(document: Any, node: dict, components: dict, exempt: dict = NOT_SENT) -> dict[tuple, str]:
    """(schema, property) -> where, for each property the schema declares that the document leaves out."""
    missing: dict[tuple[str, str], str] = {}

    def visit(schema, prop, prop_schema, value, where):
        if value is MISSING and not is_write_only(prop_schema) and (schema, prop) not in exempt:
            missing.setdefault((schema, prop), where)

    walk(document, node, components, visit)
    return missing


def patched_spec() -> dict:
    spec = load_spec()
    schemas = spec["components"]["schemas"]
    for schema, prop in NULL_SENT:
        declared = schemas[schema]["properties"][prop]
        if "$ref" in declared:  # siblings of a $ref are ignored in OpenAPI 3.0: mark a copy of its target
            declared = schemas[ref_name(declared)]
        schemas[schema]["properties"][prop] = {**declared, "nullable": True}
    for (schema, prop), (replacement, _why) in RETYPED.items():
        schemas[schema]["properties"][prop] = replacement
    return spec


# ---------------------------------------------------------------------------------------------------------------
# The sample: real responses from a served sandbox, with the edge cases picked out of them.
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Sample:
    bodies: list[tuple[str, str, Any]]  # (document path, requested path, JSON body), one per request

    def of(self, template: str) -> list[Any]:
        return [body for path, _, body in self.bodies if path == template]

    def items(self, list_template: str, one_template: str) -> list[dict]:
        """Every document of one kind: the list responses' members and the single-document responses."""
        return [doc for body in self.of(list_template) for doc in body] + self.of(one_template)


def _non_ascii(*texts: str) -> bool:
    return any(not text.isascii() for text in texts)


@pytest.fixture(scope="module")
def sample(served_store) -> Sample:
    served_store.state.reset()
    served_store.running.faults.clear()
    bodies: list[tuple[str, str, Any]] = []

    def fetch(template: str, path: str, **params) -> Any:
        response = served_store.get(path, params=params)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text[:200]}"
        bodies.append((template, path, response.json()))
        return bodies[-1][2]

    orders = fetch("/orders", "/orders", per_page=100, status=EVERY_STATUS)
    picks = {
        "guest": next(o for o in orders if o["customer_id"] == 0),
        "refunded": next(o for o in orders if o["refunds"]),
        "variation line": next(o for o in orders if any(li["variation_id"] for li in o["line_items"])),
        "unicode": next(o for o in orders if _non_ascii(o["billing"]["first_name"], o["billing"]["last_name"],
                                                        o["billing"]["address_1"], o["billing"]["city"])),
    }
    for order in {o["id"]: o for o in picks.values()}.values():
        fetch("/orders/{orderId}", f"/orders/{order['id']}")

    products = fetch("/products", "/products", per_page=100)
    variable = [p for p in products if p["type"] == "variable"]
    chosen = [variable[0], next(p for p in products if _non_ascii(p["name"])),
              next(p for p in products if p["stock_quantity"] is None and p["type"] == "simple")]
    for product in {p["id"]: p for p in chosen}.values():
        fetch("/products/{productId}", f"/products/{product['id']}")
    for product in variable:
        variations = fetch("/products/{productId}/variations", f"/products/{product['id']}/variations",
                           per_page=100)
        if product is variable[0]:
            fetch("/products/{productId}/variations/{variationId}",
                  f"/products/{product['id']}/variations/{variations[0]['id']}")

    customers = fetch("/customers", "/customers", per_page=100)
    fetch("/customers/{customerId}", f"/customers/{customers[0]['id']}")
    return Sample(bodies)


# ---------------------------------------------------------------------------------------------------------------
# The checks.
# ---------------------------------------------------------------------------------------------------------------

def test_the_vendored_document_is_the_published_one_unmodified():
    readme = (SPEC_PATH.parent / "README.md").read_text(encoding="utf-8")
    published = re.search(r"SHA-256 `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest() == published
    assert load_spec()["info"]["contact"]["name"] == "WTX Labs Team"
    assert "0.9.7" in SPEC_PATH.read_text(encoding="utf-8").splitlines()[0]


def test_nullable_becomes_a_json_schema_type_union():
    components = {"Image": {"type": "object", "properties": {"src": {"type": "string"}}}}
    node = {"type": "object", "properties": {
        "paid": {"type": "string", "nullable": True}, "name": {"type": "string"},
        "status": {"type": "string", "enum": ["a", "b"], "nullable": True},
        "image": {"$ref": "#/components/schemas/Image"}}}
    assert to_json_schema(node, components)["properties"] == {
        "paid": {"type": ["string", "null"]}, "name": {"type": "string"},
        "status": {"type": ["string", "null"], "enum": ["a", "b", None]},
        "image": {"type": "object", "properties": {"src": {"type": "string"}}}}
    check = validator(node, components)
    assert check.is_valid({"paid": None, "status": None, "name": "x"})
    assert not check.is_valid({"name": None}) and not check.is_valid({"status": "c"})
    assert not check.is_valid({"image": None}), "a $ref without nullable stays non-null"


def test_dates_are_checked_in_the_shape_a_store_prints():
    assert woo_date_time("2026-01-15T12:00:00")
    for wrong in ("2026-01-15 12:00:00", "2026-01-15T12:00:00+00:00", "2026-01-15", "2026-02-30T00:00:00"):
        assert not woo_date_time(wrong), wrong
    check = validator({"type": "string", "format": "date-time"}, {}, format_checker())
    assert check.is_valid("2026-01-15T12:00:00") and not check.is_valid("2026-01-15 12:00:00")


def test_the_sample_holds_the_edge_cases(sample):
    orders = sample.items("/orders", "/orders/{orderId}")
    assert {o["status"] for o in orders} == set(EVERY_STATUS.split(","))
    assert any(o["customer_id"] == 0 for o in orders), "a guest checkout"
    assert any(o["refunds"] for o in orders), "a refunded order"
    assert any(li["variation_id"] for o in orders for li in o["line_items"]), "a line for a variation"
    assert any(li["meta_data"] for o in orders for li in o["line_items"]), "line item meta data"
    assert any(_non_ascii(o["billing"]["first_name"], o["billing"]["last_name"]) for o in orders), "unicode names"
    products = sample.items("/products", "/products/{productId}")
    assert {"simple", "variable"} <= {p["type"] for p in products}
    assert any(_non_ascii(p["name"]) for p in products)
    assert sample.of("/products/{productId}/variations") and sample.of("/products/{productId}/variations/{variationId}")
    assert sample.of("/customers") and sample.of("/customers/{customerId}")


@pytest.mark.parametrize("template", SAMPLED_PATHS)
def test_responses_validate_against_the_declared_response_schema(sample, template):
    spec = patched_spec()
    check = validator(response_schema(spec, template), spec["components"]["schemas"], format_checker())
    bodies = [(path, body) for t, path, body in sample.bodies if t == template]
    assert bodies
    problems = [f"GET {path} {'/'.join(map(str, error.absolute_path))}: {error.message}"
                for path, body in bodies for error in check.iter_errors(body)]
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:15])


@pytest.mark.parametrize(("list_template", "one_template", "schema"), COMPLETE, ids=[c[2] for c in COMPLETE])
def test_every_declared_property_is_sent(sample, list_template, one_template, schema):
    spec = patched_spec()
    documents = sample.items(list_template, one_template)
    assert documents
    missing: dict[tuple[str, str], str] = {}
    for document in documents:
        gaps = undeclared_gaps(document, {"$ref": f"#/components/schemas/{schema}"}, spec["components"]["schemas"])
        missing = {**gaps, **missing}
    assert not missing, "declared but not sent: " + ", ".join(f"{s}.{p} (first at {w})"
                                                              for (s, p), w in missing.items())


def test_uncovered_endpoints_are_really_absent_from_the_document():
    """Refunds and webhooks are left out only because the document has nothing to check them against."""
    paths = load_spec()["paths"]
    assert not [path for path in paths if any(word in path for word in NOT_IN_SPEC)]


def test_embedded_refunds_summarise_the_refunds_endpoint(served_store, sample):
    """The document's only refund schema is the order's `refunds` summary: it must agree with the refunds served."""
    for order in [o for o in sample.items("/orders", "/orders/{orderId}") if o["refunds"]][:5]:
        refunds = served_store.get(f"/orders/{order['id']}/refunds").json()
        assert order["refunds"] == [{"id": r["id"], "reason": r["reason"], "total": f"-{r['amount']}"}
                                    for r in refunds]


# The exceptions stay minimal: each must name a property the document declares, and must still be needed.

def _values(sample: Sample, spec: dict) -> dict[tuple[str, str], list[Any]]:
    """Every value the sample sends for each (schema, property), MISSING where it is absent."""
    seen: dict[tuple[str, str], list[Any]] = {}
    components = spec["components"]["schemas"]
    for template, _, body in sample.bodies:
        walk(body, response_schema(spec, template), components,
             lambda schema, prop, _s, value, _w: seen.setdefault((schema, prop), []).append(value))
    return seen


def test_each_exception_names_a_declared_property():
    schemas = load_spec()["components"]["schemas"]
    for schema, prop in [*NULL_SENT, *RETYPED, *NOT_SENT]:
        assert prop in schemas[schema]["properties"], f"{schema}.{prop} is not in the document"
    for schema, prop in NULL_SENT:
        assert not schemas[schema]["properties"][prop].get("nullable"), f"{schema}.{prop} is nullable already"
    assert not set(NULL_SENT) & set(RETYPED) and not set(RETYPED) & set(NOT_SENT)


def test_each_exception_is_still_needed(sample):
    spec = load_spec()
    components = spec["components"]["schemas"]
    seen = _values(sample, spec)
    for key in NULL_SENT:
        assert None in seen.get(key, []), f"{key} is never null in the sample: drop the exception"
    for schema, prop in RETYPED:
        declared = components[schema]["properties"][prop]
        check = validator(declared, components)
        sent = [v for v in seen.get((schema, prop), []) if v is not MISSING]
        # Needed while some value the store sends is of another type, or lacks what the document's type declares.
        assert any(not check.is_valid(v) or undeclared_gaps(v, declared, components, exempt={}) for v in sent), \
            f"the document's {schema}.{prop} fits what is sent: drop the exception"
    for key in NOT_SENT:
        values = seen.get(key)
        assert values and all(v is MISSING for v in values), f"{key} is sent (or never reached): drop the exception"


def test_the_date_shape_exception_is_needed_too(sample):
    """Without the exception, RFC 3339's date-time would refuse every date the store prints."""
    date = sample.of("/orders/{orderId}")[0]["date_created"]
    assert woo_date_time(date)
    assert not FormatChecker(formats=("date-time",)).conforms(date, "date-time")
