"""The ledger: idempotency and audit trail of every record, extract watermarks, and the webhook inbox."""

from erplink.ledger.errors import (
    ClaimLostError,
    LedgerError,
    LedgerNotFoundError,
    LedgerUnavailableError,
    RecordNotFoundError,
)
from erplink.ledger.ledger import DEFAULT_LEASE, Ledger
from erplink.ledger.models import (
    AttemptContext,
    AuditEntry,
    InboxEvent,
    LedgerRecord,
    RecordKey,
    ReplayHold,
    Status,
    UpsertOutcome,
    UpsertResult,
    Watermark,
)

__all__ = [
    "DEFAULT_LEASE",
    "AttemptContext",
    "AuditEntry",
    "ClaimLostError",
    "InboxEvent",
    "Ledger",
    "LedgerError",
    "LedgerNotFoundError",
    "LedgerRecord",
    "LedgerUnavailableError",
    "RecordKey",
    "RecordNotFoundError",
    "ReplayHold",
    "Status",
    "UpsertOutcome",
    "UpsertResult",
    "Watermark",
]
