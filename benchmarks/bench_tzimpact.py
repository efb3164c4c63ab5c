"""tzdata_impact: 10k daily schedules over 100 days, 2025b vs the bundled release, against a per-schedule loop."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.tz import TzSource, default_source
from interval_schedule.tzimpact import tzdata_impact

RELEASE = Path(__file__).resolve().parent.parent / "build" / "tzdata-2025.2"
ZONES = ["America/Vancouver", "America/Edmonton", "America/New_York", "Europe/London", "Europe/Paris",
         "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo", "Africa/Casablanca", "UTC"]
START, END = "2026-10-15T00:00:00Z", "2027-01-23T00:00:00Z"


@pytest.fixture(scope="module")
def schedules_10k():
    rng = np.random.default_rng(18)
    minutes = rng.integers(0, 24 * 60, 10_000).tolist()
    zones = rng.integers(0, len(ZONES), 10_000).tolist()
    return [IntervalSchedule(timedelta(days=1), f"2026-01-05T{m // 60:02d}:{m % 60:02d}", ZONES[z]) for m, z in zip(minutes, zones)]


def test_tzdata_impact_10k_daily_100d(benchmark, schedules_10k):
    """tzdata_impact for 10k daily schedules in 10 zones (2 changed), 100-day window."""
    old, new = TzSource.from_path(RELEASE), default_source()
    impact = benchmark(tzdata_impact, schedules_10k, old, new, START, END)
    assert impact.n_runs > 0


def test_loop_two_sources_1k(benchmark, schedules_10k):
    """Baseline: dates_array in both sources, schedule by schedule, for 1000 of them (scale by 10 for 10k)."""
    old, new = TzSource.from_path(RELEASE), default_source()
    pairs = [(s.with_source(old), s) for s in schedules_10k[:1000]]
    benchmark(lambda: [(a.dates_array(start=START, end=END), b.dates_array(start=START, end=END)) for a, b in pairs])
