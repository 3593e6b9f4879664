"""The QAD ↔ BigCommerce rows of the benchmark table: the order sync's journal entries against the store's own
records, its calls per journal entry and per order read, its wall time against the latency and quota floors."""

from __future__ import annotations

from typing import Any

from bench.floors import CALLS_TARGET, WALL_TARGET, latency_floor, ratio
from bench.qad_bigcommerce_sync import quota_floor_s

Check = tuple[str, bool | None, str]


def _r(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(row) + " |" for row in rows)]  # fmt: skip


def _calls_of(calls: dict[str, int], system: str) -> int:
    return sum(n for endpoint, n in calls.items() if endpoint.startswith(f"{system} "))


def qad_bigcommerce_sync(run: dict[str, Any], checks: list[Check]) -> list[str]:
    lines = ["## QAD ↔ BigCommerce order sync", "",
             "bench/qad_bigcommerce_sync.py: the demo_bigcommerce tenant, extract (orders, their products, shipping "
             "addresses, coupons, payment transactions and marker, refunds 50 orders a request) → sales → payments → "
             "refunds, each one QAD journal entry looked up by reference before it is posted → write-back markers "
             "(order metafields), each phase with its own hooks as each task has. Entries are counted in QAD's "
             "journal and compared with the store sandbox's own orders, transactions and refunds. Sandboxes in the "
             "same process (no peak RSS); the store's 150-requests-per-30 s quota lifted, its floor shown apart.",
             ""]  # fmt: skip
    outcome, calls = run["outcome"], run["calls"]
    floor_s = latency_floor(run["phases"], run["latency_ms"])
    quota_s = quota_floor_s(calls)
    qad, store = _calls_of(calls, "qad"), _calls_of(calls, "bigcommerce")
    journal_floor = run["floors"]["protocol"]
    journal_calls = sum(calls.get(endpoint, 0) for endpoint in journal_floor)
    journal_needed = sum(journal_floor.values())
    entries, read = outcome["entries_posted"], outcome["orders_read"]
    lines += _table(
        ["store orders", "read", "journal entries (sales / payments / refunds)", "entries the store's records call for",
         "held back with a reason", "missing / twice / unbalanced", "wall s", "latency floor of calls sent s",
         "wall/floor", "Standard-plan quota floor s", "QAD calls", "QAD calls/entry", "journal calls / floor",
         "BigCommerce calls", "BigCommerce calls/order read"],
        [[_n(run["orders"]), _n(read),
          f"{_n(entries)} ({outcome['sales']:,} / {outcome['payments']:,} / {outcome['refunds']:,})",
          _n(outcome["entries_expected"]), _n(outcome["entries_held"]),
          f"{outcome['entries_missing']} / {outcome['references_twice']} / {outcome['entries_unbalanced']}",
          f"{run['seconds']:.1f}", f"{floor_s:.1f}", _r(ratio(run["seconds"], floor_s)), f"{quota_s:,.0f}",
          _n(qad), f"{qad / entries:.2f}" if entries else "—", _r(ratio(journal_calls, journal_needed)),
          _n(store), f"{store / read:.2f}" if read else "—"]],
    )  # fmt: skip
    once = outcome["entries_missing"] == outcome["references_twice"] == outcome["entries_unbalanced"] == 0
    checks.append(
        (
            f"qad ↔ bigcommerce {run['orders']:,}: every sale, payment and refund one balanced entry "
            "or held back with a reason naming its order",
            once and outcome["entries_unexpected"] == 0,
            f"{entries:,} posted + {outcome['entries_held']} held of {outcome['entries_expected']:,}, "
            f"{outcome['references_twice']} twice",
        )
    )
    checks.append(
        (
            f"qad ↔ bigcommerce {run['orders']:,}: journal calls ≤ {CALLS_TARGET}× protocol floor",
            journal_calls <= CALLS_TARGET * journal_needed,
            _r(ratio(journal_calls, journal_needed)),
        )
    )
    checks.append((f"qad ↔ bigcommerce {run['orders']:,}: wall ≤ {WALL_TARGET}× latency floor of the calls sent",
                   None if not floor_s else run["seconds"] <= WALL_TARGET * floor_s,
                   _r(ratio(run["seconds"], floor_s))))  # fmt: skip
    lines += ["", f"Calls per endpoint at {run['orders']:,} orders (the protocol floor of a journal entry: one "
              "look-up by reference, one POST):", ""]  # fmt: skip
    rows = []
    for endpoint in sorted(set(calls) | set(journal_floor)):
        sent, needed = calls.get(endpoint, 0), journal_floor.get(endpoint)
        rows.append([endpoint, _n(sent), "—" if needed is None else _n(needed),
                     "—" if needed is None else _r(ratio(sent, needed))])  # fmt: skip
    lines += _table(["endpoint", "calls", "protocol floor", "ratio"], rows)
    lines += ["", "Phases: " + "; ".join(
        f"{p['name']} {p['seconds']:.1f} s for {sum(p['calls'].values()):,} calls at concurrency {p['concurrency']}"
        for p in run["phases"])]  # fmt: skip
    return [*lines, ""]
