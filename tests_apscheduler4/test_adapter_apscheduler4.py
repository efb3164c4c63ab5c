"""The APScheduler 4 (pre-release) trigger, driven by a real APScheduler 4 ``Scheduler`` on a fake clock.

Runs in its own venv (``.venv-apscheduler4``, made by ``make test``): APScheduler
4 cannot be installed next to the 3.x the main suite uses.

The scheduler's loop sleeps on the event loop's (real) clock until the next
fire time, and wakes early when a schedule due sooner is added.  The driver
moves the fake clock (time-machine) to our schedule's next fire time and adds
a one-off ``DateTrigger`` schedule a microsecond before it, which wakes the
loop through APScheduler's own event; it then waits for APScheduler's
``ScheduleUpdated`` event, published after it stored the next fire time.
Fire times are the ``scheduled_start`` of the jobs APScheduler acquired.
"""

from __future__ import annotations

import pickle
import queue
import threading
import time
from datetime import datetime, timedelta

import pytest
import time_machine
from apscheduler import ConflictPolicy, JobAcquired, Scheduler, ScheduleUpdated
from apscheduler.serializers.json import JSONSerializer
from apscheduler.serializers.pickle import PickleSerializer
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from interval_schedule import IntervalSchedule
from interval_schedule.adapters.apscheduler4 import IntervalScheduleTrigger
from interval_schedule.errors import IntervalScheduleError, InvalidScheduleError

TIMEOUT_S = 10


def noop() -> None:
    """The task (module level: APScheduler 4 stores tasks by reference)."""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def run_scheduler(trigger: object, start: datetime, n: int) -> list[datetime]:
    """Fire times of *n* runs of a real APScheduler 4 Scheduler on a fake clock starting at *start*."""
    acquired: queue.Queue = queue.Queue()
    updated: queue.Queue = queue.Queue()
    fired: list[datetime] = []
    with time_machine.travel(start, tick=False) as traveller:
        scheduler = Scheduler()
        with scheduler:
            scheduler.subscribe(lambda e: acquired.put(e) if e.schedule_id == "job" else None, JobAcquired)
            scheduler.subscribe(lambda e: updated.put(e) if e.schedule_id == "job" else None, ScheduleUpdated)
            scheduler.add_schedule(noop, trigger, id="job")
            scheduler.start_in_background()
            try:
                due = scheduler.get_schedule("job").next_fire_time
                for _ in range(n):
                    traveller.move_to(due)
                    wake = DateTrigger(due - timedelta(microseconds=1))
                    scheduler.add_schedule(noop, wake, id="wake", conflict_policy=ConflictPolicy.replace)
                    due = updated.get(timeout=TIMEOUT_S).next_fire_time
                    fired.append(acquired.get(timeout=TIMEOUT_S).scheduled_start)
                    # Let the jobs finish before the clock jumps: a jump past a running
                    # job's lease (30 s) makes the data store drop it, and APScheduler
                    # 4.0.0a6 then crashes releasing it (KeyError).
                    deadline = time.monotonic() + TIMEOUT_S
                    while scheduler.get_jobs():
                        assert time.monotonic() < deadline, "jobs did not finish"
                        time.sleep(0.005)
                return fired
            finally:
                scheduler.stop()
                scheduler.wait_until_stopped()


@pytest.fixture(autouse=True)
def no_thread_left():
    before = set(threading.enumerate())
    yield
    for t in set(threading.enumerate()) - before:
        t.join(timeout=TIMEOUT_S)  # AnyIO's worker threads end just after the scheduler's event loop
    left = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert left == [], f"threads left running: {left}"


# (zone, interval, anchor (wall time in zone), clock start, hand-worked fire times)
CASES = {
    "new-york-daily-fall": (
        "America/New_York", timedelta(days=1), "2024-10-01T09:00", "2024-11-01T12:00:00-04:00",
        ["2024-11-02T09:00:00-04:00", "2024-11-03T09:00:00-05:00", "2024-11-04T09:00:00-05:00"],
    ),
    "new-york-0230-gap": (
        "America/New_York", timedelta(days=1), "2024-03-01T02:30", "2024-03-08T12:00:00-05:00",
        ["2024-03-09T02:30:00-05:00", "2024-03-10T03:30:00-04:00", "2024-03-11T02:30:00-04:00"],
    ),
    "new-york-hourly-fold": (
        "America/New_York", timedelta(hours=1), "2024-11-01T00:00", "2024-11-03T00:30:00-04:00",
        ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T02:00:00-05:00"],
    ),
    "lord-howe-30min-fold": (
        "Australia/Lord_Howe", timedelta(minutes=30), "2024-04-06T00:00", "2024-04-07T00:45:00+11:00",
        ["2024-04-07T01:00:00+11:00", "2024-04-07T01:30:00+11:00", "2024-04-07T01:30:00+10:30",
         "2024-04-07T02:00:00+10:30"],
    ),
}


