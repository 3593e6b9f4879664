"""The page bodies, from data already read: no database, no Airflow, no system calls here."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from erplink.ledger import AuditEntry, InboxEvent, LedgerRecord, Watermark
from erplink.ledger.browse import RecordPage
from erplink.reconciliation import ReconciliationReport, Totals
from erplink.ui import csrf
from erplink.ui.airflow_side import WebhookCheck, dag_of_worker, run_url, task_log_url
from erplink.ui.diff import changes
from erplink.ui.filters import ALL_STATUSES, FilterForm
from erplink.ui.html import e, link, query, status_badge, table, when
from erplink.ui.replay_action import REPLAYABLE, ReplayOutcome


def tenants_page(
    root: str, tenants: Sequence[tuple[str, str, dict[str, dict[str, int]]]], errors: Sequence[str]
) -> str:
    rows = []
    for name, title, counts in tenants:
        attention = sum(
            n for by_status in counts.values() for status, n in by_status.items() if status in ("quarantined", "failed")
        )
        total = sum(n for by_status in counts.values() for n in by_status.values())
        rows.append([link(f"{root}/t/{name}", name), e(title), e(total), e(attention)])
    body = "<h1>Tenants</h1>" + table(["tenant", "integration", "records", "need a person"], rows, numeric=(2, 3))
    if errors:
        body += "<h2>Entries that cannot be used</h2>" + "".join(f'<p class="notice error">{e(x)}</p>' for x in errors)
    return body


def counts_table(counts: Mapping[str, Mapping[str, int]], tenant_url: str) -> str:
    statuses = [s for s in ALL_STATUSES if any(s in by_status for by_status in counts.values())]
    rows = []
    for entity, by_status in sorted(counts.items()):
        cells = [e(entity)]
        for status in statuses:
            count = by_status.get(status, 0)
            href = query(tenant_url, [("f", "1"), ("entity", entity), ("status", status)])
            cells.append(link(href, count) if count else '<span class="muted">0</span>')
        rows.append(cells)
    return table(["entity", *statuses], rows, numeric=range(1, len(statuses) + 1))


def filter_form(form: FilterForm, entities: Sequence[str], tenant_url: str) -> str:
    options = "".join(
        f'<option value="{e(x)}"{" selected" if x == form.entity else ""}>{e(x)}</option>' for x in ["", *entities]
    )
    ticks = "".join(
        f'<label style="flex-direction:row;gap:.25rem"><input type="checkbox" name="status" value="{e(s)}"'
        f"{' checked' if s in form.statuses else ''}>{e(s)}</label>"
        for s in ALL_STATUSES
    )
    return (
        f'<form class="filters" method="get" action="{e(tenant_url)}"><input type="hidden" name="f" value="1">'
        f'<label>entity<select name="entity">{options}</select></label>'
        f'<div><span class="muted" style="font-size:.8rem">status</span><div style="display:flex;gap:.6rem">{ticks}'
        "</div></div>"
        f'<label>changed from<input type="date" name="since" value="{e(form.since)}"></label>'
        f'<label>changed until<input type="date" name="until" value="{e(form.until)}"></label>'
        f'<label>id, reference or reason<input type="search" name="q" value="{e(form.text)}"></label>'
        '<button type="submit">Filter</button></form>'
    )


def records_list(
    page: RecordPage,
    form: FilterForm,
    *,
    tenant_url: str,
    may_act: bool,
    token: str,
    replayable_entities: Sequence[str],
) -> str:
    rows = []
    for row in page.rows:
        record_url = f"{tenant_url}/records/{row.key.entity}/{row.key.source_id}"
        choose = ""
        if may_act and row.key.entity in replayable_entities and row.status.value in REPLAYABLE:
            choose = f'<input type="checkbox" name="key" value="{e(row.key.entity)}/{e(row.key.source_id)}">'
        rows.append(
            [
                choose,
                e(row.key.entity),
                link(record_url, row.key.source_id),
                status_badge(row.status),
                e(row.target_ref),
                f'<div class="reason">{e(row.last_error)}</div>',
                e(row.attempts),
                when(row.updated_at),
            ]
        )
    headers = ["", "entity", "source id", "status", "ERP reference", "reason", "attempts", "changed"]
    listing = table(headers, rows, numeric=(6,)) if rows else '<p class="muted">No record matches.</p>'
    pager = [f"<span>{e(page.total)} record(s) match</span>"]
    if page.next_before_id is not None:
        pager.append(link(query(tenant_url, [*form.params(), ("before", page.next_before_id)]), "older →"))
    pager.append(link(query(tenant_url, form.params()), "newest"))
    pager_html = f'<div class="pager">{" ".join(pager)}</div>'
    if not may_act:
        return pager_html + listing + pager_html
    hidden = "".join(f'<input type="hidden" name="{e(k)}" value="{e(v)}">' for k, v in form.params())
    actions = (
        '<div class="actions"><button type="submit" name="scope" value="selected">Replay selected</button>'
        f'<button class="secondary" type="submit" name="scope" value="matching">Replay all {e(page.total)} matching'
        "</button></div>"
    )
    return (
        f'<form method="post" action="{e(tenant_url)}/replay">'
        f'<input type="hidden" name="{csrf.FIELD}" value="{e(token)}">{hidden}{pager_html}{actions}{listing}'
        f"{actions}</form>"
    )


def record_page(
    record: LedgerRecord,
    trail: Sequence[AuditEntry],
    *,
    airflow_root: str,
    may_act: bool,
    token: str,
    tenant_url: str,
    replayable: bool,
    requested_runs: Mapping[str, str] | None = None,
) -> str:
    """``requested_runs``: audit action → the DAG whose run a request from the page started (replay when absent)."""
    fields = [
        ("entity", e(record.key.entity)),
        ("source id", e(record.key.source_id)),
        ("status", status_badge(record.status)),
        ("ERP reference", e(record.target_ref)),
        ("ERP document", e(record.target_id)),
        ("reason", f'<div class="reason">{e(record.last_error)}</div>'),
        ("last HTTP status", e(record.last_http_status)),
        ("attempts", e(record.attempts)),
        ("source changed", when(record.source_modified)),
        ("first seen", when(record.created_at)),
        ("status since", when(record.updated_at)),
    ]
    body = f'<h1>{e(record.key.entity)} {e(record.key.source_id)}</h1><dl class="fields">'
    body += "".join(f"<dt>{e(name)}</dt><dd>{value}</dd>" for name, value in fields) + "</dl>"
    if may_act and replayable:
        body += (
            f'<form method="post" action="{e(tenant_url)}/replay" class="actions">'
            f'<input type="hidden" name="{csrf.FIELD}" value="{e(token)}">'
            f'<input type="hidden" name="key" value="{e(record.key.entity)}/{e(record.key.source_id)}">'
            '<button type="submit" name="scope" value="selected">Replay this record</button></form>'
        )
    body += "<h2>Attempts and changes</h2>" + table(
        ["time", "action", "status", "run", "task log", "by", "HTTP", "reason"],
        [_audit_row(entry, airflow_root, requested_runs or {}) for entry in trail],
        numeric=(6,),
    )
    body += "<h2>Payload</h2>" + _payload_section(record)
    return body


def _audit_row(entry: AuditEntry, airflow_root: str, requested_runs: Mapping[str, str]) -> list[str]:
    moved = " → ".join(status_badge(s) for s in (entry.from_status, entry.to_status) if s is not None)
    dag_id = dag_of_worker(entry.worker, entry.task_id)
    run, log = e(entry.run_id), ""
    if dag_id and entry.run_id:
        run = link(run_url(airflow_root, dag_id, entry.run_id), entry.run_id)
        if entry.task_id:
            try_text = f"{entry.task_id} (try {entry.try_number})" if entry.try_number else entry.task_id
            log = link(task_log_url(airflow_root, dag_id, entry.run_id, entry.task_id, entry.try_number), try_text)
    elif entry.run_id and (entry.worker or "").startswith("erplink page:"):
        from erplink.ui.airflow_side import REPLAY_DAG_ID

        run = link(run_url(airflow_root, requested_runs.get(entry.action, REPLAY_DAG_ID), entry.run_id), entry.run_id)
    return [
        when(entry.at),
        e(entry.action),
        moved,
        run,
        log,
        e(entry.worker),
        e(entry.http_status),
        f'<div class="reason">{e(entry.error)}</div>',
    ]


def _payload_section(record: LedgerRecord) -> str:
    pretty = e(json.dumps(record.payload, indent=2, ensure_ascii=False, default=str))
    if record.target_id is None:
        intro = '<p class="muted">The ERP holds nothing for this record yet.</p>'
    elif record.applied_payload is None:
        intro = (
            '<p class="muted">The ERP was last brought in line with the payload below; the source has not '
            "changed since.</p>"
        )
    else:
        rows = [
            [
                f"<code>{e(c.path)}</code>",
                f'<span class="diff-old">{e(c.old_text)}</span>',
                f'<span class="diff-new">{e(c.new_text)}</span>',
            ]
            for c in changes(record.applied_payload, record.payload)
        ]
        intro = (
            "<p>What changed in the source since the ERP last received this record (the ledger keeps the "
            "payload the ERP holds and the current one):</p>" + table(["field", "in the ERP", "now"], rows)
        )
    return f"{intro}<details><summary>stored payload</summary><pre>{pretty}</pre></details>"


def replay_result(outcome: ReplayOutcome, *, airflow_root: str, tenant_url: str, replay_paused: bool | None) -> str:
    from erplink.ui.airflow_side import REPLAY_DAG_ID

    body = "<h1>Replay</h1>"
    if replay_paused:
        body += (
            f'<p class="notice warn">The replay DAG <code>{REPLAY_DAG_ID}</code> is paused: its runs wait '
            "until it is unpaused.</p>"
        )
    rows = [
        [
            e(run.entity),
            link(run_url(airflow_root, REPLAY_DAG_ID, run.run_id), run.run_id),
            e(len(run.source_ids)),
            e(", ".join(run.source_ids[:20]) + (" …" if len(run.source_ids) > 20 else "")),
        ]
        for run in outcome.runs
    ]
    body += (
        table(["entity", "replay run", "records", "source ids"], rows, numeric=(2,))
        if rows
        else '<p class="notice">Nothing was queued.</p>'
    )
    if outcome.left:
        body += "<h2>Not queued</h2>" + table(["record", "why"], [[e(k), e(v)] for k, v in outcome.left.items()])
    return body + f"<p>{link(tenant_url, '← back to the records')}</p>"


def webhooks_page(
    *,
    system: str | None,
    inbox: Mapping[str, int],
    deliveries: Mapping[str, int] | None,
    last_delivery: Any,
    rejected: Sequence[InboxEvent],
    watermarks: Mapping[str, Watermark],
    check: WebhookCheck | None,
    airflow_root: str,
) -> str:
    body = "<h1>Webhooks and watermarks</h1>"
    if system is None:
        body += '<p class="muted">This integration keeps no webhooks in its store.</p>'
    else:
        accepted = inbox.get("pending", 0) + inbox.get("done", 0)
        cards = [
            ("accepted", accepted),
            ("waiting to be applied", inbox.get("pending", 0)),
            ("rejected (signed, unreadable)", inbox.get("rejected", 0)),
        ]
        if deliveries is not None:
            cards.append(("duplicates (this API server, since it started)", deliveries.get("duplicate", 0)))
        body += (
            '<div class="cards">'
            + "".join(
                f'<div class="card"><div class="muted">{e(name)}</div><div style="font-size:1.4rem">{e(n)}</div></div>'
                for name, n in cards
            )
            + "</div>"
        )
        body += f"<p>Last delivery stored: {when(last_delivery) or '<span class=muted>none yet</span>'}</p>"
        body += "<h2>Subscriptions in the store</h2>"
        if check is None:
            body += '<p class="muted">No webhook check has run yet (the orders DAG checks them on every run).</p>'
        else:
            body += (
                f"<p>As the last check found them, at {when(check.at)} in run "
                f"{link(run_url(airflow_root, check.dag_id, check.run_id), check.run_id)}:</p>"
            )
            body += table(
                ["", ""],
                [
                    [e(k), e(json.dumps(v, default=str) if isinstance(v, list | dict) else v)]
                    for k, v in check.result.items()
                ],
            )
        if rejected:
            body += "<h2>Rejected deliveries</h2>" + table(
                ["received", "reason"], [[when(r.received_at), e((r.payload or {}).get("reason"))] for r in rejected]
            )
    body += "<h2>Watermarks</h2>"
    body += (
        table(
            ["stream", "read up to", "ids at that instant", "moved"],
            [
                [e(stream), when(w.value), e(len(w.boundary_ids)), when(w.updated_at)]
                for stream, w in watermarks.items()
            ],
            numeric=(2,),
        )
        if watermarks
        else '<p class="muted">No extract has run yet.</p>'
    )
    return body


def reconciliation_form(tenant_url: str, since: str, until: str) -> str:
    return (
        f'<form class="filters" method="get" action="{e(tenant_url)}/reconciliation">'
        f'<label>documents created from<input type="date" name="since" value="{e(since)}" required></label>'
        f'<label>until (included)<input type="date" name="until" value="{e(until)}" required></label>'
        '<button type="submit">Reconcile</button></form>'
        '<p class="muted">Reads the store and the ERP for the period: it takes a moment.</p>'
    )


def reconciliation_report(report: ReconciliationReport, tenant_url: str) -> str:
    verdict = (
        '<p class="notice">No difference: the ERP holds every sale of the period as the store shows it.</p>'
        if report.clean
        else f'<p class="notice error">{e(len(report.differences))} difference(s).</p>'
    )
    body = f"<h2>{e(report.documents)} document(s) created from {when(report.since)} to {when(report.until)}</h2>"
    body += verdict + _totals_table(report)
    if report.differences:
        body += "<h2>Differences</h2>" + table(
            ["document", "ERP reference", "ERP document", "problem", "store", "ERP"],
            [
                [
                    link(f"{tenant_url}/records/{d.entity}/{d.source_id}", d.label),
                    e(d.reference),
                    e(d.erp_number),
                    e(d.problem),
                    "<br>".join(f"{e(k)}: {e(v[0])}" for k, v in d.fields.items()),
                    "<br>".join(f"{e(k)}: {e(v[1])}" for k, v in d.fields.items()),
                ]
                for d in report.differences
            ],
        )
    if report.held_back:
        body += "<h2>Held back in the ledger (not in the ERP, with a reason)</h2>" + table(
            ["document", "status"],
            [
                [link(f"{tenant_url}/records/{h.entity}/{h.source_id}", h.label), status_badge(h.status)]
                for h in report.held_back
            ],
        )
    return body


def _totals_table(report: ReconciliationReport) -> str:
    rows = []
    for currency in sorted(report.store.keys() | report.erp.keys()):
        for side, totals in (("store", report.store), ("ERP", report.erp), ("held back", report.held_back_totals)):
            t = totals.get(currency, Totals())
            rows.append(
                [
                    e(currency),
                    e(side),
                    e(t.orders),
                    e(t.order_total),
                    e(t.tax),
                    e(t.shipping),
                    e(t.refunds),
                    e(t.refund_total),
                ]
            )
    return table(
        ["currency", "", "orders", "order total", "tax", "shipping", "refunds", "refunded"], rows, numeric=range(2, 8)
    )
