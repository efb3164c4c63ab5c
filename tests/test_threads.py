"""Schedules computed in threads from a cold zone cache: same answers as one thread, each zone parsed once.

tests/test_tz_keys.py covers ``get_zone`` alone; here 8 threads start together
and each computes ``get_dates``, ``dates_array`` and ``ScheduleBatch`` queries
for many zones, in its own order, while the zones are still being loaded.
The zone cache is cleared and the parse counts emptied for the test
(the counts are restored after it), so every zone is loaded during the race.
"""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import numpy as np
import pytest

import interval_schedule.tz as tz
from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch

N_THREADS = 8

#: REFERENCE.md's zones worth testing, and a spread of others.
ZONES = [
    "America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Pacific/Apia",
    "Pacific/Kiritimati", "Africa/Casablanca", "America/Sao_Paulo", "America/St_Johns", "Asia/Kathmandu",
    "Pacific/Chatham", "Antarctica/Troll", "Europe/Moscow", "Asia/Gaza", "America/Nuuk", "UTC",
    "Europe/Paris", "Asia/Tokyo", "America/Chicago", "America/Los_Angeles", "Australia/Sydney",
    "America/Santiago", "Asia/Tehran", "Africa/Cairo", "Europe/Kyiv", "America/Havana",
    "Pacific/Auckland", "America/Vancouver", "Asia/Kolkata", "Etc/GMT+5",
]
INTERVALS = [timedelta(minutes=30), timedelta(hours=1), timedelta(days=1), timedelta(hours=25), timedelta(days=7)]
START = "2024-01-01T00:00:00Z"
END = "2026-12-31T00:00:00Z"


def compute(key: str) -> tuple:
    """Everything one zone contributes: scalar dates, arrays, and batch answers, as plain values."""
    schedules = [
        IntervalSchedule(interval, "2023-03-12T02:30", key, gap=gap, fold=fold)
        for interval in INTERVALS
        for gap, fold in (("shift", "earlier"), ("skip", "later"))
    ]
    dates = tuple(tuple(d.isoformat() for d in s.get_dates(40, start=START)) for s in schedules)
    arrays = tuple(s.dates_array(start=START, end=END).tobytes() for s in schedules)
    batch = ScheduleBatch(schedules)
    runs = batch.next_runs("2024-11-03T04:00:00Z", 6).tobytes()
    previous = batch.previous_runs("2024-03-31T00:00:00Z", 6).tobytes()
    counts = tuple(batch.count_between(START, END).tolist())
    return dates, arrays, runs, previous, counts


@pytest.fixture
def cold_cache():
    """Empty zone cache and parse counts for the duration of the test."""
    tz.clear_cache()
    saved = dict(tz.parse_count)
    tz.parse_count.clear()
    yield
    tz.parse_count.clear()
    tz.parse_count.update(saved)


def test_threads_agree_with_one_thread_and_parse_each_zone_once(cold_cache):
    # The cache is bounded (16 strong entries) and weak beyond that: holding
    # each zone once it is loaded keeps it cached for the rest of the test,
    # so "parsed once" measures the loading race, not the eviction policy.
    held = [tz.get_zone(key) for key in ZONES]
    expected = {key: compute(key) for key in ZONES}  # one thread
    assert tz.parse_count == {key: 1 for key in ZONES}

    del held
    tz.clear_cache()
    tz.parse_count.clear()
    barrier = threading.Barrier(N_THREADS)
    results: list[dict[str, tuple]] = [{} for _ in range(N_THREADS)]
    failures: list[BaseException] = []
    keep: list[tz.Zone] = []

    def worker(i: int) -> None:
        order = ZONES[:]
        random.Random(i).shuffle(order)  # each thread its own order: zones are loaded under contention
        try:
            barrier.wait(timeout=30)
            for key in order:
                keep.append(tz.get_zone(key))  # loaded during the race, then held
                results[i][key] = compute(key)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,), name=f"schedules-{i}") for i in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    assert failures == []
    for i, result in enumerate(results):
        for key in ZONES:
            assert result[key] == expected[key], f"thread {i}, zone {key}"
    assert tz.parse_count == {key: 1 for key in ZONES}  # each zone file parsed once, by one thread


def test_thread_results_are_real_dates(cold_cache):
    # The comparison above is only as good as what is compared: the dates are non-trivial.
    dates, arrays, runs, previous, counts = compute("America/New_York")
    assert len(dates) == 2 * len(INTERVALS) and all(len(d) == 40 for d in dates)
    assert all(len(np.frombuffer(a, dtype=np.int64)) > 100 for a in arrays)
    assert min(counts) > 100
