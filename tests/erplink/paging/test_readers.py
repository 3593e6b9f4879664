"""Parallel page readers: as many as configured, fewer while the store slows or throttles, never zero."""

import threading
import time

from erplink.paging.readers import AdaptiveReaders


def test_a_page_much_slower_than_the_fastest_takes_one_reader_away():
    readers = AdaptiveReaders(3)
    readers.observe(0.1)
    readers.observe(0.35)  # queued behind the store's workers
    assert readers.limit == 2


def test_a_throttling_answer_halves_the_readers_but_never_below_one():
    throttles = iter([0, 1, 1, 2])
    readers = AdaptiveReaders(4, throttled=lambda: next(throttles))
    list(readers.map(lambda item: item, [1]))  # 0 -> 1 throttle seen during this page
    assert readers.limit == 2
    list(readers.map(lambda item: item, [2]))  # 1 -> 2
    assert readers.limit == 1 and readers.lowest_limit == 1


def test_readers_come_back_after_a_run_of_healthy_pages_up_to_the_maximum():
    readers = AdaptiveReaders(2)
    readers.observe(0.1)
    readers.observe(0.5)
    assert readers.limit == 1
    for _ in range(4):
        readers.observe(0.1)
    assert readers.limit == 2
    for _ in range(20):
        readers.observe(0.1)
    assert readers.limit == 2


def test_no_more_requests_are_in_flight_than_the_limit():
    readers = AdaptiveReaders(2)
    lock, running, peak = threading.Lock(), [0], [0]

    def work(item: int) -> int:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.01)
        with lock:
            running[0] -= 1
        return item

    assert sorted(readers.map(work, range(12))) == list(range(12))
    assert peak[0] == 2
