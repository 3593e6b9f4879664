"""The results as markdown tables (printed, and written beside the JSON)."""

from __future__ import annotations

from typing import Any

from bench.floors import (
    CALLS_TARGET,
    PARSE_TARGET_S,
    RSS_TARGET,
    STORE_WALL_TARGET,
    TENANTS_PARSE_TARGET_S,
    WALL_TARGET,
    calls_against,
    floor_latency,
    latency_floor,
    ratio,
)


def _r(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(row) + " |" for row in rows)]


def render(results: dict[str, Any]) -> str:
    lines = [f"# erplink benchmark — {results['started']}", "",
             f"Sandboxes on loopback with {results['latency_ms']} ms added to every request; "
             f"{results['cpus']} CPU(s). Ratios are figure ÷ floor (1.00× is the floor itself).", ""]
    checks: list[tuple[str, bool | None, str]] = []
    if results.get("orders"):
        lines += _orders(results["orders"], checks)
    if results.get("catalog"):
        lines += _catalog(results["catalog"], checks)
    if results.get("acumatica"):
        from bench.acumatica_report import acumatica_catalog, acumatica_sync

        lines += acumatica_sync(results["acumatica"]["orders"], checks)
        lines += acumatica_catalog(results["acumatica"]["catalog"], checks)
    if results.get("qad_bigcommerce"):
        from bench.qad_bigcommerce_report import qad_bigcommerce_sync

        lines += qad_bigcommerce_sync(results["qad_bigcommerce"], checks)
    if results.get("webhooks"):
        lines += _webhooks(results["webhooks"])
    if results.get("dag_parse"):
        lines += _parse(results["dag_parse"], checks)
    if results.get("dag_parse_tenants"):
        lines += _parse_tenants(results["dag_parse_tenants"], checks)
    if results.get("paging"):
        lines += _paging(results["paging"], checks)
    if results.get("store_read"):
        lines += _store_read(results["store_read"], checks)
    if results.get("ledger_page"):
        lines += _ledger_page(results["ledger_page"], checks)
    lines += ["## Targets", ""]
    lines += _table(["target", "met", "figure"],
                    [[name, "—" if met is None else ("yes" if met else "**no**"), figure] for name, met, figure in checks])
    return "\n".join(lines) + "\n"


def _orders(runs: list[dict[str, Any]], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## Order sync", "",
             "Extract → load orders → load refunds → write-back, each size in a fresh process (sandboxes in another).",
             ""]
    rows = []
    for run in runs:
        floor_s = latency_floor(run["phases"], run["latency_ms"])
        issue_s = floor_latency(run["floors"]["issue"], run["phases"], run["latency_ms"])
        calls, issue = calls_against(run["calls"], run["floors"]["issue"])
        _, protocol = calls_against(run["calls"], run["floors"]["protocol"])
        read = run["outcome"]["orders_read"]
        rows.append([_n(run["orders"]), _n(read), f"{run['seconds']:.1f}", f"{issue_s:.1f}",
                     _r(ratio(run["seconds"], issue_s)), f"{floor_s:.1f}", _r(ratio(run["seconds"], floor_s)),
                     _n(read / run["seconds"]), _n(calls), _n(issue), _r(ratio(calls, issue)), _n(protocol),
                     _r(ratio(calls, protocol)), f"{calls / read:.2f}", f"{run['peak_rss_mb']:.0f}"])
        for label, floor in (("latency floor of the issue floor's calls", issue_s),
                             ("latency floor of the calls sent", floor_s)):
            wall = ratio(run["seconds"], floor)
            checks.append((f"orders {run['orders']:,}: wall ≤ {WALL_TARGET}× {label}",
                           None if wall is None else wall <= WALL_TARGET, _r(wall)))
        checks.append((f"orders {run['orders']:,}: calls ≤ {CALLS_TARGET}× issue floor",
                       calls <= CALLS_TARGET * issue, _r(ratio(calls, issue))))
        checks.append((f"orders {run['orders']:,}: calls ≤ {CALLS_TARGET}× protocol floor",
                       calls <= CALLS_TARGET * protocol, _r(ratio(calls, protocol))))
    lines += _table(["store orders", "read", "wall s", "issue latency floor s", "wall/floor",
                     "latency floor of calls sent s", "wall/floor", "orders/s", "calls", "issue floor", "ratio",
                     "protocol floor", "ratio", "calls/order", "peak RSS MB"], rows)
    if len(runs) > 1:
        smallest, largest = runs[0], runs[-1]
        growth = largest["peak_rss_mb"] / smallest["peak_rss_mb"]
        checks.append((f"peak RSS at {largest['orders']:,} ≤ {RSS_TARGET}× at {smallest['orders']:,}",
                       growth <= RSS_TARGET, _r(growth)))
    for run in runs:
        lines += ["", f"Calls per endpoint at {run['orders']:,} orders:", ""]
        issue, protocol = run["floors"]["issue"], run["floors"]["protocol"]
        endpoint_rows = []
        for endpoint in sorted(set(run["calls"]) | set(protocol)):
            sent = run["calls"].get(endpoint, 0)
            endpoint_rows.append([endpoint, _n(sent), _n(issue.get(endpoint, 0)), _r(ratio(sent, issue.get(endpoint, 0))),
                                  _n(protocol.get(endpoint, 0)), _r(ratio(sent, protocol.get(endpoint, 0)))])
        lines += _table(["endpoint", "calls", "issue floor", "ratio", "protocol floor", "ratio"], endpoint_rows)
        lines += ["", "Phases: " + "; ".join(
            f"{p['name']} {p['seconds']:.1f} s for {sum(p['calls'].values()):,} calls at concurrency {p['concurrency']}"
            for p in run["phases"])]
    return lines + [""]


