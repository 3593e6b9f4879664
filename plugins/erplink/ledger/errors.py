"""Errors the ledger raises."""

from __future__ import annotations

from erplink.ledger.models import RecordKey


class LedgerError(Exception):
    """Base class of ledger errors."""


class RecordNotFoundError(LedgerError):
    def __init__(self, key: RecordKey) -> None:
        super().__init__(f"no ledger record for {key}")
        self.key = key


class ClaimLostError(LedgerError):
    """The record is in flight for another worker: its lease expired here and someone else took it over.

    Raised instead of applying a transition, so two workers never both finish the same record.
    """

    def __init__(self, key: RecordKey, *, worker: str | None, claimed_by: str | None) -> None:
        super().__init__(f"{key} is in flight for {claimed_by!r}, not {worker!r}")
        self.key = key
        self.worker = worker
        self.claimed_by = claimed_by


class LedgerNotFoundError(LedgerError):
    """A command that only reads or replays found no ledger where the settings point; it creates none."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no erplink ledger at {where}; `erplink ledger-migrate` creates one there, or point "
            "ERPLINK_LEDGER_URL / ERPLINK_LEDGER_CONN_ID at the ledger the tasks use"
        )
        self.where = where


class LedgerUnavailableError(LedgerError):
    """The ledger's database did not answer (a server down, wrong credentials, an unreadable file)."""

    def __init__(self, where: str, cause: str) -> None:
        super().__init__(f"cannot open the erplink ledger at {where}: {cause}")
        self.where = where
