from tests.erplink.ledger.fixtures import clock, ledger

__all__ = ["clock", "ledger"]
