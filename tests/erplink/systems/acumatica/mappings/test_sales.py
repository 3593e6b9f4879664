"""Canonical orders, refunds and customers → Acumatica Customer and SalesInvoice fields (invoice, credit memo):
lines on InventoryIDs by SKU with the store's discounts, shipping as freight or a line, fees and money refunded
without goods on the charges item, the store's tax as one tax row; what cannot be entered names the setting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from erplink.mappings.errors import MappingError
from erplink.models import Order, Refund
from erplink.systems.acumatica.config import AcumaticaErp
from erplink.systems.acumatica.mappings.sales import (
    credit_memo_fields,
    customer_fields,
    customer_id_for,
    invoice_fields,
)
from erplink.systems.woocommerce.mappings.orders import order_from_woo, refund_from_woo

ERP = AcumaticaErp(system="acumatica", conn_id="c", branch="MAIN", warehouses=("WH1", "WH2"),
                   charges_item="STORE-CHARGES", tax={"tax_id": "STORETAX"})
REFERENCE = "WC-shop-1042"


@pytest.fixture
def order(registered_order: dict[str, Any]) -> Order:
    return order_from_woo(registered_order, store="shop", currencies=("USD",))


def _line_amount(line: dict[str, Any]) -> Decimal:
    # As Acumatica computes it: Qty × UnitPrice − DiscountAmount, to the cent.
    return (line["Qty"] * line["UnitPrice"] - line["DiscountAmount"]).quantize(Decimal("0.01"))


def test_an_invoice_adds_up_to_the_store_total_line_by_line(order: Order) -> None:
    fields = invoice_fields(order, reference=REFERENCE, customer_id="E123", erp=ERP)
    assert fields["Type"] == "Invoice" and fields["CustomerOrder"] == REFERENCE and fields["CustomerID"] == "E123"
    goods = {line["InventoryID"]: line for line in fields["Details"] if line["InventoryID"] != "STORE-CHARGES"}
    assert {sku: (line["Qty"], _line_amount(line)) for sku, line in goods.items()} == {
        "HOODIE-BLUE-M": (2, Decimal("85.00")), "SOCKS-3PK": (3, Decimal("10.00"))}
    [fee] = [line for line in fields["Details"] if line["InventoryID"] == "STORE-CHARGES"]
    assert _line_amount(fee) == Decimal("2.00")
    assert fields["FreightPrice"] == Decimal("10.00")
    assert fields["TaxDetails"] == [{"TaxID": "STORETAX", "TaxableAmount": Decimal("95.00"),
                                     "TaxAmount": Decimal("7.60")}]
    total = sum(_line_amount(line) for line in fields["Details"]) + fields["FreightPrice"] + Decimal("7.60")
    assert total == order.total
    assert fields["FinancialDetails"] == {"Branch": "MAIN", "CustomerTaxZone": None}
    assert all(line["WarehouseID"] == "WH1" for line in fields["Details"])


def test_a_unit_price_is_rounded_up_so_the_discount_lands_the_line_on_the_store_total(order: Order) -> None:
    fields = invoice_fields(order, reference=REFERENCE, customer_id="E1", erp=ERP)
    socks = next(line for line in fields["Details"] if line["InventoryID"] == "SOCKS-3PK")
    assert socks["UnitPrice"] == Decimal("3.3334") and socks["DiscountAmount"] == Decimal("0.0002")


def test_shipping_as_a_line_is_invoiced_on_its_item(order: Order) -> None:
    erp = ERP.model_copy(update={"shipping": ERP.shipping.model_copy(update={"mode": "line", "line_item": "FREIGHT"})})
    fields = invoice_fields(order, reference=REFERENCE, customer_id="E1", erp=erp)
    assert fields["FreightPrice"] == 0
    [freight] = [line for line in fields["Details"] if line["InventoryID"] == "FREIGHT"]
    assert _line_amount(freight) == Decimal("10.00")


def test_a_fee_without_a_charges_item_holds_the_order_back_naming_the_setting(order: Order) -> None:
    with pytest.raises(MappingError, match=r"fee line 204 .*erp.charges_item") as refused:
        invoice_fields(order, reference=REFERENCE, customer_id="E1", erp=ERP.model_copy(update={"charges_item": None}))
    assert refused.value.record_key == order.record_key


def test_tax_without_a_tax_id_holds_the_order_back_naming_the_setting(order: Order) -> None:
    erp = ERP.model_copy(update={"tax": ERP.tax.model_copy(update={"tax_id": None})})
    with pytest.raises(MappingError, match=r"tax: 7.60 .*erp.tax.tax_id"):
        invoice_fields(order, reference=REFERENCE, customer_id="E1", erp=erp)


def _refund(refund_id: int, registered_order: dict[str, Any], refunds_of_1042: dict[int, Any]) -> Refund:
    return refund_from_woo(refunds_of_1042[refund_id], store="shop", order_id=1042, currency="USD",
                           order=registered_order)


def test_a_credit_memo_returns_goods_against_the_invoice_and_the_rest_on_the_charges_item(
        registered_order: dict[str, Any], refunds_of_1042: dict[int, Any]) -> None:
    refund = _refund(77, registered_order, refunds_of_1042)
    fields = credit_memo_fields(refund, reference="WC-shop-1042-R77", customer_id="E1", invoice_nbr="INV000007",
                                sku_by_line_id={201: "HOODIE-BLUE-M", 202: "SOCKS-3PK"}, erp=ERP)
    assert fields["Type"] == "Credit Memo" and fields["CustomerOrder"] == "WC-shop-1042-R77"
    goods, rest = fields["Details"]
    assert (goods["InventoryID"], goods["Qty"], _line_amount(goods)) == ("HOODIE-BLUE-M", 1, Decimal("22.50"))
    assert (goods["OrigInvType"], goods["OrigInvNbr"]) == ("Invoice", "INV000007")
    assert (rest["InventoryID"], _line_amount(rest)) == ("STORE-CHARGES", Decimal("0.70"))
    assert fields["TaxDetails"][0]["TaxAmount"] == Decimal("1.80")
    assert _line_amount(goods) + _line_amount(rest) + Decimal("1.80") == refund.amount


def test_an_amount_only_refund_without_a_charges_item_is_held_back_naming_the_setting(
        registered_order: dict[str, Any], refunds_of_1042: dict[int, Any]) -> None:
    refund = _refund(78, registered_order, refunds_of_1042)
    with pytest.raises(MappingError, match=r"erp\.charges_item"):
        credit_memo_fields(refund, reference="WC-shop-1042-R78", customer_id="E1", invoice_nbr="INV000007",
                           sku_by_line_id={}, erp=ERP.model_copy(update={"charges_item": None}))


def test_a_customer_carries_its_reference_and_a_key_derived_from_it(order: Order) -> None:
    fields = customer_fields(order, reference="WC-shop-C7", erp=ERP)
    assert fields["CustomerID"] == customer_id_for("WC-shop-C7") and len(fields["CustomerID"]) == 10
    assert fields["AccountRef"] == "WC-shop-C7" and fields["Email"] == order.customer.email
    assert fields["MainContact"]["Email"] == order.customer.email and fields["CurrencyID"] == "USD"
    assert customer_id_for("WC-shop-C7") != customer_id_for("WC-shop-C8")
