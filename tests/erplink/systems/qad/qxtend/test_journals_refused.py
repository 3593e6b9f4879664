"""QXtend has no journal entry QDoc: every journal entry call on the QXtend hook is refused, before anything is sent,
with a reason that points at the REST transport."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from erplink.systems.qad.hooks.qad_qxtend import JournalsNeedRest, QadQxtendHook

CALLS: dict[str, Callable[[QadQxtendHook], object]] = {
    "create": lambda hook: hook.create("journal-entries", {"customShort0": "BC-shop-1-SALE"}),
    "find_by_external_ref": lambda hook: hook.find_by_external_ref("journal-entries", "BC-shop-1-SALE"),
    "get": lambda hook: hook.get("journal-entries", "WEBJNL/2026/000001"),
    "iter": lambda hook: list(hook.iter("journal-entries")),
}


@pytest.mark.parametrize("call", list(CALLS.values()), ids=list(CALLS))
def test_journal_entries_are_refused_naming_the_rest_transport(call: Callable[[QadQxtendHook], object]) -> None:
    hook = QadQxtendHook(qad_qxtend_conn_id="not_configured")  # refused before the connection is even read
    with pytest.raises(JournalsNeedRest, match="need the REST transport"):
        call(hook)
