"""The QAD side's browse walks against the QAD sandbox, which answers each browse request in a new order (QAD
documents none): a walk by page numbers loses and repeats rows there; the QAD side's windowed walks do not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.runner import RunningSandbox

from erplink.systems.qad.endpoints import BROWSE_IDS
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.qad.paging import has_more

Connect = Callable[..., QadHook]


def test_a_page_number_walk_over_the_sandbox_loses_and_repeats_items(connect: Connect, served: RunningSandbox) -> None:
    """The walk erplink used before: `page` 1, 2, ... of one browse, each page cut from a new order."""
    hook = connect()

    def fetch(page: dict[str, Any]) -> Any:
        params = {"browseId": BROWSE_IDS["items"], **page}
        return hook.client.request("GET", "api/qracore/browses", params=params, endpoint="GET browse items")

    paged, page = [], 1
    while True:
        answer = fetch({"page": page, "pageSize": 7, "pageAction": "first" if page == 1 else "next"}).json()
        paged += [row["pt_mstr.pt_part"] for row in answer.get("data") or []]
        if not answer.get("data") or not has_more(answer):
            break
        page += 1
    every_item = {item["itemNumber"] for item in served.state.documents("items")}
    assert every_item - set(paged), "no item was missed"
    assert len(paged) > len(set(paged)), "no item was read twice"


def test_the_item_walk_reads_every_item_once_at_about_a_request_per_page(
    connect: Connect, served: RunningSandbox
) -> None:
    hook = connect()  # pages of 7 rows
    served.state.reset_request_counts()
    read = [item["itemNumber"] for item in hook.iter("items")]
    every_item = sorted(item["itemNumber"] for item in served.state.documents("items"))
    assert sorted(read) == every_item
    requests = sum(n for route, n in served.state.request_counts().items() if "browses" in route)
    pages = -(-len(every_item) // 7)
    assert requests <= pages + 2


def test_stock_and_prices_are_read_whole_by_site_and_price_list(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    for site in ("10-100", "20-200"):
        levels = [(s["itemNumber"], s["location"]) for s in hook.inventory(site)]
        assert len(levels) == len(set(levels))
    prices = [p["itemNumber"] for p in hook.prices("USD")]
    assert len(prices) == len(set(prices)) and prices
