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


def make_celery_app(beat_schedule: dict, *, timezone: str = "UTC", enable_utc: bool = True) -> Celery:
    """A Celery app on the in-memory broker with one task, ``t.noop``."""
    app = Celery("adapters_test", broker="memory://", backend=None, set_as_current=False)
    app.conf.update(timezone=timezone, enable_utc=enable_utc, beat_schedule=beat_schedule)

    @app.task(name="t.noop")
    def _noop() -> None:  # never executed: beat only publishes
        pass

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

    def on_publish(sender: object = None, **kwargs: object) -> None:
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
            delay = beat.tick()
            if delay == 0:  # it just sent a task; ask again at the same instant
                continue
            now += timedelta(seconds=delay)
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
