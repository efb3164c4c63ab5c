"""One schedule's series: dates_array and get_dates, against numpy, a per-date loop and pandas."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from interval_schedule import IntervalSchedule

zoneinfo.reset_tzpath(to=[])
NY = "America/New_York"
HOURLY = IntervalSchedule(timedelta(hours=1), "2020-01-01T00:00:00-05:00", NY)
DAILY = IntervalSchedule(timedelta(days=1), "2020-01-01T09:00", NY)
HOURLY_25 = IntervalSchedule(timedelta(hours=25), "2020-01-01T09:00", NY)
DAILY_6Y = IntervalSchedule(timedelta(days=1), "2020-11-28T09:00", NY)  # six years before the start
HOURLY_NEAR = IntervalSchedule(timedelta(hours=1), "2026-11-27T22:00:00Z", NY)
DAILY_1970 = IntervalSchedule(timedelta(days=1), "1970-01-01T09:00", NY)
START = "2026-11-28T00:00:00Z"


def test_baseline_arange_1m(benchmark):
    """numpy.arange of 1M int64 viewed as datetime64[us]."""
    benchmark(lambda: np.arange(1_000_000, dtype=np.int64).view("datetime64[us]"))


def test_dates_array_1m_hourly(benchmark):
    """dates_array: 1M hourly occurrences in New York (elapsed stepping)."""
    out = benchmark(HOURLY.dates_array, 1_000_000, START)
    assert len(out) == 1_000_000


def test_dates_array_100k_daily(benchmark):
    """dates_array: 100k daily 09:00 occurrences in New York (wall clock, gap/fold policies)."""
    out = benchmark(DAILY.dates_array, 100_000, START)
    assert len(out) == 100_000


def test_dates_array_100k_daily_anchor_1970_start_2400(benchmark):
    """Same as above with the anchor in 1970 and the start in 2400: the cost must not grow with the distance."""
    benchmark(DAILY_1970.dates_array, 100_000, "2400-01-01T00:00:00Z")


def test_baseline_pandas_100k_daily(benchmark):
    """pandas.date_range of 100k calendar days at 09:00 in New York (shift_forward, ambiguous=True)."""
    pd = pytest.importorskip("pandas")
    benchmark(
        pd.date_range, "2026-11-28 09:00", periods=100_000, freq="D", tz=NY,
        nonexistent="shift_forward", ambiguous=True,
    )


def test_baseline_loop_10k_daily(benchmark):
    """A per-date stdlib loop: 10k daily wall times resolved with zoneinfo (scale by 10 for 100k)."""
    z = zoneinfo.ZoneInfo(NY)
    first = datetime(2026, 11, 28, 9)

    def loop():
        return [(first + timedelta(days=k)).replace(tzinfo=z).astimezone(timezone.utc) for k in range(10_000)]

    benchmark(loop)


def test_get_dates_n10_hourly(benchmark):
    """get_dates(n=10) of an hourly schedule anchored near the start (the scheduler's small call)."""
    benchmark(HOURLY_NEAR.get_dates, 10, START)


def test_get_dates_n1_hourly(benchmark):
    """get_dates(n=1), hourly, anchor near the start."""
    benchmark(HOURLY_NEAR.get_dates, 1, START)


def test_get_dates_n10_daily_6y(benchmark):
    """get_dates(n=10) of a daily schedule anchored six years back."""
    benchmark(DAILY_6Y.get_dates, 10, START)


def test_get_dates_n1_daily_6y(benchmark):
    """get_dates(n=1), daily, anchor six years back."""
    benchmark(DAILY_6Y.get_dates, 1, START)


def test_prefect_profile_n1000_hourly(benchmark):
    """get_dates(n=1000, profile="prefect"), hourly New York: compare with Prefect's own 1000-date call."""
    benchmark(HOURLY.get_dates, 1000, START, profile="prefect")


def test_prefect_profile_n1000_daily(benchmark):
    """get_dates(n=1000, profile="prefect"), daily New York, anchor 2020."""
    benchmark(DAILY.get_dates, 1000, START, profile="prefect")


def test_prefect_py313_profile_n1000_hourly(benchmark):
    """get_dates(n=1000, profile="prefect-py313"), hourly New York: Prefect 3.9.1 on Python 3.13 does the same call."""
    benchmark(HOURLY.get_dates, 1000, START, profile="prefect-py313")


def test_prefect_py313_profile_n1000_daily(benchmark):
    """get_dates(n=1000, profile="prefect-py313"), daily New York, anchor 2020."""
    benchmark(DAILY.get_dates, 1000, START, profile="prefect-py313")


def test_prefect_py313_profile_n1000_25h(benchmark):
    """get_dates(n=1000, profile="prefect-py313"), 25 h New York: days and seconds, stepped one date at a time."""
    benchmark(HOURLY_25.get_dates, 1000, START, profile="prefect-py313")
