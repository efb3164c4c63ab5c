"""The APScheduler 3.x trigger, driven by a real BackgroundScheduler on a fake clock.

Expected fire times are hand-worked (wall clock and offset, written out per
case) and, for the long runs, ``IntervalSchedule.get_dates`` (verified against
zoneinfo elsewhere).  Fire times are compared as ISO strings with offsets, so
an instant an hour off or a wrong offset both fail.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.triggers.interval import IntervalTrigger
from scheduler_drivers import DST_CASES, APSchedulerRun, noop, travel

from interval_schedule import IntervalSchedule
from interval_schedule.adapters.apscheduler import IntervalScheduleTrigger
from interval_schedule.errors import (
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidScheduleError,
    IntervalScheduleError,
    ScheduleTypeError,
    ZoneNotFoundError,
)
from interval_schedule.tz import TzSource

UTC = timezone.utc
# tzdata 2025.2 (IANA 2025b), unpacked by `make test` (as for tests/test_tz_source.py)
TZDATA_2025B = Path(os.environ.get("INTERVAL_SCHEDULE_TZDATA_2025B", Path(__file__).resolve().parent.parent / "build" / "tzdata-2025.2"))


@pytest.fixture(autouse=True)
def no_scheduler_thread_left():
    yield
    left = [t.name for t in threading.enumerate() if t.name == "APScheduler" or t.name.startswith("ThreadPoolExecutor")]
    assert left == [], f"threads left running: {left}"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def iso(dates: list[datetime]) -> list[str]:
    return [d.isoformat() for d in dates]


def expected(schedule: IntervalSchedule, n: int, start: datetime) -> list[str]:
    return iso(schedule.get_dates(n, start=start))


class TestAcrossDST:
    @pytest.mark.parametrize("case", DST_CASES.values(), ids=DST_CASES.keys())
    def test_real_scheduler_fires_on_the_schedule(self, case):
        zone, interval, anchor, start, hand = case
        trigger = IntervalScheduleTrigger(interval, anchor, zone)
        # Several days of runs: a week of daily runs, two days of (half-)hourly ones.
        n = 7 if interval >= timedelta(days=1) else 2 * int(timedelta(days=1) / interval)
        with travel(at(start)) as traveller, APSchedulerRun(traveller, timezone=zone) as run:
            run.scheduler.add_job(noop, trigger, id="job")
            fired = run.fire(n)
        assert iso(fired)[: len(hand)] == hand
        assert iso(fired) == expected(trigger.schedule, n, at(start))

    def test_scheduler_in_another_zone(self):
        # The scheduler's zone only changes how APScheduler shows `now`; the runs stay 09:00 New York.
        trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-03-01T09:00", "America/New_York")
        with travel(at("2024-03-08T12:00:00-05:00")) as traveller, APSchedulerRun(traveller, timezone="Asia/Tokyo") as run:
            run.scheduler.add_job(noop, trigger, id="job")
            fired = run.fire(3)
        assert iso(fired) == ["2024-03-09T09:00:00-05:00", "2024-03-10T09:00:00-04:00", "2024-03-11T09:00:00-04:00"]

    def test_not_fired_a_second_early(self):
        trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-03-01T02:30", "America/New_York")
        with travel(at("2024-03-09T12:00:00-05:00")) as traveller, APSchedulerRun(traveller, timezone="UTC") as run:
            executed = threading.Event()
            run.scheduler.add_listener(lambda event: executed.set(), EVENT_JOB_EXECUTED)
            run.scheduler.add_job(noop, trigger, id="job")
            assert run.next_run_time().isoformat() == "2024-03-10T03:30:00-04:00"
            traveller.move_to(at("2024-03-10T03:29:59-04:00"))
            run.scheduler.wakeup()
            assert not executed.wait(0.3)
            assert run.wake_at(at("2024-03-10T03:30:00-04:00")) == [at("2024-03-10T03:30:00-04:00")]

    def test_peer_interval_trigger_drifts_on_the_same_clock(self):
        # APScheduler's own IntervalTrigger(days=1) steps 24 elapsed hours: 09:00 EST becomes 10:00 EDT.
        peer = IntervalTrigger(days=1, start_date=at("2024-03-09T09:00:00-05:00"), timezone="America/New_York")
        ours = IntervalScheduleTrigger(timedelta(days=1), "2024-03-09T09:00", "America/New_York")
        runs = {}
        for name, trigger in (("peer", peer), ("ours", ours)):
            with travel(at("2024-03-09T08:00:00-05:00")) as traveller, APSchedulerRun(traveller, timezone="America/New_York") as run:
                run.scheduler.add_job(noop, trigger, id="job")
                runs[name] = iso(run.fire(3))
        assert runs["peer"] == ["2024-03-09T09:00:00-05:00", "2024-03-10T10:00:00-04:00", "2024-03-11T10:00:00-04:00"]
        assert runs["ours"] == ["2024-03-09T09:00:00-05:00", "2024-03-10T09:00:00-04:00", "2024-03-11T09:00:00-04:00"]


class TestJobStore:
    def test_pickled_through_sqlalchemy_and_loaded_back(self, tmp_path):
        url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
        trigger = IntervalScheduleTrigger(timedelta(hours=1), "2024-11-01T00:00", "America/New_York", fold="later")
        start = at("2024-11-03T00:30:00-04:00")
        with travel(start) as traveller:
            with APSchedulerRun(traveller, jobstores={"default": SQLAlchemyJobStore(url=url)}) as run:
                run.scheduler.add_job(noop, trigger, id="job")
                first = run.fire(2)
            # A new scheduler (a restart) reads the job, trigger included, back from the file.
            with APSchedulerRun(traveller, jobstores={"default": SQLAlchemyJobStore(url=url)}) as run:
                loaded = run.scheduler.get_job("job").trigger
                assert loaded is not trigger and loaded == trigger and repr(loaded) == repr(trigger)
                rest = run.fire(4)
        assert iso(first + rest) == expected(trigger.schedule, 6, start)
        assert iso(first + rest)[:3] == ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T02:00:00-05:00"]
        # What the job store holds is a pickle of the job whose trigger state is plain values.
        blob = sqlite3.connect(tmp_path / "jobs.sqlite").execute("SELECT job_state FROM apscheduler_jobs").fetchone()[0]
        assert pickle.loads(blob)["trigger"].__getstate__() == {
            "version": 2,
            "interval_us": 3_600_000_000,
            "anchor_utc_us": int(at("2024-11-01T04:00:00Z").timestamp()) * 1_000_000,
            "timezone": "America/New_York",
            "gap": "shift",
            "fold": "later",
            "anchor_tz": "America/New_York",
            "tz_source": None,
            "jitter": None,
        }

    @pytest.mark.parametrize(
        "grace, outcome, run_time",
        [
            # No grace limit: coalesced into one run, for the latest missed occurrence.
            (None, EVENT_JOB_EXECUTED, "2024-11-05T09:00:00-05:00"),
            # A grace of a minute: that run is 3 hours late, so APScheduler reports it missed.
            (60, EVENT_JOB_MISSED, "2024-11-05T09:00:00-05:00"),
        ],
    )
    def test_restart_after_a_missed_window(self, tmp_path, grace, outcome, run_time):
        url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
        trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-10-01T09:00", "America/New_York")
        with travel(at("2024-11-01T12:00:00-04:00")) as traveller:
            with APSchedulerRun(traveller, jobstores={"default": SQLAlchemyJobStore(url=url)}) as run:
                run.scheduler.add_job(noop, trigger, id="job", misfire_grace_time=grace)
                assert iso(run.fire(1)) == ["2024-11-02T09:00:00-04:00"]
                assert [e.code for e in run.finished] == [EVENT_JOB_EXECUTED]
            # Down from 2024-11-02 09:00 to 2024-11-05 12:00: three occurrences missed.
            traveller.move_to(at("2024-11-05T12:00:00-05:00"))
            with APSchedulerRun(traveller, jobstores={"default": SQLAlchemyJobStore(url=url)}) as run:
                submitted = run.events.get(timeout=10)  # start() processes the due job at once
                assert iso(submitted.scheduled_run_times) == [run_time]
                event = run.outcomes.get(timeout=10)
                assert (event.code, event.scheduled_run_time.isoformat()) == (outcome, run_time)
                assert run.next_run_time().isoformat() == "2024-11-06T09:00:00-05:00"


    @pytest.mark.parametrize(
        "coalesce, grace, policy, runs",
        [
            # coalesce=False: every missed occurrence, as missed_runs(..., "all").
            (False, None, "all", ["2024-11-03T09:00:00-05:00", "2024-11-04T09:00:00-05:00", "2024-11-05T09:00:00-05:00"]),
            # ... with a 2-day grace: 11-03 09:00 (51 h late) is reported missed.
            (False, 2 * 86400, "all", ["2024-11-04T09:00:00-05:00", "2024-11-05T09:00:00-05:00"]),
            # coalesce=True: the latest only, as "latest".
            (True, None, "latest", ["2024-11-05T09:00:00-05:00"]),
            (True, 60, "latest", []),
        ],
    )
    def test_restart_runs_what_missed_runs_predicts(self, tmp_path, coalesce, grace, policy, runs):
        url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
        trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-10-01T09:00", "America/New_York")
        with travel(at("2024-11-01T12:00:00-04:00")) as traveller:
            with APSchedulerRun(traveller, jobstores={"default": SQLAlchemyJobStore(url=url)}) as run:
                run.scheduler.add_job(noop, trigger, id="job", misfire_grace_time=grace, coalesce=coalesce)
                last = run.fire(1)[0]
            traveller.move_to(at("2024-11-05T12:00:00-05:00"))
            predicted = trigger.missed_runs(last, at("2024-11-05T12:00:00-05:00"), policy, grace=grace and timedelta(seconds=grace))
            with APSchedulerRun(traveller, jobstores={"default": SQLAlchemyJobStore(url=url)}) as run:
                submitted = run.events.get(timeout=10)
                outcomes = [run.outcomes.get(timeout=10) for _ in submitted.scheduled_run_times]
        executed = [e.scheduled_run_time.isoformat() for e in outcomes if e.code == EVENT_JOB_EXECUTED]
        assert executed == runs
        assert [d.isoformat() for d in predicted.dates()] == runs


class TestTriggerContract:
    trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-03-01T02:30", "America/New_York")

    def test_first_fire_time_is_at_or_after_now(self):
        on_time = at("2024-03-10T03:30:00-04:00")
        assert self.trigger.get_next_fire_time(None, on_time) == on_time
        assert self.trigger.get_next_fire_time(None, on_time + timedelta(microseconds=1)).isoformat() == "2024-03-11T02:30:00-04:00"

    def test_next_fire_time_is_strictly_after_the_previous_one_even_long_ago(self):
        # APScheduler asks for every missed run time itself (then coalesces): the trigger must not skip to now.
        previous = at("2024-03-09T02:30:00-05:00")
        assert self.trigger.get_next_fire_time(previous, at("2024-06-01T00:00Z")).isoformat() == "2024-03-10T03:30:00-04:00"

    def test_fire_times_are_fixed_offset_datetimes(self):
        fire = self.trigger.get_next_fire_time(None, at("2024-03-09T00:00Z"))  # 03-09 02:30 EST is next
        assert fire.utcoffset() == timedelta(hours=-5) and fire.tzinfo == timezone(timedelta(hours=-5))
        assert (fire + timedelta(hours=1)).isoformat() == "2024-03-09T03:30:00-05:00"  # exact, whatever the zone did

    def test_ends_with_the_domain(self):
        t = IntervalScheduleTrigger(timedelta(days=1), "9999-12-30T00:00:00Z", "UTC")
        assert t.get_next_fire_time(at("9999-12-31T00:00:00+00:00"), at("9999-12-31T00:00:00+00:00")) is None

    @pytest.mark.parametrize("naive_arg", ["previous_fire_time", "now"])
    def test_naive_datetimes_are_refused(self, naive_arg):
        args = {"previous_fire_time": at("2024-03-09T02:30:00-05:00"), "now": at("2024-03-09T12:00:00-05:00")}
        args[naive_arg] = datetime(2024, 3, 9, 12)
        with pytest.raises(InvalidDatetimeError, match=f"{naive_arg} datetime.datetime\\(2024, 3, 9, 12, 0\\) is naive; APScheduler passes aware"):
            self.trigger.get_next_fire_time(**args)

    def test_repr_and_str(self):
        assert repr(self.trigger) == (
            "IntervalScheduleTrigger(interval=datetime.timedelta(days=1), "
            "anchor_date='2024-03-01T02:30:00-05:00', timezone='America/New_York')"
        )
        assert str(self.trigger) == "interval_schedule[1 day, 0:00:00 from 2024-03-01T02:30:00-05:00 in America/New_York]"

    def test_other_constructors(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York")
        assert IntervalScheduleTrigger.from_schedule(s) == self.trigger
        assert IntervalScheduleTrigger.from_dict(s.to_dict()) == self.trigger
        # A Prefect document with a naive anchor, read as Prefect does (UTC).
        doc = {"interval": 86400, "anchor_date": "2024-03-01T07:30:00", "timezone": "America/New_York"}
        assert IntervalScheduleTrigger.from_dict(doc, profile="prefect") == self.trigger
        with pytest.raises(ScheduleTypeError, match="must be an IntervalSchedule, not dict"):
            IntervalScheduleTrigger.from_schedule(s.to_dict())

    def test_pickle_round_trip_and_state_version(self):
        t = IntervalScheduleTrigger(timedelta(hours=25), "2024-03-09T01:30", "America/New_York", gap="skip", jitter=5)
        assert pickle.loads(pickle.dumps(t)) == t
        state = t.__getstate__()
        clone = IntervalScheduleTrigger.__new__(IntervalScheduleTrigger)
        with pytest.raises(InvalidScheduleError, match="state of version 3; this interval_schedule reads versions 1 to 2"):
            clone.__setstate__({**state, "version": 3})

    def test_pickle_keeps_the_anchors_own_offset_and_the_tz_source(self):
        # The anchor was given at +05:30 (not in the schedule's zone); a restart must show it as given.
        t = IntervalScheduleTrigger(timedelta(days=1), "2024-03-01T09:00:00+05:30", "America/New_York")
        clone = pickle.loads(pickle.dumps(t))
        assert clone.schedule.anchor_date.isoformat() == "2024-03-01T09:00:00+05:30"
        assert clone.schedule.to_dict() == t.schedule.to_dict()
        # A schedule computed in another tzdata release keeps it: America/Vancouver 2027-01-01 is -08:00 in 2025b.
        s = IntervalSchedule(timedelta(days=1), "2026-10-01T09:00", "America/Vancouver").with_source(TzSource.from_path(TZDATA_2025B))
        clone = pickle.loads(pickle.dumps(IntervalScheduleTrigger.from_schedule(s)))
        assert clone.schedule == s and clone.schedule.tz_source.version == "2025b"
        assert clone.get_next_fire_time(None, at("2027-01-01T00:00:00Z")).isoformat() == "2027-01-01T09:00:00-08:00"

    def test_state_of_an_anchor_zone_the_source_lacks_loads_back(self, tmp_path):
        # A release holding New York only; the anchor given in Europe/Paris is read in the bundled tzdata
        # (as the schedule does), and the state written for it must load back.
        import shutil
        from zoneinfo import ZoneInfo

        tree = tmp_path / "zoneinfo"
        (tree / "America").mkdir(parents=True)
        shutil.copy(TZDATA_2025B / "tzdata" / "zoneinfo" / "America" / "New_York", tree / "America" / "New_York")
        source = TzSource.from_path(tree)
        assert source.available_zones() == {"America/New_York"}
        s = IntervalSchedule(timedelta(days=1), datetime(2024, 6, 1, 9, tzinfo=ZoneInfo("Europe/Paris")), "America/New_York",
                             tz_source=source)
        clone = pickle.loads(pickle.dumps(IntervalScheduleTrigger.from_schedule(s)))
        assert clone.schedule == s and clone.schedule.anchor_date.isoformat() == "2024-06-01T09:00:00+02:00"

    def test_version_1_state_loads_with_the_anchor_in_the_schedules_zone(self):
        state = {"version": 1, "interval_us": 86_400_000_000, "anchor_utc_us": 1_709_265_600_000_000,  # 2024-03-01T04:00Z
                 "timezone": "America/New_York", "gap": "shift", "fold": "earlier", "jitter": None}
        clone = IntervalScheduleTrigger.__new__(IntervalScheduleTrigger)
        clone.__setstate__(state)
        assert clone.schedule.anchor_date.isoformat() == "2024-02-29T23:00:00-05:00"

    @pytest.mark.parametrize(("field", "value", "message"), [
        ("anchor_tz", 86_400, "anchor_tz in an adapter's state must be an IANA key or a UTC offset in seconds"),
        ("anchor_tz", 1.5, "must be an IANA key or a UTC offset"),
        ("anchor_tz", "Mars/Olympus", "Mars/Olympus"),
        ("tz_source", 7, "tz_source in an adapter's state must be a directory path or None, got 7"),
    ])
    def test_bad_optional_state_fields(self, field, value, message):
        state = {**IntervalScheduleTrigger(3600, "2024-01-01T00:00Z").__getstate__(), field: value}
        clone = IntervalScheduleTrigger.__new__(IntervalScheduleTrigger)
        with pytest.raises((InvalidScheduleError, ZoneNotFoundError), match=message):
            clone.__setstate__(state)


class TestJitter:
    def test_runs_stay_on_their_occurrences(self):
        trigger = IntervalScheduleTrigger(timedelta(hours=1), "2024-11-01T00:00", "America/New_York", jitter=600)
        start = at("2024-11-03T00:30:00-04:00")
        with travel(start) as traveller, APSchedulerRun(traveller) as run:
            run.scheduler.add_job(noop, trigger, id="job")
            fired = run.fire(30)
        occurrences = trigger.schedule.get_dates(30, start=start)
        delays = [(f - o).total_seconds() for f, o in zip(fired, occurrences)]
        assert all(0 <= d <= 600 for d in delays), delays  # never accumulates past one jitter
        assert len(set(delays)) > 1  # it does jitter

    @pytest.mark.parametrize(
        "jitter, error, fragment",
        [
            ("5", ScheduleTypeError, "jitter must be a number of seconds or None, not str ('5')"),
            (True, ScheduleTypeError, "not bool (True)"),
            (-1, InvalidIntervalError, "shorter than the interval (1:00:00), got -1"),
            (3600, InvalidIntervalError, "got 3600"),
            (float("nan"), InvalidIntervalError, "got nan"),
        ],
    )
    def test_bad_jitter(self, jitter, error, fragment):
        with pytest.raises(error) as info:
            IntervalScheduleTrigger(3600, "2024-01-01T00:00Z", jitter=jitter)
        assert fragment in str(info.value)


class TestValidation:
    @pytest.mark.parametrize(
        "args, kwargs",
        [
            ((0, "2024-01-01T00:00Z"), {}),
            (("P1M", "2024-01-01T00:00Z"), {}),
            ((3600, "2024-13-01"), {}),
            ((3600, "2024-01-01T00:00Z", "Mars/Olympus"), {}),
            ((3600, "2024-01-01T00:00Z", "../../etc/passwd"), {}),
            ((3600, "2024-01-01T00:00Z"), {"gap": "forward"}),
            ((3600, "2024-01-01T00:00Z"), {"fold": "both"}),
            ((True,), {}),
        ],
    )
    def test_same_errors_as_interval_schedule(self, args, kwargs):
        with pytest.raises(IntervalScheduleError) as theirs:
            IntervalSchedule(*args, **kwargs)
        with pytest.raises(type(theirs.value)) as ours:
            IntervalScheduleTrigger(*args, **kwargs)
        assert str(ours.value) == str(theirs.value)


def test_the_apscheduler4_adapter_names_its_extra_when_3x_is_installed():
    # This venv has APScheduler 3.x; the 4.x adapter is tested in .venv-apscheduler4 (make test).
    import importlib

    with pytest.raises(ImportError, match=r"pip install 'interval_schedule\[apscheduler4\]'"):
        importlib.import_module("interval_schedule.adapters.apscheduler4")
