"""Properties of IntervalSchedule, driven by our own testing kit (``interval_schedule.testing``).

Schedules are anchored near real DST transitions of zones that observe DST
(``interval_schedules()``), intervals favour the 24 h boundary and DST-sized
values (``intervals()``), and query starts lie near transitions
(``datetimes_near_transitions()``).  The checks use the standard library's
zoneinfo on the same tzdata package (tests/oracle.py) where they need a zone:

* every run time exists on the zone's wall clock and round-trips through zoneinfo;
* run times strictly increase;
* the dates do not depend on where the query starts;
* ``dates_array`` and ``get_dates`` give the same dates;
* wall-clock schedules keep the anchor's wall time, except where it falls in a
  gap (shifted forward by the gap with ``gap="shift"``); elapsed schedules are
  exact multiples of the interval from the anchor.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import oracle
from interval_schedule import IntervalSchedule
from interval_schedule.testing import datetimes_near_transitions, interval_schedules, intervals, zones

US = 1_000_000
DAY = 86_400 * US
ONE_US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

DEFAULT = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counts = st.integers(1, 12) | st.sampled_from([30, 60])
#: Schedules of DST zones (the kit's default) or of any zone, anchored near one of its transitions.
schedules = interval_schedules() | interval_schedules(zones(), start_year=1900, end_year=2100)


@st.composite
def queries(draw, strategy=schedules):
    """(schedule, start): the start near a transition of the schedule's zone, or near its anchor."""
    s = draw(strategy)
    near_transition = datetimes_near_transitions(s.timezone, within=timedelta(days=2), aware=True,
                                                 start_year=1900, end_year=2100)
    near_anchor = st.integers(-3, 3).map(lambda k: EPOCH + timedelta(microseconds=s.anchor_utc_us + k * s.interval_us - 1))
    start = draw(near_transition | near_anchor)
    return s, start


def utc_us(d: datetime) -> int:
    """UTC microseconds of an aware datetime (stdlib or pendulum: from its fields, pendulum subtracts into Intervals)."""
    wall = datetime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond)
    return (wall - datetime(1970, 1, 1)) // ONE_US - d.utcoffset() // ONE_US


def wall_us(key: str, u: int) -> int:
    """The wall time (naive us) of UTC instant u in zone key, by zoneinfo."""
    return u + oracle.offset_seconds(key, u) * US


class TestRunTimes:
    @DEFAULT
    @given(queries(), counts)
    @example((IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York"),
              datetime(2024, 3, 9, tzinfo=timezone.utc)), 4)
    @example((IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00-04:00", "America/New_York"),
              datetime(2024, 11, 3, 4, tzinfo=timezone.utc)), 4)
    def test_every_run_time_exists_locally(self, query, n):
        s, start = query
        z = oracle.zi(s.timezone)
        for d in s.get_dates(n, start=start):
            u = utc_us(d)
            local = oracle.us_to_utc(u).astimezone(z)
            # the same wall time and offset as zoneinfo gives for that instant ...
            assert d.isoformat() == local.isoformat()
            # ... a wall time that exists (not in a gap) and leads back to the instant, fold included
            assert oracle.kind(s.timezone, wall_us(s.timezone, u)) != "GAP"
            back = local.replace(tzinfo=None).replace(tzinfo=z, fold=local.fold)
            assert utc_us(back) == u

    @DEFAULT
    @given(queries(), counts)
    def test_strictly_increasing_and_not_before_start(self, query, n):
        s, start = query
        us = [utc_us(d) for d in s.get_dates(n, start=start)]
        assert all(a < b for a, b in zip(us, us[1:]))
        assert not us or us[0] >= utc_us(start)


