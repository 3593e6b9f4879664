"""A local stand-in for QAD's REST API (`/clouderp`: oauth/token, business documents, browses); see its README."""

from sandbox.qad.connections import JWT_CONN_ID, OAUTH_CONN_ID
from sandbox.qad.rate_limit import RateLimit
from sandbox.qad.sandbox import create_sandbox, fault_response
from sandbox.qad.state import QadState

__all__ = ["JWT_CONN_ID", "OAUTH_CONN_ID", "QadState", "RateLimit", "create_sandbox", "fault_response"]
