"""An APScheduler 4 (pre-release) trigger that fires on :class:`~interval_schedule.IntervalSchedule` semantics.

Needs APScheduler 4, a pre-release that cannot be installed next to 3.x:
``pip install 'interval_schedule[apscheduler4]'`` (in an environment without
APScheduler 3).  Tested against 4.0.0a6; its API may still change.

An APScheduler 4 trigger is an iterator: ``next()`` returns each fire time in
turn and the trigger remembers the last one, which is part of its state.

>>> from datetime import timedelta
>>> from interval_schedule.adapters.apscheduler4 import IntervalScheduleTrigger
>>> hourly = IntervalScheduleTrigger(timedelta(hours=1), "2024-11-03T00:00", "America/New_York",
...                                  start_time="2024-11-03T00:30:00-04:00")
>>> [str(hourly.next()) for _ in range(3)]
['2024-11-03 01:00:00-04:00', '2024-11-03 01:00:00-05:00', '2024-11-03 02:00:00-05:00']
>>> hourly.__getstate__()["last_fire_utc_us"]
1730617200000000
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

try:
    from apscheduler.abc import Trigger
except ImportError as exc:  # not installed, or APScheduler 3 (which has no abc.Trigger)
    raise ImportError(
        "interval_schedule.adapters.apscheduler4 needs APScheduler 4 (a pre-release); "
        "install it with: pip install 'interval_schedule[apscheduler4]'"
    ) from exc

from .._limits import now_utc_us
from ..errors import InvalidScheduleError, ScheduleTypeError, shorten
from ..schedule import IntervalSchedule, Profile
from ..tz import FoldPolicy, GapPolicy
from ._common import checked_state, fire_datetime, first_after, schedule_from_state, schedule_state

__all__ = ["IntervalScheduleTrigger"]

#: The version of the serialized state (``__getstate__``); bump it when the state changes shape.
STATE_VERSION = 2  # 2 adds the anchor's own zone and the tz source (_common.schedule_state)


class IntervalScheduleTrigger(Trigger):  # type: ignore[misc]  # make lint runs in .venv (APScheduler 3, no hints): Trigger is Any
    """Fires on the occurrences of ``IntervalSchedule(interval, anchor_date, timezone, gap=, fold=)``.

    The arguments are validated exactly as :class:`~interval_schedule.IntervalSchedule`
    validates them (same errors).  The first fire time is the first
    occurrence at or after *start_time* (default: now; a naive one is wall
    time in *timezone*, as for the schedule's own inputs); each ``next()``
    after that is the following occurrence.  APScheduler 4 calls ``next()``
    until a fire time lies in the future and applies its own ``coalesce`` and
    ``misfire_grace_time`` to the ones it passed.  Fire times are stdlib
    datetimes with the fixed UTC offset in force in *timezone*.

    The state (``__getstate__``) holds only ints, strings and ``None``, so
    APScheduler's JSON and pickle serializers store it.
    """

    __slots__ = ("schedule", "start_utc_us", "last_fire_utc_us")
    schedule: IntervalSchedule
    start_utc_us: int
    last_fire_utc_us: int | None

    def __init__(
        self,
        interval: object,
        anchor_date: object = None,
        timezone: str | None = None,
        *,
        gap: GapPolicy = "shift",
        fold: FoldPolicy = "earlier",
        start_time: object = None,
    ) -> None:
        schedule = IntervalSchedule(interval, anchor_date, timezone, gap=gap, fold=fold)
        self._set(schedule, start_time)

    def _set(self, schedule: IntervalSchedule, start_time: object) -> None:
        self.schedule = schedule
        self.start_utc_us = now_utc_us() if start_time is None else schedule.utc_us(start_time, "start_time")
        self.last_fire_utc_us = None

    @classmethod
    def from_schedule(cls, schedule: IntervalSchedule, *, start_time: object = None) -> IntervalScheduleTrigger:
        """A trigger firing on *schedule*'s occurrences from *start_time* (default now)."""
        if not isinstance(schedule, IntervalSchedule):
            raise ScheduleTypeError(f"schedule must be an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
        trigger = cls.__new__(cls)
        trigger._set(schedule, start_time)
        return trigger

    @classmethod
    def from_dict(cls, data: object, *, profile: Profile = "standard", start_time: object = None) -> IntervalScheduleTrigger:
        """A trigger from a Prefect schedule document, read as :meth:`IntervalSchedule.from_dict` reads it."""
        return cls.from_schedule(IntervalSchedule.from_dict(data, profile=profile), start_time=start_time)

    def next(self) -> datetime | None:
        """The next fire time, or ``None`` past year 9999."""
        if self.last_fire_utc_us is None:
            next_us = self.schedule.core.next_at_or_after(self.start_utc_us)
        else:
            next_us = first_after(self.schedule, self.last_fire_utc_us)
        if next_us is None:
            return None
        self.last_fire_utc_us = next_us
        return fire_datetime(next_us, self.schedule.timezone, self.schedule.tz_source)

    def __getstate__(self) -> dict[str, Any]:
        return {
            **schedule_state(self.schedule, STATE_VERSION),
            "start_utc_us": self.start_utc_us,
            "last_fire_utc_us": self.last_fire_utc_us,
        }

    def __setstate__(self, state: Any) -> None:
        state = checked_state(state, (1, STATE_VERSION), type(self).__name__)
        self.schedule = schedule_from_state(state)
        for name, optional in (("start_utc_us", False), ("last_fire_utc_us", True)):
            value = state[name]
            if not (value is None and optional) and (isinstance(value, bool) or not isinstance(value, int)):
                raise InvalidScheduleError(f"{name} in {type(self).__name__} state must be an int, got {shorten(value)}")
            setattr(self, name, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IntervalScheduleTrigger):
            return NotImplemented
        return self._key() == other._key()

    def _key(self) -> tuple[object, ...]:
        # the schedule compares as IntervalSchedule does (not by how its anchor was written)
        return (self.schedule, self.start_utc_us, self.last_fire_utc_us)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        s = self.schedule
        extra = "".join(
            f", {name}={value!r}" for name, value, default in (("gap", s.gap, "shift"), ("fold", s.fold, "earlier")) if value != default
        )
        start = fire_datetime(self.start_utc_us, s.timezone, s.tz_source).isoformat()
        return (
            f"{type(self).__name__}(interval={s.interval!r}, anchor_date={s.anchor_date.isoformat()!r}, "
            f"timezone={s.timezone!r}{extra}, start_time={start!r})"
        )
