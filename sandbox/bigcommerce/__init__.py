"""A local stand-in for BigCommerce's REST Management API (v2 orders, v3 catalog, inventory, refunds, order
transactions and metafields, webhooks), checked against BigCommerce's own OpenAPI documents; what is confirmed and
what is assumed is in this package's README."""

from sandbox.bigcommerce.connections import CONN_ID
from sandbox.bigcommerce.errors import fault_response
from sandbox.bigcommerce.options import Options
from sandbox.bigcommerce.sandbox import create_sandbox
from sandbox.bigcommerce.state import StoreState

__all__ = ["CONN_ID", "Options", "StoreState", "create_sandbox", "fault_response"]
