"""The records filter as the page's forms send it (query string or form fields), and back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from erplink.ledger.browse import RecordFilter
from erplink.ledger.models import Status
from erplink.windows import parse_timestamp

NEEDS_A_PERSON = (Status.QUARANTINED.value, Status.FAILED.value)
ALL_STATUSES = tuple(status.value for status in Status)
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class FilterForm:
    """What the person chose; ``submitted`` tells "no status ticked" (all) from "first visit" (needs a person)."""

    entity: str = ""
    statuses: tuple[str, ...] = NEEDS_A_PERSON
    since: str = ""
    until: str = ""
    text: str = ""
    size: int = DEFAULT_PAGE_SIZE

    def record_filter(self, tenant: str, integration: str) -> RecordFilter:
        return RecordFilter(
            tenant=tenant,
            integration=integration,
            entity=self.entity or None,
            statuses=self.statuses,
            since=_instant(self.since),
            until=_instant(self.until, end_of_day=True),
            text=self.text or None,
        )

    def params(self) -> list[tuple[str, str]]:
        """The form's fields again (for links to other pages of the same list, and for "replay all matching")."""
        found = [
            ("f", "1"),
            ("entity", self.entity),
            *(("status", s) for s in self.statuses),
            ("since", self.since),
            ("until", self.until),
            ("q", self.text),
        ]
        if self.size != DEFAULT_PAGE_SIZE:
            found.append(("size", str(self.size)))
        return found


def read_filter(values: Mapping[str, Sequence[str]]) -> FilterForm:
    """From ``{field: [values]}`` (a query string or a form); dates are checked here, so a bad one is named."""

    def one(name: str) -> str:
        return (values.get(name) or [""])[0].strip()

    statuses = tuple(s for s in values.get("status", []) if s in ALL_STATUSES)
    submitted = bool(one("f"))
    size = one("size")
    form = FilterForm(
        entity=one("entity"),
        statuses=statuses if submitted else NEEDS_A_PERSON,
        since=one("since"),
        until=one("until"),
        text=one("q")[:200],
        size=max(1, min(int(size), 500)) if size.isdigit() else DEFAULT_PAGE_SIZE,
    )
    form.record_filter("", "")  # raises ValueError naming a date that cannot be read
    return form


def _instant(text: str, *, end_of_day: bool = False) -> datetime | None:
    if not text:
        return None
    try:
        value = parse_timestamp(text)
    except ValueError:
        raise ValueError(f"not a date or ISO-8601 instant: {text!r}") from None
    # A bare date as the end of a range means the whole of that day.
    return value + timedelta(days=1) if end_of_day and len(text) == 10 else value
