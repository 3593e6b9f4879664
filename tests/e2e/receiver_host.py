"""A stand-in for the host the store's webhooks deliver to, with an outage switch.

The integration's own receiver is not what these tests are about: they check the store side (webhooks disabled
by failed deliveries, healed by the orders DAG) and that the poll, not the webhook, carries the orders.
"""

from __future__ import annotations

from typing import Any


class ReceiverHost:
    """Answers 503 while `down` (deliveries the store counts as failed), 200 otherwise."""

    def __init__(self) -> None:
        self.down = False
        self.url = ""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        status = 503 if self.down else 200
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
