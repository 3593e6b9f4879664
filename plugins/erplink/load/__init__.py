"""Loading ledger records into a target exactly once: the protocol, the adapter interface and its errors."""

from erplink.load.adapter import TargetAdapter
from erplink.load.classify import Disposition, default_classifier, describe_failure
from erplink.load.errors import LoadAbortedError, MappingError, NothingToUpdate, NotLoadable
from erplink.load.protocol import DEFAULT_MAX_ATTEMPTS, LoadProtocol
from erplink.load.summary import LoadSummary

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "Disposition",
    "LoadAbortedError",
    "LoadProtocol",
    "LoadSummary",
    "MappingError",
    "NotLoadable",
    "NothingToUpdate",
    "TargetAdapter",
    "default_classifier",
    "describe_failure",
]
