"""QAD's journal entries as the documents a reconciliation compares: an order's sale netted with its reversal,
repost and adjustments on the receivable (its total), tax and shipping accounts; cancelled when a reversal leaves
nothing owed; payments no part of it; a refund by its own reference; a copy under one reference summed and both
named."""

from __future__ import annotations

from decimal import Decimal

from erplink.reconciliation import ErpDocument
from erplink.systems.qad.journal_reconcile import PostedEntry, common_start, documents_from_entries, split_reference

RECEIVABLE, SALES, TAX, SHIPPING, CLEARING, FEES_ON_SHIPPING = "1200", "4000", "2200", "4100", "1250", "4100"
ORDER = "BC-shop-7"


def entry(number: str, reference: str, *lines: tuple[str, str, str], currency: str = "USD") -> PostedEntry:
    """Lines as (account, memo, signed amount: debit positive)."""
    return PostedEntry(number, reference, currency, tuple((a, m, Decimal(v)) for a, m, v in lines))


def sale(number: str = "WEBJNL/2026/1", reference: str = ORDER, *, total: str = "118.00") -> PostedEntry:
    """A sale of 100 goods, 8 tax, 10 shipping (as mappings/journals.py memos its lines)."""
    goods = Decimal(total) - Decimal("18.00")
    return entry(number, reference, (RECEIVABLE, "order total", total), (SALES, "goods", f"-{goods}"),
                 (TAX, "tax", "-8.00"), (SHIPPING, "shipping", "-10.00"))  # fmt: skip


def reversal(number: str, tag: str = "1a2b3c4d") -> PostedEntry:
    return entry(number, f"{ORDER}-X{tag}", (RECEIVABLE, "order total", "-118.00"), (SALES, "goods", "100.00"),
                 (TAX, "tax", "8.00"), (SHIPPING, "shipping", "10.00"))  # fmt: skip


def documents(*entries: PostedEntry) -> dict[str, ErpDocument]:
    return documents_from_entries(entries, receivable=RECEIVABLE, tax=TAX, shipping=SHIPPING)


def amounts(document: ErpDocument) -> tuple[Decimal, Decimal | None, Decimal | None]:
    return document.amounts.total, document.amounts.tax, document.amounts.shipping


def test_a_sale_is_the_order_with_its_receivable_as_total_and_its_tax_and_shipping_credits() -> None:
    found = documents(sale())
    assert list(found) == [ORDER]
    assert amounts(found[ORDER]) == (Decimal("118.00"), Decimal("8.00"), Decimal("10.00"))
    assert found[ORDER].number == "WEBJNL/2026/1" and found[ORDER].currency == "USD"
    assert not found[ORDER].cancelled


def test_an_adjustment_changes_the_orders_amounts_by_its_difference() -> None:
    adjustment = entry("WEBJNL/2026/9", f"{ORDER}-Aa1b2c3d4", (RECEIVABLE, "change after posting", "5.40"),
                       (TAX, "change after posting", "-0.40"), (SALES, "change after posting", "-5.00"))  # fmt: skip
    found = documents(sale(), adjustment)
    assert amounts(found[ORDER]) == (Decimal("123.40"), Decimal("8.40"), Decimal("10.00"))
    assert found[ORDER].number == "WEBJNL/2026/1", "the sale's number names the order's entries"


def test_a_reversed_sale_nets_to_zero_and_is_cancelled() -> None:
    found = documents(sale(), reversal("WEBJNL/2026/2"))
    assert amounts(found[ORDER]) == (Decimal(0), Decimal(0), Decimal(0))
    assert found[ORDER].cancelled


def test_a_sale_reposted_after_its_reversal_is_open_with_the_reposted_amounts() -> None:
    repost = sale("WEBJNL/2026/3", f"{ORDER}-Sfeedbeef", total="128.00")
    found = documents(sale(), reversal("WEBJNL/2026/2"), repost)
    assert amounts(found[ORDER]) == (Decimal("128.00"), Decimal("8.00"), Decimal("10.00"))
    assert not found[ORDER].cancelled


def test_payments_are_no_part_of_the_order_and_no_document_of_their_own() -> None:
    payment = entry("WEBJNL/2026/4", f"{ORDER}-P55", (CLEARING, "payment via card", "118.00"),
                    (RECEIVABLE, "paid", "-118.00"))  # fmt: skip
    found = documents(sale(), payment)
    assert list(found) == [ORDER] and found[ORDER].amounts.total == Decimal("118.00")


def test_fees_posted_to_the_shipping_account_are_not_counted_as_shipping() -> None:
    with_fee = entry("WEBJNL/2026/5", ORDER, (RECEIVABLE, "order total", "121.00"), (SALES, "goods", "-100.00"),
                     (TAX, "tax", "-8.00"), (SHIPPING, "shipping", "-10.00"),
                     (FEES_ON_SHIPPING, "fees", "-3.00"))  # fmt: skip
    assert amounts(documents(with_fee)[ORDER]) == (Decimal("121.00"), Decimal("8.00"), Decimal("10.00"))


def test_a_refund_is_its_own_document_with_its_entrys_debits() -> None:
    refund = entry("WEBJNL/2026/6", f"{ORDER}-R9", (SALES, "goods returned", "20.00"), (TAX, "tax returned", "1.60"),
                   (CLEARING, "refund paid out", "-21.60"))  # fmt: skip
    found = documents(sale(), refund)
    assert found[f"{ORDER}-R9"].amounts.total == Decimal("21.60")
    assert found[ORDER].amounts.tax == Decimal("8.00"), "a refund's tax is no part of the sale"


def test_a_copy_under_the_same_reference_is_summed_and_both_entries_named() -> None:
    found = documents(sale("WEBJNL/2026/1"), sale("GENJNL/2026/1"))
    assert found[ORDER].amounts.total == Decimal("236.00")
    assert found[ORDER].number == "GENJNL/2026/1, WEBJNL/2026/1"


def test_entries_of_one_order_in_two_currencies_show_both() -> None:
    adjustment = entry("WEBJNL/2026/9", f"{ORDER}-Aa1", (RECEIVABLE, "change after posting", "1.00"),
                       (SALES, "change after posting", "-1.00"), currency="EUR")  # fmt: skip
    assert documents(sale(), adjustment)[ORDER].currency == "EUR/USD"


def test_a_reference_splits_into_its_order_and_its_kind() -> None:
    assert split_reference("BC-shop-7") == ("BC-shop-7", "")
    assert split_reference("BC-my-shop-7-X1a2b3c4d") == ("BC-my-shop-7", "X")
    assert split_reference("BC-shop-7-P12") == ("BC-shop-7", "P")
    assert split_reference("BC-shop-7-R3") == ("BC-shop-7", "R")
    assert split_reference("BC-shop-R3-7") == ("BC-shop-R3-7", ""), "an order id is digits: no suffix"


def test_the_browse_asks_for_what_every_reference_starts_with() -> None:
    assert common_start(["BC-shop-1042", "BC-shop-1042-R3", "BC-shop-1077"]) == "BC-shop-10"
    assert common_start(["BC-shop-9", "BC-shop-10"]) == "BC-shop-"
    assert common_start(["BC-shop-7"]) == "BC-shop-7"
