"""A local stand-in for Acumatica's contract-based REST API (endpoint `Default/24.200.001`), checked against
Acumatica's own OpenAPI document; the assumptions are in this package's README."""

from sandbox.acumatica.connections import CONN_ID
from sandbox.acumatica.errors import fault_response
from sandbox.acumatica.instance import Options
from sandbox.acumatica.sandbox import create_sandbox
from sandbox.acumatica.state import AcumaticaState

__all__ = ["CONN_ID", "AcumaticaState", "Options", "create_sandbox", "fault_response"]