STORE_WRITES = ("woocommerce POST products/batch", "woocommerce POST products/{id}/variations/batch")


def _catalog(run: dict[str, Any], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## Catalog / stock push", "",
             f"{run['skus']:,} SKUs ({run['linked_skus']:,} QAD items sold in the store). Each round gives a share "
             "of them a new QAD price, or new stock. Store writes are batch requests; QAD is read in full on every "
             "run (it offers no change feed for these).", ""]
    rows = []
    rounds = {r.get("name", f"{r['share']}% changed"): r for r in run["changed_rounds"]}
    for phase in run["phases"]:
        writes = sum(phase["calls"].get(e, 0) for e in STORE_WRITES)
        reads_qad = sum(n for e, n in phase["calls"].items() if e.startswith("qad "))
        store_reads = sum(n for e, n in phase["calls"].items() if e.startswith("woocommerce GET"))
        floor_s = latency_floor([phase], run["latency_ms"])
        changed = rounds.get(phase["name"])
        issue = changed["floors"]["issue"] if changed else (0 if phase["name"] == "nothing changed" else None)
        protocol = changed["floors"]["protocol"] if changed else issue
        rows.append([phase["name"], _n(changed["changed"]) if changed else "—", _n(writes),
                     "—" if issue is None else _n(issue), "—" if issue is None else _r(ratio(writes, issue)),
                     "—" if protocol is None else _n(protocol), "—" if protocol is None else _r(ratio(writes, protocol)),
                     _n(store_reads), _n(reads_qad), f"{phase['seconds']:.1f}", f"{floor_s:.1f}",
                     _r(ratio(phase["seconds"], floor_s))])
        wall = ratio(phase["seconds"], floor_s)
        checks.append((f"catalog {phase['name']}: wall ≤ {WALL_TARGET}× latency floor",
                       None if wall is None else wall <= WALL_TARGET, _r(wall)))
        if phase["name"] == "nothing changed":
            checks.append(("catalog: zero store writes when nothing changed", writes == 0, _n(writes)))
        if changed:
            checks.append((f"catalog {phase['name']}: store writes ≤ {CALLS_TARGET}× ceil(changed/100)",
                           writes <= CALLS_TARGET * issue, _r(ratio(writes, issue))))
            checks.append((f"catalog {phase['name']}: store writes ≤ {CALLS_TARGET}× per-parent floor",
                           writes <= CALLS_TARGET * protocol, _r(ratio(writes, protocol))))
    lines += _table(["run", "SKUs changed", "store writes", "ceil(changed/100)", "ratio", "per-parent floor", "ratio",
                     "store reads", "QAD reads", "wall s", "latency floor s", "wall/floor"], rows)
    return lines + [""]


# Each query of the erplink page answers within this on the benchmark's ledger (issue 19).
LEDGER_PAGE_TARGET_MS = 300


