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
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pendulum

from ._convert import parse_moment, pendulum_list, timedelta_us
from ._limits import DEFAULT_LIST_LIMIT, check_count
from ._series import window_us
from ._units import MAX_US, MIN_US
from .errors import InvalidQueryError, LimitExceededError, ScheduleTypeError, shorten
from .tz._zone import policy_name

if TYPE_CHECKING:
    from .batch import ScheduleBatch
    from .schedule import IntervalSchedule

__all__ = ["MISSED_POLICIES", "MissedPolicy", "MissedRuns", "BatchMissedRuns", "CatchUp", "missed_runs", "batch_missed_runs"]

MissedPolicy = Literal["all", "latest", "none"]
MISSED_POLICIES: tuple[MissedPolicy, ...] = get_args(MissedPolicy)


def check_missed_policy(policy: object) -> MissedPolicy:
    return policy_name(policy, MISSED_POLICIES, "missed-run policy")  # the built-in string, as gap/fold


def check_grace(grace: object) -> int | None:
    """*grace* as microseconds (None for no limit): a non-negative timedelta."""
    if grace is None:
        return None
    if not isinstance(grace, timedelta):
        raise ScheduleTypeError(f"grace must be a timedelta or None, not {type(grace).__name__} ({shorten(grace)})")
    us = timedelta_us(grace, "grace", InvalidQueryError)  # a pendulum Duration too
    if us < 0:
        raise InvalidQueryError(f"grace must not be negative, got {shorten(grace)}")
    return min(us, MAX_US - MIN_US)


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
        core = self.schedule._core
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
    last_us = schedule._instant(last_run, "last_run")
    now_us = schedule._instant(now, "now")
    if last_us > now_us:
        raise InvalidQueryError(f"last_run {shorten(last_run)} is after now {shorten(now)}")
    core = schedule._core
    missed = core.count(last_us + 1, now_us) if last_us < now_us else 0
    start = last_us + 1 if grace_us is None else max(last_us + 1, now_us - grace_us)
    eligible = core.count(start, now_us) if start <= now_us else 0
    to_run = {"all": eligible, "latest": min(eligible, 1), "none": 0}[checked]
    return MissedRuns(schedule, last_us, now_us, checked, grace_us, missed, missed - eligible, to_run)


# --------------------------------------------------------------------- batch


@dataclass(frozen=True)
class BatchMissedRuns:
    """:func:`missed_runs` for every schedule of a batch: int64 arrays, one value per schedule.

    ``missed[i]``, ``expired[i]`` and ``to_run[i]`` are schedule *i*'s counts;
    :meth:`dates` lists the runs as two flat arrays (schedule index, instant).
    """

    batch: ScheduleBatch
    last_run_us: np.ndarray
    now_us: np.ndarray
    policy: str
    grace_us: int | None
    missed: np.ndarray
    expired: np.ndarray
    to_run: np.ndarray

    def dates(self, *, limit: int = DEFAULT_LIST_LIMIT) -> tuple[np.ndarray, np.ndarray]:
        """(schedule index (intp), instant (``datetime64[us]``)) of every run to make, by schedule then time."""
        limit = check_count(limit, "limit")
        total = sum(self.to_run.tolist())
        if total > limit:
            raise LimitExceededError(
                f"{total} missed runs to list, more than limit={limit}; use policy 'latest', a grace period or a larger limit"
            )
        if self.policy == "none" or not total:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype="datetime64[us]")
        if self.policy == "latest":
            rows = np.flatnonzero(self.to_run > 0)
            last = self.batch.previous_runs((self.now_us + 1).view("datetime64[us]"), 1).view(np.int64)[:, 0]
            return rows.astype(np.intp), last[rows].view("datetime64[us]")
        start = _eligible_start(self.last_run_us, self.now_us, self.grace_us)
        end = np.where(start <= self.now_us, self.now_us, start - 1)
        return self.batch.dates_between(start.view("datetime64[us]"), end.view("datetime64[us]"), limit=limit)


def _eligible_start(last_us: np.ndarray, now_us: np.ndarray, grace_us: int | None) -> np.ndarray:
    lo = last_us + 1
    return lo if grace_us is None else np.maximum(lo, now_us - grace_us)


def batch_missed_runs(batch: ScheduleBatch, last_runs: object, now: object, policy: str = "all", *, grace: object = None) -> BatchMissedRuns:
    """:meth:`ScheduleBatch.missed_runs`: per schedule, the occurrences in ``(last_runs[i], now]``.

    *last_runs*: one aware instant for all, or a ``datetime64`` array with one
    per schedule; *now* likewise.  Counts are closed form (vectorized
    :meth:`~interval_schedule.batch.ScheduleBatch.count_between`).
    """
    policy = check_missed_policy(policy)
    grace_us = check_grace(grace)
    last_us = batch._instants(last_runs, "last_runs")
    now_us = batch._instants(now, "now")
    bad = np.flatnonzero(last_us > now_us)
    if bad.size:
        i = int(bad[0])
        raise InvalidQueryError(
            f"last_runs[{i}] = {last_us[i].astype('datetime64[us]')} is after now = {now_us[i].astype('datetime64[us]')}"
        )
    lo = last_us + 1
    empty = lo > now_us
    missed = batch._count(*batch._index_bounds(lo, now_us))
    missed[empty] = 0
    start = _eligible_start(last_us, now_us, grace_us)
    eligible = batch._count(*batch._index_bounds(start, now_us))
    eligible[start > now_us] = 0
    to_run = {"all": eligible, "latest": np.minimum(eligible, 1), "none": np.zeros_like(eligible)}[policy]
    return BatchMissedRuns(batch, last_us, now_us, policy, grace_us, missed, missed - eligible, to_run)


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
        moment = parse_moment(self.last_run, "catch_up last_run")
        if moment.utc_us is None:
            raise InvalidQueryError(
                f"catch_up last_run {shorten(self.last_run)} has no offset; give an instant, e.g. '2024-03-10T07:30:00Z'"
            )

    @property
    def last_run_us(self) -> int:
        return parse_moment(self.last_run, "catch_up last_run").utc_us  # type: ignore[return-value]

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
