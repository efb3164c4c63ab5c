"""Drive the real schedulers (APScheduler 3.x, Celery beat) on a fake clock, for the adapter tests.

Both run their own code unchanged; only the clock is fake (time-machine, which
moves ``datetime.now`` and ``time.time`` for every thread).  Neither loop
sleeps on real time to reach a run:

* APScheduler's thread waits on an ``Event`` with a real timeout; the driver
  moves the clock to the job's next run time and calls ``wakeup()``, then
  waits for the scheduler's own "job submitted" event, which it dispatches
  after it has stored the job's next run time.
* Beat's ``tick()`` returns how long it wants to sleep; the driver moves the
  clock by exactly that much instead of sleeping.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import time_machine
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from celery import Celery
from celery.beat import PersistentScheduler, Scheduler
from celery.signals import after_task_publish

UTC = timezone.utc
#: How long to wait (real seconds) for APScheduler's thread to answer one wakeup.
EVENT_TIMEOUT_S = 10


# (zone, interval, anchor (wall time in zone), clock start, hand-worked first fire times)
DST_CASES = {
    # Daily 09:00 stays 09:00 across spring-forward (APScheduler's own trigger moves to 10:00 EDT).
    "new-york-daily-spring": (
        "America/New_York", timedelta(days=1), "2024-03-01T09:00", "2024-03-08T12:00:00-05:00",
        ["2024-03-09T09:00:00-05:00", "2024-03-10T09:00:00-04:00", "2024-03-11T09:00:00-04:00",
         "2024-03-12T09:00:00-04:00", "2024-03-13T09:00:00-04:00"],
    ),
    # ... and across fall-back.
    "new-york-daily-fall": (
        "America/New_York", timedelta(days=1), "2024-10-01T09:00", "2024-11-01T12:00:00-04:00",
        ["2024-11-02T09:00:00-04:00", "2024-11-03T09:00:00-05:00", "2024-11-04T09:00:00-05:00",
         "2024-11-05T09:00:00-05:00", "2024-11-06T09:00:00-05:00"],
    ),
    # 02:30 does not exist on 2024-03-10: 03:30 that day only.
    "new-york-0230-gap": (
        "America/New_York", timedelta(days=1), "2024-03-01T02:30", "2024-03-08T12:00:00-05:00",
        ["2024-03-09T02:30:00-05:00", "2024-03-10T03:30:00-04:00", "2024-03-11T02:30:00-04:00",
         "2024-03-12T02:30:00-04:00"],
    ),
    # Hourly fires at both 01:00s of 2024-11-03 (an hour apart).
    "new-york-hourly-fold": (
        "America/New_York", timedelta(hours=1), "2024-11-01T00:00", "2024-11-03T00:30:00-04:00",
        ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T02:00:00-05:00",
         "2024-11-03T03:00:00-05:00"],
    ),
    # Lord Howe's 30-minute spring-forward (2024-10-06 02:00 +10:30 -> 02:30 +11:00): 02:15 becomes 02:45.
    "lord-howe-daily-gap": (
        "Australia/Lord_Howe", timedelta(days=1), "2024-10-01T02:15", "2024-10-04T12:00:00+10:30",
        ["2024-10-05T02:15:00+10:30", "2024-10-06T02:45:00+11:00", "2024-10-07T02:15:00+11:00",
         "2024-10-08T02:15:00+11:00"],
    ),
    # Its 30-minute fall-back (2024-04-07 02:00 +11:00 -> 01:30 +10:30): every real half hour, 01:30 twice.
    "lord-howe-30min-fold": (
        "Australia/Lord_Howe", timedelta(minutes=30), "2024-04-06T00:00", "2024-04-07T00:45:00+11:00",
        ["2024-04-07T01:00:00+11:00", "2024-04-07T01:30:00+11:00", "2024-04-07T01:30:00+10:30",
         "2024-04-07T02:00:00+10:30", "2024-04-07T02:30:00+10:30"],
    ),
}


def noop() -> None:
    """The job APScheduler runs (module level, so SQLAlchemyJobStore can store a reference to it)."""


class APSchedulerRun:
    """A real BackgroundScheduler with one job, whose clock the test moves.

    Use as a context manager inside ``time_machine.travel(..., tick=False)``;
    ``fire(n)`` moves the clock to the job's next run time *n* times and
    returns the run times APScheduler submitted.  The scheduler is shut down
    (its thread joined) on exit.
    """

    def __init__(self, traveller: Any, timezone: str = "UTC", jobstores: dict | None = None) -> None:
        self.traveller = traveller
        self.events: queue.Queue = queue.Queue()  # submissions, dispatched by the scheduler's thread
        self.outcomes: queue.Queue = queue.Queue()  # executed or missed, dispatched by the executor
        self.finished: list = []  # the outcome events wake_at() has waited for
        self.scheduler = BackgroundScheduler(
            timezone=timezone,
            jobstores=jobstores or {},
            executors={"default": ThreadPoolExecutor(1)},
            # No grace limit: the fake clock is exactly on time anyway, and
            # the restart tests set their own.
            job_defaults={"misfire_grace_time": None, "coalesce": True},
        )
        self.scheduler.add_listener(self.events.put, EVENT_JOB_SUBMITTED)
        self.scheduler.add_listener(self.outcomes.put, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)

    def __enter__(self) -> APSchedulerRun:
        self.scheduler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.scheduler.shutdown(wait=True)

    def next_run_time(self, job_id: str = "job") -> datetime | None:
        job = self.scheduler.get_job(job_id)
        return None if job is None else job.next_run_time

    def wake_at(self, when: datetime) -> list[datetime]:
        """Move the clock to *when*, wake the scheduler, return the run times it submitted then."""
        self.traveller.move_to(when)
        self.scheduler.wakeup()
        event = self.events.get(timeout=EVENT_TIMEOUT_S)
        run_times = list(event.scheduled_run_times)
        # Wait for the runs to finish too: APScheduler skips a run while the
        # previous instance still counts against max_instances.
        self.finished.extend(self.outcomes.get(timeout=EVENT_TIMEOUT_S) for _ in run_times)
        return run_times

    def fire(self, n: int, job_id: str = "job") -> list[datetime]:
        out: list[datetime] = []
        for _ in range(n):
            when = self.next_run_time(job_id)
            assert when is not None, "the job has no next run time"
            out.extend(self.wake_at(when))
        return out


#: The fake time one tick of beat's busy wait takes (see run_beat).
SPIN = timedelta(milliseconds=1)


def _whole_ms(d: datetime) -> datetime:
    return d.replace(microsecond=round(d.microsecond, -3) % 1_000_000) + timedelta(seconds=d.microsecond >= 999_500)


def make_celery_app(beat_schedule: dict, *, timezone: str = "UTC", enable_utc: bool = True) -> Celery:
    """A Celery app on the in-memory broker (beat publishes its tasks by name; no worker runs them).

    ``result_expires=None`` keeps beat from adding its own daily
    ``celery.backend_cleanup`` entry.
    """
    app = Celery("adapters_test", broker="memory://", set_as_current=False)
    app.conf.update(timezone=timezone, enable_utc=enable_utc, beat_schedule=beat_schedule, result_expires=None)
    return app


def run_beat(
    app: Celery,
    traveller: Any,
    until: datetime,
    *,
    schedule_file: Path | None = None,
    max_ticks: int = 20_000,
) -> list[datetime]:
    """Tick a real beat scheduler from the clock's current time until *until*; the UTC times it published a task.

    With *schedule_file*, beat is the default ``PersistentScheduler`` (its
    shelve holds the pickled entries); without, the in-memory ``Scheduler``.
    """
    published: list[datetime] = []

    names = {e["task"] for e in app.conf.beat_schedule.values()}  # beat's own entries aside

    def on_publish(sender: object = None, **kwargs: object) -> None:
        if sender in names:
            published.append(datetime.now(UTC))

    after_task_publish.connect(on_publish, weak=False)
    beat: Scheduler
    if schedule_file is None:
        beat = Scheduler(app=app)
    else:
        beat = PersistentScheduler(app=app, schedule_filename=str(schedule_file))
    try:
        now = datetime.now(UTC)
        for _ in range(max_ticks):
            sent = len(published)
            delay = beat.tick()
            if delay == 0 and len(published) > sent:  # it just sent a task; ask again at the same instant
                continue
            # Beat wakes 10 ms early (Scheduler.adjust) and then asks again at
            # once until the entry is due: on a real clock that spin lasts
            # 10 ms; on a frozen one it would never end, so each such tick
            # takes SPIN of fake time.  Whole milliseconds keep float
            # round-off in beat's timestamps from landing a run 1 us late.
            now = _whole_ms(now + max(timedelta(seconds=delay), SPIN))
            if now > until:
                break
            traveller.move_to(now)
        else:
            raise AssertionError(f"beat did not reach {until} in {max_ticks} ticks")
    finally:
        beat.close()
        after_task_publish.disconnect(on_publish)
    return published


def travel(start: datetime) -> Callable:
    """``time_machine.travel(start, tick=False)``: a frozen clock the drivers move."""
    return time_machine.travel(start, tick=False)
