"""The "prefect-py313" engine's fast paths agree with its one-date-at-a-time rule.

The fixtures (test_prefect_profile.py) prove the profile equals real Prefect on
5511 cases; here hypothesis checks, on many more schedules near DST changes,
that the vectorized candidates (an arange for elapsed steps, the shared
wall-clock steps with the fold rule for whole days, the seek over gaps) equal
stepping Prefect's way one date after another (``_next_ns``), which is the
obviously-right scalar form of the same algorithm.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from interval_schedule.compat.prefect313 import NS_PER_US, WheneverSeries
from interval_schedule.testing import interval_schedules

US = 1_000_000
ZONES = st.sampled_from(["America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe",
                         "America/Sao_Paulo", "Antarctica/Troll", "Africa/Casablanca", "Pacific/Chatham"])
INTERVALS = st.sampled_from([timedelta(minutes=15), timedelta(hours=1), timedelta(hours=12), timedelta(days=1),
                             timedelta(days=2), timedelta(weeks=1), timedelta(hours=25), timedelta(days=30),
                             timedelta(days=400), timedelta(seconds=1.000001), timedelta(days=1, microseconds=1)])


def stepped(series: WheneverSeries, x_ns: int, offset: int, before: bool, m: int) -> list[int]:
    out: list[int] = []
    x: int | None = x_ns
    while x is not None and len(out) < m and series.lo * NS_PER_US <= x <= series.hi * NS_PER_US:
        out.append(x // NS_PER_US)
        x, offset = series._next_ns(x, offset, before)
    return out


@settings(max_examples=300, deadline=None)
@given(schedule=interval_schedules(ZONES, interval=INTERVALS, start_year=2000, end_year=2030),
       start_delta=st.integers(-40 * 86400 * US, 40 * 86400 * US))
def test_vectorized_candidates_equal_stepping(schedule, start_delta):
    series = WheneverSeries(schedule)
    start = schedule.anchor_utc_us + start_delta
    x, offset, before = series.first_ns(start)
    if x is None:
        return
    while x is not None and x < start * NS_PER_US:
        x, offset = series._next_ns(x, offset, before)
    if x is None:
        return
    us, _ = series.candidates_ns(x, offset, before, 40)
    assert us.tolist() == stepped(series, x, offset, before, 40)


@settings(max_examples=200, deadline=None)
@given(schedule=interval_schedules(ZONES, interval=st.sampled_from([timedelta(days=1), timedelta(days=7)]),
                                   start_year=2000, end_year=2030),
       start_delta=st.integers(0, 3 * 365 * 86400 * US))
def test_seek_equals_stepping_from_the_anchor(schedule, start_delta):
    """The first date at or after a later start, found one gap at a time, is the stepped series' first."""
    series = WheneverSeries(schedule)
    start = schedule.anchor_utc_us + start_delta
    if schedule.timezone == "UTC":
        return
    x: int | None = series.anchor_ns
    for _ in range(2000):
        if x is None or x >= start * NS_PER_US:
            break
        x = series.step_ns_from(x)
    first, _, _ = series.first_ns(start)
    assert first == x
