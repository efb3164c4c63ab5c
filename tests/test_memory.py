"""Peak memory of the calls that build large outputs: at most 2x the output's bytes.

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
    tracemalloc.start()
    try:
        out = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _bytes(out) >= 16_000_000  # about 2e6 dates: the measurement is of the output, not of constants
    assert peak <= 2 * _bytes(out), f"peak {peak} bytes for {_bytes(out)} bytes of output"
