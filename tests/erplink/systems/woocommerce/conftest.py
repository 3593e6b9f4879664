# The receiver's ledgers, shared with the receiver's own tests.
from tests.erplink.webhooks.conftest import ledger, sqlite_ledger

__all__ = ["ledger", "sqlite_ledger"]
