"""The Query Service: ``query<Profile>`` with ``dsQueryServiceRequest/QueryServiceRequest`` (QAD-FACTS §2).

Filters are 4GL ``where`` clauses: strings in double quotes with ``~`` escaping a quote or a tilde (Progress's
escape character). Rows come in no defined order, and an answer holding ``MaxRows`` rows may be cut short:
a list that must be whole (items, a price list, a site's stock) is refused then, never used in part.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lxml import etree

from erplink.http.errors import PermanentApiError
from erplink.systems.qad.qxtend.envelope import Q
from erplink.systems.qad.qxtend.transport import QdocTransport


def quoted(value: str) -> str:
    """A 4GL string literal of ``value``."""
    return '"' + value.replace("~", "~~").replace('"', '~"') + '"'


def equals(field: str, value: str) -> str:
    return f"{field} = {quoted(value)}"


def on_or_after(field: str, day: date) -> str:
    """A date field on or after ``day``, as a 4GL date literal (month/day/year, QAD's default date format)."""
    return f"{field} >= {day.month:02d}/{day.day:02d}/{day.year}"


def request_dataset(*, source_application: str, profile: str, where: Iterable[str], max_rows: int) -> etree._Element:
    return Q.dsQueryServiceRequest(
        Q.QueryServiceRequest(
            Q.SourceApplication(source_application),
            Q.Profile(profile),
            Q.Filter(" and ".join(where)),
            Q.MaxRows(str(max_rows)),
            Q.IgnoreBOFilter("false"),
            Q.IgnoreBOInnerJoin("false"),
        )
    )


class QueryService:
    def __init__(
        self, transport: QdocTransport, *, qdoc_template: str, version: str, source_application: str, max_rows: int
    ) -> None:
        self._transport = transport
        self._qdoc_template = qdoc_template
        self._version = version
        self._source_application = source_application
        self.max_rows = max_rows

    def answer(self, profile: str, where: Iterable[str]) -> list[dict[str, str]]:
        """One request: at most ``max_rows`` of the profile's rows matching every clause of ``where``."""
        qdoc = self._qdoc_template.format(profile=profile)
        dataset = request_dataset(
            source_application=self._source_application, profile=profile, where=list(where), max_rows=self.max_rows
        )
        answer = self._transport.send(qdoc, self._version, dataset, what=f"query {profile}", idempotent=True)
        return [row for name, found in answer.datasets.items() if name != "dsQueryServiceRequest" for row in found]

    def rows(self, profile: str, where: Iterable[str], *, whole: bool) -> list[dict[str, str]]:
        """The profile's rows matching every clause of ``where``; ``whole``: refuse an answer that may be cut (a
        list longer than ``max_rows`` is read whole in key windows, ``key_windows.py``)."""
        rows = self.answer(profile, where)
        if whole and len(rows) >= self.max_rows:
            raise PermanentApiError(
                system="qad",
                method="POST",
                url=f"{self._transport.path} {self._qdoc_template.format(profile=profile)}",
                status=200,
                code="MaxRows",
                reason=f"query {profile} answered {len(rows)} rows, its MaxRows: the list may be cut short; "
                "raise max_rows in the connection",
            )
        return rows
