"""A list that must be whole and is longer than the Query Service's MaxRows is read in windows of the profile's
key: every row exactly once, although every answer is cut at MaxRows and shuffled (as the sandbox does); a list
shorter than MaxRows stays one request."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sandbox.runner import RunningSandbox

from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook
from erplink.systems.qad.qxtend.queries import QueryService

Connect = Callable[..., QadQxtendHook]
SITE = "10-100"
# Quotes and tildes must be escaped in a 4GL string; letters of both cases compare without case.
KEY_TEXT = st.text(alphabet='aB0-_."~xZ9', min_size=1, max_size=6)


@contextmanager
def extra_items(served: RunningSandbox, numbers: list[str]) -> Iterator[None]:
    with served.state._locked(None) as store:
        for number in numbers:
            store.items[number] = {"itemNumber": number, "description": f"extra {number}", "uom": "EA",
                                   "status": "ACTIVE", "productLine": "X"}  # fmt: skip
    try:
        yield
    finally:
        with served.state._locked(None) as store:
            for number in numbers:
                del store.items[number]


@contextmanager
def extra_locations(served: RunningSandbox, part: str, locations: list[str]) -> Iterator[None]:
    """Many stock rows of one part at the site: more rows share the first key field than an answer holds."""
    keys = [(SITE, part, location) for location in locations]
    with served.state._locked(None) as store:
        for n, key in enumerate(keys):
            store.inventory[key] = {"site": SITE, "itemNumber": part, "location": key[2], "qtyOnHand": str(n),
                                    "qtyAllocated": "0", "qtyCommitted": "0"}  # fmt: skip
    try:
        yield
    finally:
        with served.state._locked(None) as store:
            for key in keys:
                del store.inventory[key]


def _item_numbers(served: RunningSandbox) -> list[str]:
    return [item["itemNumber"] for item in served.state.documents("items")]


def _stock_keys(served: RunningSandbox) -> list[tuple[str, str]]:
    with served.state._locked(None) as store:
        return [(b["itemNumber"], b["location"]) for b in store.inventory.values() if b["site"] == SITE]


def _price_items(served: RunningSandbox) -> list[str]:
    with served.state._locked(None) as store:
        return [price["itemNumber"] for price in store.price_lists.get("USD", {}).values()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.lists(KEY_TEXT, max_size=25, unique_by=str.casefold),
    locations=st.lists(KEY_TEXT, max_size=25, unique_by=str.casefold),
    max_rows=st.integers(2, 12),
)
def test_a_whole_list_longer_than_max_rows_is_read_with_every_row_exactly_once(
    connect: Connect, served: RunningSandbox, extra: list[str], locations: list[str], max_rows: int
) -> None:
    known = {number.casefold() for number in _item_numbers(served)}
    extra = [number for number in extra if number.casefold() not in known]
    part = sorted(_item_numbers(served))[0]
    hook = connect(extra={"max_rows": max_rows})
    with extra_items(served, extra), extra_locations(served, part, locations):
        items = [item["itemNumber"] for item in hook.iter("items")]
        assert sorted(items) == sorted(_item_numbers(served)), "an item was missed or read twice"
        stock = [(row["itemNumber"], row["location"]) for row in hook.inventory(SITE)]
        assert sorted(stock) == sorted(_stock_keys(served)), "a stock row was missed or read twice"
        prices = [price["itemNumber"] for price in hook.prices("USD")]
        assert sorted(prices) == sorted(_price_items(served)), "a price was missed or read twice"


def test_a_list_shorter_than_max_rows_is_one_request(
    connect: Connect, served: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = []
    one_answer = QueryService.answer

    def counted(self: QueryService, profile: str, where: Iterable[str]) -> list[dict[str, str]]:
        requests.append(profile)
        return one_answer(self, profile, where)

    monkeypatch.setattr(QueryService, "answer", counted)
    hook = connect(extra={"max_rows": len(_item_numbers(served)) + 1})
    assert len(list(hook.iter("items"))) == len(_item_numbers(served))
    assert requests == ["QryItem"]
