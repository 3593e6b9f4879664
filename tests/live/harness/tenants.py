"""The tenants file of the live deployment: the shipped demo entry, pointed at this deployment, plus one broken
entry that must show as an import error without keeping the demo tenant from running."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from tests.live.harness.compose import REPO

DEMO = "demo"
BROKEN = "broken"
POOL_NAME = "erplink_demo"
# The smallest pool the demo entry's tasks fit in: the loads run orders.max_workers threads and the extract one
# page reader plus the thread that reads refunds; each takes one slot per thread.
POOL_SLOTS = 2


def shipped_demo_entry() -> dict[str, Any]:
    document = yaml.safe_load((REPO / "include" / "tenants.yaml").read_text())
    return copy.deepcopy(next(t for t in document["tenants"] if t["name"] == DEMO))


def live_tenants_document(api_url: str) -> dict[str, Any]:
    demo = shipped_demo_entry()
    demo["store"].update({"webhook_base_url": api_url, "webhook_receiver_on_store_host": True, "page_readers": 1})
    demo["orders"].update({"max_workers": POOL_SLOTS})
    demo["pool"] = {"name": POOL_NAME, "slots": POOL_SLOTS}
    broken = copy.deepcopy(demo)
    broken["name"] = BROKEN
    del broken["erp"]  # a required section missing: the entry names it
    broken.pop("pool")
    return {"tenants": [demo, broken]}