def _ledger_page(run: dict[str, Any], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## The erplink page's queries", "",
             f"bench/ledger_page.py: a {run['backend']} ledger of {run['records']:,} records (three audit rows each), "
             "median of 5 runs per query. Without the browse index the page's migration adds, the first page of "
             f"records needing a person takes {run['needing_a_person_without_browse_index_ms']:.2f} ms.", ""]
    timings = run["median_ms"]
    lines += _table(["query", "ms"], [[name, f"{ms:.2f}"] for name, ms in timings.items()])
    slowest = max(timings, key=timings.get)
    checks.append((f"every erplink page query ≤ {LEDGER_PAGE_TARGET_MS} ms at {run['records']:,} records",
                   timings[slowest] <= LEDGER_PAGE_TARGET_MS, f"slowest: {slowest}, {timings[slowest]:.2f} ms"))
    return lines + [""]


def _webhooks(run: dict[str, Any]) -> list[str]:
    lines = ["## Webhook receiver", "",
             "bench/webhooks.py: signed WooCommerce deliveries (every 5th a replay) to the receiver on loopback, "
             "no added latency. There is no floor to divide by; the figures stand alone.", ""]
    lines += _table(["deliveries", "concurrency", "acknowledged", "acks/s", "p50 ms", "p99 ms"],
                    [[_n(run["sent"]), _n(run["concurrency"]), _n(run["acknowledged"]), _n(run["acks_per_second"]),
                      f"{run['p50_ms']:.2f}", f"{run['p99_ms']:.2f}"]])
    return lines + [""]


def _parse(runs: list[dict[str, Any]], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## DAG parse time", "",
             "Airflow's DagBag duration per file, each in a fresh process with Airflow (and its @task machinery) "
             "already imported.", ""]
    rows = []
    for run in runs:
        rows.append([run["file"], _n(run["dags"]), f"{run['seconds'] * 1000:.1f}", f"{PARSE_TARGET_S * 1000:.0f}",
                     _r(ratio(run["seconds"], PARSE_TARGET_S))])
        checks.append((f"{run['file']} parses in < {PARSE_TARGET_S * 1000:.0f} ms",
                       run["seconds"] < PARSE_TARGET_S and not run["import_errors"], f"{run['seconds'] * 1000:.1f} ms"))
    lines += _table(["file", "DAGs", "parse ms", "target ms", "ratio to target"], rows)
    return lines + [""]


def _parse_tenants(runs: list[dict[str, Any]], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## DAG parse time with many tenants", "",
             "Copies of the demo tenant spread over `dag_files.shards` DAG files; each file parsed in a child forked "
             "from a process that imported Airflow, as the DAG processor parses it. Times are DagBag's per file "
             "(max and mean over the tenants' files), and the largest CPU time, which a machine shared with other "
             "work inflates less; *all files* is what one pass of the DAG processor costs. "
             "Peak RSS is the largest child's, Airflow included; *parse's own* is its growth during the parse. "
             "*Changed by one tenant*: files whose serialized DAGs changed after one tenant's schedule did.", ""]
    rows = []
    for run in runs:
        changed = run.get("files_changed")
        rows.append([_n(run["tenants"]), _n(run["shards"]), _n(run["dags"]), f"{run['max_s'] * 1000:,.0f}",
                     f"{run['max_cpu_s'] * 1000:,.0f}", f"{run['mean_s'] * 1000:,.0f}",
                     f"{run['check_s'] * 1000:,.0f}", f"{run['check_cpu_s'] * 1000:,.0f}", f"{run['total_s']:.1f}",
                     f"{run['peak_rss_mb']:.0f}", f"{run['max_growth_mb']:.0f}",
                     "—" if changed is None else ", ".join(changed) or "none"])
        slowest = max(run["max_s"], run["check_s"])
        checks.append((f"{run['tenants']:,} tenants: each DAG file parses in < {TENANTS_PARSE_TARGET_S:.0f} s",
                       slowest < TENANTS_PARSE_TARGET_S and not run["import_errors"], f"{slowest * 1000:,.0f} ms"))
        checks.append((f"{run['tenants']:,} tenants: each DAG built by one file only",
                       run["dags"] == run["distinct_dags"], f"{run['dags']:,} DAGs, {run['distinct_dags']:,} ids"))
        if changed is not None:
            checks.append((f"{run['tenants']:,} tenants: one tenant's change changes one file's DAGs",
                           len(changed) == 1, _n(len(changed))))
    lines += _table(["tenants", "DAG files", "DAGs", "max ms", "its CPU ms", "mean ms", "config check ms",
                     "its CPU ms", "all files s",
                     "peak RSS MB", "parse's own MB", "changed by one tenant"], rows)
    return lines + [""]


