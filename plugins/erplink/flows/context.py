"""What every flow step needs: the tenant, the ledger, the two systems' hooks and who is doing the work."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from erplink.config.tenants import TenantConfig
from erplink.ledger import AttemptContext, Ledger

if TYPE_CHECKING:
    from erplink.integration import Integration


@dataclass
class FlowContext:
    tenant: TenantConfig
    ledger: Ledger
    attempt: AttemptContext
    dry_run: bool = False
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("erplink.flows"))
    # Hooks are injectable so tests can hand in hooks built on in-memory connections. The tenant's integration
    # builds them otherwise; each is typed by the system's side that uses it, so here they are `Any`.
    store_hook: Any = None
    erp_hook: Any = None

    @property
    def integration(self) -> str:
        return self.tenant.integration

    @cached_property
    def spec(self) -> Integration:
        """The integration the tenant's entry names (its hooks, replayable entities, dry run)."""
        from erplink.registry import integration

        return integration(self.tenant.integration)

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

    def close(self) -> None:
        """End the sessions of the hooks this step used: a system that licenses sessions (Acumatica's API users)
        gets its seat back at once instead of when the session idles out. Hooks without ``close`` hold nothing;
        a hook closed here opens a new session if it is used again."""
        for hook in (self.store_hook, self.erp_hook):
            close = getattr(hook, "close", None)
            if close is not None:
                close()

    @cached_property
    def store(self) -> Any:
        if self.store_hook is None:
            self.store_hook = self.spec.store_hook(self.tenant)
        return self.store_hook

    @cached_property
    def erp(self) -> Any:
        if self.erp_hook is None:
            self.erp_hook = self.spec.erp_hook(self.tenant)
        return self.erp_hook
