"""Peak memory of the calls that build large outputs: at most 2x the output's bytes, 1.5x for the issue-14 paths.

tracemalloc sees numpy's buffers; allocation sizes are deterministic, so this
is not a timing.  Outputs are a few million dates, well above the chunk size
(``interval_schedule._series.CHUNK``) the long paths work in, so the constant
cost of a chunk is small against them.
"""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch
from interval_schedule.deployment import Deployment
from interval_schedule.planner import plan_many


def _peak(call):
    """(call(), the peak of memory traced while it ran)."""
    tracemalloc.start()
    try:
        out = call()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


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
    s.dates_array(n, start="2026-01-01T00:00:00Z")  # warm caches (the zone's table to the series' end) outside the measurement
    out, peak = _peak(lambda: s.dates_array(n, start="2026-01-01T00:00:00Z"))
    assert len(out) == n
    assert peak <= 1.5 * out.nbytes, f"peak {peak} bytes for {out.nbytes} bytes of output"


@pytest.mark.parametrize("gap", ["skip", "shift"])
@pytest.mark.parametrize("interval, cycles", [(timedelta(days=1), 146_097), (timedelta(days=7), 20_871)])
def test_two_400_year_cycles_peak_memory(interval, cycles, gap):
    """A series of exactly two 400-year cycles (the shortest that copies its first cycle forward) at 02:30, in the
    spring gap every year: the first cycle is written into the output itself, so the peak stays near the output."""
    s = IntervalSchedule(interval, "2026-01-01T02:30", "America/New_York", gap=gap)
    n = 2 * cycles
    s.dates_array(n, start="2026-06-01T00:00:00Z")  # warm caches (the zone's table to the series' end) outside the measurement
    out, peak = _peak(lambda: s.dates_array(n, start="2026-06-01T00:00:00Z"))
    assert len(out) == n
    assert peak <= 1.5 * out.nbytes, f"peak {peak} bytes for {out.nbytes} bytes of output"


def _mixed_batch(seed: int):
    """100k schedules of mixed intervals (1 min to 1 week) and zones, and an instant to query them at."""
    import numpy as np

    rng = np.random.default_rng(seed)
    zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Africa/Casablanca", "UTC"]
    interval = rng.choice(np.array([60, 3600, 86400, 7 * 86400], dtype=np.int64) * 1_000_000, 100_000)
    anchor = rng.integers(1420070400, 1767225600, 100_000, dtype=np.int64) * 1_000_000
    b = ScheduleBatch.from_arrays(interval, anchor, [zones[i] for i in rng.integers(0, len(zones), 100_000)])
    return b, np.datetime64("2026-11-28T00:00:00", "us")


def test_next_runs_peak_memory():
    """next_runs(after, 10) on 100k mixed schedules: the output, and per-row columns (n + 1 of them would be 2x)."""
    b, after = _mixed_batch(0)
    b.next_runs(after, 10)
    out, peak = _peak(lambda: b.next_runs(after, 10))
    assert peak <= 1.5 * out.nbytes, f"peak {peak} bytes for {out.nbytes} bytes of output"


def test_next_runs_one_date_peak_memory():
    """next_runs(after, 1) on 100k mixed schedules: the output and temporaries of a few rows' worth.

    Measured on the third call: the first two build columns the batch keeps
    for the next ones (10 bytes a row, see ``ScheduleBatch._first_at``).
    """
    b, after = _mixed_batch(1)
    b.next_runs(after, 1)
    b.next_runs(after, 1)
    out, peak = _peak(lambda: b.next_runs(after, 1))
    assert peak <= 1.5 * out.nbytes, f"peak {peak} bytes for {out.nbytes} bytes of output"


DAILY = IntervalSchedule(timedelta(days=1), "2020-01-01T09:00", "America/New_York")  # wall clock
HOURLY = IntervalSchedule(timedelta(hours=1), "2020-01-01T00:00:00-05:00", "America/New_York")  # elapsed
FAR = IntervalSchedule(timedelta(days=1), "1970-01-01T09:00", "America/New_York")  # far anchor: no extra cost
START = "2026-01-01T00:00:00Z"
MICRO = Deployment(
    id="6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", name="every-microsecond", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
    schedules=[{"schedule": {"interval": 0.000001, "anchor_date": "2024-01-01T00:00:00Z"}}],
)


def _bytes(out) -> int:
    if isinstance(out, tuple):
        return sum(a.nbytes for a in out)
    if hasattr(out, "scheduled_utc"):  # PlannedRuns: its three columns
        return out.scheduled_utc.nbytes + out.deployment_index.nbytes + out.schedule_index.nbytes
    return out.nbytes


CALLS = {
    "dates_array-elapsed": lambda: HOURLY.dates_array(2_000_000, start=START),
    "dates_array-wall": lambda: DAILY.dates_array(2_000_000, start=START),
    "dates_array-far-anchor": lambda: FAR.dates_array(2_000_000, start=START),
    "next_runs-one-long-wall-row": lambda: ScheduleBatch([DAILY]).next_runs(START, 2_000_000),
    "next_runs-wall": lambda: ScheduleBatch([DAILY] * 1000).next_runs(START, 2000),
    "next_runs-elapsed": lambda: ScheduleBatch([HOURLY] * 1000).next_runs(START, 2000),
    "previous_runs-wall": lambda: ScheduleBatch([DAILY] * 1000).previous_runs(START, 2000),
    "previous_runs-elapsed": lambda: ScheduleBatch([HOURLY] * 1000).previous_runs(START, 2000),
    # 400 daily series over 13.7 years and 20 hourly ones over 11.4 years: about 2e6 dates each
    "dates_between-wall": lambda: ScheduleBatch([DAILY] * 400).dates_between("2000-01-01T00:00:00Z", "2013-09-10T00:00:00Z"),
    "dates_between-elapsed": lambda: ScheduleBatch([HOURLY] * 20).dates_between("2000-01-01T00:00:00Z", "2011-05-29T00:00:00Z"),
    "plan_many-microsecond": lambda: plan_many([MICRO], "2024-06-01T10:30:00Z", min_runs=2_000_000, max_runs=2_000_000),
}


@pytest.mark.parametrize("call", list(CALLS.values()), ids=list(CALLS))
def test_peak_memory_at_most_twice_the_output(call):
    call()  # warm caches (zones, pendulum timezones) outside the measurement
    out, peak = _peak(call)
    assert _bytes(out) >= 16_000_000  # about 2e6 dates: the measurement is of the output, not of constants
    assert peak <= 2 * _bytes(out), f"peak {peak} bytes for {_bytes(out)} bytes of output"
