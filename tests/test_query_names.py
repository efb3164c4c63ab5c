"""The canonical query names (docs/architecture.md, "Names"): IntervalSchedule and ScheduleBatch answer alike.

``IntervalSchedule.next_runs``/``previous_runs``/``count_between``/``dates_between``
are the batch's queries for one schedule, and ``ScheduleBatch.timezones`` is the
canonical name of ``ScheduleBatch.keys``.  Expected values come from the scalar
reference (``Core.next_at_or_after``/``previous_before`` stepped one at a time)
and from a one-row ScheduleBatch, two implementations independent of the new
methods.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from interval_schedule import IntervalSchedule, ScheduleBatch
from interval_schedule.testing import (
    REPEATABLE,
    datetimes_near_transitions,
    interval_schedules,
    transitions,
    zone_transitions,
)

NY = "America/New_York"
DAILY_NY = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", NY, gap="skip")


def forward(s: IntervalSchedule, t: int, n: int) -> list[int]:
    out: list[int] = []
    while len(out) < n and (u := s.core.next_at_or_after(t)) is not None:
        out.append(u)
        t = u + 1
    return out


def backward(s: IntervalSchedule, t: int, n: int) -> list[int]:
    out: list[int] = []
    while len(out) < n and (u := s.core.previous_before(t)) is not None:
        out.append(u)
        t = u
    return out[::-1]


def us(values: np.ndarray) -> list[int]:
    return values.view(np.int64).tolist()


class TestHandWorked:
    def test_daily_skip_across_the_spring_gap(self):
        # 2024-03-10T02:30 does not exist in New York: gap="skip" drops that day.
        assert [str(d) for d in DAILY_NY.next_runs("2024-03-09T00:00Z", 3)] == [
            "2024-03-09T07:30:00.000000", "2024-03-11T06:30:00.000000", "2024-03-12T06:30:00.000000"]
        assert [str(d) for d in DAILY_NY.previous_runs("2024-03-12T06:30Z", 3)] == [
            "2024-03-08T07:30:00.000000", "2024-03-09T07:30:00.000000", "2024-03-11T06:30:00.000000"]
        assert DAILY_NY.count_between("2024-03-08T00:00Z", "2024-03-12T23:00Z") == 4 == DAILY_NY.count(
            "2024-03-08T00:00Z", "2024-03-12T23:00Z")
        assert us(DAILY_NY.dates_between("2024-03-09T07:30Z", "2024-03-11T06:30Z")) == us(
            np.array(["2024-03-09T07:30", "2024-03-11T06:30"], "datetime64[us]"))

    def test_before_the_first_and_after_the_last(self):
        hourly = IntervalSchedule(3600, "2024-01-01T00:00:00Z")
        assert hourly.previous_runs("0001-01-01T00:30Z", 2).tolist() == [np.datetime64("0001-01-01T00:00", "us")]
        assert hourly.next_runs("9999-12-31T23:30Z", 2).size == 0
        assert hourly.previous_runs("2024-01-01T00:00Z", 0).size == 0

    def test_testing_kit_takes_timezone_for_zone(self):
        london = zone_transitions("Europe/London", 2024, 2024)
        assert zone_transitions(timezone="Europe/London", start_year=2024, end_year=2024) == london
        assert [t.timezone for t in london] == [t.zone for t in london] == ["Europe/London"] * 2
        assert find(transitions(timezone=NY, start_year=2024, kind="fold"), lambda t: True, settings=REPEATABLE).zone == NY
        assert find(interval_schedules(timezone=NY, start_year=2024), lambda s: True, settings=REPEATABLE).timezone == NY
        near = find(datetimes_near_transitions(timezone=NY, aware=True, start_year=2024), lambda d: True, settings=REPEATABLE)
        assert abs(near.timestamp() - london[0].utc.timestamp()) < 400 * 86400  # a 2024 transition, not some other year
        with pytest.raises(InvalidArgument, match="not both"):
            zone_transitions("UTC", timezone="UTC")
        with pytest.raises(InvalidArgument, match="needs an IANA key"):
            zone_transitions()

    def test_batch_timezones_is_keys(self):
        b = ScheduleBatch([DAILY_NY, IntervalSchedule(60, "2024-01-01T00:00Z")])
        assert b.timezones == b.keys == [NY, "UTC"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    s=interval_schedules(start_year=2000, end_year=2030),
    offset_h=st.integers(-30 * 24, 30 * 24),
    n=st.integers(0, 40),
)
def test_the_scalar_queries_match_the_batch_and_the_reference(s, offset_h, n):
    t = s.anchor_utc_us + offset_h * 3_600_000_000
    when = np.datetime64(t, "us")
    batch = ScheduleBatch([s])
    nxt, prev = us(s.next_runs(when, n)), us(s.previous_runs(when, n))
    assert nxt == forward(s, t, n)
    assert prev == backward(s, t, n)
    row_next = us(batch.next_runs(when, n)[0]) if n else []
    row_prev = us(batch.previous_runs(when, n)[0]) if n else []
    assert nxt == [u for u in row_next if u != np.iinfo(np.int64).min]
    assert prev == [u for u in row_prev if u != np.iinfo(np.int64).min]
    end = np.datetime64(t + 20 * s.interval_us, "us")
    assert s.count_between(when, end) == int(batch.count_between(when, end)[0]) == s.count(when, end)
    rows, dates = batch.dates_between(when, end)
    assert us(s.dates_between(when, end)) == us(dates) and set(rows.tolist()) <= {0}
