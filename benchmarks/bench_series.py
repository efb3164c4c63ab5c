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


# --- single calls side by side with a stdlib datetime + zoneinfo loop doing the same job (issue 14)
# The bound is an aware stdlib datetime for both.  The stdlib hourly job: the first
# anchor + k*interval >= start in UTC, converted to the zone; daily: the first anchor
# wall time + k days whose instant (zoneinfo, fold=0) is >= start.
START_DT = datetime(2026, 11, 28, tzinfo=timezone.utc)
_Z = zoneinfo.ZoneInfo(NY)
_H_ANCHOR, _H_STEP = datetime(2026, 11, 27, 22, tzinfo=timezone.utc), timedelta(hours=1)
_D_WALL, _D_STEP = datetime(2020, 11, 28, 9), timedelta(days=1)


def stdlib_next_hourly(start=START_DT):
    k = -((_H_ANCHOR - start) // _H_STEP)
    return (_H_ANCHOR + k * _H_STEP).astimezone(_Z)


def stdlib_next_daily(start=START_DT):
    k = -((_D_WALL - start.astimezone(_Z).replace(tzinfo=None)) // _D_STEP)
    while (x := (_D_WALL + k * _D_STEP).replace(tzinfo=_Z)) < start:
        k += 1
    return x


def test_scalar_stdlib_next_hourly(benchmark):
    """Baseline: the stdlib loop's next hourly date (aware datetime in, ZoneInfo datetime out)."""
    assert benchmark(stdlib_next_hourly) == HOURLY_NEAR.next_date(START_DT)


def test_scalar_stdlib_next_daily(benchmark):
    """Baseline: the stdlib loop's next daily 09:00 New York date, anchor six years back."""
    assert benchmark(stdlib_next_daily) == DAILY_6Y.next_date(START_DT)


@pytest.mark.parametrize("output", ["pendulum", "datetime"])
@pytest.mark.parametrize("call", ["next_date", "get_dates1"])
@pytest.mark.parametrize("which", ["hourly", "daily"])
def test_scalar_ours(benchmark, which, call, output):
    """next_date / get_dates(1) with an aware datetime bound, pendulum (default) or stdlib output."""
    s = HOURLY_NEAR if which == "hourly" else DAILY_6Y
    if call == "next_date":
        benchmark(s.next_date, START_DT, output=output)
    else:
        benchmark(s.get_dates, 1, START_DT, output=output)


# --- wall-clock series against numpy.arange of the same length, and polars (issue 14)
# polars.datetime_range with a calendar interval and a time zone; polars resolves
# zones with chrono-tz, which applies no DST after 2099 (its rules stop there), so
# its values differ from ours (and zoneinfo's) after 2099 in DST zones.  Only the
# time is compared here; the tests compare our values with zoneinfo.
WALL_SERIES = {
    "1m_daily": (timedelta(days=1), 1_000_000, "1d"),
    "100k_daily": (timedelta(days=1), 100_000, "1d"),
    "100k_weekly": (timedelta(days=7), 100_000, "1w"),
    "50k_30day": (timedelta(days=30), 50_000, "30d"),
    "1m_25h": (timedelta(hours=25), 1_000_000, None),
    "1k_daily": (timedelta(days=1), 1_000, "1d"),
}


@pytest.mark.parametrize("name", list(WALL_SERIES))
def test_wall_series_ours(benchmark, name):
    """dates_array of a wall-clock series (09:00 New York, anchor 2020)."""
    interval, n, _ = WALL_SERIES[name]
    s = IntervalSchedule(interval, "2020-01-01T09:00", NY)
    assert len(benchmark(s.dates_array, n, START)) == n


@pytest.mark.parametrize("name", list(WALL_SERIES))
def test_wall_series_arange(benchmark, name):
    """Baseline: numpy.arange of the same length viewed as datetime64[us]."""
    n = WALL_SERIES[name][1]
    benchmark(lambda: np.arange(n, dtype=np.int64).view("datetime64[us]"))


@pytest.mark.parametrize("name", [k for k, v in WALL_SERIES.items() if v[2]])
def test_wall_series_polars(benchmark, name):
    """Baseline: polars.datetime_range of the same calendar series in New York."""
    pl = pytest.importorskip("polars")
    interval, n, every = WALL_SERIES[name]
    first = datetime(2026, 11, 28, 9)
    last = first + (n - 1) * interval
    if last.year > 9999:
        pytest.skip("beyond polars' datetime range")
    out = benchmark(pl.datetime_range, first, last, every, time_zone=NY, eager=True)
    assert len(out) == n
def test_prefect_py313_profile_n1000_hourly(benchmark):
    """get_dates(n=1000, profile="prefect-py313"), hourly New York: Prefect 3.9.1 on Python 3.13 does the same call."""
    benchmark(HOURLY.get_dates, 1000, START, profile="prefect-py313")


def test_prefect_py313_profile_n1000_daily(benchmark):
    """get_dates(n=1000, profile="prefect-py313"), daily New York, anchor 2020."""
    benchmark(DAILY.get_dates, 1000, START, profile="prefect-py313")


def test_prefect_py313_profile_n1000_25h(benchmark):
    """get_dates(n=1000, profile="prefect-py313"), 25 h New York: days and seconds, stepped one date at a time."""
    benchmark(HOURLY_25.get_dates, 1000, START, profile="prefect-py313")
