"""Missed runs and catch-up: what a scheduler should run after downtime.

A scheduler that last ran at ``last_run`` and wakes at ``now`` has *missed*
every occurrence ``t`` with ``last_run < t <= now``.  Which of them it should
still run is a policy:

``"all"``
    every missed occurrence (a backfill);
``"latest"``
    only the last missed occurrence (APScheduler's ``coalesce``, Celery beat's
    and Kubernetes CronJob's behaviour): one run stands for all of them;
``"none"``
    none: the schedule resumes with its next occurrence after ``now``.

**grace** (APScheduler's ``misfire_grace_time``): a missed occurrence ``t`` is
still run only when it is at most *grace* late, ``now - t <= grace``; older ones
*expire*.  The policy applies to the occurrences that have not expired:
``"latest"`` runs the last missed occurrence only when it is within grace.
``grace=None`` (the default) means no limit; ``grace=timedelta(0)`` keeps only
an occurrence exactly at ``now``.

Counting is closed form (:meth:`IntervalSchedule.count`), so a year of missed
1-minute runs costs nothing until the runs are listed, and listing is bounded
by ``limit`` (:class:`~interval_schedule.errors.LimitExceededError` beyond it).

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> every_minute = IntervalSchedule(timedelta(minutes=1), "2024-01-01T00:00:00Z")
>>> m = missed_runs(every_minute, "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")
>>> m.missed, m.to_run
(527040, 527040)
>>> latest = missed_runs(every_minute, "2024-01-01T00:00:00Z", "2024-06-01T12:00:30Z", "latest")
>>> [d.isoformat() for d in latest.dates()]
['2024-06-01T12:00:00+00:00']
>>> graced = missed_runs(every_minute, "2024-01-01T00:00:00Z", "2024-06-01T12:00:30Z", grace=timedelta(minutes=2))
>>> graced.missed - graced.expired, [d.isoformat() for d in graced.dates()]
(2, ['2024-06-01T11:59:00+00:00', '2024-06-01T12:00:00+00:00'])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pendulum

from ._convert import instant_us, pendulum_list
from ._limits import DEFAULT_LIST_LIMIT, check_count
from ._missed import MISSED_POLICIES, MissedPolicy, check_grace, check_missed_policy
from ._series import window_us
from .batch import BatchMissedRuns
from .errors import InvalidQueryError, LimitExceededError, ScheduleTypeError, shorten

if TYPE_CHECKING:
    from .batch import ScheduleBatch
    from .schedule import IntervalSchedule

__all__ = ["MISSED_POLICIES", "MissedPolicy", "MissedRuns", "BatchMissedRuns", "CatchUp", "missed_runs", "batch_missed_runs"]

@dataclass(frozen=True)
class MissedRuns:
    """The missed occurrences of one schedule in ``(last_run, now]`` and which of them to run.

    *missed*: how many occurrences lie in ``(last_run, now]``; *expired*: how
    many of those are more than *grace* late; *to_run*: how many the policy
    runs.  All three are counted in closed form; :meth:`dates` lists the runs.
    """

    schedule: IntervalSchedule
    last_run_us: int
    now_us: int
    policy: str
    grace_us: int | None
    missed: int
    expired: int
    to_run: int

    @property
    def eligible_start_us(self) -> int:
        """The first instant a missed occurrence may have and still run: ``max(last_run + 1 µs, now - grace)``."""
        lo = self.last_run_us + 1
        return lo if self.grace_us is None else max(lo, self.now_us - self.grace_us)

    def dates_us(self, *, limit: int = DEFAULT_LIST_LIMIT) -> np.ndarray:
        """The runs to make, ascending, as int64 UTC microseconds (more than *limit*: LimitExceededError)."""
        limit = check_count(limit, "limit")
        if self.to_run > limit:
            raise LimitExceededError(
                f"{self.to_run} missed runs to list, more than limit={limit}; use policy 'latest', a grace period or a larger limit"
            )
        if not self.to_run:
            return np.empty(0, dtype=np.int64)
        core = self.schedule.core
        if self.policy == "latest":
            last = core.previous_before(self.now_us + 1)
            return np.array([last], dtype=np.int64)
        return window_us(core, self.eligible_start_us, self.now_us, self.to_run)

    def dates(self, *, limit: int = DEFAULT_LIST_LIMIT) -> list[pendulum.DateTime]:
        """:meth:`dates_us` as pendulum DateTimes in the schedule's zone."""
        return pendulum_list(self.dates_us(limit=limit), self.schedule.timezone)


