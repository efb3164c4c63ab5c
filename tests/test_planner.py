"""The run planner: Prefect's scheduler rules worked by hand, the Prefect 3.9.1 fixtures, plan_many.

Hand-worked cases use UTC schedules anchored at 2024-01-01T00:00Z unless said
otherwise, so the dates can be read off a clock; the reasoning is in each
test.  ``tests/data/prefect_planner_cases.json`` holds 200 cases produced by
the real ``prefect.server.models.deployments._generate_scheduled_flow_runs``
(see its "generator" block).

Tests that need the "prefect" profile (src/interval_schedule/compat/prefect.py)
are in the classes named ``*Prefect*`` and in ``test_max_scheduled_runs_ignored_by_prefect``
and ``test_keys_prefect_format``.
"""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interval_schedule import IntervalSchedule, planner
from interval_schedule.deployment import CreatedBy, Deployment, DeploymentSchedule
from interval_schedule.errors import (
    IntervalScheduleError,
    InvalidDocumentError,
    InvalidQueryError,
    LimitExceededError,
    ScheduleTypeError,
)
from interval_schedule.planner import PlannedRuns, ScheduledRun, needs_scheduling, plan_many, plan_runs
from tzdata_release import made_with

DATA = Path(__file__).resolve().parent / "data"
DEP_ID = uuid.UUID("6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f")
SCHED_ID = uuid.UUID("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a")
SCHED_ID_2 = uuid.UUID("a1b2c3d4-0000-4000-8000-000000000002")
FLOW_ID = uuid.UUID("2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c")
NOW = "2024-06-03T10:20:00Z"


def sched(interval, anchor="2024-01-01T00:00:00Z", tz="UTC", *, id=SCHED_ID, **kw) -> DeploymentSchedule:
    return DeploymentSchedule(id=id, schedule=IntervalSchedule(interval, anchor, tz), **kw)


def dep(*schedules, **kw) -> Deployment:
    return Deployment(id=kw.pop("id", DEP_ID), name=kw.pop("name", "d"), flow_id=FLOW_ID, schedules=schedules, **kw)


def utc(run: ScheduledRun) -> str:
    return run.scheduled_time.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def utcs(runs) -> list[str]:
    return [utc(r) for r in runs]


class TestRules:
    def test_hourly_gets_three(self):
        # After 10:20: 11:00, 12:00 (2 < min_runs), 13:00 (3 runs, and 13:00 >= 11:20) -> stop.
        assert utcs(plan_runs(dep(sched(3600)), NOW)) == ["2024-06-03T11:00:00", "2024-06-03T12:00:00", "2024-06-03T13:00:00"]

    def test_five_minutes_gets_thirteen(self):
        # now 10:22: 10:25, 10:30, ..., 11:20 are 12 dates before 11:22; 11:25 is the 13th and ends it.
        runs = plan_runs(dep(sched(300)), "2024-06-03T10:22:00Z")
        assert len(runs) == 13 and utc(runs[0]) == "2024-06-03T10:25:00" and utc(runs[-1]) == "2024-06-03T11:25:00"
        # now on a date (10:20 is a multiple of 5 min, and now is inclusive): 10:20 .. 11:15 are 12
        # dates before 11:20; 11:20 is the 13th.
        runs = plan_runs(dep(sched(300)), NOW)
        assert len(runs) == 13 and utc(runs[0]) == "2024-06-03T10:20:00" and utc(runs[-1]) == "2024-06-03T11:20:00"

    def test_sixty_days_gets_at_most_two(self):
        # Jan 1 + 60 d = Mar 1 (2024 is leap), Apr 30, Jun 29, Aug 28, Oct 27.  The window is
        # [Jun 3 10:20, Jun 3 + 100 d = Sep 11 10:20]: Jun 29 and Aug 28 only, fewer than min_runs.
        assert utcs(plan_runs(dep(sched(60 * 86400)), NOW)) == ["2024-06-29T00:00:00", "2024-08-28T00:00:00"]

    def test_paused_plans_nothing(self):
        assert plan_runs(dep(sched(3600), paused=True), NOW) == []

    def test_inactive_schedule_plans_nothing(self):
        d = dep(sched(3600, active=False), sched(7200, id=SCHED_ID_2))
        runs = plan_runs(d, NOW)
        assert {r.schedule_id for r in runs} == {SCHED_ID_2}
        assert utcs(runs) == ["2024-06-03T12:00:00", "2024-06-03T14:00:00", "2024-06-03T16:00:00"]

    def test_max_runs_caps(self):
        # The 5-minute schedule wants 13 runs here; max_runs=5 gives 10:20 .. 10:40.
        assert utcs(plan_runs(dep(sched(300)), NOW, max_runs=5)) == [f"2024-06-03T10:{m}:00" for m in (20, 25, 30, 35, 40)]

    def test_min_time_extends(self):
        # Threshold 10:20 + 5 h = 15:20: 11, 12, 13, 14, 15 are before it, 16:00 is the first after -> 6 runs.
        runs = plan_runs(dep(sched(3600)), NOW, min_time=timedelta(hours=5))
        assert len(runs) == 6 and utc(runs[-1]) == "2024-06-03T16:00:00"

    def test_min_time_zero_and_min_runs_one(self):
        assert len(plan_runs(dep(sched(3600)), NOW, min_time=timedelta(0))) == 3
        assert utcs(plan_runs(dep(sched(3600)), NOW, min_time=timedelta(0), min_runs=1)) == ["2024-06-03T11:00:00"]
        # min_runs=0 still takes the first date: the rule is checked after appending.
        assert len(plan_runs(dep(sched(3600)), NOW, min_time=timedelta(0), min_runs=0)) == 1

    def test_max_time_end_is_inclusive(self):
        # now 10:00 exactly, window [10:00, 12:00]: 10:00 (now is inclusive too), 11:00, 12:00 (end inclusive).
        kw = dict(min_runs=10, min_time=timedelta(hours=5))
        assert utcs(plan_runs(dep(sched(3600)), "2024-06-03T10:00:00Z", max_time=timedelta(hours=2), **kw)) == [
            "2024-06-03T10:00:00", "2024-06-03T11:00:00", "2024-06-03T12:00:00"]
        assert len(plan_runs(dep(sched(3600)), "2024-06-03T10:00:00Z", max_time=timedelta(hours=2) - timedelta(microseconds=1), **kw)) == 2

    def test_limits_apply_per_schedule_and_same_instant_gives_two_runs(self):
        d = dep(sched(3600), sched(3600, id=SCHED_ID_2))
        runs = plan_runs(d, NOW)
        assert [r.schedule_id for r in runs] == [SCHED_ID] * 3 + [SCHED_ID_2] * 3  # schedule by schedule
        assert utcs(runs[:3]) == utcs(runs[3:])
        assert len({r.idempotency_key for r in runs}) == 6

    def test_parameters_merge_schedule_wins(self):
        d = dep(sched(3600, parameters={"y": 3, "z": [1]}), parameters={"x": 1, "y": 2})
        runs = plan_runs(d, NOW)
        assert all(r.parameters == {"x": 1, "y": 3, "z": [1]} for r in runs)
        assert runs[0].parameters is not runs[1].parameters  # a dict per run
        runs[0].parameters["x"] = 99
        assert d.parameters == {"x": 1, "y": 2} and runs[1].parameters["x"] == 1

    def test_tags_queue_pool_flow(self):
        d = dep(sched(3600), tags=["team-a", "nightly"], work_queue_name="q", work_pool_name="pool")
        r = plan_runs(d, NOW)[0]
        assert r.tags == ("auto-scheduled", "team-a", "nightly")
        assert (r.work_queue_name, r.work_pool_name, r.flow_id, r.deployment_id) == ("q", "pool", FLOW_ID, DEP_ID)

    def test_created_by(self):
        runs = plan_runs(dep(sched(3600, slug="hourly-utc"), sched(3600, id=SCHED_ID_2)), NOW)
        assert runs[0].created_by == CreatedBy(id=SCHED_ID, type="SCHEDULE", display_value="hourly-utc")
        assert runs[-1].created_by == CreatedBy(id=SCHED_ID_2, type="SCHEDULE", display_value="IntervalSchedule")

    def test_scheduled_time_is_in_the_schedules_zone(self):
        # Hourly in New York; 10:20Z is 06:20 EDT, so the first run is 07:00-04:00 = 11:00Z.
        r = plan_runs(dep(sched(3600, "2024-01-01T00:00", "America/New_York")), NOW)[0]
        assert r.scheduled_time.isoformat() == "2024-06-03T07:00:00-04:00"
        assert r.scheduled_time.tzinfo.name == "America/New_York"

    def test_to_dict(self):
        r = plan_runs(dep(sched(3600, slug="h"), parameters={"a": 1}, tags=["t"]), NOW)[0]
        assert r.to_dict() == {
            "deployment_id": str(DEP_ID),
            "schedule_id": str(SCHED_ID),
            "flow_id": str(FLOW_ID),
            "scheduled_time": "2024-06-03T11:00:00+00:00",
            "parameters": {"a": 1},
            "tags": ["auto-scheduled", "t"],
            "idempotency_key": f"scheduled {DEP_ID} {SCHED_ID} 2024-06-03T11:00:00Z",
            "work_queue_name": None,
            "work_pool_name": None,
            "created_by": {"id": str(SCHED_ID), "type": "SCHEDULE", "display_value": "h"},
        }

    def test_now_forms_agree(self):
        d = dep(sched(3600))
        expected = plan_runs(d, NOW)
        assert plan_runs(d, datetime(2024, 6, 3, 10, 20, tzinfo=timezone.utc)) == expected
        assert plan_runs(d, "2024-06-03T06:20:00-04:00") == expected
        assert plan_runs(d, np.datetime64("2024-06-03T10:20:00")) == expected


