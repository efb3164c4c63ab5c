"""The Celery beat schedule, driven by a real ``beat.Scheduler.tick()`` loop on the memory broker and a fake clock.

A fire time is the (fake) instant at which beat published the task.  Expected
values are hand-worked per case (the shared ``DST_CASES``) and
``IntervalSchedule.get_dates`` for the whole run.
"""

from __future__ import annotations

import pickle
import shelve
import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import schedule as celery_interval
from scheduler_drivers import DST_CASES, make_celery_app, run_beat, travel

from interval_schedule import IntervalSchedule
from interval_schedule.adapters.celery import IntervalBeatSchedule, _restore
from interval_schedule.errors import IntervalScheduleError, InvalidScheduleError, ScheduleTypeError

UTC = timezone.utc


@pytest.fixture(autouse=True)
def no_thread_left():
    before = set(threading.enumerate())
    yield
    left = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert left == [], f"threads left running: {left}"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def local(dates: list[datetime], zone: str) -> list[str]:
    return [d.astimezone(ZoneInfo(zone)).isoformat() for d in dates]


def utc(dates: list[datetime]) -> list[str]:
    return [d.astimezone(UTC).isoformat() for d in dates]


def entry(schedule: object) -> dict:
    return {"job": {"task": "t.noop", "schedule": schedule}}


class TestAcrossDST:
    @pytest.mark.parametrize("case", DST_CASES.values(), ids=DST_CASES.keys())
    def test_beat_fires_on_the_schedule(self, case):
        zone, interval, anchor, start, hand = case
        sched = IntervalBeatSchedule(interval, anchor, zone)
        days = 7 if interval >= timedelta(days=1) else 2
        until = at(start) + timedelta(days=days)
        app = make_celery_app(entry(sched), timezone=zone)
        with travel(at(start)) as traveller:
            fired = run_beat(app, traveller, until)
        assert local(fired, zone)[: len(hand)] == hand
        assert utc(fired) == utc(sched.schedule.get_dates(start=at(start), end=until))

    @pytest.mark.parametrize("enable_utc, app_zone", [(True, "UTC"), (False, "Asia/Tokyo"), (True, "Europe/Paris")])
    def test_app_clock_settings_do_not_move_runs(self, enable_utc, app_zone):
        # The app's timezone/enable_utc change how its clock is shown, never which instants are due.
        sched = IntervalBeatSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York")
        app = make_celery_app(entry(sched), timezone=app_zone, enable_utc=enable_utc)
        with travel(at("2024-03-08T12:00:00-05:00")) as traveller:
            fired = run_beat(app, traveller, at("2024-03-11T12:00:00-04:00"))
        assert local(fired, "America/New_York") == [
            "2024-03-09T02:30:00-05:00",
            "2024-03-10T03:30:00-04:00",
            "2024-03-11T02:30:00-04:00",
        ]

    def test_peer_schedule_drifts_on_the_same_clock(self):
        # Celery's own schedule(timedelta(days=1)) steps 24 elapsed hours: 09:00 EDT becomes 08:00 EST.
        runs = {}
        ours = IntervalBeatSchedule(timedelta(days=1), "2024-11-02T09:00", "America/New_York")
        for name, sched in (("peer", celery_interval(timedelta(days=1))), ("ours", ours)):
            app = make_celery_app(entry(sched), timezone="America/New_York")
            with travel(at("2024-11-02T09:00:00-04:00")) as traveller:  # beat starts at the first run
                runs[name] = local(run_beat(app, traveller, at("2024-11-04T12:00:00-05:00")), "America/New_York")
        assert runs["peer"] == ["2024-11-03T08:00:00-05:00", "2024-11-04T08:00:00-05:00"]
        assert runs["ours"] == ["2024-11-03T09:00:00-05:00", "2024-11-04T09:00:00-05:00"]


