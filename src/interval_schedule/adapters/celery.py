"""A Celery beat schedule that fires on :class:`~interval_schedule.IntervalSchedule` semantics.

Needs Celery: ``pip install 'interval_schedule[celery]'``.

>>> from datetime import datetime, timedelta, timezone
>>> from interval_schedule.adapters.celery import IntervalBeatSchedule
>>> clock = datetime(2024, 11, 3, 13, 0, tzinfo=timezone.utc)  # 08:00 EST, fall-back day
>>> daily = IntervalBeatSchedule(timedelta(days=1), "2024-11-01T09:00", "America/New_York", nowfun=lambda: clock)
>>> daily.is_due(datetime(2024, 11, 2, 13, 0, tzinfo=timezone.utc))  # last run 09:00 EDT yesterday
schedstate(is_due=False, next=3600.0)
>>> daily.remaining_estimate(datetime(2024, 11, 2, 13, 0, tzinfo=timezone.utc))
datetime.timedelta(seconds=3600)

Use it as the ``schedule`` of a ``beat_schedule`` entry (docs/schedulers.md
has the whole example).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

try:
    from celery.schedules import BaseSchedule, schedstate
except ImportError as exc:
    raise ImportError(
        "interval_schedule.adapters.celery needs Celery; install it with: pip install 'interval_schedule[celery]'"
    ) from exc

import numpy as np

from .._convert import parse_moment
from .._limits import check_count
from .._missed import check_grace, check_missed_policy
from .._units import ONE_US, US
from ..errors import ScheduleTypeError, shorten
from ..missed import MissedPolicy, missed_runs
from ..schedule import IntervalSchedule, Profile
from ..tz import FoldPolicy, GapPolicy
from ._common import checked_state, first_after, occurrence_at_or_before, schedule_from_state, schedule_state

__all__ = ["IntervalBeatSchedule"]

#: The version of the pickled state (``__reduce__``); bump it when the state changes shape.
#: Version 2 added the catch-up policy; version 1 states load with the defaults.
STATE_VERSION = 3  # 3 adds the anchor's own zone and the tz source (_common.schedule_state)
#: How late an occurrence may be and still count as on time, not missed, under ``catch_up="none"``.
ON_TIME = timedelta(seconds=60)
#: The time between two queued catch-up runs of ``catch_up="all"`` (beat's clock).
CATCH_UP_PACE = timedelta(seconds=1)
#: The default bound on the runs ``catch_up="all"`` makes after one downtime (the most recent ones).
DEFAULT_CATCH_UP_LIMIT = 100
#: How long beat waits before asking again once the schedule has no occurrence left (past year 9999).
_ENDED_RECHECK_S = 86_400.0


class IntervalBeatSchedule(BaseSchedule):  # type: ignore[misc]  # Celery has no type hints: BaseSchedule is Any to mypy
    """A beat schedule due at the occurrences of ``IntervalSchedule(interval, anchor_date, timezone, gap=, fold=)``.

    The arguments are validated exactly as :class:`~interval_schedule.IntervalSchedule`
    validates them (same errors); a naive *anchor_date* is wall time in *timezone*.
    *nowfun* and *app* are Celery's: the clock is ``nowfun()`` when given,
    else the app's ``app.now()``.

    ``is_due(last_run_at)`` is due when an occurrence lies after *last_run_at*
    and at or before now.  After downtime, *catch_up* decides what to run of
    the occurrences missed in ``(last_run_at, now]``, by
    :func:`~interval_schedule.missed.missed_runs` on UTC instants:

    ``"latest"`` (the default)
        due **once**, however many were missed; beat then records now as its
        ``last_run_at``, so the next run is the first occurrence after now;
    ``"none"``
        the missed occurrences are skipped; an occurrence at most
        :data:`ON_TIME` (60 s) late is on time and runs; otherwise the entry
        waits for the next occurrence;
    ``"all"``
        due once per missed occurrence, one per :data:`CATCH_UP_PACE` (1 s), the most recent
        *catch_up_limit* (default 100) of them; the backlog lives in this
        object only (not pickled): a beat stopped mid-backlog drops the rest.

    *grace* (a timedelta, default no limit) expires missed occurrences more
    than *grace* late, as in ``missed_runs``; with ``"latest"`` the entry then
    waits for the next occurrence.
    A naive *last_run_at* or ``now()`` is read by Celery's own rule
    (``BaseSchedule.maybe_make_aware``: a naive datetime is UTC), the rule
    Celery's own schedules and django-celery-beat rely on.
    """

    schedule: IntervalSchedule

    def __init__(
        self,
        interval: object,
        anchor_date: object = None,
        timezone: str | None = None,
        *,
        gap: GapPolicy = "shift",
        fold: FoldPolicy = "earlier",
        catch_up: MissedPolicy = "latest",
        grace: timedelta | None = None,
        catch_up_limit: int = DEFAULT_CATCH_UP_LIMIT,
        nowfun: Callable[[], datetime] | None = None,
        app: Any = None,
    ) -> None:
        self.schedule = IntervalSchedule(interval, anchor_date, timezone, gap=gap, fold=fold)
        self._set_catch_up(catch_up, grace, catch_up_limit)
        super().__init__(nowfun=nowfun, app=app)

    def _set_catch_up(self, catch_up: object, grace: object, limit: object) -> None:
        self.catch_up = check_missed_policy(catch_up)
        check_grace(grace)
        self.grace = cast("timedelta | None", grace)
        self.catch_up_limit = check_count(limit, "catch_up_limit")
        self._backlog: list[int] = []  # "all": the missed runs still to make, UTC us ascending
        self._resume_us: int | None = None  # "all": occurrences up to here are queued or made
        self._offered_us: int | None = None  # "all": beat's last_run_at when the queue's head was offered
        self._not_before_us: int | None = None  # "all": the next queued run not before (CATCH_UP_PACE)

    @classmethod
    def from_schedule(
        cls,
        schedule: IntervalSchedule,
        *,
        catch_up: MissedPolicy = "latest",
        grace: timedelta | None = None,
        catch_up_limit: int = DEFAULT_CATCH_UP_LIMIT,
        nowfun: Callable[[], datetime] | None = None,
        app: Any = None,
    ) -> IntervalBeatSchedule:
        """A beat schedule due at *schedule*'s occurrences."""
        if not isinstance(schedule, IntervalSchedule):
            raise ScheduleTypeError(f"schedule must be an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
        out = cls.__new__(cls)
        out.schedule = schedule
        out._set_catch_up(catch_up, grace, catch_up_limit)
        BaseSchedule.__init__(out, nowfun=nowfun, app=app)
        return out

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        profile: Profile = "standard",
        nowfun: Callable[[], datetime] | None = None,
        app: Any = None,
    ) -> IntervalBeatSchedule:
        """From a Prefect schedule document, read as :meth:`IntervalSchedule.from_dict` reads it.

        >>> doc = {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}
        >>> IntervalBeatSchedule.from_dict(doc)
        <IntervalBeatSchedule: 1:00:00 from 2024-01-01T00:00:00+00:00 in UTC>
        """
        return cls.from_schedule(IntervalSchedule.from_dict(data, profile=profile), nowfun=nowfun, app=app)

    # ---------------------------------------------------------- Celery's API

    def _utc_us(self, value: object, what: str) -> int:
        if not isinstance(value, datetime):
            raise ScheduleTypeError(f"{what} must be a datetime, not {type(value).__name__} ({shorten(value)})")
        aware = self.maybe_make_aware(value)  # Celery's rule for naive datetimes: UTC
        return cast(int, parse_moment(aware, what).utc_us)

    def _next_due_us(self, last_run_at: datetime) -> tuple[int | None, int]:
        """(the first occurrence after *last_run_at* or ``None``, now), both UTC microseconds."""
        last_us = self._utc_us(last_run_at, "last_run_at")
        now_us = self._utc_us(self.now(), "now()")
        return first_after(self.schedule, last_us), now_us

    def remaining_estimate(self, last_run_at: datetime) -> timedelta:
        """Time from now to the first occurrence after *last_run_at* (negative when overdue)."""
        due_us, now_us = self._next_due_us(last_run_at)
        if due_us is None:
            return timedelta.max
        return timedelta(microseconds=due_us - now_us)

    def is_due(self, last_run_at: datetime) -> schedstate:
        """``schedstate(is_due, next)``: whether to run now, and the seconds until beat should ask again."""
        last_us = self._utc_us(last_run_at, "last_run_at")
        now_us = self._utc_us(self.now(), "now()")
        if self.catch_up == "all":
            return self._is_due_all(last_us, now_us)
        due_us = first_after(self.schedule, last_us)
        if due_us is None:
            return schedstate(is_due=False, next=_ENDED_RECHECK_S)
        if due_us > now_us:
            return schedstate(is_due=False, next=(due_us - now_us) / US)
        # Occurrences are due: the policy decides whether one runs now (beat
        # then records now as last_run_at) or the entry waits for the next.
        grace = self.grace
        if self.catch_up == "none":  # only an on-time occurrence runs
            grace = ON_TIME if grace is None else min(grace, ON_TIME)
        run = missed_runs(self.schedule, _at(last_us), _at(now_us), "latest", grace=grace).to_run > 0
        return self._state(run, now_us, now_us)

    def _is_due_all(self, last_us: int, now_us: int) -> schedstate:
        # Beat also asks is_due without running (when it builds its heap), so
        # a queued run counts as made only once beat's last_run_at has moved
        # past the value it had when the run was offered.
        if self._offered_us is not None and last_us != self._offered_us:
            self._backlog.pop(0)
            self._offered_us = None
            self._not_before_us = last_us + CATCH_UP_PACE // ONE_US
        if not self._backlog:
            # Occurrences up to _resume_us are queued or made already (beat's
            # last_run_at, the last catch-up run's time, is a little later).
            start_us = last_us if self._resume_us is None else min(last_us, self._resume_us)
            self._backlog = self._missed_all(start_us, now_us)
            if self._backlog:
                self._resume_us = now_us
                self._not_before_us = None
        if not self._backlog:
            due_us = first_after(self.schedule, now_us)
            return schedstate(is_due=False, next=_ENDED_RECHECK_S if due_us is None else (due_us - now_us) / US)
        if self._not_before_us is not None and now_us < self._not_before_us:
            return schedstate(is_due=False, next=(self._not_before_us - now_us) / US)
        self._offered_us = last_us
        if len(self._backlog) > 1:
            return schedstate(is_due=True, next=CATCH_UP_PACE.total_seconds())  # the next queued run
        return self._state(True, cast(int, self._resume_us), now_us)

    def _missed_all(self, last_us: int, now_us: int) -> list[int]:
        """The most recent *catch_up_limit* runs ``missed_runs(..., "all", grace=)`` selects in ``(last_us, now_us]``."""
        if last_us >= now_us:
            return []
        m = missed_runs(self.schedule, _at(last_us), _at(now_us), "all", grace=self.grace)
        if m.to_run <= self.catch_up_limit:
            return cast(list[int], m.dates_us(limit=self.catch_up_limit).tolist())
        out: list[int] = []  # more than the limit: walk back from now, at most the limit's steps
        t = occurrence_at_or_before(self.schedule, now_us)
        while t is not None and len(out) < self.catch_up_limit:
            out.append(t)
            t = occurrence_at_or_before(self.schedule, t - 1)
        return out[::-1]

    def _state(self, run: bool, after_us: int, now_us: int) -> schedstate:
        """Run now or not; ask again at the first occurrence after *after_us*."""
        following_us = first_after(self.schedule, after_us)
        if following_us is None:
            return schedstate(is_due=run, next=_ENDED_RECHECK_S)
        return schedstate(is_due=run, next=max(following_us - now_us, 0) / US)

    # --------------------------------------------------------------- pickling

    def __reduce__(self) -> tuple[Any, ...]:
        """Beat pickles its schedules into its shelve: plain values and *nowfun* (as Celery's own schedules do)."""
        state = {
            **schedule_state(self.schedule, STATE_VERSION),
            "catch_up": self.catch_up,
            "grace_us": None if self.grace is None else self.grace // ONE_US,
            "catch_up_limit": self.catch_up_limit,
            "nowfun": self.nowfun,
        }
        return (_restore, (state,))

    # ---------------------------------------------------------------- display

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IntervalBeatSchedule):
            return NotImplemented
        return self._key() == other._key() and self.nowfun == other.nowfun

    def _key(self) -> tuple[object, ...]:
        return (self.schedule, self.catch_up, self.grace, self.catch_up_limit)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        s = self.schedule
        options = (
            ("gap", s.gap, "shift"),
            ("fold", s.fold, "earlier"),
            ("catch_up", self.catch_up, "latest"),
            ("grace", self.grace, None),
            ("catch_up_limit", self.catch_up_limit, DEFAULT_CATCH_UP_LIMIT),
        )
        extra = "".join(f", {name}={value}" for name, value, default in options if value != default)
        return f"<{type(self).__name__}: {s.interval} from {s.anchor_date.isoformat()} in {s.timezone}{extra}>"


def _at(utc_us: int) -> np.datetime64:
    return np.datetime64(utc_us, "us")  # an instant (UTC) for missed_runs


def _restore(state: object) -> IntervalBeatSchedule:
    """Rebuild a pickled :class:`IntervalBeatSchedule` (validated again, as the constructor does).

    Reads versions 1 (before catch-up policies: the defaults), 2 (before the
    anchor's own zone and the tz source: the schedule's zone, the bundled tzdata) and 3.
    """
    state = checked_state(state, (1, 2, STATE_VERSION), "pickled IntervalBeatSchedule")
    schedule = schedule_from_state(state)
    grace_us = state.get("grace_us")
    return IntervalBeatSchedule.from_schedule(
        schedule,
        catch_up=state.get("catch_up", "latest"),
        grace=None if grace_us is None else timedelta(microseconds=grace_us),
        catch_up_limit=state.get("catch_up_limit", DEFAULT_CATCH_UP_LIMIT),
        nowfun=state["nowfun"],
    )
