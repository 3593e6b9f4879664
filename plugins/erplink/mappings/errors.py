"""What a mapping raises when a record cannot go through: defined apart from the load step, so that a mapping
imports neither the ledger nor a database driver (``erplink.load.errors`` re-exports both)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from erplink.ledger.models import RecordKey


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
