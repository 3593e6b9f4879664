"""Building a RestClient on a scripted transport with a recording sleep and fixed jitter."""

from __future__ import annotations

from typing import Any

from erplink.http.client import RestClient
from erplink.http.retry import RetryPolicy
from tests.erplink.http.scripted import ScriptedAdapter, Sleeps, Step, session_with

BASE_URL = "https://shop.example/wp-json/wc/v3"


def scripted_client(*steps: Step, jitter: float = 0.5, max_attempts: int = 6, max_delay: float = 60.0,
                    **kwargs: Any) -> tuple[RestClient, ScriptedAdapter, Sleeps]:
    adapter = ScriptedAdapter(steps)
    sleeps = Sleeps()
    policy = RetryPolicy(max_attempts=max_attempts, base_delay=1.0, max_delay=max_delay, sleep=sleeps,
                         random=lambda: jitter)
    kwargs.setdefault("system", "woocommerce")
    kwargs.setdefault("base_url", BASE_URL)
    client = RestClient(retry=policy, session=session_with(adapter), **kwargs)
    return client, adapter, sleeps
