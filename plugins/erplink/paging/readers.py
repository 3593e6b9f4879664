"""Parallel page readers that back off when the server slows or throttles.

A store's PHP workers are its speed limit: two readers keep two workers busy, a third only queues behind them.
So the number of requests in flight starts at the configured readers and drops by one when a page takes much
longer than the fastest page seen (requests are queueing on the server), and by half when the server answers
429 or 503. After a run of healthy pages it climbs back, never above the configured number.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

SLOW_FACTOR = 2.0  # a page this many times slower than the fastest one seen was queued on the server
HEALTHY_FACTOR = 1.3
log = logging.getLogger(__name__)


class AdaptiveReaders:
    """Runs page requests with at most ``limit`` in flight; ``limit`` moves between 1 and ``maximum``.

    ``throttled`` returns a running count of throttling answers (429/503) the client has seen; a rise between
    two pages means the server asked us to slow down.
    """

    def __init__(
        self,
        maximum: int,
        *,
        throttled: Callable[[], int] | None = None,
        clock: Callable[[], float] = time.monotonic,
        label: str = "pages",
    ) -> None:
        if maximum < 1:
            raise ValueError(f"page readers must be at least 1, got {maximum}")
        self.maximum = maximum
        self.limit = maximum
        self._throttled = throttled or (lambda: 0)
        self._clock = clock
        self._label = label
        self._fastest: float | None = None
        self._healthy_run = 0
        self.lowest_limit = maximum  # for reports: how far the readers had to back off
        self._lock = threading.Lock()

    def map(self, work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``work(item)`` for every item, results yielded as they complete (not in item order).

        A finished request starts the next one at once, from the reader thread, so the server is kept busy while
        the caller is still busy with earlier pages; at most ``4 × maximum`` pages wait for the caller.
        """
        pending = deque(items)
        total = len(pending)
        if not total:
            return
        if self.maximum == 1:
            while pending:
                yield self._timed(work, pending.popleft())
            return
        finished: queue.SimpleQueue[Future[R]] = queue.SimpleQueue()
        lock = threading.RLock()  # a request that is already done runs its callback inside launch()
        counts = {"running": 0, "waiting": 0, "launching": 0}
        stopped = threading.Event()
        with ThreadPoolExecutor(max_workers=self.maximum, thread_name_prefix="page-reader") as pool:

            def launch() -> None:  # with ``lock`` held
                if counts["launching"]:
                    return  # a callback run inside the loop below: the loop itself goes on launching
                counts["launching"] = 1
                try:
                    _launch_while_room()
                finally:
                    counts["launching"] = 0

            def _launch_while_room() -> None:
                while (
                    pending
                    and not stopped.is_set()
                    and counts["running"] < self.limit
                    and counts["running"] + counts["waiting"] < 4 * self.maximum
                ):
                    counts["running"] += 1
                    pool.submit(self._timed, work, pending.popleft()).add_done_callback(finish)

            def finish(future: Future[R]) -> None:
                with lock:
                    counts["running"] -= 1
                    counts["waiting"] += 1
                    finished.put(future)
                    launch()

            with lock:
                launch()
            try:
                for _ in range(total):
                    future = finished.get()
                    with lock:
                        counts["waiting"] -= 1
                        launch()
                    yield future.result()
            finally:
                stopped.set()  # an error or a caller that stops early: no new requests; running ones finish

    def _timed(self, work: Callable[[T], R], item: T) -> R:
        throttled_before = self._throttled()
        started = self._clock()
        result = work(item)
        self.observe(self._clock() - started, throttled=self._throttled() > throttled_before)
        return result

    def observe(self, seconds: float, *, throttled: bool = False) -> None:
        """Adjust the limit after one page that took ``seconds``."""
        with self._lock:
            self._observe(seconds, throttled)

    def _observe(self, seconds: float, throttled: bool) -> None:
        if self._fastest is None or seconds < self._fastest:
            self._fastest = seconds
        if throttled:
            self._set(max(1, self.limit // 2), "the server throttled (429/503)")
        elif seconds > SLOW_FACTOR * self._fastest and seconds > 0.05:
            self._set(self.limit - 1, f"a page took {seconds:.2f}s, fastest {self._fastest:.2f}s")
        elif seconds <= HEALTHY_FACTOR * self._fastest or seconds <= 0.05:
            self._healthy_run += 1
            if self.limit < self.maximum and self._healthy_run >= 4 * self.limit:
                self._set(self.limit + 1, "pages are fast again")
            return
        self._healthy_run = 0

    def _set(self, limit: int, why: str) -> None:
        limit = min(max(limit, 1), self.maximum)
        if limit != self.limit:
            log.info("%s: %d reader(s) instead of %d: %s", self._label, limit, self.limit, why)
            self.limit = limit
            self.lowest_limit = min(self.lowest_limit, limit)
        self._healthy_run = 0
