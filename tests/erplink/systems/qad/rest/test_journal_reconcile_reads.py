"""The QAD side of a QAD ↔ BigCommerce reconciliation against the served QAD sandbox: the journal browse is walked
in windows for the references of the period's documents, each order's entries (sale, reversal) and each refund's
read once with their lines, payments and other stores' entries never read; a period without documents asks QAD
nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count

import pytest
from sandbox.runner import RunningSandbox

from erplink.config.tenants import TenantConfig
from erplink.flows.context import FlowContext
from erplink.ledger import AttemptContext, Ledger
from erplink.models import JournalEntry, JournalKind, JournalLine
from erplink.systems.qad.config import QadErp
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.qad.journal_book import QadJournalBook
from erplink.systems.qad.journal_reconcile import erp_documents

GET_JOURNALS = "GET /clouderp/api/erp/journalEntries"
ACCOUNTS = {"daybook": "WEBJNL", "receivable": "1200", "sales": "4000", "tax": "2200", "shipping": "4100",
            "clearing": "1250", "sub_account": "100", "cost_center": "WEB"}  # fmt: skip
ORDERS = 9  # more entries than the hook's page of 7: the walk has to split its windows
_STORES = count(1)


class JournalTenant(TenantConfig):
    erp: QadErp


def _tenant() -> JournalTenant:
    return JournalTenant.model_validate({
        "name": "shop", "integration": "qad_journals",
        "store": {"system": "store", "conn_id": "store", "store_key": "shop", "webhooks": False},
        "erp": {"system": "qad", "conn_id": "qad", "site": "10-100",
                "stock_locations": [{"site": "10-100", "location": "FG"}], "price_list": "USD",
                "accounts": ACCOUNTS},
    })  # fmt: skip


@pytest.fixture
def fc(connect: Callable[..., QadHook], tmp_path) -> Iterator[FlowContext]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    attempt = AttemptContext(run_id="run", task_id="reconcile", try_number=1, worker="test")
    yield FlowContext(tenant=_tenant(), ledger=ledger, erp_hook=connect(), attempt=attempt)
    ledger.dispose()


def _post(fc: FlowContext, reference: str, *lines: tuple[str, str, str]) -> str:
    """Post an entry of (account, debit, credit) lines under ``reference``; its number."""
    entry = JournalEntry(kind=JournalKind.SALE, reference=reference, record_key=reference, posting_date=date.today(),
                         currency="USD", description=reference,
                         lines=tuple(JournalLine(account=account, debit=Decimal(debit), credit=Decimal(credit),
                                                 memo="posting")
                                     for account, debit, credit in lines))  # fmt: skip
    return QadJournalBook(fc).post(entry)


def _sale(fc: FlowContext, reference: str) -> str:
    return _post(fc, reference, ("1200", "118.00", "0"), ("4000", "0", "100.00"), ("2200", "0", "8.00"),
                 ("4100", "0", "10.00"))  # fmt: skip


def test_each_documents_entries_are_read_once_with_their_lines_and_payments_are_never_read(
    fc: FlowContext, served: RunningSandbox
) -> None:
    store = f"rec{next(_STORES)}"
    orders = [f"BC-{store}-{n}" for n in range(1, ORDERS + 1)]
    for reference in orders:
        _sale(fc, reference)
        _post(fc, f"{reference}-P{reference[-1]}", ("1250", "118.00", "0"), ("1200", "0", "118.00"))
    _post(fc, f"{orders[0]}-X1a2b3c4d", ("1200", "0", "118.00"), ("4000", "100.00", "0"), ("2200", "8.00", "0"),
          ("4100", "10.00", "0"))  # fmt: skip
    refund = f"{orders[1]}-R5"
    _post(fc, refund, ("4000", "20.00", "0"), ("1250", "0", "20.00"))
    _sale(fc, f"BC-other{store}-1")  # another store's sale: not asked for
    served.state.reset_request_counts()

    found = erp_documents(fc, datetime.now(UTC), [*orders, refund])

    assert sorted(found) == sorted([*orders, refund])
    assert found[orders[0]].cancelled and found[orders[0]].amounts.total == 0
    for reference in orders[1:]:
        amounts = found[reference].amounts
        assert (amounts.total, amounts.tax, amounts.shipping) == (Decimal("118.00"), Decimal("8.00"), Decimal("10.00"))
    assert found[refund].amounts.total == Decimal("20.00")
    reads = served.state.request_counts()
    assert reads.get(GET_JOURNALS) == ORDERS + 2, "each sale, the reversal and the refund read once; no payment"
    browses = sum(n for endpoint, n in reads.items() if "journalEntries" in endpoint and "browse" in endpoint)
    assert browses > 1, "more entries than a page: read in windows"


def test_a_period_without_documents_asks_qad_nothing(fc: FlowContext, served: RunningSandbox) -> None:
    served.state.reset_request_counts()
    assert erp_documents(fc, datetime.now(UTC), []) == {}
    assert served.state.request_counts() == {}
