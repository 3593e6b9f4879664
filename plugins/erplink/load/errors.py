"""Errors of the load step."""

from __future__ import annotations

from typing import TYPE_CHECKING

# Mappings raise these two without importing the load step; they are re-exported here for the load step's callers.
from erplink.mappings.errors import MappingError, NotLoadable

if TYPE_CHECKING:
    from erplink.load.summary import LoadSummary


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


__all__ = ["LoadAbortedError", "MappingError", "NotLoadable", "NothingToUpdate"]