class TestShelveAndRestart:
    def test_restart_after_downtime_fires_once_then_on_schedule(self, tmp_path):
        file = tmp_path / "celerybeat-schedule"
        sched = IntervalBeatSchedule(timedelta(days=1), "2024-10-01T09:00", "America/New_York")
        with travel(at("2024-11-01T12:00:00-04:00")) as traveller:
            app = make_celery_app(entry(sched), timezone="America/New_York")
            before = run_beat(app, traveller, at("2024-11-02T12:00:00-04:00"), schedule_file=file)
            # Beat pickled the entry, our schedule included, into its shelve.
            with shelve.open(str(file)) as db:
                stored = db["entries"]["job"]
                assert isinstance(stored.schedule, IntervalBeatSchedule) and stored.schedule == sched
                assert stored.last_run_at == at("2024-11-02T09:00:00-04:00")
            # Down until 2024-11-05 12:00: the runs of 11-03, 11-04 and 11-05 09:00 are missed.
            traveller.move_to(at("2024-11-05T12:00:00-05:00"))
            app = make_celery_app(entry(sched), timezone="America/New_York")
            after = run_beat(app, traveller, at("2024-11-07T12:00:00-05:00"), schedule_file=file)
        assert local(before, "America/New_York") == ["2024-11-02T09:00:00-04:00"]
        # One catch-up run at the restart, then the schedule's own times.
        assert local(after, "America/New_York") == [
            "2024-11-05T12:00:00-05:00",
            "2024-11-06T09:00:00-05:00",
            "2024-11-07T09:00:00-05:00",
        ]


class TestScheduleContract:
    clock = at("2024-03-10T07:00:00Z")  # 03:00 EDT, spring-forward day
    sched = IntervalBeatSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York", nowfun=lambda: TestScheduleContract.clock)

    def test_is_due_and_remaining(self):
        last = at("2024-03-09T02:30:00-05:00")
        assert tuple(self.sched.is_due(last)) == (False, 1800.0)  # 03:30 EDT in half an hour
        assert self.sched.remaining_estimate(last) == timedelta(minutes=30)
        overdue = at("2024-03-08T02:30:00-05:00")  # the 03-09 run was missed
        # Due now, once; then ask again at the next occurrence (03:30, in 30 minutes).
        assert tuple(self.sched.is_due(overdue)) == (True, 1800.0)
        assert self.sched.remaining_estimate(overdue) == timedelta(hours=-23, minutes=-30)

    def test_naive_datetimes_follow_celerys_rule(self):
        # Celery's BaseSchedule.maybe_make_aware reads a naive datetime as UTC.
        naive_last = datetime(2024, 3, 9, 7, 30)
        assert self.sched.is_due(naive_last) == self.sched.is_due(naive_last.replace(tzinfo=UTC))
        naive_clock = IntervalBeatSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York", nowfun=lambda: datetime(2024, 3, 10, 7))
        assert naive_clock.is_due(naive_last) == self.sched.is_due(naive_last)

    def test_wrong_types_refused(self):
        with pytest.raises(ScheduleTypeError, match="last_run_at must be a datetime, not str"):
            self.sched.is_due("2024-03-09")

    def test_pickle_keeps_the_schedule_and_checks_the_version(self):
        clone = pickle.loads(pickle.dumps(IntervalBeatSchedule(timedelta(minutes=30), "2024-04-06T00:00", "Australia/Lord_Howe", fold="later")))
        assert clone.schedule == IntervalSchedule(timedelta(minutes=30), "2024-04-06T00:00", "Australia/Lord_Howe", fold="later")
        state = IntervalBeatSchedule(3600, "2024-01-01T00:00Z").__reduce__()[1][0]
        with pytest.raises(InvalidScheduleError, match="state of version 7; this interval_schedule reads version 1"):
            _restore({**state, "version": 7})

    def test_repr_and_constructors(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York", gap="skip")
        beat = IntervalBeatSchedule.from_schedule(s)
        assert repr(beat) == "<IntervalBeatSchedule: 1 day, 0:00:00 from 2024-03-01T02:30:00-05:00 in America/New_York, gap=skip>"
        assert IntervalBeatSchedule.from_dict(s.to_dict()) == beat
        assert IntervalBeatSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York", gap="skip") == beat

    @pytest.mark.parametrize(
        "args, kwargs",
        [
            ((0, "2024-01-01T00:00Z"), {}),
            ((3600, "not a date"), {}),
            ((3600, "2024-01-01T00:00Z", "Nowhere/Land"), {}),
            ((3600, "2024-01-01T00:00Z"), {"gap": "later"}),
            (([1],), {}),
        ],
    )
    def test_same_errors_as_interval_schedule(self, args, kwargs):
        with pytest.raises(IntervalScheduleError) as theirs:
            IntervalSchedule(*args, **kwargs)
        with pytest.raises(type(theirs.value)) as ours:
            IntervalBeatSchedule(*args, **kwargs)
        assert str(ours.value) == str(theirs.value)
