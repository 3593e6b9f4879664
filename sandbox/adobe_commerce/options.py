"""What one sandbox store is: its store view, its integration's credentials, its admin user, and the unkind
behaviours (all on by default, README "Options")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

DEFAULT_STORE_CODE = "default"
ADMIN_TOKEN_LIFETIME_S = 4 * 3600  # Stores > Configuration > Services > OAuth > Access Token Expiration: 4 hours
ADMIN_USERNAME = "erplink-admin"


@dataclass(frozen=True)
class Credentials:
    """An integration's four OAuth 1.0a values, and an admin user's sign-in (for admin tokens)."""

    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str
    admin_username: str
    admin_password: str


def credentials_for(seed: int, store_code: str) -> Credentials:
    """Deterministic per (seed, store) so a restarted sandbox keeps its connection. Magento's integration values
    are 32 lower-case letters and digits."""

    def derive(purpose: str) -> str:
        return hashlib.sha256(f"adobe_commerce:{store_code}:{seed}:{purpose}".encode()).hexdigest()[:32]

    return Credentials(
        consumer_key=derive("consumer-key"),
        consumer_secret=derive("consumer-secret"),
        access_token=derive("access-token"),
        access_token_secret=derive("access-token-secret"),
        admin_username=ADMIN_USERNAME,
        admin_password=derive("admin-password"),
    )


@dataclass(frozen=True)
class Options:
    store_code: str = DEFAULT_STORE_CODE
    clock_skew_s: int = -23
    """The store's clock against the caller's: behind, so a change made just after a window closed is stamped
    inside it (the unkind direction)."""
    past_last_page: Literal["last_page", "empty"] = "last_page"
    """A `currentPage` past the end: the framework Collection clamps it and answers the last page again."""
    shuffle_ties: bool = True
    """Records with equal sort keys come back in a different order on every request (MySQL promises none)."""
    churn_every_pages: int = 3
    """Every n-th page of `GET orders` gives `churn_orders` orders of the requested window a new `updated_at`
    on the way out (0: never), as if the merchant edited them while the walk went on."""
    churn_orders: int = 2
    omit_extension_attributes_every: int = 5
    """Every n-th order is answered without its `extension_attributes` block (0: never)."""
    integration_as_bearer: bool = False
    """`oauth/consumer/enable_integration_as_bearer`: off by default since 2.4.4."""
    admin_token_lifetime_s: int = ADMIN_TOKEN_LIFETIME_S

    def __post_init__(self) -> None:
        if self.past_last_page not in ("last_page", "empty"):
            raise ValueError("past_last_page is 'last_page' or 'empty'")
        for name in ("churn_every_pages", "churn_orders", "omit_extension_attributes_every"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.admin_token_lifetime_s <= 0:
            raise ValueError("admin_token_lifetime_s must be positive")
