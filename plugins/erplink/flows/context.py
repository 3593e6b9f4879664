"""What every flow step needs: the tenant, the ledger, the two systems' hooks and who is doing the work."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from erplink.config.tenants import TenantConfig
from erplink.ledger import AttemptContext, Ledger

if TYPE_CHECKING:
    from erplink.hooks.qad import QadHook
    from erplink.hooks.woocommerce import WooCommerceHook


@dataclass
class FlowContext:
    tenant: TenantConfig
    ledger: Ledger
    attempt: AttemptContext
    dry_run: bool = False
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("erplink.flows"))
    # Hooks are injectable so tests can hand in hooks built on in-memory connections.
    store_hook: WooCommerceHook | None = None
    erp_hook: QadHook | None = None

    @property
    def integration(self) -> str:
        return self.tenant.integration

    def call_counts(self) -> dict[str, dict[str, int]]:
        """API calls this step made, per system and endpoint (every attempt counted, retries included)."""
        counts: dict[str, dict[str, int]] = {}
        for hook in (self.store_hook, self.erp_hook):
            if hook is None or "client" not in vars(hook):  # never used: nothing was called
                continue
            for system, endpoints in hook.client.counter.snapshot().items():
                merged = counts.setdefault(system, {})
                for endpoint, statuses in endpoints.items():
                    merged[endpoint] = merged.get(endpoint, 0) + sum(statuses.values())
        return counts

    @cached_property
    def store(self) -> WooCommerceHook:
        if self.store_hook is None:
            from erplink.hooks.woocommerce import WooCommerceHook

            self.store_hook = WooCommerceHook(woocommerce_conn_id=self.tenant.store.conn_id,
                                              page_readers=self.tenant.store.page_readers)
        return self.store_hook

    @cached_property
    def erp(self) -> QadHook:
        if self.erp_hook is None:
            from erplink.hooks.qad import QadHook

            self.erp_hook = QadHook(qad_conn_id=self.tenant.erp.conn_id)
        return self.erp_hook
