"""QAD's browse API: pages with a string `HasMoreParams`, `pageAction`, repeated filters, `totalCount`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.documents import active_items
from tests.sandbox.qad.rest.conftest import qad_errors
from tests.sandbox.qad.rest.flow import create_header

BROWSES = "/api/qracore/browses"
ITEMS = "urn:browse:mfg:gp340"
STOCK = "urn:browse:mfg:ic009"
PRICES = "urn:browse:bebrowse:com.qad.erp.sales.priceListV2s"
SALES_ORDERS = "urn:browse:mfg:so803"


def browse(rest: TestClient, browse_id: str, *filters: str, page: int = 1, size: int = 50) -> dict[str, Any]:
    params = [("browseId", browse_id), ("page", page), ("pageSize", size),
              ("pageAction", "first" if page == 1 else "next"), *(("filter", f) for f in filters)]  # fmt: skip
    response = rest.get(BROWSES, params=params)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def page_walk(rest: TestClient, browse_id: str, size: int) -> list[str]:
    seen, page = [], 1
    while True:
        answer = browse(rest, browse_id, page=page, size=size)
        seen += [row["pt_mstr.pt_part"] for row in answer["data"]]
        if answer["auxillaryData"]["HasMoreParams"] == "false":
            return seen
        assert answer["auxillaryData"]["HasMoreParams"] == "true"
        page += 1


def test_stable_pages_cover_every_row_once_and_has_more_is_a_string(rest: TestClient, qad: Sandbox) -> None:
    qad.state.set_browse_order(stable=True)
    total = rest.get(f"{BROWSES}/totalCount/", params={"browseId": "mfg:gp340"}).json()["totalCount"]
    seen = page_walk(rest, ITEMS, size=7)
    assert len(seen) == len(set(seen)) == total == len(qad.state.documents("items"))
    assert seen == sorted(seen)


def test_by_default_each_request_draws_a_new_order_so_a_page_walk_repeats_and_misses_rows(
    rest: TestClient, qad: Sandbox
) -> None:
    """QAD documents no row order: the same request twice answers the same rows in different orders, and a
    walk by page numbers reads some rows twice and others never."""
    everything = [row["pt_mstr.pt_part"] for row in browse(rest, ITEMS, size=1000)["data"]]
    again = [row["pt_mstr.pt_part"] for row in browse(rest, ITEMS, size=1000)["data"]]
    assert sorted(everything) == sorted(again) and everything != again
    seen = page_walk(rest, ITEMS, size=3)
    assert len(seen) > len(set(seen)) and set(everything) - set(seen)


def test_page_action_must_be_first_on_page_one_and_next_after(rest: TestClient) -> None:
    wrong = rest.get(BROWSES, params={"browseId": ITEMS, "page": 2, "pageSize": 5, "pageAction": "first"})
    assert wrong.status_code == 400 and qad_errors(wrong)[0]["fieldName"] == "pageAction"


def test_filters_compare_text_without_case_numbers_as_numbers_and_ranges_inclusively(rest: TestClient, qad: Sandbox) -> None:
    item = active_items(qad, 1)[0]
    assert [r["pt_mstr.pt_part"] for r in browse(rest, ITEMS, f"pt_mstr.pt_part,eq,{item.lower()},literal")["data"]] == [item]
    prefix = item.split("-")[0]
    assert all(r["pt_mstr.pt_part"].startswith(prefix) for r in browse(rest, ITEMS, f"pt_mstr.pt_part,sw,{prefix},literal")["data"])
    assert browse(rest, ITEMS, f"pt_mstr.pt_part,ew,{item[-4:]},", f"pt_mstr.pt_part,cn,{item[2:-2]},literal")["data"]
    qad.state.set_stock(item, "20-200", "BIN9", on_hand=Decimal(9))
    qad.state.set_stock(item, "20-200", "BIN10", on_hand=Decimal(10))
    rows = browse(rest, STOCK, f"ld_det.ld_part,eq,{item},literal", "ld_det.ld_site,eq,20-200,literal",
                  "ld_det.ld_loc,sw,bin,literal", "ld_det.ld_qty_oh,gt,9,literal")["data"]  # fmt: skip
    assert [r["ld_det.ld_loc"] for r in rows] == ["BIN10"]
    ranged = browse(rest, STOCK, f"ld_det.ld_part,eq,{item},literal", "ld_det.ld_loc,sw,BIN,literal",
                    "ld_det.ld_qty_oh,rg,9,literal,10,literal")["data"]
    assert sorted(r["ld_det.ld_loc"] for r in ranged) == ["BIN10", "BIN9"]


def test_a_filter_on_an_unknown_column_or_operator_and_an_unknown_browse_are_refused(rest: TestClient) -> None:
    for bad in ("pt_mstr.pt_nope,eq,X,literal", "pt_mstr.pt_part,like,X,literal", "pt_mstr.pt_part,eq,X,word"):
        response = rest.get(BROWSES, params={"browseId": ITEMS, "filter": bad})
        assert response.status_code == 400 and qad_errors(response)[0]["fieldName"] == "filter", bad
    assert rest.get(BROWSES, params={"browseId": "urn:browse:mfg:zz999"}).status_code == 404


def test_stock_rows_carry_ld_det_quantities_by_site_and_location(rest: TestClient, qad: Sandbox) -> None:
    item = active_items(qad, 1)[0]
    qad.state.set_stock(item, "20-200", "FG", on_hand=Decimal("12.5"), allocated=Decimal(2), committed=Decimal(1))
    [row] = browse(rest, STOCK, f"ld_det.ld_part,eq,{item},literal", "ld_det.ld_site,eq,20-200,literal",
                   "ld_det.ld_loc,eq,FG,literal")["data"]  # fmt: skip
    assert (row["ld_det.ld_qty_oh"], row["ld_det.ld_qty_all"], row["ld_det.ld_qty_com"]) == (12.5, 2, 1)


def test_price_list_rows_carry_the_list_price_of_each_item(rest: TestClient, qad: Sandbox) -> None:
    item = active_items(qad, 1)[0]
    qad.state.set_price(item, Decimal("31.40"), price_list="USD", currency="USD")
    [row] = browse(rest, PRICES, "priceListV2.priceListCode,eq,USD,literal", f"priceListV2.itemCode,eq,{item},literal")["data"]
    assert (row["priceListV2.listPrice"], row["priceListV2.currencyCode"]) == (31.4, "USD")


def test_sales_orders_are_found_by_customer_po(rest: TestClient, qad: Sandbox) -> None:
    customer = qad.state.documents("customers")[0]["customerCode"]
    number = create_header(rest, customer, purchaseOrder="WC-shop1-77")["salesOrderNumber"]
    create_header(rest, customer, purchaseOrder="WC-shop1-770")
    rows = browse(rest, SALES_ORDERS, "so_mstr.so_po,eq,WC-shop1-77,literal")["data"]
    assert [(r["so_mstr.so_nbr"], r["so_mstr.so_cust"]) for r in rows] == [(number, customer)]


def test_a_browse_without_rows_still_takes_filters_on_its_columns(rest: TestClient) -> None:
    """No sales order exists yet: a filter on the customer PO finds nothing rather than being refused."""
    assert browse(rest, SALES_ORDERS, "so_mstr.so_po,eq,WC-shop1-1,literal")["data"] == []


def test_a_page_is_cut_from_the_result_as_it_stands_so_a_row_added_between_pages_shifts_the_next(
    rest: TestClient, qad: Sandbox
) -> None:
    """Even in key order, page 2 is taken from the live result: a row added before page 1's rows pushes the
    last row of page 1 onto page 2, which then repeats it."""
    qad.state.set_browse_order(stable=True)
    first = [row["pt_mstr.pt_part"] for row in browse(rest, ITEMS, page=1, size=5)["data"]]
    qad.state.add_item("0000-FIRST", "Sorts before every other item")
    second = [row["pt_mstr.pt_part"] for row in browse(rest, ITEMS, page=2, size=5)["data"]]
    assert second[0] == first[-1]


def test_a_character_key_compares_as_text_even_when_it_reads_as_a_number(rest: TestClient, qad: Sandbox) -> None:
    """Progress compares a character field as text: part `10` comes before part `9`, as a window of keys sees it."""
    qad.state.add_item("9", "Part nine")
    qad.state.add_item("10", "Part ten")
    answer = browse(rest, ITEMS, "pt_mstr.pt_part,lt,9,literal", size=1000)
    below_nine = {row["pt_mstr.pt_part"] for row in answer["data"]}
    assert "10" in below_nine and "9" not in below_nine