class TestKeysAndCaps:
    def test_keys_standard_format(self):
        # New York hourly: 07:00-04:00 local is 11:00Z; the standard key names the UTC instant.
        runs = plan_runs(dep(sched(3600, "2024-01-01T00:00", "America/New_York")), NOW)
        assert runs[0].idempotency_key == f"scheduled {DEP_ID} {SCHED_ID} 2024-06-03T11:00:00Z"

    def test_keys_standard_microseconds_only_when_non_zero(self):
        runs = plan_runs(dep(sched(3600, "2024-01-01T00:00:00.5Z")), NOW)
        assert runs[0].idempotency_key == f"scheduled {DEP_ID} {SCHED_ID} 2024-06-03T11:00:00.500000Z"

    def test_keys_prefect_format(self):
        runs = plan_runs(dep(sched(3600, "2024-01-01T00:00", "America/New_York")), NOW, profile="prefect")
        assert runs[0].idempotency_key == f"scheduled {DEP_ID} {SCHED_ID} 2024-06-03 07:00:00-04:00"

    def test_schedule_without_id_is_named_by_its_position(self):
        d = Deployment.from_dict({"id": str(DEP_ID), "name": "legacy", "flow_id": str(FLOW_ID),
                                  "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}})
        r = plan_runs(d, NOW)[0]
        assert r.schedule_id is None and r.idempotency_key == f"scheduled {DEP_ID} schedules[0] 2024-06-03T11:00:00Z"
        assert r.created_by == CreatedBy(id=None, type="SCHEDULE", display_value="IntervalSchedule")

    def test_max_scheduled_runs_honoured_by_standard(self):
        assert utcs(plan_runs(dep(sched(3600, max_scheduled_runs=2)), NOW)) == ["2024-06-03T11:00:00", "2024-06-03T12:00:00"]

    def test_max_scheduled_runs_ignored_by_prefect(self):
        assert len(plan_runs(dep(sched(3600, max_scheduled_runs=2)), NOW, profile="prefect")) == 3


class TestDstPrefect:
    """Daily schedules across DST changes, both profiles (needs the prefect profile)."""

    def test_daily_nine_new_york_across_fall_back(self):
        # The example deployment: 09:00 local stays 09:00; UTC moves from 13:00 (EDT) to 14:00 (EST)
        # after New York's change on 2026-11-01 06:00 UTC.
        d = dep(sched(86400, "2026-01-05T09:00:00-05:00", "America/New_York"))
        for profile in ("standard", "prefect"):
            runs = plan_runs(d, "2026-10-31T12:00:00Z", profile=profile)
            assert [r.scheduled_time.isoformat() for r in runs] == [
                "2026-10-31T09:00:00-04:00", "2026-11-01T09:00:00-05:00", "2026-11-02T09:00:00-05:00"]
        assert [r.idempotency_key.rsplit(" ", 1)[1] for r in plan_runs(d, "2026-10-31T12:00:00Z")] == [
            "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"]

    def test_gap_shift_carries_forward_only_in_prefect(self):
        # REFERENCE.md section 1: daily 02:30 New York anchored 2024-03-08: Prefect runs at 03:30 on
        # 03-10 (the gap) and keeps 03:30 afterwards; the standard profile returns to 02:30.
        d = dep(sched(86400, "2024-03-08T02:30", "America/New_York"))
        pre = plan_runs(d, "2024-03-09T12:00:00Z", profile="prefect")
        std = plan_runs(d, "2024-03-09T12:00:00Z")
        assert [str(r.scheduled_time) for r in pre] == [
            "2024-03-10 03:30:00-04:00", "2024-03-11 03:30:00-04:00", "2024-03-12 03:30:00-04:00"]
        assert [str(r.scheduled_time) for r in std] == [
            "2024-03-10 03:30:00-04:00", "2024-03-11 02:30:00-04:00", "2024-03-12 02:30:00-04:00"]
        assert pre[0].idempotency_key == f"scheduled {DEP_ID} {SCHED_ID} 2024-03-10 03:30:00-04:00"


class TestArguments:
    def test_naive_now_is_refused(self):
        with pytest.raises(ValueError, match="now '2024-06-03T10:20' has no offset"):
            plan_runs(dep(sched(3600)), "2024-06-03T10:20")

    @pytest.mark.parametrize(
        "kw, error",
        [
            (dict(min_runs=-1), ValueError),
            (dict(max_runs="5"), TypeError),
            (dict(min_time=3600), TypeError),
            (dict(max_time=timedelta(days=-1)), ValueError),
            (dict(profile="cron"), ValueError),
        ],
    )
    def test_bad_settings(self, kw, error):
        with pytest.raises(error) as e:
            plan_runs(dep(sched(3600)), NOW, **kw)
        assert isinstance(e.value, IntervalScheduleError)

    def test_deployment_needs_an_id(self):
        d = Deployment(name="no-id", flow_id=FLOW_ID, schedules=[sched(3600)])
        with pytest.raises(InvalidDocumentError, match="'no-id' has no id"):
            plan_runs(d, NOW)
        assert plan_runs(Deployment(name="no-id", flow_id=FLOW_ID), NOW) == []  # nothing to plan, nothing needed

    def test_not_a_deployment(self):
        with pytest.raises(TypeError, match="must be a Deployment"):
            plan_runs({"name": "x"}, NOW)


class TestNeedsScheduling:
    def test_no_runs_needs(self):
        assert needs_scheduling(dep(sched(3600)), [], NOW) is True

    def test_fresh_plan_does_not_need(self):
        d = dep(sched(3600), sched(300, id=SCHED_ID_2))
        assert needs_scheduling(d, plan_runs(d, NOW), NOW) is False

    def test_paused_never_needs(self):
        assert needs_scheduling(dep(sched(3600), paused=True), [], NOW) is False

    def test_fewer_than_min_runs(self):
        d = dep(sched(3600))
        runs = plan_runs(d, NOW)
        assert needs_scheduling(d, runs[:2], NOW) is True
        assert needs_scheduling(d, runs[:2], NOW, min_runs=2) is False

    def test_latest_before_now_plus_min_time(self):
        # Three 5-minute runs 10:20, 10:25, 10:30: enough runs, but the latest is before 11:20.
        d = dep(sched(300))
        runs = plan_runs(d, NOW)[:3]
        assert needs_scheduling(d, runs, NOW) is True
        assert needs_scheduling(d, runs, NOW, min_time=timedelta(minutes=10)) is False  # 10:30 >= 10:30
        assert needs_scheduling(d, runs, NOW, min_time=timedelta(minutes=10, microseconds=1)) is True

    def test_past_runs_and_other_deployments_do_not_count(self):
        d = dep(sched(3600))
        runs = plan_runs(d, NOW)
        assert needs_scheduling(d, runs, "2024-06-03T11:30:00Z") is True  # 11:00 is now in the past
        other = dep(sched(3600), id=uuid.UUID(int=5))
        assert needs_scheduling(other, runs, NOW) is True

    def test_only_active_schedules_count(self):
        d = dep(sched(3600), sched(3600, id=SCHED_ID_2, active=False))
        assert needs_scheduling(d, plan_runs(d, NOW), NOW) is False
        assert needs_scheduling(dep(sched(3600, active=False)), [], NOW) is False

    def test_one_unsatisfied_schedule_is_enough(self):
        d = dep(sched(3600), sched(3600, id=SCHED_ID_2))
        runs = [r for r in plan_runs(d, NOW) if r.schedule_id == SCHED_ID]
        assert needs_scheduling(d, runs, NOW) is True

    def test_idless_schedules_do_not_count_each_others_runs(self):
        # Regression: runs of id-less schedules all carry schedule_id None; they were pooled, so one
        # schedule's runs satisfied the other. Each is now matched by the key plan_runs writes for it.
        d = dep(sched(3600, id=None), sched(300, id=None, slug="five"))
        runs = plan_runs(d, NOW)
        first = [r for r in runs if " schedules[0] " in r.idempotency_key]
        second = [r for r in runs if " slug:five " in r.idempotency_key]
        assert len(first) == 3 and len(second) == 13 and len(runs) == 16  # the scheduler's rule: 3 hourly, 13 five-minute
        assert needs_scheduling(d, runs, NOW) is False
        assert needs_scheduling(d, first, NOW) is True
        assert needs_scheduling(d, second, NOW) is True

    def test_idless_run_without_a_key_counts_for_the_only_idless_schedule(self):
        class Run:  # what a caller's own run record may look like: no idempotency_key
            def __init__(self, run: ScheduledRun) -> None:
                self.deployment_id, self.schedule_id, self.scheduled_time = run.deployment_id, None, run.scheduled_time

        one = dep(sched(3600, id=None))
        assert needs_scheduling(one, [Run(r) for r in plan_runs(one, NOW)], NOW) is False
        two = dep(sched(3600, id=None), sched(3600, id=None, slug="b"))
        assert needs_scheduling(two, [Run(r) for r in plan_runs(two, NOW)], NOW) is True  # cannot tell whose

    def test_runs_must_look_like_runs(self):
        with pytest.raises(TypeError, match=r"future_runs\[0\]"):
            needs_scheduling(dep(sched(3600)), [object()], NOW)


# --------------------------------------------------------------------------- Prefect fixtures

PLANNER_FILES = {"prefect": "prefect_planner_cases.json", "prefect-py313": "prefect313_planner_cases.json"}
PLANNER_DATA = {p: json.loads((DATA / name).read_text()) for p, name in PLANNER_FILES.items()}
PLANNER = PLANNER_DATA["prefect"]["cases"]
PLANNER_CASES = [(p, c) for p, d in PLANNER_DATA.items() for c in d["cases"]]


def fixture_deployment(case) -> Deployment:
    return Deployment(
        id=case["deployment_id"],
        name="fixture",
        flow_id=uuid.UUID(int=1),  # as in the generator
        parameters=case["deployment_parameters"],
        tags=case["deployment_tags"],
        schedules=[DeploymentSchedule(id=case["schedule_id"], schedule=case["schedule_json"], parameters=case["schedule_parameters"])],
    )


def fixture_settings(case) -> dict:
    s = case["settings"]
    return dict(
        min_runs=s["min_runs"],
        max_runs=s["max_runs"],
        min_time=timedelta(seconds=s["min_scheduled_time_s"]),
        max_time=timedelta(seconds=s["max_scheduled_time_s"]),
    )


class TestPrefectFixtures:
    """All 200 planner cases of real Prefect 3.9.1 on each Python engine, "prefect" and "prefect-py313" profiles."""

    @pytest.mark.parametrize("profile", PLANNER_FILES)
    def test_provenance(self, profile):
        gen = PLANNER_DATA[profile]["generator"]
        assert gen["prefect"] == "3.9.1" and gen["profile"] == profile and len(PLANNER_DATA[profile]["cases"]) == 200

    @made_with(PLANNER_DATA["prefect"]["generator"]["tzdata"])  # Prefect's answers record that release's offsets
    @pytest.mark.parametrize("profile, case", PLANNER_CASES, ids=[f"{p}:{c['id']}" for p, c in PLANNER_CASES])
    def test_case(self, profile, case):
        assert "error" not in case
        runs = plan_runs(fixture_deployment(case), case["now"], profile=profile, **fixture_settings(case))
        expected = case["expected_runs"]
        assert [str(r.scheduled_time) for r in runs] == [e["str"] for e in expected]
        assert [r.idempotency_key for r in runs] == [e["idempotency_key"] for e in expected]
        assert [utc(r) for r in runs] == [e["utc"][:19] for e in expected]
        if expected:
            assert all(r.parameters == case["expected_parameters"] for r in runs)
            assert all(list(r.tags) == case["expected_tags"] for r in runs)

    @pytest.mark.parametrize("profile", PLANNER_FILES)
    def test_plan_many_prefect_equals_the_loop(self, profile):
        # The fixtures' schedules at one common now (plan_many takes one now; each case has its own).
        deployments = [fixture_deployment(c) for c in PLANNER_DATA[profile]["cases"]]
        now = PLANNER[0]["now"]
        assert plan_many(deployments, now, profile=profile) == [plan_runs(d, now, profile=profile) for d in deployments]

    def test_runs_in_time_order_through_a_fold(self):
        """The scheduler takes the generator's dates in time order; get_dates sorts them by wall clock.

        30-minute schedule, New York 2024-11-03, on Python 3.13 (both passes kept):
        get_dates gives 01:00-04, 01:00-05, 01:30-04, ...; the runs are 01:00-04, 01:30-04, 01:00-05, ...
        (observed with real Prefect 3.9.1 on Python 3.13: ``get_dates`` gives the first list,
        ``_get_dates_generator``, which the scheduler reads, the second).
        """
        d = dep(sched(1800, "2024-11-03T00:00:00-04:00", "America/New_York"))
        runs = plan_runs(d, "2024-11-03T04:45:00Z", profile="prefect-py313", min_runs=4, min_time=timedelta(0))
        assert [str(r.scheduled_time) for r in runs] == [
            "2024-11-03 01:00:00-04:00", "2024-11-03 01:30:00-04:00", "2024-11-03 01:00:00-05:00", "2024-11-03 01:30:00-05:00",
        ]


# --------------------------------------------------------------------------- plan_many


class ReferenceBatch:
    """A stand-in with ScheduleBatch's contract, built on IntervalSchedule.dates_array one schedule at a time.

    Tests the vectorized selection in plan_many independently of the real batch.
    """

    def __init__(self, schedules):
        self._schedules = list(schedules)

    @classmethod
    def _from_columns(cls, interval_us, anchor_utc_us, keys, skip, later):
        """The planner builds its batches from columns: rebuild each schedule from them."""
        return cls(
            IntervalSchedule(
                timedelta(microseconds=int(iv)), np.datetime64(int(an), "us"), key,
                gap="skip" if sk else "shift", fold="later" if la else "earlier",
            )
            for iv, an, key, sk, la in zip(interval_us, anchor_utc_us, keys, skip, later)
        )

    def __len__(self):
        return len(self._schedules)

    def next_runs(self, after, n=1, *, limit=10**8):
        assert n * len(self._schedules) <= limit
        out = np.full((len(self._schedules), n), np.datetime64("NaT", "us"), dtype="datetime64[us]")
        for i, s in enumerate(self._schedules):
            # one instant for all, or one per schedule (years outside 1-9999 allowed, as the batch does)
            start = after if np.ndim(after) == 0 else np.clip(after[i], np.datetime64("0001-01-01", "us"), None)
            dates = s.dates_array(n, start=start, limit=limit)
            out[i, : len(dates)] = dates
        return out


ZONES = ["America/New_York", "Europe/London", "UTC", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu", "Europe/Dublin"]
INTERVALS = [1, 60, 300, 900, 3600, 5400, 6 * 3600, 86400, 90000, 2 * 86400, 7 * 86400, 30 * 86400, 60 * 86400]
BATCHES = {
    "batch": planner.ScheduleBatch,
    "reference": ReferenceBatch,
    "scalar": planner.ScheduleBatch,  # with no row resolved by the batch (test_equals_a_loop_of_plan_runs)
}


def nothing_resolved(dates, now_us, end_us, threshold_us, min_runs, limit):
    """planner._select as if the batch's dates never sufficed: the scalar fallback plans every row."""
    return np.zeros(len(dates), np.int64), np.zeros(len(dates), bool)


def random_deployments(seed: int, count: int) -> list[Deployment]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        schedules = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            anchor = f"20{rng.randint(10, 30)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.choice(['00:00', '01:30', '02:30', '09:00'])}"
            schedules.append(DeploymentSchedule(
                id=uuid.UUID(int=rng.getrandbits(128)),
                active=rng.random() < 0.9,
                max_scheduled_runs=rng.choice([None, None, None, 1, 2, 5]),
                parameters={"s": i} if rng.random() < 0.3 else {},
                schedule=IntervalSchedule(rng.choice(INTERVALS) + rng.choice([0, 0, 0, 0.25]), anchor, rng.choice(ZONES)),
            ))
        out.append(Deployment(id=uuid.UUID(int=rng.getrandbits(128)), name=f"d{i}", flow_id=FLOW_ID,
                              paused=rng.random() < 0.1, parameters={"d": i}, tags=["t"], schedules=schedules))
    return out


SETTINGS = [
    {},
    dict(min_runs=10, max_runs=50, min_time=timedelta(days=2), max_time=timedelta(days=7)),
    dict(min_runs=0, max_runs=1, min_time=timedelta(0)),
    dict(min_runs=3, max_runs=5, min_time=timedelta(days=30)),
    dict(max_runs=0),
    dict(min_runs=20, max_time=timedelta(days=3)),
]


_RUN_FIELDS = [f.name for f in dataclasses.fields(ScheduledRun)]


def _run_signature(run: ScheduledRun) -> tuple:
    t = run.scheduled_time
    fields = [(type(getattr(run, name)), getattr(run, name)) for name in _RUN_FIELDS]
    # tzinfo compares by identity (zoneinfo's rule): the same Timezone object
    return type(run), fields, t.tzinfo, t.tzinfo.name, t.fold, t.isoformat(), t.utcoffset(), vars(run.created_by)


def assert_same_runs(got: list[ScheduledRun], want: list[ScheduledRun]) -> None:
    """*got* are the runs *want* are, field by field with their types.

    pendulum compares datetimes of one zone by wall clock, ignoring fold, so
    the scheduled time's zone (the same tzinfo object), fold, offset and ISO
    text are compared too; every run has a parameters dict of its own.
    """
    assert all(type(r) is ScheduledRun for r in got) and got == want
    assert list(map(_run_signature, got)) == list(map(_run_signature, want))
    assert len({id(r.parameters) for r in got}) == len(got)


class TestPlanMany:
    @pytest.mark.parametrize("which", list(BATCHES))
    @pytest.mark.parametrize("kw", SETTINGS, ids=[str(i) for i in range(len(SETTINGS))])
    def test_equals_a_loop_of_plan_runs(self, monkeypatch, which, kw):
        monkeypatch.setattr(planner, "ScheduleBatch", BATCHES[which])
        if which == "scalar":
            monkeypatch.setattr(planner, "_select", nothing_resolved)
        deployments = random_deployments(7, 150)
        for now in ("2026-03-08T05:00:00Z", "2024-10-27T00:30:00.5Z"):
            loop = [plan_runs(d, now, **kw) for d in deployments]
            plans = plan_many(deployments, now, **kw)
            assert plans == loop  # item by item
            assert list(plans) == loop  # built in bulk
            # pendulum compares same-zone datetimes by wall clock, ignoring fold: compare offsets too.
            assert [[r.scheduled_time.isoformat() for r in runs] for runs in plans] == [
                [r.scheduled_time.isoformat() for r in runs] for runs in loop]
            assert [r.scheduled_time.isoformat() for i in range(len(plans)) for r in plans[i]] == [
                r.scheduled_time.isoformat() for runs in loop for r in runs]
            assert plans.idempotency_keys() == [r.idempotency_key for runs in loop for r in runs]
            assert plans.n_runs == sum(map(len, loop))
            flat = [r for runs in loop for r in runs]
            assert_same_runs([r for runs in plans for r in runs], flat)  # built in bulk
            assert_same_runs(plans.runs(), flat)
            assert_same_runs([r for i in range(len(plans)) for r in plans[i]], flat)  # one deployment at a time

    def test_catch_up_and_jitter_equal_a_loop_of_plan_runs(self):
        from interval_schedule.missed import CatchUp

        deployments = random_deployments(11, 60)
        now = "2026-03-08T05:00:00Z"
        for kw in (
            {"catch_up": CatchUp("2026-03-08T03:00:00Z", "all", limit=100_000)},
            {"catch_up": CatchUp("2026-03-06T00:00:00Z", "latest")},
            {"jitter": timedelta(minutes=3)},
            {"catch_up": CatchUp("2026-03-07T23:00:00Z", "all", grace=timedelta(hours=2), limit=100_000), "jitter": timedelta(seconds=30)},
        ):
            loop = [plan_runs(d, now, **kw) for d in deployments]
            plans = plan_many(deployments, now, **kw)
            assert plans == loop and plans.idempotency_keys() == [r.idempotency_key for runs in loop for r in runs]
            assert plans.scheduled_utc.view(np.int64).tolist() == [
                int(r.scheduled_time.timestamp() * 10**6) for runs in loop for r in runs]  # the moved instants
            caught = sum(r.catch_up for runs in loop for r in runs)
            moved = sum(bool(r.jitter) for runs in loop for r in runs)
            assert caught if "catch_up" in kw and kw["catch_up"].policy != "none" else True
            assert moved if "jitter" in kw else not moved

    @pytest.mark.parametrize("profile", ["prefect", "prefect-py313"])
    def test_catch_up_and_jitter_need_the_standard_profile(self, profile):
        with pytest.raises(InvalidQueryError, match="need profile='standard'"):
            plan_many([dep(sched(3600))], NOW, jitter=timedelta(seconds=5), profile=profile)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        seed=st.integers(0, 10**6),
        min_runs=st.integers(0, 12),
        max_runs=st.integers(0, 40),
        min_time_s=st.sampled_from([0, 1, 3600, 86400, 5 * 86400]),
        max_time_s=st.sampled_from([0, 3600, 86400, 10 * 86400, 100 * 86400]),
        now_s=st.integers(1_500_000_000, 2_000_000_000),
    )
    def test_reference_batch_property(self, monkeypatch, seed, min_runs, max_runs, min_time_s, max_time_s, now_s):
        monkeypatch.setattr(planner, "ScheduleBatch", ReferenceBatch)
        deployments = random_deployments(seed, 8)
        kw = dict(min_runs=min_runs, max_runs=max_runs, min_time=timedelta(seconds=min_time_s), max_time=timedelta(seconds=max_time_s))
        now = np.datetime64(now_s, "s")
        assert plan_many(deployments, now, **kw) == [plan_runs(d, now, **kw) for d in deployments]

    def test_columns(self):
        d1 = dep(sched(3600), sched(7200, id=SCHED_ID_2))
        d2 = dep(sched(3600), paused=True, id=uuid.UUID(int=2))
        d3 = dep(sched(86400), id=uuid.UUID(int=3))
        plans = plan_many([d1, d2, d3], NOW)
        assert isinstance(plans, PlannedRuns) and len(plans) == 3 and plans.n_runs == 9
        assert plans.deployment_index.tolist() == [0] * 6 + [2] * 3
        assert plans.schedule_index.tolist() == [0, 0, 0, 1, 1, 1, 0, 0, 0]
        assert str(plans.scheduled_utc[3]) == "2024-06-03T12:00:00.000000" and plans.scheduled_utc.dtype == np.dtype("datetime64[us]")
        assert plans[1] == [] and plans[-1] == plans[2] and plans[0:2] == [plans[0], plans[1]]
        assert len(plans.runs()) == 9
        with pytest.raises(IndexError):
            plans[3]
        assert repr(plans) == "<PlannedRuns: 9 runs for 3 deployments, profile 'standard'>"

    def test_empty(self):
        plans = plan_many([], NOW)
        assert len(plans) == 0 and plans.n_runs == 0 and plans.idempotency_keys() == [] and plans == []

    def test_arrays_are_read_only(self):
        plans = plan_many([dep(sched(3600))], NOW)
        with pytest.raises(ValueError):
            plans.scheduled_utc[0] = np.datetime64("2000-01-01")

    def test_checks_each_deployment(self):
        with pytest.raises(TypeError, match=r"deployments\[1\] must be a Deployment"):
            plan_many([dep(sched(3600)), "x"], NOW)


class TestBulkRuns:
    """PlannedRuns builds its runs from the arrays (issue 14): the same runs as plan_runs, checked against zoneinfo too."""

    # Instants in 2024 just before a transition in many zones: US fall back (01:00-02:00 twice),
    # EU fall back, the southern hemisphere's April fall back and the US spring gap.
    NOWS = ("2024-11-03T03:40:00.25Z", "2024-10-27T00:10:00Z", "2024-04-06T12:00:00Z", "2024-03-10T05:30:00Z")

    @staticmethod
    def every_zone_deployments() -> list[Deployment]:
        from interval_schedule.tz import available_zones

        # A third of all zones, and those with unusual transitions (30-minute DST, negative DST, 45-minute offsets)
        keys = sorted(set(sorted(available_zones())[::3]) | set(ZONES) | {
            "Pacific/Chatham", "Africa/Casablanca", "Antarctica/Troll", "America/St_Johns", "Asia/Gaza", "America/Nuuk"})
        out = []
        for i, key in enumerate(keys):
            schedules = [
                # 40 minutes elapsed (a fold gives runs with one wall time twice), 01:30 and 02:30 daily on the wall clock
                DeploymentSchedule(id=uuid.UUID(int=3 * i + k + 1), slug=f"s{k}", parameters={"k": k},
                                   schedule=IntervalSchedule(every, anchor, key))
                for k, (every, anchor) in enumerate(
                    [(2400, "2024-01-01T00:10:00"), (86400, "2024-01-01T01:30:00"), (86400, "2024-01-01T02:30:00")])
            ]
            out.append(Deployment(id=uuid.UUID(int=10**6 + i), name=key, flow_id=FLOW_ID, parameters={"zone": key},
                                  tags=["z"], schedules=schedules))
        return out

    def test_every_zone_across_transitions(self):
        from zoneinfo import ZoneInfo  # on the tzdata package (tests/oracle.py)

        deployments = self.every_zone_deployments()
        kw = dict(min_time=timedelta(hours=26), min_runs=2)
        folds = gaps = 0
        for now in self.NOWS:
            loop = [plan_runs(d, now, **kw) for d in deployments]
            plans = plan_many(deployments, now, **kw)
            flat = [r for runs in loop for r in runs]
            got = [r for runs in plans for r in runs]
            assert_same_runs(got, flat)
            # An independent check: the instant in UTC, converted by zoneinfo, and the key written by hand.
            for run, u in zip(got, plans.scheduled_utc.tolist()):
                key = run.scheduled_time.tzinfo.name
                want = u.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(key))
                assert (run.scheduled_time.isoformat(), run.scheduled_time.fold) == (want.isoformat(), want.fold)
                text = u.strftime("%Y-%m-%dT%H:%M:%S") + (f".{u.microsecond:06d}" if u.microsecond else "") + "Z"
                assert run.idempotency_key == f"scheduled {run.deployment_id} {run.schedule_id} {text}"
                folds += want.fold
                gaps += run.schedule_id.int % 3 == 0 and run.scheduled_time.hour != 2  # the 02:30 schedule moved
            assert plans.idempotency_keys() == [r.idempotency_key for r in flat]
        assert folds > 50 and gaps > 20  # the transitions were crossed

    def test_bulk_runs_are_ordinary_runs(self):
        import pickle

        d = dep(sched(3600), sched(7200, id=SCHED_ID_2))
        run = list(plan_many([d], NOW))[0][0]
        assert type(run) is ScheduledRun and run == plan_runs(d, NOW)[0]
        with pytest.raises(AttributeError, match="immutable"):
            run.idempotency_key = "x"
        with pytest.raises(AttributeError, match="immutable"):
            del run.tags
        assert pickle.loads(pickle.dumps(run)) == run
        assert dataclasses.replace(run, catch_up=True).catch_up and not run.catch_up
        assert dataclasses.asdict(run)["idempotency_key"] == run.idempotency_key

    def test_utc_iso_list(self):
        from interval_schedule._convert import utc_iso
        from interval_schedule._units import MAX_US, MIN_US

        rng = np.random.default_rng(14)
        values = np.concatenate([
            rng.integers(MIN_US, MAX_US, 2000, endpoint=True),
            rng.integers(MIN_US, MAX_US, 2000, endpoint=True) // 10**6 * 10**6,  # whole seconds
            [MIN_US, MAX_US, 0, -1, 1, 10**6, -(10**6), 951782400 * 10**6, 951868799 * 10**6 + 999_999],  # 2000-02-29
        ]).astype(np.int64)
        assert planner._utc_iso_list(values) == [utc_iso(u) for u in values.tolist()]
        # years 0 and 10000 (a bound such as 0001-01-01T00:00+14:00): utc_iso's own way
        outside = np.array([MIN_US - 1, MAX_US + 1, 0], np.int64)
        assert planner._utc_iso_list(outside) == [utc_iso(u) for u in outside.tolist()]
        assert planner._utc_iso_list(np.array([], np.int64)) == []

    def test_uuid_strs(self):
        rng = random.Random(14)
        ids = [uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)] + [uuid.UUID(int=rng.getrandbits(128)) for _ in range(500)]
        assert planner._uuid_strs(ids) == [str(u) for u in ids]
        assert planner._uuid_strs([]) == []

    def test_pendulum_rows_equal_to_pendulum(self):
        from interval_schedule._convert import to_pendulum
        from interval_schedule._units import MAX_US, MIN_US

        rng = np.random.default_rng(14)
        zones = ["UTC", "America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "Africa/Casablanca", "America/Adak", "Pacific/Chatham"]
        near = rng.integers(1_700_000_000, 1_740_000_000, 3000) * 10**6 + rng.integers(0, 2, 3000) * rng.integers(0, 10**6, 3000)
        anywhere = rng.integers(MIN_US + 2 * 86400 * 10**6, MAX_US - 2 * 86400 * 10**6, 3000)
        us = np.concatenate([near, anywhere, [MIN_US, MAX_US - 86400 * 10**6]]).astype(np.int64)
        group = rng.integers(0, len(zones), us.size)
        got = planner._pendulum_rows(us, group, zones)
        want = [to_pendulum(u, zones[g]) for u, g in zip(us.tolist(), group.tolist())]
        assert [type(d) for d in got] == [type(d) for d in want]
        assert [(d.isoformat(), d.fold, d.tzinfo) for d in got] == [(d.isoformat(), d.fold, d.tzinfo) for d in want]
        assert sum(d.fold for d in got) > 0
        # one zone (no per-zone split), and the extremes of years 1-9999 in UTC
        ends = np.array([MIN_US, MAX_US], np.int64)
        assert planner._pendulum_rows(ends, np.zeros(2, np.int64), ["UTC"]) == [to_pendulum(MIN_US, "UTC"), to_pendulum(MAX_US, "UTC")]
        # a wall time in year 10000: the one-by-one converter, with its error
        with pytest.raises(ValueError, match="year 10000 is out of range"):
            to_pendulum(MAX_US, "Pacific/Kiritimati")
        with pytest.raises(ValueError, match="year 10000 is out of range"):
            planner._pendulum_rows(ends, np.array([0, 1]), ["UTC", "Pacific/Kiritimati"])


    # Deployments for the property below: what the bulk build shares or copies per group varies.
    BULK_ZONES = ["UTC", "America/New_York", "Europe/Dublin", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham",
                  "America/St_Johns", "Africa/Casablanca"]

    @staticmethod
    @st.composite
    def bulk_deployments(draw) -> list[Deployment]:
        zones = draw(st.lists(st.sampled_from(TestBulkRuns.BULK_ZONES), min_size=1, max_size=5, unique=True))
        tag_sets = [[], ["t"], ["a", "b"]]
        out = []
        for i in range(draw(st.integers(1, 12))):
            schedules = []
            n_sched = draw(st.integers(0, 3))
            for k in range(n_sched):
                every = draw(st.sampled_from([60, 900, 2400, 3600, 5400, 86400, 90000, 7 * 86400]))
                anchor = draw(st.sampled_from(["2024-01-01T00:10:00", "2024-01-01T01:30:00", "2024-01-01T02:30:00", "2023-06-15T12:00:00"]))
                schedules.append(DeploymentSchedule(
                    id=draw(st.sampled_from([None, uuid.UUID(int=1000 * i + k + 1)])),
                    slug=draw(st.sampled_from([None, "same", f"s{k}"])),  # id-less schedules keyed by slug or position
                    active=draw(st.booleans()) or k == 0,
                    max_scheduled_runs=draw(st.sampled_from([None, None, 1, 4])),
                    parameters=draw(st.sampled_from([{}, {}, {"s": k}, {"d": "overridden"}])),
                    schedule=IntervalSchedule(every, anchor, draw(st.sampled_from(zones))),
                ))
            out.append(Deployment(
                id=uuid.UUID(int=10**6 + i), name=f"d{i}", flow_id=draw(st.sampled_from([FLOW_ID, uuid.UUID(int=5)])),
                paused=draw(st.integers(0, 9)) == 0, parameters=draw(st.sampled_from([{}, {"d": i}, {"d": i, "nested": {"x": [1]}}])),
                tags=draw(st.sampled_from(tag_sets)), work_queue_name=draw(st.sampled_from([None, "q"])),
                work_pool_name=draw(st.sampled_from([None, "pool"])), schedules=schedules,
            ))
        return out

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(deployments=bulk_deployments(), now_s=st.sampled_from(
        [1730601600, 1729987200, 1712368800, 1710048600, 1711846800]) | st.integers(1_600_000_000, 1_900_000_000))
    def test_bulk_runs_property(self, deployments, now_s):
        """The bulk build (shared DateTimes, keys from distinct instants, one creator per schedule) equals plan_runs."""
        now = np.datetime64(now_s, "s")
        kw = dict(min_runs=2, min_time=timedelta(hours=26))
        loop = [plan_runs(d, now, **kw) for d in deployments]
        plans = plan_many(deployments, now, **kw)
        built = list(plans)
        assert [len(runs) for runs in built] == [len(runs) for runs in loop]
        assert_same_runs([r for runs in built for r in runs], [r for runs in loop for r in runs])
        assert plans.idempotency_keys() == [r.idempotency_key for runs in loop for r in runs]
        # Each deployment's list is a new list; runs of one schedule share its one creator, in every plan.
        assert len({id(runs) for runs in built}) == len(built)
        for got, want in zip(built, loop):
            assert all(a.created_by is b.created_by for a, b in zip(got, want))

    def test_distinct_instants_and_their_texts(self):
        from interval_schedule._convert import utc_iso
        from interval_schedule._units import MAX_US, MIN_US

        rng = np.random.default_rng(15)
        values = np.concatenate([rng.choice(rng.integers(MIN_US, MAX_US, 50), 3000), [MIN_US, MAX_US, MIN_US - 1, MAX_US + 1]])
        distinct, inverse = planner._distinct(values.view("datetime64[us]"))
        assert distinct.tolist() == sorted(set(values.tolist())) and (distinct[inverse] == values).all()
        assert planner._row_texts((distinct, inverse)) == [utc_iso(u) for u in values.tolist()]

    def test_pendulum_rows_both_pair_paths(self):
        """(zone, instant) pairs deduplicated by a table (few distinct instants) or by a sort (many): the same DateTimes."""
        from interval_schedule._convert import to_pendulum

        rng = np.random.default_rng(16)
        zones = self.BULK_ZONES
        for instants in (rng.integers(1_700_000_000, 1_740_000_000, 40), rng.integers(1_700_000_000, 1_740_000_000, 5000)):
            us = rng.choice(instants, 5000) * 10**6
            group = rng.integers(0, len(zones), us.size)
            got = planner._pendulum_rows(us, group, zones)
            want = [to_pendulum(u, zones[g]) for u, g in zip(us.tolist(), group.tolist())]
            assert [(d.isoformat(), d.fold, d.tzinfo, type(d)) for d in got] == [(d.isoformat(), d.fold, d.tzinfo, type(d)) for d in want]
            assert planner._pendulum_rows(us, group, zones, planner._distinct(us)) == got
            # rows with one zone and one instant share one object
            same = {(zones[g], u) for u, g in zip(us.tolist(), group.tolist())}
            assert len({id(d) for d in got}) == len(same)

    def test_creator_is_kept_by_its_schedule(self):
        """One CreatedBy per schedule, shared by plans; the schedule's equality, repr and document do not see it (a pickle
        carries it, and the unpickled schedule equals the original)."""
        import pickle

        s = sched(3600, slug="hourly")
        d = dep(s)
        before = (s.to_dict(), repr(s), pickle.loads(pickle.dumps(s)))
        first = plan_runs(d, NOW)[0].created_by
        assert first == CreatedBy(id=SCHED_ID, type="SCHEDULE", display_value="hourly")
        assert list(plan_many([d], NOW))[0][0].created_by is first and plan_many([d], NOW)[0][0].created_by is first
        assert (s.to_dict(), repr(s)) == before[:2] and s == before[2] and pickle.loads(pickle.dumps(s)) == s
        renamed = dataclasses.replace(s, slug="renamed")  # a new schedule: its own creator
        assert plan_runs(dep(renamed), NOW)[0].created_by == CreatedBy(id=SCHED_ID, type="SCHEDULE", display_value="renamed")
        assert plan_runs(d, NOW)[0].created_by is first


class TestRunObjects:
    """ScheduledRun is a __slots__ class (issue 14): immutable, compared by value, and its creator assembled directly."""

    def _run(self):
        d = Deployment(id=uuid.UUID(int=7), name="d", flow_id=FLOW_ID, schedules=[
            {"id": str(uuid.UUID(int=9)), "slug": "every-hour", "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z"}}])
        return d, plan_runs(d, "2024-06-01T10:30:00Z")[0]

    def test_filler_twin_matches(self):
        """The bulk path's mutable twin has ScheduledRun's slots and annotations, in order (it repeats them)."""
        from interval_schedule.planner import _RunFiller

        assert _RunFiller.__slots__ == tuple(f.name for f in dataclasses.fields(ScheduledRun))
        assert _RunFiller.__annotations__ == ScheduledRun.__annotations__

    def test_immutable(self):
        _, run = self._run()
        with pytest.raises(AttributeError, match="immutable"):
            run.idempotency_key = "x"
        with pytest.raises(AttributeError, match="immutable"):
            del run.tags
        with pytest.raises(AttributeError):
            run.new_field = 1
        with pytest.raises(TypeError):
            hash(run)

    def test_equality_pickle_and_repr(self):
        import pickle

        d, run = self._run()
        again = plan_runs(d, "2024-06-01T10:30:00Z")[0]
        assert run == again and run is not again and run.parameters is not again.parameters
        assert pickle.loads(pickle.dumps(run)) == run
        assert repr(run).startswith("ScheduledRun(deployment_id=UUID('00000000-0000-0000-0000-000000000007'), ")
        assert run != plan_runs(d, "2024-06-01T11:30:00Z")[0]

    def test_creator_equals_a_checked_created_by(self):
        from interval_schedule.deployment import CreatedBy

        d, run = self._run()
        checked = CreatedBy(id=uuid.UUID(int=9), type="SCHEDULE", display_value="every-hour")
        assert run.created_by == checked and run.created_by.to_dict() == checked.to_dict()
        assert plan_many([d], "2024-06-01T10:30:00Z")[0][0].created_by == checked


