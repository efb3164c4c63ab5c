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

from .._convert import US, parse_moment
from ..errors import InvalidScheduleError, ScheduleTypeError, shorten
from ..schedule import IntervalSchedule, Profile, _rebuild
from ..tz import FoldPolicy, GapPolicy
from ._common import first_after

__all__ = ["IntervalBeatSchedule"]

#: The version of the pickled state (``__reduce__``); bump it when the state changes shape.
STATE_VERSION = 1
#: How long beat waits before asking again once the schedule has no occurrence left (past year 9999).
_ENDED_RECHECK_S = 86_400.0


class IntervalBeatSchedule(BaseSchedule):
    """A beat schedule due at the occurrences of ``IntervalSchedule(interval, anchor_date, timezone, gap=, fold=)``.

    The arguments are validated exactly as :class:`~interval_schedule.IntervalSchedule`
    validates them (same errors); a naive *anchor_date* is wall time in *timezone*.
    *nowfun* and *app* are Celery's: the clock is ``nowfun()`` when given,
    else the app's ``app.now()``.

    ``is_due(last_run_at)`` is due when an occurrence lies after *last_run_at*
    and at or before now.  Catch-up rule: after downtime, however many
    occurrences were missed, the entry is due **once**; beat then records now
    as its ``last_run_at``, so the next run is the first occurrence after now.
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
        nowfun: Callable[[], datetime] | None = None,
        app: Any = None,
    ) -> None:
        self.schedule = IntervalSchedule(interval, anchor_date, timezone, gap=gap, fold=fold)
        super().__init__(nowfun=nowfun, app=app)

    @classmethod
    def from_schedule(
        cls, schedule: IntervalSchedule, *, nowfun: Callable[[], datetime] | None = None, app: Any = None
    ) -> IntervalBeatSchedule:
        """A beat schedule due at *schedule*'s occurrences."""
        if not isinstance(schedule, IntervalSchedule):
            raise ScheduleTypeError(f"schedule must be an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
        out = cls.__new__(cls)
        out.schedule = schedule
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
        due_us, now_us = self._next_due_us(last_run_at)
        if due_us is None:
            return schedstate(is_due=False, next=_ENDED_RECHECK_S)
        if due_us > now_us:
            return schedstate(is_due=False, next=(due_us - now_us) / US)
        # Due.  Catch-up rule "once": one run for every occurrence missed since
        # last_run_at (beat records now as the new last_run_at).  Missed-run
        # policies (a catch_up= option: skip a run missed by too long, ...)
        # would decide here, from due_us and now_us.
        following_us = first_after(self.schedule, now_us)
        if following_us is None:
            return schedstate(is_due=True, next=_ENDED_RECHECK_S)
        return schedstate(is_due=True, next=(following_us - now_us) / US)

    # --------------------------------------------------------------- pickling

    def __reduce__(self) -> tuple[Any, ...]:
        """Beat pickles its schedules into its shelve: plain values and *nowfun* (as Celery's own schedules do)."""
        s = self.schedule
        state = {
            "version": STATE_VERSION,
            "interval_us": s.interval_us,
            "anchor_utc_us": s.anchor_utc_us,
            "timezone": s.timezone,
            "gap": s.gap,
            "fold": s.fold,
            "nowfun": self.nowfun,
        }
        return (_restore, (state,))

    # ---------------------------------------------------------------- display

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IntervalBeatSchedule):
            return NotImplemented
        return (self.schedule, self.nowfun) == (other.schedule, other.nowfun)

    def __hash__(self) -> int:
        return hash(self.schedule)

    def __repr__(self) -> str:
        s = self.schedule
        extra = "".join(
            f", {name}={value}" for name, value, default in (("gap", s.gap, "shift"), ("fold", s.fold, "earlier")) if value != default
        )
        return f"<{type(self).__name__}: {s.interval} from {s.anchor_date.isoformat()} in {s.timezone}{extra}>"


def _restore(state: object) -> IntervalBeatSchedule:
    """Rebuild a pickled :class:`IntervalBeatSchedule` (validated again, as the constructor does)."""
    version = state.get("version") if isinstance(state, dict) else None
    if version != STATE_VERSION:
        raise InvalidScheduleError(
            f"cannot load pickled IntervalBeatSchedule state of version {shorten(version)}; "
            f"this interval_schedule reads version {STATE_VERSION}"
        )
    state = cast(dict, state)
    schedule = _rebuild(state["interval_us"], state["anchor_utc_us"], state["timezone"], state["gap"], state["fold"])
    return IntervalBeatSchedule.from_schedule(schedule, nowfun=state["nowfun"])
