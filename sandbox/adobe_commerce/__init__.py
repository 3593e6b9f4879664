"""A local stand-in for Adobe Commerce (Magento 2.4, PaaS) REST: orders, invoices, credit memos, customers, B2B
companies and products under `/rest/<store_code>/V1`, OAuth 1.0a integration tokens and admin tokens, checked against
Adobe's own OpenAPI document; what is confirmed and what is assumed is in this package's README."""

from sandbox.adobe_commerce.connections import CONN_ID
from sandbox.adobe_commerce.errors import fault_response
from sandbox.adobe_commerce.options import Options
from sandbox.adobe_commerce.sandbox import create_sandbox
from sandbox.adobe_commerce.state import StoreState

__all__ = ["CONN_ID", "Options", "StoreState", "create_sandbox", "fault_response"]