@pytest.mark.parametrize("gap", ["shift", "skip"])
@pytest.mark.parametrize("fold", ["earlier", "later"])
def test_plan_many_carries_the_policies_into_its_batch_columns(gap, fold):
    # daily 02:30 and 01:30 New York schedules planned across the 2024 spring gap and autumn fold
    deps = [
        Deployment(id=uuid.UUID(int=i + 1), name=f"d{i}", flow_id=FLOW_ID, schedules=[
            {"schedule": IntervalSchedule(timedelta(days=1), wall, "America/New_York", gap=gap, fold=fold)}])
        for i, wall in enumerate(["2024-03-01T02:30", "2024-10-01T01:30"])
    ]
    for now in ("2024-03-09T12:00:00Z", "2024-11-02T12:00:00Z"):
        kw = dict(min_runs=4, min_time=timedelta(days=3))
        assert [list(p) for p in plan_many(deps, now, **kw)] == [plan_runs(d, now, **kw) for d in deps]
# --------------------------------------------------------------------------- limit


def _every_microsecond(name="every-microsecond"):
    return Deployment(
        id=uuid.uuid5(uuid.NAMESPACE_DNS, name), name=name, flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
        schedules=[{"schedule": {"interval": 0.000001, "anchor_date": "2024-01-01T00:00:00Z"}}],
    )


