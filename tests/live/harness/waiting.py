"""Waiting on a live system: poll until a condition holds or a deadline passes, never a blind sleep.

A timeout names what it waited for, the last value it saw, and the tail of the logs of the processes involved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

T = TypeVar("T")


class HasLogTail(Protocol):
    def tail(self, lines: int = 40) -> str: ...


class WaitTimeout(AssertionError):
    """A condition did not hold before its deadline."""


def wait_for(what: str, probe: Callable[[], T | None], *, timeout: float, interval: float = 0.5,
             logs: Iterable[HasLogTail] = (), describe: Callable[[], str] | None = None) -> T:
    """Call ``probe`` until it returns something truthy; return that. ``describe`` tells the state on timeout."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            value = probe()
            last_error = None
        except Exception as exc:  # a service still starting refuses connections: keep polling until the deadline
            value, last_error = None, exc
        if value:
            return value
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    details = [f"timed out after {timeout:.0f} s waiting for {what}"]
    if last_error is not None:
        details.append(f"last error: {type(last_error).__name__}: {last_error}")
    if describe is not None:
        try:
            details.append(f"state: {describe()}")
        except Exception as exc:
            details.append(f"(state unavailable: {type(exc).__name__}: {exc})")
    details.extend(log.tail() for log in logs)
    raise WaitTimeout("\n".join(details))
