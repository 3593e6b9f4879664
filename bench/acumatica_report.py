"""The Acumatica ↔ WooCommerce rows of the benchmark table: the order sync against its call floors and its latency
floor, the licence seats it took, and the catalog pushes."""

from __future__ import annotations

from typing import Any

from bench.floors import CALLS_TARGET, WALL_TARGET, calls_against, floor_latency, latency_floor, ratio

Check = tuple[str, bool | None, str]
STORE_WRITES = ("woocommerce POST products/batch", "woocommerce POST products/{id}/variations/batch")


def _r(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(row) + " |" for row in rows)]


def acumatica_sync(run: dict[str, Any], checks: list[Check]) -> list[str]:
    lines = ["## Acumatica ↔ WooCommerce order sync", "",
             "bench/acumatica_sync.py: the demo_acumatica tenant, extract → load orders (AR invoices, the customer "
             "first) → load refunds (credit memos) → write-back, each phase with its own hooks as each task has. "
             "The latency floor is at the load threads' concurrency: a licence's seat is one session, which the "
             "task's threads share (the trial licence caps sessions at 2, and requests not at all).", ""]
    floor_s = latency_floor(run["phases"], run["latency_ms"])
    issue_s = floor_latency(run["floors"]["issue"], run["phases"], run["latency_ms"])
    calls, issue = calls_against(run["calls"], run["floors"]["issue"])
    _, protocol = calls_against(run["calls"], run["floors"]["protocol"])
    posted = run["outcome"]["orders_posted"] + run["outcome"]["refunds_posted"]
    acumatica_calls = sum(n for endpoint, n in run["calls"].items() if endpoint.startswith("acumatica "))
    sessions = run["sessions"]
    lines += _table(
        ["store orders", "documents", "wall s", "issue latency floor s", "wall/floor", "latency floor of calls sent s",
         "wall/floor", "calls", "issue floor", "ratio", "protocol floor", "ratio", "Acumatica calls/document",
         "sessions (tokens / logouts / tasks calling)", "peak RSS MB"],
        [[_n(run["orders"]), _n(posted), f"{run['seconds']:.1f}", f"{issue_s:.1f}",
          _r(ratio(run["seconds"], issue_s)), f"{floor_s:.1f}", _r(ratio(run["seconds"], floor_s)), _n(calls),
          _n(issue), _r(ratio(calls, issue)),
          _n(protocol), _r(ratio(calls, protocol)), f"{acumatica_calls / posted:.2f}" if posted else "—",
          f"{sessions['tokens']} / {sessions['logouts']} / {sessions['tasks_calling_acumatica']}",
          f"{run['peak_rss_mb']:.0f}"]])
    checks.append((f"acumatica orders {run['orders']:,}: calls ≤ {CALLS_TARGET}× protocol floor",
                   calls <= CALLS_TARGET * protocol, _r(ratio(calls, protocol))))
    checks.append((f"acumatica orders {run['orders']:,}: wall ≤ {WALL_TARGET}× latency floor of the calls sent",
                   None if not floor_s else run["seconds"] <= WALL_TARGET * floor_s,
                   _r(ratio(run["seconds"], floor_s))))
    checks.append((f"acumatica orders {run['orders']:,}: one session per task that calls Acumatica",
                   sessions["tokens"] == sessions["tasks_calling_acumatica"] == sessions["logouts"],
                   f"{sessions['tokens']} token(s), {sessions['logouts']} logout(s)"))
    lines += ["", f"Calls per endpoint at {run['orders']:,} orders:", ""]
    issue_floor, protocol_floor = run["floors"]["issue"], run["floors"]["protocol"]
    rows = []
    for endpoint in sorted(set(run["calls"]) | set(protocol_floor)):
        sent = run["calls"].get(endpoint, 0)
        issued, needed = issue_floor.get(endpoint, 0), protocol_floor.get(endpoint, 0)
        rows.append([endpoint, _n(sent), _n(issued), _r(ratio(sent, issued)), _n(needed), _r(ratio(sent, needed))])
    lines += _table(["endpoint", "calls", "issue floor", "ratio", "protocol floor", "ratio"], rows)
    lines += ["", "Phases: " + "; ".join(
        f"{p['name']} {p['seconds']:.1f} s for {sum(p['calls'].values()):,} calls at concurrency {p['concurrency']}"
        for p in run["phases"])]
    return [*lines, ""]


def acumatica_catalog(run: dict[str, Any], checks: list[Check]) -> list[str]:
    lines = ["## Acumatica ↔ WooCommerce catalog push", "",
             f"bench/acumatica_catalog.py: {run['skus']:,} SKUs ({run['linked_skus']:,} Acumatica items sold in the "
             "store). Acumatica is read by modification time: the first push reads every stock item and the stock "
             "inquiry, a later one what changed since (and again what it read in the minute before its marks).", ""]
    rounds = {r["name"]: r for r in run["changed_rounds"]}
    rows = []
    for phase in run["phases"]:
        writes = sum(phase["calls"].get(endpoint, 0) for endpoint in STORE_WRITES)
        reads = sum(n for endpoint, n in phase["calls"].items() if endpoint.startswith("acumatica "))
        changed = rounds.get(phase["name"])
        floor_s = latency_floor([phase], run["latency_ms"])
        protocol = changed["floors"]["protocol"] if changed else (0 if phase["name"] == "nothing changed" else None)
        rows.append([phase["name"], _n(changed["changed"]) if changed else "—", _n(writes),
                     "—" if protocol is None else _n(protocol),
                     "—" if protocol is None else _r(ratio(writes, protocol)),
                     _n(reads), f"{phase['seconds']:.1f}", f"{floor_s:.1f}", _r(ratio(phase["seconds"], floor_s))])
        if phase["name"] == "nothing changed":
            checks.append(("acumatica catalog: zero store writes when nothing changed", writes == 0, _n(writes)))
        if changed:
            checks.append((f"acumatica catalog {phase['name']}: store writes ≤ {CALLS_TARGET}× per-parent floor",
                           writes <= CALLS_TARGET * changed["floors"]["protocol"], _r(ratio(writes, protocol or 0))))
    lines += _table(["run", "SKUs changed", "store writes", "per-parent floor", "ratio", "Acumatica calls", "wall s",
                     "latency floor s", "wall/floor"], rows)
    return [*lines, ""]