class TestRealScheduler:
    @pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
    def test_fires_on_the_schedule(self, case):
        zone, interval, anchor, start, hand = case
        trigger = IntervalScheduleTrigger(interval, anchor, zone, start_time=at(start))
        n = 6 if interval >= timedelta(days=1) else 30
        fired = [d.isoformat() for d in run_scheduler(trigger, at(start), n)]
        assert fired[: len(hand)] == hand
        assert fired == [d.isoformat() for d in trigger.schedule.get_dates(n, start=at(start))]

    def test_peer_interval_trigger_on_the_same_clock(self):
        # APScheduler 4's own IntervalTrigger(hours=1) adds an hour to a zoned datetime
        # (wall-clock arithmetic), so it never fires at the second 01:00 of the fall-back.
        start = at("2024-11-03T00:30:00-04:00")
        from zoneinfo import ZoneInfo

        peer = IntervalTrigger(hours=1, start_time=datetime(2024, 11, 3, 1, tzinfo=ZoneInfo("America/New_York")))
        fired = [d.isoformat() for d in run_scheduler(peer, start, 3)]
        assert fired == ["2024-11-03T01:00:00-04:00", "2024-11-03T02:00:00-05:00", "2024-11-03T03:00:00-05:00"]


class TestState:
    def test_json_and_pickle_serializers_keep_the_schedule_and_position(self):
        trigger = IntervalScheduleTrigger(timedelta(hours=1), "2024-11-01T00:00", "America/New_York",
                                          start_time="2024-11-03T00:30:00-04:00", fold="later")
        assert str(trigger.next()) == "2024-11-03 01:00:00-04:00"
        for serializer in (JSONSerializer(), PickleSerializer()):
            clone = serializer.deserialize(serializer.serialize(trigger))
            assert clone == trigger and clone is not trigger
            assert str(clone.next()) == "2024-11-03 01:00:00-05:00"  # it resumes after the last fire time

    def test_state_is_plain_values_with_a_version(self):
        trigger = IntervalScheduleTrigger(3600, "2024-01-01T00:00:00Z", start_time="2024-01-01T00:00:00Z")
        assert trigger.__getstate__() == {
            "version": 2, "interval_us": 3_600_000_000, "anchor_utc_us": 1_704_067_200_000_000,
            "timezone": "UTC", "gap": "shift", "fold": "earlier", "anchor_tz": "UTC", "tz_source": None,
            "start_utc_us": 1_704_067_200_000_000, "last_fire_utc_us": None,
        }
        clone = IntervalScheduleTrigger.__new__(IntervalScheduleTrigger)
        with pytest.raises(InvalidScheduleError, match="state of version 3; this interval_schedule reads versions 1 to 2"):
            clone.__setstate__({**trigger.__getstate__(), "version": 3})
        with pytest.raises(InvalidScheduleError, match="start_utc_us in IntervalScheduleTrigger state must be an int, got None"):
            clone.__setstate__({**trigger.__getstate__(), "start_utc_us": None})
        assert pickle.loads(pickle.dumps(trigger)) == trigger

    def test_state_keeps_the_anchors_own_offset(self):
        # The anchor given at +05:30 in a New York schedule; JSON state (as APScheduler 4 stores it) round trip.
        trigger = IntervalScheduleTrigger(86400, "2024-03-01T09:00:00+05:30", "America/New_York", start_time="2024-03-10T00:00:00Z")
        state = trigger.__getstate__()
        assert state["anchor_tz"] == 19800 and state["tz_source"] is None
        clone = JSONSerializer().deserialize(JSONSerializer().serialize(trigger))
        assert clone.schedule.anchor_date.isoformat() == "2024-03-01T09:00:00+05:30"
        # 09:00+05:30 = 03:30Z = 22:30 EST the day before: a daily wall-clock time in New York; the start,
        # 2024-03-10T00:00Z, is 19:00 EST on 9 March, so the first fire is 22:30 that evening, then 22:30 EDT.
        assert [str(clone.next()) for _ in range(2)] == ["2024-03-09 22:30:00-05:00", "2024-03-10 22:30:00-04:00"]

    def test_from_schedule_and_dict(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York")
        a = IntervalScheduleTrigger.from_schedule(s, start_time="2024-03-10T00:00")
        b = IntervalScheduleTrigger.from_dict(s.to_dict(), start_time="2024-03-10T00:00")
        assert a == b and str(a.next()) == "2024-03-10 03:30:00-04:00"

    @pytest.mark.parametrize("args, kwargs", [((0, "2024-01-01T00:00Z"), {}), ((3600, "2024-01-01T00:00Z", "Nowhere/Land"), {}),
                                              ((3600, "2024-01-01T00:00Z"), {"fold": "both"})])
    def test_same_errors_as_interval_schedule(self, args, kwargs):
        with pytest.raises(IntervalScheduleError) as theirs:
            IntervalSchedule(*args, **kwargs)
        with pytest.raises(type(theirs.value)) as ours:
            IntervalScheduleTrigger(*args, **kwargs)
        assert str(ours.value) == str(theirs.value)


def test_the_3x_adapter_names_its_extra_when_4_is_installed():
    import importlib

    with pytest.raises(ImportError, match=r"needs APScheduler 3.x; install it with: pip install 'interval_schedule\[apscheduler\]'"):
        importlib.import_module("interval_schedule.adapters.apscheduler")