class TestWindows:
    @DEFAULT
    @given(queries(), counts, st.integers(0, 5), st.integers(0, 10**6))
    @example((IntervalSchedule(timedelta(days=1), "1981-03-29T02:00:00+01:00", "Europe/London"),
              datetime(1916, 10, 1, 1, 59, 59, 999999, tzinfo=timezone.utc)), 1, 0, 0)  # nothing in the window
    def test_start_independence(self, query, n, back, jitter):
        # The dates in [start, end] are those of any earlier query, cut at start.
        s, start = query
        start_us = utc_us(start)
        end_us = start_us + n * s.interval_us
        earlier = start_us - back * s.interval_us - jitter % s.interval_us
        to = EPOCH + timedelta(microseconds=end_us)
        wide = [utc_us(d) for d in s.get_dates(start=EPOCH + timedelta(microseconds=earlier), end=to)]
        narrow = [utc_us(d) for d in s.get_dates(start=start, end=to)]
        assert narrow == [u for u in wide if u >= start_us]
        # next_date and count agree with the list
        first = s.next_date(start)
        if narrow:
            assert utc_us(first) == narrow[0]
        else:
            assert first is None or utc_us(first) > end_us
        assert s.count(start, to) == len(narrow)

    @DEFAULT
    @given(queries(), counts)
    def test_dates_array_equals_get_dates(self, query, n):
        s, start = query
        listed = [utc_us(d) for d in s.get_dates(n, start=start)]
        arr = s.dates_array(n, start=start)
        assert arr.astype("datetime64[us]").astype("int64").tolist() == listed
        end = EPOCH + timedelta(microseconds=utc_us(start) + n * s.interval_us)
        assert s.dates_array(start=start, end=end).astype("int64").tolist() == [
            utc_us(d) for d in s.get_dates(start=start, end=end)
        ]


class TestWallClock:
    @DEFAULT
    @given(queries(interval_schedules(interval=intervals(min_value=timedelta(days=1), max_value=timedelta(days=40))) |
                   interval_schedules(zones(), interval=intervals(min_value=timedelta(days=1)), start_year=1900, end_year=2100)),
           counts)
    @example((IntervalSchedule(timedelta(days=1), "2011-12-28T10:00", "Pacific/Apia"),
              datetime(2011, 12, 28, tzinfo=timezone.utc)), 5)  # a whole day skipped
    @example((IntervalSchedule(timedelta(days=1), "2024-10-05T02:15", "Australia/Lord_Howe", gap="skip"),
              datetime(2024, 10, 4, tzinfo=timezone.utc)), 4)  # a 30-minute gap
    def test_keeps_the_anchors_wall_time_except_in_gaps(self, query, n):
        s, start = query
        key, step = s.timezone, s.interval_us
        w = wall_us(key, s.anchor_utc_us)  # the anchor's wall time, W
        for d in s.get_dates(n, start=start):
            u = utc_us(d)
            wall = wall_us(key, u)
            k = (wall - w) // step
            nominal = w + k * step  # W + k*I: the occurrence's wall time by the definition
            if wall != nominal:
                # only a nominal time in a gap moves, forward by less than one interval, and only with "shift"
                assert s.gap == "shift"
                assert oracle.kind(key, nominal) == "GAP"
                assert 0 < wall - nominal < step or wall - nominal == step  # == step: a skipped day (Apia)
            assert oracle.resolve(key, nominal if wall - nominal < step else wall, s.gap, s.fold) == u
            if step % DAY == 0 and wall == nominal:  # whole days: the same time of day
                assert wall % DAY == w % DAY

    @DEFAULT
    @given(queries(interval_schedules(interval=intervals(max_value=timedelta(days=1) - ONE_US))), counts)
    def test_elapsed_schedules_step_exactly(self, query, n):
        s, start = query
        us = [utc_us(d) for d in s.get_dates(n, start=start)]
        assert all((u - s.anchor_utc_us) % s.interval_us == 0 for u in us)
        assert all(b - a == s.interval_us for a, b in zip(us, us[1:]))


@pytest.mark.slow
class TestSlow:
    @SLOW
    @given(queries(), counts)
    def test_exists_increasing_and_array(self, query, n):
        s, start = query
        dates = s.get_dates(n, start=start)
        us = [utc_us(d) for d in dates]
        assert all(a < b for a, b in zip(us, us[1:]))
        assert s.dates_array(n, start=start).astype("int64").tolist() == us
        z = oracle.zi(s.timezone)
        for d, u in zip(dates, us):
            assert d.isoformat() == oracle.us_to_utc(u).astimezone(z).isoformat()
