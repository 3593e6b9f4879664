"""The bad-input corpus: malformed WooCommerce orders and refunds.

Every refused case must raise MappingError (and nothing else) whose key names the order and whose reason names
the field; every accepted oddity must keep the data as data. Each case starts from order 1042
(fixtures/woo_order_registered.json) and changes one thing.

Decided here: amounts sent as JSON numbers are accepted (WooCommerce itself sends a line's `price` as a
number), read through their shortest decimal text; quantities must be whole numbers whatever their JSON type.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.systems.woocommerce.mappings.orders import order_from_woo, refund_from_woo
from erplink.models import Order

from tests.erplink.conftest import load_fixture

Mutation = Callable[[dict[str, Any]], Any]
BASE_ORDER = load_fixture("woo_order_registered.json")
BASE_REFUNDS = {refund["id"]: refund for refund in load_fixture("woo_refunds_1042.json")}
KEY = "woocommerce order 1042"
NO_ID_KEY = "woocommerce order (without a valid id)"


def _set(path: str, value: Any) -> Mutation:
    """Set (or, with value DELETE, remove) the field at a dotted path such as "line_items.0.quantity"."""

    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        slot: int | str = int(last) if isinstance(target, list) else last
        if value is DELETE:
            del target[slot]
        else:
            target[slot] = value

    return mutate


def _line(**changes: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        for field, value in changes.items():
            _set(f"line_items.0.{field}", value)(document)

    return mutate


def _many_lines(count: int) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        template = document["line_items"][1]
        document["line_items"] = [dict(template, id=1000 + n) for n in range(count)]

    return mutate


def _marker(value: Any) -> Mutation:
    return _set("meta_data.1.value", value)


DELETE = object()

# (case id, mutation, expected record key, text the reason must contain)
REFUSED: list[tuple[str, Mutation, str, str]] = [
    ("id missing", _set("id", DELETE), NO_ID_KEY, "id: is missing"),
    ("id text", _set("id", "abc"), NO_ID_KEY, "id: 'abc' is not a number"),
    ("id negative", _set("id", -5), NO_ID_KEY, "id: -5 is below the minimum of 1"),
    ("id boolean", _set("id", True), NO_ID_KEY, "id: True is a boolean"),
    ("number missing", _set("number", DELETE), KEY, "number: is missing"),
    ("status missing", _set("status", None), KEY, "status: is missing"),
    ("currency not configured", _set("currency", "EUR"), KEY, "currency: 'EUR' is not a currency this store"),
    ("currency unknown code", _set("currency", "XXX"), KEY, "currency: 'XXX'"),
    ("currency missing", _set("currency", DELETE), KEY, "currency: is missing"),
    ("currency as number", _set("currency", 840), KEY, "currency: has type int, not text"),
    ("created date missing", _set("date_created_gmt", DELETE), KEY, "date_created_gmt: is missing"),
    ("modified date garbage", _set("date_modified_gmt", "not-a-date"), KEY, "date_modified_gmt: 'not-a-date'"),
    ("modified date zero", _set("date_modified_gmt", "0000-00-00 00:00:00"), KEY, "date_modified_gmt"),
    ("created date as epoch", _set("date_created_gmt", 1700000000), KEY, "date_created_gmt: has type int"),
    ("created date month 13", _set("date_created_gmt", "2026-13-01T00:00:00"), KEY, "date_created_gmt"),
    ("no line items", _set("line_items", DELETE), KEY, "line_items: the order has no product lines"),
    ("empty line items", _set("line_items", []), KEY, "line_items: the order has no product lines"),
    ("line items not a list", _set("line_items", {"0": {}}), KEY, "line_items: has type dict, not a list"),
    ("501 lines", _many_lines(501), KEY, "line_items: has 501 entries; the limit is 500"),
    ("line is text", _set("line_items.0", "HOODIE"), KEY, "line_items[0]: is str, not a JSON object"),
    ("line id missing", _line(id=DELETE), KEY, "line_items[0]: id: is missing"),
    ("duplicate line ids", _set("line_items.1.id", 201), KEY, "line id 201 appears more than once"),
    ("negative quantity", _line(quantity=-1), KEY, "line item 201: quantity: -1 is not a positive whole number"),
    ("zero quantity", _line(quantity=0), KEY, "line item 201: quantity: 0 is not a positive whole number"),
    ("fractional quantity", _line(quantity=1.5), KEY, "line item 201: quantity: 1.5 is fractional"),
    ("fractional quantity text", _line(quantity="2.5"), KEY, "line item 201: quantity: '2.5' is fractional"),
    ("quantity missing", _line(quantity=DELETE), KEY, "line item 201: quantity: is missing"),
    ("quantity boolean", _line(quantity=True), KEY, "line item 201: quantity: True is a boolean"),
    ("quantity text", _line(quantity="two"), KEY, "line item 201: quantity: 'two' is not a number"),
    ("quantity huge float", _line(quantity=float("inf")), KEY, "line item 201: quantity: inf is not a finite"),
    ("sku blank", _line(sku=""), KEY, "line item 201: sku: is blank: the product has no SKU"),
    ("sku missing", _line(sku=DELETE), KEY, "line item 201: sku: is blank"),
    ("sku zero-width space", _line(sku="HOODIE\u200b-BLUE-M"), KEY, "sku: contains invisible character U+200B"),
    ("sku byte order mark", _line(sku="\ufeffHOODIE-BLUE-M"), KEY, "sku: contains invisible character U+FEFF"),
    ("sku as number", _line(sku=12345), KEY, "line item 201: sku: has type int, not text"),
    ("deleted product", _line(product_id=0), KEY, "line item 201: product_id: is 0: the product was deleted"),
    ("product id missing", _line(product_id=DELETE), KEY, "line item 201: product_id: is missing"),
    ("variation id text", _line(variation_id="blue"), KEY, "line item 201: variation_id: 'blue' is not a number"),
    ("subtotal not a number", _line(subtotal="abc"), KEY, "line item 201: subtotal: 'abc' is not a decimal"),
    ("subtotal thousands separator", _line(subtotal="1,234.00"), KEY, "line item 201: subtotal: '1,234.00'"),
    ("subtotal negative", _line(subtotal="-90.00", total="-95.00"), KEY, "line item 201: subtotal"),
    ("total missing", _line(total=DELETE), KEY, "line item 201: total: is missing"),
    ("total NaN", _line(total="NaN"), KEY, "line item 201: total: 'NaN' is not a decimal amount"),
    ("total exponent", _line(total="8.5e1"), KEY, "line item 201: total: '8.5e1' is not a decimal amount"),
    ("total infinite float", _line(total=float("inf")), KEY, "line item 201: total: inf is not a finite amount"),
    ("total boolean", _line(total=False), KEY, "line item 201: total: False is a boolean"),
    ("total out of range", _line(total="99999999999999999.00"), KEY, "total: '99999999999999999.00' is out"),
    ("total too precise", _line(total="85.0000001"), KEY, "total: '85.0000001' has more than 6 decimal places"),
    ("line tax a list", _line(total_tax=["6.80"]), KEY, "line item 201: total_tax: has type list"),
    ("name missing", _line(name=DELETE), KEY, "line item 201: name: is missing or blank"),
    ("name oversized", _line(name="x" * 100_000), KEY, "name: is 100000 characters long; the limit is 2000"),
    ("name with NUL", _line(name="Hoodie\x00"), KEY, "line item 201: name: contains control character U+0000"),
    ("name with escape", _line(name="\x1b[31mHoodie"), KEY, "name: contains control character U+001B"),
    ("billing missing", _set("billing", DELETE), KEY, "billing: is missing"),
    ("billing a list", _set("billing", []), KEY, "billing: is list, not a JSON object"),
    ("billing email blank", _set("billing.email", ""), KEY, "billing: email: is blank"),
    ("billing email invalid", _set("billing.email", "not-an-email"), KEY, "billing: email: is not a valid email"),
    ("billing email two at signs", _set("billing.email", "a@b@c.com"), KEY, "billing: email: is not a valid"),
    ("billing country three letters", _set("billing.country", "USA"), KEY, "billing: country"),
    ("billing name a list", _set("billing.first_name", ["Jane"]), KEY, "billing: first_name: has type list"),
    ("billing city oversized", _set("billing.city", "y" * 5000), KEY, "billing: city: is 5000 characters"),
    ("customer id negative", _set("customer_id", -1), KEY, "customer_id: -1 is below the minimum of 0"),
    ("customer id missing", _set("customer_id", DELETE), KEY, "customer_id: is missing"),
    ("meta_data not a list", _set("meta_data", {"key": "x"}), KEY, "meta_data: has type dict, not a list"),
    ("meta entry is text", _set("meta_data.0", "x"), KEY, "meta_data[0]: is not an object with a text key"),
    ("meta key is a number", _set("meta_data.0.key", 7), KEY, "meta_data[0]: is not an object with a text key"),
    ("marker is a number", _marker(123), KEY, "meta_data[1] (_erplink_erp_reference): value 123 is not"),
    ("marker is an object", _marker({"so": "SO1"}), KEY, "meta_data[1] (_erplink_erp_reference): value"),
    ("marker is blank", _marker(" "), KEY, "meta_data[1] (_erplink_erp_reference): value ' ' is not"),
    (
        "two different markers",
        lambda document: document["meta_data"].append({"id": 1, "key": "_erplink_erp_reference", "value": "SO9"}),
        KEY,
        "meta_data: holds 2 different _erplink_erp_reference values",
    ),
    ("customer note oversized", _set("customer_note", "z" * 1_000_000), KEY, "customer_note: is 1000000"),
    ("shipping total text", _set("shipping_lines.0.total", "free"), KEY, "shipping_lines[0]: total: 'free'"),
    ("fee without id", _set("fee_lines.0.id", DELETE), KEY, "fee_lines[0]: id: is missing"),
    ("coupon without code", _set("coupon_lines.0.code", ""), KEY, "coupon_lines[0]: code: is missing or blank"),
    ("refund summary of zero", _set("refunds.0.total", "0.00"), KEY, "refunds[0]: amount: Input should be greater"),
    ("order total negative", _set("total", "-5.00"), KEY, "total: Input should be greater than or equal to 0"),
    ("order total missing", _set("total", DELETE), KEY, "total: is missing"),
    ("prices_include_tax text", _set("prices_include_tax", "yes"), KEY, "prices_include_tax: 'yes' is not true"),
]


@pytest.mark.parametrize(("mutation", "record_key", "reason"), [case[1:] for case in REFUSED],
                         ids=[case[0] for case in REFUSED])
def test_bad_order_is_refused_with_a_reason_naming_order_and_field(mutation, record_key, reason):
    document = copy.deepcopy(BASE_ORDER)
    mutation(document)

    with pytest.raises(MappingError) as caught:
        order_from_woo(document, store="shop1", currencies={"USD"})

    assert caught.value.record_key == record_key
    assert reason in caught.value.reason


@pytest.mark.parametrize("document", [None, [], "order", 1042], ids=["null", "list", "text", "number"])
def test_a_document_that_is_not_an_object_is_refused(document):
    with pytest.raises(MappingError, match="not a JSON object") as caught:
        order_from_woo(document, store="shop1", currencies={"USD"})

    assert caught.value.record_key == NO_ID_KEY


# (case id, mutation, check on the mapped order): oddities that are data, not defects.
ACCEPTED: list[tuple[str, Mutation, Callable[[Order], bool]]] = [
    (
        "html in a name",
        _line(name="<img src=x onerror=alert(1)>Hoodie"),
        lambda order: order.lines[0].name == "<img src=x onerror=alert(1)>Hoodie",
    ),
    (
        "sql in a name",
        _line(name="Robert'); DROP TABLE items;--"),
        lambda order: order.lines[0].name == "Robert'); DROP TABLE items;--",
    ),
    (
        "emoji with zero-width joiners",
        _set("billing.first_name", "\U0001f468\u200d\U0001f469\u200d\U0001f467 Jane"),
        lambda order: order.customer.first_name == "\U0001f468\u200d\U0001f469\u200d\U0001f467 Jane",
    ),
    (
        "right-to-left name with a direction mark",
        _set("billing.last_name", "\u05db\u05d4\u05df\u200f"),
        lambda order: order.customer.last_name == "\u05db\u05d4\u05df\u200f",
    ),
    (
        "decomposed accents",
        _set("billing.city", "Mu\u0308nchen"),
        lambda order: order.billing_address.city == "M\u00fcnchen",
    ),
    ("amounts as JSON numbers", _line(subtotal=90, total=85.0), lambda order: order.lines[0].total == Decimal("85.0")),
    ("float amount read as its decimal text", _line(total_tax=6.8), lambda order: order.lines[0].tax == Decimal("6.8")),
    ("quantity as text", _line(quantity="2"), lambda order: order.lines[0].quantity == 2),
    ("quantity as whole float", _line(quantity=2.0), lambda order: order.lines[0].quantity == 2),
    ("lower-case currency", _set("currency", "usd"), lambda order: order.currency == "USD"),
    ("no fee or coupon arrays", lambda d: [d.pop("fee_lines"), d.pop("coupon_lines")], lambda order: not order.coupons),
    (
        "date with an offset",
        _set("date_created_gmt", "2026-01-05T12:00:00+02:00"),
        lambda order: order.created_at == datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
    ),
    (
        "upper-case email",
        _set("billing.email", "JANE@EXAMPLE.COM"),
        lambda order: order.customer.email == "jane@example.com",
    ),
    ("null variation id", _line(variation_id=None), lambda order: order.lines[0].variation_id is None),
    (
        "unicode email",
        _set("billing.email", "jos\u00e9@example.com"),
        lambda order: order.customer.email == "jos\u00e9@example.com",
    ),
]


@pytest.mark.parametrize(("mutation", "check"), [case[1:] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_odd_but_valid_order_is_kept_as_data(mutation, check):
    document = copy.deepcopy(BASE_ORDER)
    mutation(document)

    order = order_from_woo(document, store="shop1", currencies={"USD"})

    assert check(order)


def _field_paths(document: Any, prefix: str = "") -> list[str]:
    paths = []
    if isinstance(document, dict):
        for key, value in document.items():
            paths.append(prefix + key)
            paths.extend(_field_paths(value, f"{prefix}{key}."))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            paths.append(f"{prefix}{index}")
            paths.extend(_field_paths(value, f"{prefix}{index}."))
    return paths


WRONG_VALUES = [DELETE, None, "", "x" * 3000, -1, 1.5, True, [], {}]


@pytest.mark.parametrize("path", _field_paths(BASE_ORDER))
def test_any_field_replaced_by_any_wrong_value_maps_or_raises_mapping_error(path):
    """Nothing but MappingError may escape, whatever field holds whatever junk."""
    for value in WRONG_VALUES:
        document = copy.deepcopy(BASE_ORDER)
        _set(path, value)(document)
        try:
            order_from_woo(document, store="shop1", currencies={"USD"})
        except MappingError as error:
            assert error.record_key.startswith("woocommerce order ")
            assert error.reason


REFUND_KEY = "woocommerce refund 77 of order 1042"
REFUND_REFUSED: list[tuple[str, Mutation, str]] = [
    ("amount missing", _set("amount", DELETE), "amount: is missing"),
    ("amount text", _set("amount", "lots"), "amount: 'lots' is not a decimal amount"),
    ("created date missing", _set("date_created_gmt", None), "date_created_gmt: is missing"),
    ("line quantity positive", _set("line_items.0.quantity", 1), "refund line 301: quantity: 1 is positive"),
    ("line total positive", _set("line_items.0.total", "22.50"), "refund line 301: total: 22.50 is positive"),
    ("line quantity fractional", _set("line_items.0.quantity", -0.5), "refund line 301: quantity: -0.5 is fractional"),
    ("line items not a list", _set("line_items", "none"), "line_items: has type str, not a list"),
    ("restock flag text", _set("api_restock", "yes"), "api_restock: 'yes' is not true or false"),
    ("refunded item id negative", _set("line_items.0.meta_data.0.value", "-3"), "-3 is not an order line id"),
]


@pytest.mark.parametrize(("mutation", "reason"), [case[1:] for case in REFUND_REFUSED],
                         ids=[case[0] for case in REFUND_REFUSED])
def test_bad_refund_is_refused_with_a_reason_naming_refund_and_field(mutation, reason):
    document = copy.deepcopy(BASE_REFUNDS[77])
    mutation(document)

    with pytest.raises(MappingError) as caught:
        refund_from_woo(document, store="shop1", order_id=1042, currency="USD")

    assert caught.value.record_key == REFUND_KEY
    assert reason in caught.value.reason


@pytest.mark.parametrize("path", _field_paths(BASE_REFUNDS[77]))
def test_any_refund_field_replaced_by_any_wrong_value_maps_or_raises_mapping_error(path):
    for value in WRONG_VALUES:
        document = copy.deepcopy(BASE_REFUNDS[77])
        _set(path, value)(document)
        try:
            refund_from_woo(document, store="shop1", order_id=1042, currency="USD")
        except MappingError as error:
            assert error.record_key.startswith("woocommerce refund ")