class TestLimit:
    """``limit`` caps the runs a call plans, refused up front (the size is known in closed form)."""

    def test_huge_plans_refused_before_any_date_is_computed(self):
        d = _every_microsecond()
        for call, name, default in ((plan_runs, "plan_runs", 100_000), (plan_many, "plan_many", 10_000_000)):
            arg = d if call is plan_runs else [d]
            with pytest.raises(LimitExceededError) as info:
                call(arg, NOW, min_runs=10**8, max_runs=10**8)
            text = str(info.value)
            assert "100000000 runs" in text and f"limit={default}" in text and f"{name}(..., limit=N)" in text

    @pytest.mark.parametrize("call", [plan_runs, plan_many])
    def test_exact_count(self, call):
        # min_runs = max_runs = 500 on a 1-us schedule plans exactly 500 runs.
        arg = _every_microsecond() if call is plan_runs else [_every_microsecond()]
        got = call(arg, NOW, min_runs=500, max_runs=500, limit=500)
        assert (len(got) if call is plan_runs else got.n_runs) == 500
        with pytest.raises(LimitExceededError, match="500 runs, more than limit=499"):
            call(arg, NOW, min_runs=500, max_runs=500, limit=499)

    def test_plan_many_counts_all_deployments(self):
        ds = [_every_microsecond(f"d{i}") for i in range(3)]
        assert plan_many(ds, NOW, min_runs=100, max_runs=100, limit=300).n_runs == 300
        with pytest.raises(LimitExceededError, match="300 runs, more than limit=299"):
            plan_many(ds, NOW, min_runs=100, max_runs=100, limit=299)

    def test_only_runs_that_will_be_planned_count(self):
        # Daily from 2024-01-01T00:00Z, now 06-03 10:20, min_time 10 days: 06-04 .. 06-13 lie in
        # [now, now + 10 d), and 06-14 is the first at or after it, so 11 runs.  The cheap bound
        # (half-day steps: 21) is over limit=11; the exact count is not.
        daily = dep(sched(86400))
        kw = dict(min_time=timedelta(days=10), limit=11)
        assert utcs(plan_runs(daily, NOW, **kw)) == [f"2024-06-{d:02d}T00:00:00" for d in range(4, 15)]
        assert plan_many([daily, dep(sched(86400), id=uuid.uuid4())], NOW, min_time=timedelta(days=10), limit=22).n_runs == 22
        with pytest.raises(LimitExceededError, match="11 runs, more than limit=10"):
            plan_runs(daily, NOW, min_time=timedelta(days=10), limit=10)

    def test_prefect_profile_counts_its_bound(self):
        # Prefect's engine computes at most 1002 dates a schedule: that is the bound counted.
        d = _every_microsecond()
        assert len(plan_runs(d, NOW, max_runs=10**8, profile="prefect", limit=1002)) == 1002
        with pytest.raises(LimitExceededError, match="1002 runs at most, more than limit=1001"):
            plan_runs(d, NOW, max_runs=10**8, profile="prefect", limit=1001)

    @pytest.mark.parametrize("limit, error, shown", [(-1, InvalidQueryError, "-1"), (1.5, ScheduleTypeError, "1.5")])
    @pytest.mark.parametrize("call", [plan_runs, plan_many])
    def test_bad_limit(self, call, limit, error, shown):
        arg = _every_microsecond() if call is plan_runs else [_every_microsecond()]
        with pytest.raises(error, match="limit") as info:
            call(arg, NOW, limit=limit)
        assert shown in str(info.value)
