"""An APScheduler 3.x trigger that fires on :class:`~interval_schedule.IntervalSchedule` semantics.

Needs APScheduler 3.x: ``pip install 'interval_schedule[apscheduler]'``.

>>> from datetime import datetime, timedelta
>>> from interval_schedule.adapters.apscheduler import IntervalScheduleTrigger
>>> trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-11-01T09:00", "America/New_York")
>>> now = datetime.fromisoformat("2024-11-02T12:00:00-04:00")
>>> first = trigger.get_next_fire_time(None, now)
>>> str(first), str(trigger.get_next_fire_time(first, now))
('2024-11-03 09:00:00-05:00', '2024-11-04 09:00:00-05:00')

APScheduler itself calls ``get_next_fire_time``; you pass the trigger to
``add_job`` (docs/schedulers.md has the whole example):
``scheduler.add_job(func, IntervalScheduleTrigger(...))``.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import Any

import numpy as np

try:
    from apscheduler.triggers.base import BaseTrigger
except ImportError as exc:  # not installed, or APScheduler 4 (which has no triggers.base)
    raise ImportError(
        "interval_schedule.adapters.apscheduler needs APScheduler 3.x; "
        "install it with: pip install 'interval_schedule[apscheduler]'"
    ) from exc

from .._units import US
from ..errors import InvalidIntervalError, ScheduleTypeError, shorten
from ..missed import MissedPolicy, MissedRuns, missed_runs
from ..schedule import IntervalSchedule, Profile
from ..tz import FoldPolicy, GapPolicy
from ._common import (
    aware_utc_us,
    checked_state,
    fire_datetime,
    first_after,
    occurrence_at_or_before,
    schedule_from_state,
    schedule_state,
)

__all__ = ["IntervalScheduleTrigger"]

#: The version of the pickled state (``__getstate__``); bump it when the state changes shape.
STATE_VERSION = 2  # 2 adds the anchor's own zone and the tz source (_common.schedule_state)


def _check_jitter(jitter: object, schedule: IntervalSchedule) -> float | None:
    """``None`` or a finite number of seconds in ``[0, interval)``."""
    if jitter is None:
        return None
    if isinstance(jitter, bool) or not isinstance(jitter, (int, float)):
        raise ScheduleTypeError(f"jitter must be a number of seconds or None, not {type(jitter).__name__} ({shorten(jitter)})")
    if isinstance(jitter, float) and not math.isfinite(jitter) or jitter < 0 or jitter * US >= schedule.interval_us:
        raise InvalidIntervalError(
            f"jitter must be at least 0 seconds and shorter than the interval ({schedule.interval}), got {shorten(jitter)}"
        )
    return jitter or None  # 0 means no jitter, as in APScheduler


class IntervalScheduleTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 has no type hints: BaseTrigger is Any
    """Fires on the occurrences of ``IntervalSchedule(interval, anchor_date, timezone, gap=, fold=)``.

    The arguments are validated exactly as :class:`~interval_schedule.IntervalSchedule`
    validates them (same errors); a naive *anchor_date* is wall time in *timezone*.

    ``get_next_fire_time(previous_fire_time, now)`` returns the first
    occurrence at or after *now* when *previous_fire_time* is ``None`` (a new
    or resumed job), else the first occurrence strictly after the occurrence
    *previous_fire_time* belongs to, however far in the past: APScheduler
    itself decides what to do with missed runs (``coalesce``,
    ``misfire_grace_time``).  Both arguments must be aware, as APScheduler
    always passes them; a naive one raises
    :class:`~interval_schedule.errors.InvalidDatetimeError`.  Fire times are
    stdlib datetimes with the fixed UTC offset in force at that instant in
    *timezone* (exact arithmetic, no zone lookup when unpickled).

    *jitter*: ``None`` or up to this many seconds (less than the interval) added
    at random to each fire time, on the UTC timeline.  The next fire time is
    computed from the occurrence, not from the delayed time, so jitter never
    accumulates (APScheduler's ``IntervalTrigger`` adds its interval to the
    jittered time, so its runs wander).

    >>> IntervalScheduleTrigger(3600, "2024-11-03T00:00:00-04:00", "America/New_York", jitter=30)
    IntervalScheduleTrigger(interval=datetime.timedelta(seconds=3600), anchor_date='2024-11-03T00:00:00-04:00', timezone='America/New_York', jitter=30)
    >>> print(IntervalScheduleTrigger(86400, "2024-11-01T09:00", "America/New_York", fold="later"))
    interval_schedule[1 day, 0:00:00 from 2024-11-01T09:00:00-04:00 in America/New_York, fold=later]
    """

    __slots__ = ("schedule", "jitter")
    schedule: IntervalSchedule
    jitter: float | None

    def __init__(
        self,
        interval: object,
        anchor_date: object = None,
        timezone: str | None = None,
        *,
        gap: GapPolicy = "shift",
        fold: FoldPolicy = "earlier",
        jitter: float | None = None,
    ) -> None:
        self._set(IntervalSchedule(interval, anchor_date, timezone, gap=gap, fold=fold), jitter)

    def _set(self, schedule: IntervalSchedule, jitter: object) -> None:
        self.schedule = schedule
        self.jitter = _check_jitter(jitter, schedule)

    @classmethod
    def from_schedule(cls, schedule: IntervalSchedule, *, jitter: float | None = None) -> IntervalScheduleTrigger:
        """A trigger firing on *schedule*'s occurrences."""
        if not isinstance(schedule, IntervalSchedule):
            raise ScheduleTypeError(f"schedule must be an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
        trigger = cls.__new__(cls)
        trigger._set(schedule, jitter)
        return trigger

    @classmethod
    def from_dict(cls, data: object, *, profile: Profile = "standard", jitter: float | None = None) -> IntervalScheduleTrigger:
        """A trigger from a Prefect schedule document, read as :meth:`IntervalSchedule.from_dict` reads it.

        ``profile="prefect"`` reads the document as Prefect does (a naive
        anchor is UTC); the trigger always fires on the standard semantics.

        >>> doc = {"interval": 86400.0, "anchor_date": "2024-03-08T02:30:00-05:00", "timezone": "America/New_York"}
        >>> IntervalScheduleTrigger.from_dict(doc).schedule.to_dict() == doc
        True
        """
        return cls.from_schedule(IntervalSchedule.from_dict(data, profile=profile), jitter=jitter)

    # ------------------------------------------------------------- the trigger

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        """The next fire time (see the class docstring), or ``None`` past year 9999."""
        now_us = aware_utc_us(now, "now", "APScheduler")
        if previous_fire_time is None:
            next_us = self.schedule.core.next_at_or_after(now_us)
        else:
            previous_us = aware_utc_us(previous_fire_time, "previous_fire_time", "APScheduler")
            if self.jitter:
                # A jittered fire time lies after its occurrence, by less than the interval.
                base_us = occurrence_at_or_before(self.schedule, previous_us)
                previous_us = previous_us if base_us is None else base_us
            next_us = first_after(self.schedule, previous_us)
        if next_us is None:
            return None
        if self.jitter:  # never past the last instant that exists (year 9999)
            next_us = min(next_us + round(random.uniform(0, self.jitter) * US), self.schedule.core.hi)
        return fire_datetime(next_us, self.schedule.timezone, self.schedule.tz_source)

    def missed_runs(
        self, last_fire_time: datetime, now: datetime, policy: MissedPolicy = "all", *, grace: timedelta | None = None
    ) -> MissedRuns:
        """:func:`~interval_schedule.missed.missed_runs` for this trigger's schedule, on aware datetimes.

        APScheduler does its own catch-up (``coalesce``, ``misfire_grace_time``;
        docs/schedulers.md); this is for an audit, e.g. what a job store
        restart will run: ``coalesce=False`` runs ``policy="all"``,
        ``coalesce=True`` runs ``"latest"``, each with
        ``grace=timedelta(seconds=misfire_grace_time)``.  Counted in closed
        form, where APScheduler lists every missed run time.

        >>> from datetime import timedelta
        >>> trigger = IntervalScheduleTrigger(timedelta(days=1), "2024-10-01T09:00", "America/New_York")
        >>> m = trigger.missed_runs(datetime.fromisoformat("2024-11-02T09:00-04:00"), datetime.fromisoformat("2024-11-05T12:00-05:00"))
        >>> m.missed, [d.isoformat() for d in m.dates()]
        (3, ['2024-11-03T09:00:00-05:00', '2024-11-04T09:00:00-05:00', '2024-11-05T09:00:00-05:00'])
        """
        last_us = aware_utc_us(last_fire_time, "last_fire_time", "APScheduler")
        now_us = aware_utc_us(now, "now", "APScheduler")
        if self.jitter:  # a jittered fire time stands for its occurrence
            base_us = occurrence_at_or_before(self.schedule, last_us)
            last_us = last_us if base_us is None else base_us
        return missed_runs(self.schedule, np.datetime64(last_us, "us"), np.datetime64(now_us, "us"), policy, grace=grace)

    # ---------------------------------------------------------------- pickling

    def __getstate__(self) -> dict[str, Any]:
        """Plain values only (ints, strings), so any job store can hold them."""
        return {**schedule_state(self.schedule, STATE_VERSION), "jitter": self.jitter}

    def __setstate__(self, state: object) -> None:
        state = checked_state(state, (1, STATE_VERSION), f"pickled {type(self).__name__}")
        self._set(schedule_from_state(state), state["jitter"])

    # ----------------------------------------------------------------- display

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IntervalScheduleTrigger):
            return NotImplemented
        return (self.schedule, self.jitter) == (other.schedule, other.jitter)

    def __hash__(self) -> int:
        return hash((self.schedule, self.jitter))

    def _options(self) -> list[tuple[str, object]]:
        s = self.schedule
        return [
            (name, value)
            for name, value, default in (("gap", s.gap, "shift"), ("fold", s.fold, "earlier"), ("jitter", self.jitter, None))
            if value != default
        ]

    def __repr__(self) -> str:
        s = self.schedule
        extra = "".join(f", {name}={value!r}" for name, value in self._options())
        return (
            f"{type(self).__name__}(interval={s.interval!r}, anchor_date={s.anchor_date.isoformat()!r}, "
            f"timezone={s.timezone!r}{extra})"
        )

    def __str__(self) -> str:
        s = self.schedule
        extra = "".join(f", {name}={value}" for name, value in self._options())
        return f"interval_schedule[{s.interval} from {s.anchor_date.isoformat()} in {s.timezone}{extra}]"
