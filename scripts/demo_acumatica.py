"""What `make demo` prints after the Acumatica ↔ WooCommerce tenant ran: its ledger, the Acumatica documents made,
the catalog push, and the API calls and licence seats it took."""

from __future__ import annotations

from collections import Counter
from typing import Any

TENANT = "demo_acumatica"
INTEGRATION = "acumatica_woocommerce"
DOCUMENTS = (("Invoice", "AR invoices"), ("Credit Memo", "credit memos"))


def acumatica_counts(running: Any) -> dict[str, int]:
    state = running.acumatica.state
    kinds = Counter(document["Type"]["value"] for document in state.documents("SalesInvoice"))
    return {**{label: kinds[kind] for kind, label in DOCUMENTS}, "customers": len(state.documents("Customer"))}


def acumatica_summary(running: Any, before: dict[str, int], *, catalog: dict[str, Any]) -> None:
    from erplink.flows.report import group_by_reason, reason_lines
    from erplink.ledger import Ledger

    ledger = Ledger.from_env()
    print("\nLedger (records per entity and status):")
    for entity, statuses in sorted(ledger.counts(TENANT, INTEGRATION).items()):
        print(f"  {entity:<14} " + ", ".join(f"{status} {n}" for status, n in sorted(statuses.items())))
    skipped = list(ledger.records(tenant=TENANT, integration=INTEGRATION, statuses=("skipped",)))
    if skipped:
        print(f"\nSkipped: {len(skipped)} records that need no Acumatica document now, by reason:")
        print("\n".join(reason_lines(group_by_reason(skipped), reasons_shown=12, ids_shown=0)))
    after = acumatica_counts(running)
    print("\nAcumatica documents (seeded + created; second run added), each released, under the store "
          "reference in CustomerOrder:")
    for entity, n in after.items():
        print(f"  {entity:<14} {n:>6}   second run added {n - before[entity]}")
    _catalog(catalog)
    _calls(running)
    held = list(ledger.records(tenant=TENANT, integration=INTEGRATION, statuses=("quarantined", "failed")))
    if held:
        groups = group_by_reason(held)
        print(f"\nHeld back for a person: {len(held)} records, {len(groups)} distinct reason(s):")
        print("\n".join(reason_lines(groups)))
    print("\nEvery record of this tenant that needs a person, with its reason:")


def _catalog(result: dict[str, Any]) -> None:
    if not result:
        print("\nCatalog: the catalog task returned nothing (see the task logs)")
        return
    missing = result.get("missing_in_store") or []
    print(f"\nCatalog: {result.get('erp_items', 0)} Acumatica stock items read (all of them on a first push, then "
          "what changed since)")
    print(f"  {result.get('pushed', 0):>5}  pushed with the Acumatica price and the stock available in WH1 + WH2")
    print(f"  {result.get('unchanged', 0):>5}  unchanged since the last push (nothing sent)")
    print(f"  {len(missing):>5}  Acumatica items with no product in the store"
          + (f": {', '.join(missing[:8])}" if missing else ""))
    for problem in (result.get("item_errors") or []) + (result.get("bad_erp_rows") or []):
        print(f"         {problem}")


def _calls(running: Any) -> None:
    log = running.acumatica.state.request_log()
    by_endpoint = Counter(f"{entry['method']} {_endpoint(entry['path'])}" for entry in log)
    busiest = ", ".join(f"{endpoint} {n}" for endpoint, n in by_endpoint.most_common(7))
    print(f"\nAcumatica API calls: {len(log)} ({busiest})")
    sessions = by_endpoint["POST /identity/connect/token"]
    print(f"  licence seats: {sessions} token(s) for {by_endpoint['POST /entity/auth/logout']} logout(s), one per "
          f"task that called Acumatica; open now: {len(running.acumatica.state.open_sessions())}")


def _endpoint(path: str) -> str:
    """`/AcumaticaERP/entity/Default/24.200.001/SalesInvoice/ReleaseSalesInvoice/status/<id>` → its route."""
    if "/entity/Default/" in path:
        parts = path.split("/entity/Default/", 1)[1].split("/")[1:]
        return "/".join(part if i < 2 else "…" for i, part in enumerate(parts[:3]))
    return path.split("/AcumaticaERP", 1)[-1]
