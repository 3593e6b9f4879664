"""Errors of the load step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from erplink.ledger.models import RecordKey

if TYPE_CHECKING:
    from erplink.load.summary import LoadSummary


class MappingError(Exception):
    """The source record cannot become a target document (unknown SKU, missing field, ...): quarantine it.

    Adapters raise it; the reason should tell an operator what to fix.
    """

    def __init__(self, record_key: RecordKey | str, reason: str) -> None:
        super().__init__(f"{record_key}: {reason}")
        self.record_key = record_key
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.record_key, self.reason)


class NotLoadable(Exception):
    """The source record is not meant for the target as it stands (e.g. an unpaid order): mark it skipped.

    Not an error: if the source changes later (the order is paid), the extract step makes it pending again.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NothingToUpdate(Exception):
    """The source changed, but in nothing the target's document holds (e.g. only an order's status): mark it done.

    Raised by an adapter's ``update``; nothing is sent, and the record is done with the action ``unchanged``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LoadAbortedError(Exception):
    """The run stopped early because going on would fail every record the same way (e.g. credentials refused).

    Records already handled keep their outcome (see ``summary``); the rest are marked failed, never quarantined,
    so that the next run retries them once the cause is fixed.
    """

    def __init__(self, summary: LoadSummary, cause: BaseException) -> None:
        super().__init__(f"load stopped: {cause}")
        self.summary = summary
        self.cause = cause
