"""The bodies of the manual-operation pages (a period's orders and their import, the stock push), from data
already read: no database, no Airflow, no system calls here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from erplink.flows.catalog import StockRow
from erplink.ui import csrf
from erplink.ui.airflow_side import run_url
from erplink.ui.html import e, link, table
from erplink.ui.manual_ops import MAX_PERIOD_DAYS, RequestedRun

# How many catalog lines one page shows; the SKU filter narrows a larger catalog.
MAX_STOCK_ROWS = 1000
_VERDICT_CLASS = {"send": "in_flight", "hold back": "quarantined", "skip": "skipped", "nothing": "done"}


def period_form(tenant_url: str, since: str, until: str) -> str:
    return (
        f'<form class="filters" method="get" action="{e(tenant_url)}/orders">'
        f'<label>orders changed from<input type="date" name="since" value="{e(since)}" required></label>'
        f'<label>until (included)<input type="date" name="until" value="{e(until)}" required></label>'
        '<button type="submit">List orders</button></form>'
        f'<p class="muted">At most {MAX_PERIOD_DAYS} days. Reads the store and the ERP to say what a run would do '
        "with each order; it writes nothing.</p>"
    )


def period_orders(
    plan: Mapping[str, Any], *, tenant_url: str, may_import: bool, token: str, since: str, until: str
) -> str:
    orders: Sequence[Mapping[str, Any]] = plan.get("orders") or []
    if not orders:
        return '<p class="notice">The store changed no order in this period.</p>'
    rows = []
    for order in orders:
        order_id = order.get("id")
        choose = ""
        if may_import and isinstance(order_id, int):
            choose = f'<input type="checkbox" name="order_id" value="{e(order_id)}" aria-label="order {e(order_id)}">'
        verdict = str(order.get("verdict", ""))
        rows.append(
            [
                choose,
                link(f"{tenant_url}/records/order/{order_id}", order.get("number") or order_id),
                e(order.get("date_created_gmt")),
                e(order.get("status")),
                e(order.get("customer")),
                f"{e(order.get('total'))} {e(order.get('currency'))}",
                f'<span class="status status-{_VERDICT_CLASS.get(verdict, "pending")}">{e(verdict)}</span>'
                + '<div class="reason">'
                + "<br>".join(e(outcome) for outcome in order.get("outcomes") or [])
                + "</div>",
            ]
        )
    counts = {verdict: sum(1 for o in orders if o.get("verdict") == verdict) for verdict in _VERDICT_CLASS}
    summary = ", ".join(f"{n} {verdict}" for verdict, n in counts.items() if n)
    listing = f"<p>{e(len(orders))} order(s): {e(summary)}.</p>" + table(
        ["", "order", "created (UTC)", "status", "customer", "total", "what a run would do"], rows, numeric=(5,)
    )
    if not may_import:
        return listing
    button = '<div class="actions"><button type="submit">Import selected</button></div>'
    return (
        f'<form method="post" action="{e(tenant_url)}/orders/import">'
        f'<input type="hidden" name="{csrf.FIELD}" value="{e(token)}">'
        f'<input type="hidden" name="since" value="{e(since)}"><input type="hidden" name="until" value="{e(until)}">'
        f"{button}{listing}{button}</form>"
    )


def stock_list(rows: Sequence[StockRow], *, tenant_url: str, may_push: bool, token: str, text: str) -> str:
    search = (
        f'<form class="filters" method="get" action="{e(tenant_url)}/stock">'
        f'<label>SKU or description<input type="search" name="q" value="{e(text)}"></label>'
        '<button type="submit">Filter</button></form>'
    )
    wanted = text.casefold()
    shown = [row for row in rows if wanted in row.sku.casefold() or wanted in row.description.casefold()]
    if not shown:
        return search + '<p class="notice">No sellable ERP item matches.</p>'
    cells = []
    for row in shown[:MAX_STOCK_ROWS]:
        choose = (
            f'<input type="checkbox" name="sku" value="{e(row.sku)}" aria-label="{e(row.sku)}">' if may_push else ""
        )
        sku = (
            link(f"{tenant_url}/records/{row.ledger_entity}/{row.sku}", row.sku)
            if row.in_store and row.ledger_entity
            else e(row.sku)
        )
        if not row.in_store:
            store = '<span class="muted">not linked to a store product yet</span>'
        elif row.store_quantity is None:
            store = '<span class="muted">stock not managed</span>'
        else:
            store = e(row.store_quantity)
        differs = row.in_store and row.store_quantity is not None and row.store_quantity != row.erp_available
        cells.append([choose, sku, e(row.description), e(row.erp_available), store, "≠" if differs else ""])
    more = (
        f'<p class="muted">{e(len(shown))} items match; the first {MAX_STOCK_ROWS} are shown: narrow the filter.</p>'
        if len(shown) > MAX_STOCK_ROWS
        else f'<p class="muted">{e(len(shown))} item(s). The store\'s quantity is the one the last push left or '
        "found (the store is not asked).</p>"
    )
    listing = more + table(["", "SKU", "description", "ERP available", "store quantity", ""], cells, numeric=(3, 4))
    if not may_push:
        return search + listing
    button = '<div class="actions"><button type="submit">Push stock of selected</button></div>'
    return (
        search
        + f'<form method="post" action="{e(tenant_url)}/stock/push">'
        + f'<input type="hidden" name="{csrf.FIELD}" value="{e(token)}">{button}{listing}{button}</form>'
    )


def requested_run(
    run: RequestedRun, *, what: str, airflow_root: str, back: tuple[str, str], paused: bool | None
) -> str:
    """What the page started: the run's link and the ids it carries."""
    body = f"<h1>{e(what)}</h1>"
    if paused:
        body += (
            f'<p class="notice warn">The DAG <code>{e(run.dag_id)}</code> is paused: the run waits until it is '
            "unpaused.</p>"
        )
    chosen = ", ".join(run.chosen[:50]) + (" …" if len(run.chosen) > 50 else "")
    body += (
        f'<p class="notice">Started run {link(run_url(airflow_root, run.dag_id, run.run_id), run.run_id)} of '
        f"<code>{e(run.dag_id)}</code> for {e(len(run.chosen))}: {e(chosen)}.</p>"
    )
    return body + f"<p>{link(back[0], back[1])}</p>"