def missed_runs(
    schedule: IntervalSchedule,
    last_run: object,
    now: object,
    policy: MissedPolicy = "all",
    *,
    grace: timedelta | None = None,
) -> MissedRuns:
    """The occurrences of *schedule* in ``(last_run, now]`` and which to run by *policy* and *grace* (module docstring).

    *last_run* and *now* are instants (naive values are wall time in the
    schedule's zone, as every query bound); *last_run* after *now* raises
    :class:`~interval_schedule.errors.InvalidQueryError`.  Nothing is listed
    until :meth:`MissedRuns.dates` is called.

    >>> from interval_schedule import IntervalSchedule
    >>> daily = IntervalSchedule(86400, "2024-03-01T02:30", "America/New_York")
    >>> m = missed_runs(daily, "2024-03-09T12:00", "2024-03-12T12:00")
    >>> m.missed, [d.isoformat() for d in m.dates()]
    (3, ['2024-03-10T03:30:00-04:00', '2024-03-11T02:30:00-04:00', '2024-03-12T02:30:00-04:00'])
    """
    from .schedule import IntervalSchedule

    if not isinstance(schedule, IntervalSchedule):
        raise ScheduleTypeError(f"missed_runs needs an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
    checked = check_missed_policy(policy)
    grace_us = check_grace(grace)
    last_us = schedule.utc_us(last_run, "last_run")
    now_us = schedule.utc_us(now, "now")
    if last_us > now_us:
        raise InvalidQueryError(f"last_run {shorten(last_run)} is after now {shorten(now)}")
    core = schedule.core
    missed = core.count(last_us + 1, now_us) if last_us < now_us else 0
    start = last_us + 1 if grace_us is None else max(last_us + 1, now_us - grace_us)
    eligible = core.count(start, now_us) if start <= now_us else 0
    to_run = {"all": eligible, "latest": min(eligible, 1), "none": 0}[checked]
    return MissedRuns(schedule, last_us, now_us, checked, grace_us, missed, missed - eligible, to_run)


# --------------------------------------------------------------------- batch


def batch_missed_runs(batch: ScheduleBatch, last_runs: object, now: object, policy: str = "all", *, grace: object = None) -> BatchMissedRuns:
    """:meth:`ScheduleBatch.missed_runs`: per schedule, the occurrences in ``(last_runs[i], now]``.

    *last_runs*: one aware instant for all, or a ``datetime64`` array with one
    per schedule; *now* likewise.  Counts are closed form (vectorized
    :meth:`~interval_schedule.batch.ScheduleBatch.count_between`).
    """
    return batch.missed_runs(last_runs, now, policy, grace=grace)


# ------------------------------------------------------------------ planner


@dataclass(frozen=True)
class CatchUp:
    """The planner's catch-up request: ``plan_runs(..., catch_up=CatchUp(last_run, "latest"))``.

    The scheduler last planned at *last_run*; the runs missed since then, in
    ``(last_run, now)`` (``now`` itself is a regular run), are selected by
    *policy* and *grace* as in :func:`missed_runs` and planned before the
    regular runs, with ``catch_up=True``.  At most *limit* per schedule
    (:class:`~interval_schedule.errors.LimitExceededError` beyond it).
    """

    last_run: Any
    policy: MissedPolicy = "latest"
    grace: timedelta | None = None
    limit: int = 1000

    def __post_init__(self) -> None:
        check_missed_policy(self.policy)
        check_grace(self.grace)
        check_count(self.limit, "catch_up limit")
        instant_us(self.last_run, "catch_up last_run")

    @property
    def last_run_us(self) -> int:
        return instant_us(self.last_run, "catch_up last_run")

    def dates_us(self, schedule: IntervalSchedule, now_us: int) -> list[int]:
        """The catch-up runs of *schedule* at *now_us*: missed runs in ``(last_run, now)``."""
        last = self.last_run_us
        if last >= now_us - 1:
            return []
        m = missed_runs(
            schedule, np.datetime64(last, "us"), np.datetime64(now_us - 1, "us"), self.policy, grace=self.grace
        )
        dates: list[int] = m.dates_us(limit=self.limit).tolist()
        return dates
