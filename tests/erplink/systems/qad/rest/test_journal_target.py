"""The QAD journal entry load target through the load protocol against the served QAD sandbox: each record one
posted journal entry, found by its reference before any post (a lost answer or a rerun posts nothing twice); a
record that cannot be built, or whose daybook or GL account setting is unset, is quarantined naming the setting
before QAD is called; QAD's refusal (a closed period) is quarantined with QAD's field and message, and once the
period is opened a replay posts the entry once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
import requests
from sandbox.runner import RunningSandbox

from erplink.config.tenants import TenantConfig
from erplink.flows.context import FlowContext
from erplink.flows.steps import run_protocol
from erplink.ledger import AttemptContext, Ledger, LedgerRecord, RecordKey, Status
from erplink.models import JournalEntry, JournalKind, JournalLine
from erplink.systems.qad.config import QadErp, qad_erp
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.qad.journal_target import JournalTarget, required_account

ENTITY = "journal"
POST_JOURNALS = "POST /clouderp/api/erp/journalEntries"
ACCOUNTS = {"daybook": "WEBJNL", "receivable": "1200", "sales": "4000", "tax": "2200", "sub_account": "100",
            "cost_center": "WEB"}  # fmt: skip
_SOURCE_IDS = count(1)


class JournalTenant(TenantConfig):
    erp: QadErp


def _tenant(**accounts: Any) -> JournalTenant:
    return JournalTenant.model_validate({
        "name": "shop", "integration": "qad_journals",
        "store": {"system": "store", "conn_id": "store", "store_key": "shop", "webhooks": False},
        "erp": {"system": "qad", "conn_id": "qad", "site": "10-100",
                "stock_locations": [{"site": "10-100", "location": "FG"}], "price_list": "USD",
                "accounts": {**ACCOUNTS, **accounts}},
        "orders": {"max_workers": 1},
    })  # fmt: skip


def build_sale(fc: FlowContext) -> Callable[[LedgerRecord], JournalEntry]:
    """A sale as the integration books it: receivable against sales and tax, on the tenant's accounts."""

    def build(record: LedgerRecord) -> JournalEntry:
        accounts, sale = qad_erp(fc.tenant).accounts, record.payload
        total, tax = Decimal(sale["total"]), Decimal(sale["tax"])
        return JournalEntry(
            kind=JournalKind.SALE, reference=f"ST-shop-{sale['id']}-SALE", record_key=str(record.key),
            posting_date=date.fromisoformat(sale["date"]), currency="USD", description=f"Store order {sale['id']}",
            lines=(JournalLine(account=required_account(accounts, "receivable"), debit=Decimal(sale["paid"]),
                               memo="receivable"),
                   JournalLine(account=required_account(accounts, "sales"), credit=total - tax, memo="sales"),
                   JournalLine(account=required_account(accounts, "tax"), credit=tax, memo="tax",
                               cost_center="ADMIN")),
        )  # fmt: skip

    return build


@dataclass
class Journals:
    """A ledger of store sales to post, and runs of the journal target on the served sandbox."""

    served: RunningSandbox
    ledger: Ledger
    connect: Callable[..., QadHook]
    runs: int = 0
    keys: list[RecordKey] = field(default_factory=list)

    def put_sale(
        self, *, total: str = "108.25", tax: str = "8.25", paid: str | None = None, day: date | None = None
    ) -> RecordKey:
        source_id = str(next(_SOURCE_IDS))
        key = RecordKey("shop", "qad_journals", ENTITY, source_id)
        sale = {"id": source_id, "total": total, "tax": tax, "paid": paid or total,
                "date": (day or date.today()).isoformat()}  # fmt: skip
        self.ledger.upsert_source(key, payload=sale, source_modified=None, run_id="extract")
        self.keys.append(key)
        return key

    def context(self, **accounts: Any) -> FlowContext:
        """A new task's context with its own hook, the tenant's accounts changed as given."""
        self.runs += 1
        return FlowContext(tenant=_tenant(**accounts), ledger=self.ledger, erp_hook=self.connect(),
                           attempt=AttemptContext(run_id=f"run-{self.runs}", task_id="load", try_number=1,
                                                  worker="test.journals"))  # fmt: skip

    def run(self, fc: FlowContext | None = None, **accounts: Any) -> dict[str, Any]:
        fc = fc or self.context(**accounts)
        return run_protocol(fc, ENTITY, JournalTarget(fc, build_sale(fc)), keys=[k.source_id for k in self.keys])

    def record(self, key: RecordKey) -> LedgerRecord:
        record = self.ledger.get(key)
        assert record is not None
        return record

    def posted(self, key: RecordKey) -> list[dict[str, Any]]:
        reference = f"ST-shop-{key.source_id}-SALE"
        return [entry for entry in self.served.state.documents("journal-entries") if entry["externalRef"] == reference]

    def posts(self) -> int:
        return self.served.state.request_counts().get(POST_JOURNALS, 0)


@pytest.fixture
def journals(served: RunningSandbox, connect: Callable[..., QadHook], tmp_path) -> Iterator[Journals]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    yield Journals(served, ledger, connect)
    ledger.dispose()


