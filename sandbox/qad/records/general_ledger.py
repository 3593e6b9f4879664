"""A tenant's general ledger settings: chart of accounts, sub-accounts, cost centers, daybooks, GL periods and the
currencies it can post in.

QAD Financials posts a journal entry in a daybook, in a GL period (here one per calendar month, `2026/01`), on
accounts of the chart; a period can be closed, after which nothing is posted in it; a currency other than the
domain's base currency needs an exchange rate. The codes seeded here are the sandbox's own, sized like a small web
shop's chart (no real chart has been published).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

BASE_CURRENCY = "USD"
"""The base currency of the domain `10USA`."""

CHART_OF_ACCOUNTS: dict[str, str] = {
    "1010": "Bank - operating account",
    "1200": "Trade accounts receivable",
    "1250": "Card payments clearing",
    "1260": "PayPal clearing",
    "2200": "Sales tax payable",
    "4000": "Product sales",
    "4100": "Shipping and handling income",
    "4500": "Sales discounts",
    "6300": "Payment processing fees",
    "8900": "Rounding differences",
}
SUB_ACCOUNTS = frozenset({"0000", "100", "200"})
COST_CENTERS = frozenset({"WEB", "RETAIL", "ADMIN"})
DAYBOOKS: dict[str, str] = {"WEBJNL": "Web store postings", "GENJNL": "General journal"}
RATED_CURRENCIES = frozenset({"EUR", "CAD", "GBP"})
"""Currencies with an exchange rate to the base currency, besides the base currency itself."""
OPEN_MONTHS_BACK = 2
"""Periods from this many months before the current one on are open; earlier ones are closed unless opened."""


def gl_period(day: date) -> tuple[int, int]:
    """The GL period (year, period number) a posting date falls in: one period per calendar month."""
    return day.year, day.month


def period_label(period: tuple[int, int]) -> str:
    return f"{period[0]}/{period[1]:02d}"


@dataclass
class GeneralLedger:
    accounts: dict[str, str] = field(default_factory=lambda: dict(CHART_OF_ACCOUNTS))
    sub_accounts: set[str] = field(default_factory=lambda: set(SUB_ACCOUNTS))
    cost_centers: set[str] = field(default_factory=lambda: set(COST_CENTERS))
    daybooks: dict[str, str] = field(default_factory=lambda: dict(DAYBOOKS))
    base_currency: str = BASE_CURRENCY
    rated_currencies: set[str] = field(default_factory=lambda: set(RATED_CURRENCIES))
    # Periods opened or closed by hand, overriding the rule by age: (year, period) → open?
    period_overrides: dict[tuple[int, int], bool] = field(default_factory=dict)
    _sequences: dict[tuple[str, int], int] = field(default_factory=dict)

    def is_open(self, period: tuple[int, int], today: date) -> bool:
        if period in self.period_overrides:
            return self.period_overrides[period]
        year, month = today.year, today.month - OPEN_MONTHS_BACK
        while month < 1:
            year, month = year - 1, month + 12
        return period >= (year, month)

    def set_period(self, period: tuple[int, int], *, is_open: bool) -> None:
        self.period_overrides[period] = is_open

    def can_post_in(self, currency: str) -> bool:
        return currency == self.base_currency or currency in self.rated_currencies

    def next_number(self, daybook: str, year: int) -> str:
        """QAD numbers a journal entry within its daybook and year: `WEBJNL/2026/000001`."""
        sequence = self._sequences.get((daybook, year), 0) + 1
        self._sequences[(daybook, year)] = sequence
        return f"{daybook}/{year}/{sequence:06d}"
