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

import pendulum
import pytest
from celery.schedules import schedule as celery_interval
from scheduler_drivers import DST_CASES, make_celery_app, run_beat, travel

from interval_schedule import IntervalSchedule
from interval_schedule.adapters.celery import IntervalBeatSchedule, _restore
from interval_schedule.errors import IntervalScheduleError, InvalidQueryError, InvalidScheduleError, ScheduleTypeError
from interval_schedule.missed import missed_runs

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


class _V1State:
    """Pickles as interval_schedule 0.x (state version 1, before catch-up policies) pickled a beat schedule."""

    def __reduce__(self):
        state = {
            "version": 1,
            "interval_us": 86_400_000_000,
            "anchor_utc_us": 1_727_787_600_000_000,  # 2024-10-01T09:00-04:00
            "timezone": "America/New_York",
            "gap": "shift",
            "fold": "earlier",
            "nowfun": None,
        }
        return (_restore, (state,))


class TestCatchUpPolicies:
    """Beat stopped after the 2024-11-02 09:00 run, restarted at 2024-11-05 12:00 EST: three days down.

    Missed, by hand: 2024-11-03 09:00 EST (51 h late at the restart),
    11-04 09:00 (27 h late) and 11-05 09:00 (3 h late).
    """

    zone = "America/New_York"
    missed = ["2024-11-03T09:00:00-05:00", "2024-11-04T09:00:00-05:00", "2024-11-05T09:00:00-05:00"]
    restart = "2024-11-05T12:00:00-05:00"
    regular = ["2024-11-06T09:00:00-05:00", "2024-11-07T09:00:00-05:00"]

    def restart_after_downtime(self, tmp_path, **catch_up) -> tuple[IntervalBeatSchedule, list[str]]:
        file = tmp_path / "celerybeat-schedule"
        with travel(at("2024-11-01T12:00:00-04:00")) as traveller:
            sched = IntervalBeatSchedule(timedelta(days=1), "2024-10-01T09:00", self.zone, **catch_up)
            before = run_beat(make_celery_app(entry(sched), timezone=self.zone), traveller, at("2024-11-02T12:00:00-04:00"), schedule_file=file)
            assert local(before, self.zone) == ["2024-11-02T09:00:00-04:00"]
            traveller.move_to(at(self.restart))
            # A new beat process: the schedule comes back from the shelve's pickle, not from this object.
            with shelve.open(str(file)) as db:
                stored = db["entries"]["job"].schedule
            assert stored == sched and stored is not sched
            after = run_beat(make_celery_app(entry(stored), timezone=self.zone), traveller, at("2024-11-07T12:00:00-05:00"), schedule_file=file)
        return stored, local(after, self.zone)

    def test_latest_fires_once_at_the_restart(self, tmp_path):
        _, fired = self.restart_after_downtime(tmp_path)
        assert fired == [self.restart, *self.regular]

    def test_none_skips_the_missed_runs(self, tmp_path):
        _, fired = self.restart_after_downtime(tmp_path, catch_up="none")
        assert fired == self.regular

    def test_all_fires_once_per_missed_run_one_a_second(self, tmp_path):
        sched, fired = self.restart_after_downtime(tmp_path, catch_up="all")
        assert fired == [self.restart, "2024-11-05T12:00:01-05:00", "2024-11-05T12:00:02-05:00", *self.regular]  # one a second
        m = missed_runs(sched.schedule, at("2024-11-02T09:00:00-04:00"), at(self.restart), "all")
        assert local([datetime.fromtimestamp(us / 1e6, UTC) for us in m.dates_us().tolist()], self.zone) == self.missed

    def test_all_with_grace_runs_only_the_recent_misses(self, tmp_path):
        _, fired = self.restart_after_downtime(tmp_path, catch_up="all", grace=timedelta(days=2))  # 11-04 and 11-05
        assert fired == [self.restart, "2024-11-05T12:00:01-05:00", *self.regular]

    def test_all_is_bounded_by_the_limit(self, tmp_path):
        _, fired = self.restart_after_downtime(tmp_path, catch_up="all", catch_up_limit=1)
        assert fired == [self.restart, *self.regular]

    def test_latest_with_grace_skips_a_run_too_late(self, tmp_path):
        _, fired = self.restart_after_downtime(tmp_path, grace=timedelta(hours=2))  # 11-05 09:00 is 3 h late
        assert fired == self.regular
        (tmp_path / "b").mkdir()
        _, fired = self.restart_after_downtime(tmp_path / "b", grace=timedelta(hours=4))  # within grace: runs
        assert fired == [self.restart, *self.regular]

    def test_all_keeps_a_minute_schedule_on_time(self):
        # No downtime: "all" and "none" fire exactly as "latest" does.
        for policy in ("all", "none", "latest"):
            sched = IntervalBeatSchedule(timedelta(minutes=30), "2024-04-06T00:00", "Australia/Lord_Howe", catch_up=policy)
            app = make_celery_app(entry(sched), timezone="Australia/Lord_Howe")
            with travel(at("2024-04-07T00:45:00+11:00")) as traveller:
                fired = run_beat(app, traveller, at("2024-04-07T03:00:00+10:30"))
            assert utc(fired) == utc(sched.schedule.get_dates(start=at("2024-04-07T00:45:00+11:00"), end=at("2024-04-07T03:00:00+10:30"))), policy

    def test_pickle_round_trip_keeps_the_policy(self):
        sched = IntervalBeatSchedule(timedelta(hours=1), "2024-01-01T00:00Z", catch_up="all", grace=timedelta(hours=5), catch_up_limit=7)
        clone = pickle.loads(pickle.dumps(sched))
        assert (clone.catch_up, clone.grace, clone.catch_up_limit) == ("all", timedelta(hours=5), 7)
        assert clone == sched
        assert clone != IntervalBeatSchedule(timedelta(hours=1), "2024-01-01T00:00Z")
        assert repr(clone) == "<IntervalBeatSchedule: 1:00:00 from 2024-01-01T00:00:00+00:00 in UTC, catch_up=all, grace=5:00:00, catch_up_limit=7>"

    def test_old_state_loads_with_the_defaults(self):
        old = pickle.loads(pickle.dumps(_V1State()))
        assert isinstance(old, IntervalBeatSchedule)
        assert old.schedule == IntervalSchedule(timedelta(days=1), "2024-10-01T09:00", "America/New_York")
        assert (old.catch_up, old.grace, old.catch_up_limit) == ("latest", None, 100)

    def test_bad_options_refused(self):
        with pytest.raises(ValueError, match="missed-run policy"):
            IntervalBeatSchedule(3600, "2024-01-01T00:00Z", catch_up="some")
        with pytest.raises(InvalidQueryError, match="grace must not be negative"):
            IntervalBeatSchedule(3600, "2024-01-01T00:00Z", grace=timedelta(seconds=-1))
        with pytest.raises(ScheduleTypeError, match="grace must be a timedelta"):
            IntervalBeatSchedule(3600, "2024-01-01T00:00Z", grace=60)


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
        with pytest.raises(InvalidScheduleError, match="state of version 7; this interval_schedule reads versions 1 to 3"):
            _restore({**state, "version": 7})

    def test_pickle_keeps_the_anchors_own_zone(self):
        # Anchor given in Europe/London, schedule in New York: a beat restart shows it as given.
        beat = IntervalBeatSchedule(timedelta(days=1), pendulum.datetime(2024, 3, 1, 14, tz="Europe/London"), "America/New_York")
        clone = pickle.loads(pickle.dumps(beat))
        assert clone.schedule.anchor_date.isoformat() == beat.schedule.anchor_date.isoformat() == "2024-03-01T14:00:00+00:00"
        assert clone.schedule.anchor_date.timezone_name == "Europe/London"
        # a version 2 state (before the anchor's zone was kept) shows the anchor in the schedule's zone
        v2 = {k: v for k, v in beat.__reduce__()[1][0].items() if k not in ("anchor_tz", "tz_source")} | {"version": 2}
        assert _restore(v2).schedule.anchor_date.isoformat() == "2024-03-01T09:00:00-05:00"

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