def test_a_sale_is_posted_once_with_the_tenants_defaults_and_a_rerun_posts_nothing(journals: Journals) -> None:
    key = journals.put_sale()
    assert journals.run()["created"] == 1
    [entry] = journals.posted(key)
    assert journals.record(key).target_id == entry["journalEntryNumber"]
    assert entry["daybook"] == "WEBJNL"
    assert [(line["account"], line["subAccount"], line["costCenter"], line["debit"], line["credit"])
            for line in entry["lines"]] == [("1200", "100", "WEB", "108.25", "0.00"),
                                            ("4000", "100", "WEB", "0.00", "100.00"),
                                            ("2200", "100", "ADMIN", "0.00", "8.25")]  # fmt: skip
    posts = journals.posts()
    journals.run()
    assert journals.posts() == posts and len(journals.posted(key)) == 1


def test_a_lost_answer_fails_the_record_and_the_rerun_finds_the_entry_instead_of_posting_again(
    journals: Journals,
) -> None:
    key = journals.put_sale()
    journals.served.state.lose_answers("journal-entries", 1)
    first = journals.run()
    assert first["failed"] == 1 and journals.record(key).status is Status.FAILED
    assert "may have been applied" in str(journals.record(key).last_error)
    [entry] = journals.posted(key)  # QAD posted it; the answer never came
    posts = journals.posts()
    assert journals.run()["linked"] == 1
    assert journals.posts() == posts and len(journals.posted(key)) == 1
    assert journals.record(key).target_id == entry["journalEntryNumber"]


def test_a_closed_period_is_quarantined_with_qads_message_and_posted_once_after_it_is_opened(
    journals: Journals,
) -> None:
    key = journals.put_sale(day=date(2019, 3, 15))  # long closed
    assert journals.run()["quarantined"] == 1
    record = journals.record(key)
    assert record.status is Status.QUARANTINED
    assert "postingDate: GL period 2019/03 is closed for domain 10USA" in str(record.last_error)
    assert journals.posted(key) == []

    served = journals.served
    opened = requests.post(f"{served.base_url}/__admin__/qad/{served.state.demo_tenant}/gl-periods/2019/3/open",
                           verify=served.ca_path, timeout=10)  # fmt: skip
    assert opened.status_code == 204
    journals.ledger.requeue(tenant="shop", integration="qad_journals", entity=ENTITY, keys=[key])
    assert journals.run()["created"] == 1
    [entry] = journals.posted(key)
    assert journals.record(key).status is Status.DONE and entry["postingDate"] == "2019-03-15"
    journals.run()
    assert len(journals.posted(key)) == 1


def test_an_account_refused_by_qad_is_quarantined_with_its_field(journals: Journals) -> None:
    key = journals.put_sale()
    assert journals.run(sales="4999")["quarantined"] == 1
    assert "glAccountCode: Line 2: GL account 4999 does not exist" in str(journals.record(key).last_error)


UNSET = {
    "daybook": ({"daybook": None}, "erp.accounts.daybook is not set"),
    "an account": ({"tax": None}, "erp.accounts.tax is not set"),
}


@pytest.mark.parametrize(("accounts", "reason"), list(UNSET.values()), ids=list(UNSET))
def test_an_unset_setting_is_quarantined_naming_it_before_qad_is_called(
    journals: Journals, accounts: dict[str, Any], reason: str
) -> None:
    key = journals.put_sale()
    posts = journals.posts()
    assert journals.run(**accounts)["quarantined"] == 1
    assert reason in str(journals.record(key).last_error)
    assert journals.posts() == posts


def test_an_entry_that_cannot_be_built_is_quarantined_with_the_reason(journals: Journals) -> None:
    key = journals.put_sale(total="108.25", paid="100.00")  # debits 100.00, credits 108.25
    assert journals.run()["quarantined"] == 1
    error = str(journals.record(key).last_error)
    assert "cannot become a QAD journal entry" in error and "do not equal credits" in error


FAULTS_ON_THE_POST = {
    "503 with Retry-After": ({"status_burst": {"status": 503, "count": 1}}, Status.DONE),
    "500": ({"status_burst": {"status": 500, "count": 1}}, Status.FAILED),
    "dropped connection": ({"drop_connections": 1}, Status.FAILED),
}


@pytest.mark.parametrize(("plan", "after_the_fault"), list(FAULTS_ON_THE_POST.values()), ids=list(FAULTS_ON_THE_POST))
def test_a_server_fault_on_the_post_ends_in_one_entry(
    journals: Journals, plan: dict[str, Any], after_the_fault: Status
) -> None:
    """A 503 naming a time to come back is resent at once; a 500 or a cut connection leaves the outcome unknown,
    so the record fails and the next run looks its reference up before posting. Either way QAD holds one entry."""
    key = journals.put_sale()
    served, fc = journals.served, journals.context()
    hook: QadHook = fc.erp
    post = hook.create

    def post_into_the_fault(entity: str, body: dict[str, Any]) -> dict[str, Any]:
        served.faults.set(plan)  # armed as the post is about to be sent: it meets the post and nothing else
        return post(entity, body)

    hook.create = post_into_the_fault  # type: ignore[method-assign]
    try:
        journals.run(fc)
    finally:
        injected = served.faults.describe()["injected"]
        served.faults.clear()
    assert sum(injected.values()) == 1 and journals.record(key).status is after_the_fault
    journals.run()
    assert journals.record(key).status is Status.DONE and len(journals.posted(key)) == 1
