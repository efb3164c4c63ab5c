"""Peak memory of the array paths: at most 1.5x the output's bytes (tracemalloc sees numpy's buffers).

Not a timing: allocation sizes are deterministic.
"""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

import pytest

from interval_schedule import IntervalSchedule


@pytest.mark.parametrize(
    "interval, anchor, n",
    [
        (timedelta(hours=1), "2020-01-01T00:00:00-05:00", 1_000_000),  # elapsed: one arange
        (timedelta(days=1), "2020-01-01T09:00", 1_000_000),  # wall clock: one buffer, cumulative sum
        (timedelta(days=1), "1970-01-01T09:00", 1_000_000),  # far anchor: no extra cost
        (timedelta(days=7), "2020-01-01T09:00", 100_000),  # weekly: a DST region every 26 dates
        (timedelta(days=30), "2020-01-01T09:00", 50_000),  # 30-day: a region every 6 dates
        (timedelta(hours=25), "2020-01-01T09:00", 1_000_000),
    ],
)
def test_dates_array_peak_memory(interval, anchor, n):
    s = IntervalSchedule(interval, anchor, "America/New_York")
    s.dates_array(10, start="2026-01-01T00:00:00Z")  # warm caches outside the measurement
    tracemalloc.start()
    try:
        out = s.dates_array(n, start="2026-01-01T00:00:00Z")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(out) == n
    assert peak <= 1.5 * out.nbytes, f"peak {peak} bytes for {out.nbytes} bytes of output"


def test_next_runs_peak_memory():
    """next_runs(after, 10) on 100k mixed schedules: the output, and per-row columns (n + 1 of them would be 2x)."""
    import numpy as np

    from interval_schedule.batch import ScheduleBatch

    rng = np.random.default_rng(0)
    zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Africa/Casablanca", "UTC"]
    interval = rng.choice(np.array([60, 3600, 86400, 7 * 86400], dtype=np.int64) * 1_000_000, 100_000)
    anchor = rng.integers(1420070400, 1767225600, 100_000, dtype=np.int64) * 1_000_000
    b = ScheduleBatch.from_arrays(interval, anchor, [zones[i] for i in rng.integers(0, len(zones), 100_000)])
    after = np.datetime64("2026-11-28T00:00:00", "us")
    b.next_runs(after, 10)
    tracemalloc.start()
    try:
        out = b.next_runs(after, 10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 1.5 * out.nbytes, f"peak {peak} bytes for {out.nbytes} bytes of output"
