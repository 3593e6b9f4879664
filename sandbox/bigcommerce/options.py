"""What one sandbox store is: its hash, its API account, its plan's quota and the unkind behaviours (all on by
default, README "Options")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

DEFAULT_STORE_HASH = "sbx4bc7"
DEFAULT_STORE_ID = "1025646"
STANDARD_PLAN_QUOTA = 150  # requests per window on Standard/Plus (api-rate-limits.mdx)
WINDOW_MS = 30_000


@dataclass(frozen=True)
class Credentials:
    """An API account: `client_id` and `access_token` call the API, `client_secret` signs webhooks."""

    client_id: str
    client_secret: str
    access_token: str


def credentials_for(seed: int, store_hash: str) -> Credentials:
    """Deterministic per (seed, store) so a restarted sandbox keeps its connection, and no two stores share one."""

    def derive(purpose: str, length: int) -> str:
        return hashlib.sha256(f"bigcommerce:{store_hash}:{seed}:{purpose}".encode()).hexdigest()[:length]

    return Credentials(
        client_id=derive("client-id", 31),
        client_secret=derive("client-secret", 64),
        access_token=derive("access-token", 31),
    )


@dataclass(frozen=True)
class Options:
    store_hash: str = DEFAULT_STORE_HASH
    store_id: str = DEFAULT_STORE_ID
    quota_per_window: int = STANDARD_PLAN_QUOTA
    window_ms: int = WINDOW_MS
    clock_skew_s: int = -37
    """The store's clock against the caller's: behind, so a change made just after a window closed is stamped
    inside it (the unkind direction)."""
    shuffle_ties: bool = True
    """Orders with equal sort keys come back in a different order on every page request."""
    churn_every_pages: int = 4
    """Every n-th page of `GET /v2/orders` touches one order on the way out (0: never), so a page walk meets an
    order that moved."""
    shuffle_transactions: bool = True
    """An order's transactions come back in a new order on every request (the API documents none)."""
    duplicate_every: int = 3
    """Every n-th webhook event is delivered twice (0: never)."""
    reorder_deliveries: bool = True
    """Deliveries of one flush go out in an order other than the events'."""
