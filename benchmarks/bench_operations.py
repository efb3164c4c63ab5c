"""Operations (docs/operations.md): missed-run counts in closed form, jitter vectorized vs scalar, explain."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from interval_schedule import IntervalSchedule
from interval_schedule.explain import explain
from interval_schedule.jitter import jitter_offset_us, jitter_offsets_us
from interval_schedule.missed import missed_runs

MINUTELY = IntervalSchedule(timedelta(minutes=1), "2024-01-01T00:00Z")
DAILY_NY = IntervalSchedule(timedelta(days=1), "2020-01-01T02:30", "America/New_York")
NOMINAL_1M = np.arange(1_000_000, dtype=np.int64) * 60_000_000 + 1_717_200_000_000_000


def test_missed_count_year_of_minutes(benchmark):
    """missed_runs(...).missed for a year of 1-minute misses (525 600): closed form, nothing listed."""
    m = benchmark(missed_runs, MINUTELY, "2023-01-01T00:00Z", "2024-01-01T00:00Z")
    assert m.missed == 525_600


def test_missed_count_ten_years_daily_ny(benchmark):
    """missed_runs(...).missed for ten years of a daily New York schedule (visits the DST gaps only)."""
    m = benchmark(missed_runs, DAILY_NY, "2020-01-01T00:00", "2030-01-01T00:00")
    assert m.missed == 3653


def test_missed_list_year_of_minutes(benchmark):
    """Listing the same 525 600 missed runs as int64 microseconds (the baseline the count avoids)."""
    m = missed_runs(MINUTELY, "2023-01-01T00:00Z", "2024-01-01T00:00Z")
    out = benchmark(m.dates_us, limit=600_000)
    assert out.size == 525_600


def test_jitter_offsets_vectorized_1m(benchmark):
    """jitter_offsets_us for 1M nominal instants (splitmix64 on uint64 arrays)."""
    out = benchmark(jitter_offsets_us, "backup", NOMINAL_1M, 600_000_000)
    assert out.shape == (1_000_000,)


def test_jitter_offset_scalar_10k(benchmark):
    """The scalar reference jitter_offset_us on 10k instants (scale by 100 for 1M)."""
    values = NOMINAL_1M[:10_000].tolist()
    benchmark(lambda: [jitter_offset_us("backup", u, 600_000_000) for u in values])


def test_explain_with_prefect(benchmark):
    """explain() of one run across a DST gap, the prefect comparison included."""
    e = benchmark(explain, DAILY_NY, "2024-03-11T02:30")
    assert e.prefect_reason == "carried_gap_shift"
