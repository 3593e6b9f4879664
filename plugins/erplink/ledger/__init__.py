"""The ledger: idempotency and audit trail of every record, extract watermarks, and the webhook inbox."""

from erplink.ledger.errors import ClaimLostError, LedgerError, RecordNotFoundError
from erplink.ledger.ledger import DEFAULT_LEASE, Ledger
from erplink.ledger.models import (
    AttemptContext,
    AuditEntry,
    InboxEvent,
    LedgerRecord,
    RecordKey,
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
    "LedgerRecord",
    "RecordKey",
    "RecordNotFoundError",
    "Status",
    "UpsertOutcome",
    "UpsertResult",
    "Watermark",
]
