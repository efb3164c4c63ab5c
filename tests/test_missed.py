"""Missed runs: scalar, batch and planner catch-up, against the zoneinfo oracle and hand-worked cases."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from schedule_oracle import OracleSchedule
from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch
from interval_schedule.deployment import Deployment
from interval_schedule.errors import InvalidPolicyError, InvalidQueryError, LimitExceededError, ScheduleTypeError
from interval_schedule.missed import CatchUp, missed_runs
from interval_schedule.planner import plan_runs
from interval_schedule.testing import interval_schedules

NY = "America/New_York"


def iso(dates):
    return [d.isoformat() for d in dates]


class TestHandWorked:
    def test_daily_across_spring_forward(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-01T02:30", NY)
        m = missed_runs(s, "2024-03-09T12:00", "2024-03-12T12:00")
        assert (m.missed, m.expired, m.to_run) == (3, 0, 3)
        assert iso(m.dates()) == ["2024-03-10T03:30:00-04:00", "2024-03-11T02:30:00-04:00", "2024-03-12T02:30:00-04:00"]

    def test_bounds_are_open_then_closed(self):
        hourly = IntervalSchedule(timedelta(hours=1), "2024-01-01T00:00Z")
        # (10:00, 12:00]: 11:00 and 12:00, not 10:00
        assert iso(missed_runs(hourly, "2024-01-01T10:00Z", "2024-01-01T12:00Z").dates()) == [
            "2024-01-01T11:00:00+00:00", "2024-01-01T12:00:00+00:00"]
        assert missed_runs(hourly, "2024-01-01T10:00Z", "2024-01-01T10:00Z").missed == 0

    def test_policies_and_grace(self):
        hourly = IntervalSchedule(timedelta(hours=1), "2024-01-01T00:00Z")
        last, now = "2024-01-01T06:10Z", "2024-01-01T10:30Z"  # missed 07:00, 08:00, 09:00, 10:00
        assert missed_runs(hourly, last, now, "latest").to_run == 1
        assert iso(missed_runs(hourly, last, now, "latest").dates()) == ["2024-01-01T10:00:00+00:00"]
        assert missed_runs(hourly, last, now, "none").dates() == []
        g = missed_runs(hourly, last, now, "all", grace=timedelta(minutes=90))  # 09:00 (90 min late) and 10:00
        assert (g.missed, g.expired, g.to_run) == (4, 2, 2)
        assert iso(g.dates()) == ["2024-01-01T09:00:00+00:00", "2024-01-01T10:00:00+00:00"]
        # latest, but too late: 10:00 is 30 min late, grace 20 min
        assert missed_runs(hourly, last, now, "latest", grace=timedelta(minutes=20)).to_run == 0
        assert missed_runs(hourly, last, "2024-01-01T10:00Z", "all", grace=timedelta(0)).to_run == 1

    def test_a_year_of_minutes_is_counted_not_listed(self):
        every_minute = IntervalSchedule(timedelta(minutes=1), "2024-01-01T00:00Z")
        tracemalloc.start()
        try:
            m = missed_runs(every_minute, "2023-01-01T00:00Z", "2024-01-01T00:00Z")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert m.missed == 365 * 1440 and peak < 200_000
        with pytest.raises(LimitExceededError, match="525600 missed runs"):
            m.dates()
        assert len(m.dates_us(limit=600_000)) == 525_600


class TestErrors:
    hourly = IntervalSchedule(timedelta(hours=1), "2024-01-01T00:00Z")

    def test_policy(self):
        with pytest.raises(InvalidPolicyError, match="'everything'.*'all', 'latest', 'none'"):
            missed_runs(self.hourly, "2024-01-01T00:00Z", "2024-01-02T00:00Z", "everything")

    def test_grace(self):
        with pytest.raises(InvalidQueryError, match="negative"):
            missed_runs(self.hourly, "2024-01-01T00:00Z", "2024-01-02T00:00Z", grace=timedelta(seconds=-1))
        with pytest.raises(ScheduleTypeError, match="grace must be a timedelta"):
            missed_runs(self.hourly, "2024-01-01T00:00Z", "2024-01-02T00:00Z", grace=60)

    def test_last_run_after_now(self):
        with pytest.raises(InvalidQueryError, match="is after now"):
            missed_runs(self.hourly, "2024-01-02T00:00Z", "2024-01-01T00:00Z")
        b = ScheduleBatch([self.hourly])
        with pytest.raises(InvalidQueryError, match=r"last_runs\[0\]"):
            b.missed_runs("2024-01-02T00:00Z", "2024-01-01T00:00Z")


@settings(max_examples=80, deadline=None)
@given(
    interval_schedules(start_year=2000, end_year=2030),
    st.integers(-30, 30),
    st.integers(0, 40),
    st.sampled_from(["all", "latest", "none"]),
    st.none() | st.integers(0, 20),
)
def test_missed_runs_are_the_oracle_occurrences(s, offset, length, policy, grace_steps):
    """missed_runs(..., "all") lists exactly the oracle's occurrences in (last_run, now], then the policy and grace filter."""
    o = OracleSchedule(s.interval, s.anchor_utc_us, s.timezone, s.gap, s.fold)
    last = s.anchor_utc_us + offset * s.interval_us + 12_345
    now = last + length * s.interval_us
    grace = None if grace_steps is None else timedelta(microseconds=grace_steps * s.interval_us // 3)
    m = missed_runs(s, np.datetime64(last, "us"), np.datetime64(now, "us"), policy, grace=grace)
    window = o.window(last + 1, now, None)
    eligible = window if grace is None else [t for t in window if now - t <= grace // timedelta(microseconds=1)]
    want = {"all": eligible, "latest": eligible[-1:], "none": []}[policy]
    assert m.missed == len(window) and m.expired == len(window) - len(eligible)
    assert m.dates_us().tolist() == want


@settings(max_examples=25, deadline=None)
@given(
    st.lists(interval_schedules(start_year=2010, end_year=2030), min_size=1, max_size=6),
    st.lists(st.integers(-20, 20), min_size=6, max_size=6),
    st.integers(0, 30),
    st.sampled_from(["all", "latest", "none"]),
    st.none() | st.integers(0, 10),
)
def test_batch_equals_scalar(schedules, offsets, length, policy, grace_steps):
    last = np.array([s.anchor_utc_us + o * s.interval_us for s, o in zip(schedules, offsets)], np.int64)
    now = last + length * 3_600_000_000
    grace = None if grace_steps is None else timedelta(hours=grace_steps)
    b = ScheduleBatch(schedules).missed_runs(last.view("datetime64[us]"), now.view("datetime64[us]"), policy, grace=grace)
    # Up to 6 schedules x 30 h of 1 s steps is more than the default limit: raise it.
    idx, when = b.dates(limit=10**6)
    for i, s in enumerate(schedules):
        m = missed_runs(s, np.datetime64(int(last[i]), "us"), np.datetime64(int(now[i]), "us"), policy, grace=grace)
        assert (b.missed[i], b.expired[i], b.to_run[i]) == (m.missed, m.expired, m.to_run)
        assert when[idx == i].view(np.int64).tolist() == m.dates_us(limit=10**6).tolist()  # the same limit as above


class TestPlannerCatchUp:
    dep = Deployment.from_dict({
        "id": "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", "name": "hourly", "flow_id": "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
        "schedules": [{"id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
                       "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}}],
    })
    prefix = "scheduled 6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a "

    def plan(self, **kw):
        return [(r.scheduled_time.isoformat(), r.catch_up, r.idempotency_key) for r in plan_runs(self.dep, "2024-06-01T10:00:00Z", **kw)]

    def test_latest(self):
        # down since 06:10: 07:00, 08:00, 09:00 missed (10:00 is now, a regular run)
        runs = self.plan(catch_up=CatchUp("2024-06-01T06:10:00Z", "latest"))
        assert runs == [
            ("2024-06-01T09:00:00+00:00", True, self.prefix + "2024-06-01T09:00:00Z"),
            ("2024-06-01T10:00:00+00:00", False, self.prefix + "2024-06-01T10:00:00Z"),
            ("2024-06-01T11:00:00+00:00", False, self.prefix + "2024-06-01T11:00:00Z"),
            ("2024-06-01T12:00:00+00:00", False, self.prefix + "2024-06-01T12:00:00Z"),
        ]

    def test_all_with_grace_and_none(self):
        all_ = self.plan(catch_up=CatchUp("2024-06-01T06:10:00Z", "all", grace=timedelta(hours=2)))
        assert [t for t, c, _ in all_ if c] == ["2024-06-01T08:00:00+00:00", "2024-06-01T09:00:00+00:00"]
        assert self.plan(catch_up=CatchUp("2024-06-01T06:10:00Z", "none")) == self.plan()

    def test_limit_and_profile(self):
        with pytest.raises(LimitExceededError):
            plan_runs(self.dep, "2024-06-01T10:00:00Z", catch_up=CatchUp("2024-01-01T00:00:00Z", "all", limit=10))
        with pytest.raises(InvalidQueryError, match="profile='standard'"):
            plan_runs(self.dep, "2024-06-01T10:00:00Z", catch_up=CatchUp("2024-06-01T06:00:00Z"), profile="prefect")
        with pytest.raises(InvalidQueryError, match="no offset"):
            CatchUp("2024-06-01T06:00:00")
        with pytest.raises(ScheduleTypeError, match="CatchUp"):
            plan_runs(self.dep, "2024-06-01T10:00:00Z", catch_up="latest")

    def test_to_dict_marks_catch_up(self):
        runs = plan_runs(self.dep, "2024-06-01T10:00:00Z", catch_up=CatchUp("2024-06-01T08:30:00Z"))
        assert runs[0].to_dict()["catch_up"] is True and "catch_up" not in runs[1].to_dict()
