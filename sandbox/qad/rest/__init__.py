"""QAD's own REST API under `{tenant URL}/clouderp`, as QAD-FACTS.md describes it; README lists what is assumed."""

from sandbox.qad.rest import (
    access,
    browses,
    catalog,
    credit_memos,
    customers,
    journal_entries,
    sales_order_lines,
    sales_orders,
)

ROUTERS = tuple(
    module.router
    for module in (access, browses, catalog, customers, sales_orders, sales_order_lines, credit_memos, journal_entries)
)

__all__ = ["ROUTERS"]
