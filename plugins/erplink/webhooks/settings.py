"""Receiver settings, read from the environment when the app is built (no I/O beyond ``os.environ``)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_WAKE_INTERVAL_SECONDS = 10.0
# Tenants and signing keys are re-read this often, so a rotated secret or a new tenant is picked up quickly
# without a connection lookup on every delivery.
DEFAULT_CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class ReceiverSettings:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    wake_interval_seconds: float = DEFAULT_WAKE_INTERVAL_SECONDS
    cache_seconds: float = DEFAULT_CACHE_SECONDS

    @classmethod
    def from_env(cls) -> ReceiverSettings:
        return cls(
            max_body_bytes=int(os.environ.get("ERPLINK_WEBHOOK_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)),
            wake_interval_seconds=float(
                os.environ.get("ERPLINK_WEBHOOK_WAKE_INTERVAL_SECONDS", DEFAULT_WAKE_INTERVAL_SECONDS)
            ),
            cache_seconds=float(os.environ.get("ERPLINK_WEBHOOK_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)),
        )
