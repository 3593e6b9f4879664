"""A local stand-in for QAD Adaptive ERP's REST business documents; the contract is this package's README."""

from sandbox.qad.connections import ENTITY_PATHS, JWT_CONN_ID, OAUTH_CONN_ID
from sandbox.qad.rate_limit import RateLimit
from sandbox.qad.sandbox import create_sandbox, fault_response
from sandbox.qad.state import QadState

__all__ = ["ENTITY_PATHS", "JWT_CONN_ID", "OAUTH_CONN_ID", "QadState", "RateLimit", "create_sandbox", "fault_response"]