def _paging(runs: list[dict[str, Any]], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## WooCommerce sandbox at scale", "",
             "bench/sandbox_paging.py: generate the seeded world, start the sandbox on it, then read every order "
             "(per_page=100, status=any) over HTTPS with Basic auth and over plain HTTP with OAuth 1.0a; no added "
             "latency. The target covers the whole of it: load and page out.", ""]
    rows = []
    for run in runs:
        rows.append([_n(run["orders"]), run["scheme"], _n(run["read"]), _n(run["pages"]), f"{run['generate_s']:.1f}",
                     f"{run['start_s']:.1f}", f"{run['page_s']:.1f}", f"{run['total_s']:.1f}",
                     _r(ratio(run["total_s"], run["target_s"]))])
        checks.append((f"sandbox: {run['orders']:,} orders load and page out over {run['scheme']} in "
                       f"< {run['target_s']:.0f} s", run["total_s"] < run["target_s"], f"{run['total_s']:.1f} s"))
    lines += _table(["orders", "scheme", "read", "pages", "generate s", "start s", "page s", "total s",
                     "ratio to target"], rows)
    return lines + [""]


def _store_read(runs: list[dict[str, Any]], checks: list[tuple[str, bool | None, str]]) -> list[str]:
    lines = ["## Store read", "",
             "bench/store_read.py: every order through WooCommerceHook.iter_orders_with_trash from a store whose PHP "
             "workers are the limit (sandbox store mode: at most that many requests at once, the others queue; a "
             "page of a list costs the page cost of a worker's time). Floor = pages × page cost ÷ workers. *Given*: "
             "ceil(orders/100) pages; *own*: ceil(not trashed/100) + the trash's own list (status=any leaves it out). "
             f"Network latency added: {runs[0]['latency_ms']} ms (the page cost is a real store's scaled down "
             "tenfold, and the network's share with it).", ""]
    rows = []
    for run in runs:
        given, own = run["floors"]["given"], run["floors"]["own"]
        calls = sum(run["calls"].values())
        size = f"store read {run['orders']:,}"
        rows.append([_n(run["orders"]), _n(run["distinct"]), _n(run["php_workers"]), _n(run["page_cost_ms"]),
                     _n(run["readers"]), f"{run['seconds']:.1f}",
                     f"{given['seconds']:.1f}", _r(ratio(run["seconds"], given["seconds"])),
                     f"{own['seconds']:.1f}", _r(ratio(run["seconds"], own["seconds"])),
                     _n(calls), _n(given["pages"]), _r(ratio(calls, given["pages"])),
                     _n(own["pages"]), _r(ratio(calls, own["pages"]))])
        checks.append((f"{size}: every order read", run["distinct"] == run["world"]["orders"],
                       f"{run['distinct']:,} of {run['world']['orders']:,}"))
        for name, floor in (("given", given), ("own", own)):
            wall = ratio(run["seconds"], floor["seconds"])
            checks.append((f"{size}: wall ≤ {STORE_WALL_TARGET}× {name} floor (pages × cost ÷ workers)",
                           None if wall is None else wall <= STORE_WALL_TARGET, _r(wall)))
            checks.append((f"{size}: calls ≤ {CALLS_TARGET}× {name} pages", calls <= CALLS_TARGET * floor["pages"],
                           _r(ratio(calls, floor["pages"]))))
    lines += _table(["orders", "read", "PHP workers", "page cost ms", "readers", "wall s", "given floor s",
                     "wall/floor", "own floor s", "wall/floor", "calls", "given pages", "ratio", "own pages",
                     "ratio"], rows)
    for run in runs:
        lines += ["", f"Calls at {run['orders']:,} orders: " + "; ".join(
            f"{endpoint} {n:,}" for endpoint, n in sorted(run["calls"].items()))]
    return lines + [""]
