"""What the scheduler adapters share: reading a scheduler's datetimes as UTC instants.

Adding a ``timedelta`` to an aware datetime whose tzinfo is a zone (zoneinfo,
pendulum) is wall-clock arithmetic and resets ``fold``: an adapter that steps
that way can return the same fold time forever.  So the adapters turn every
datetime they are handed into UTC microseconds at once, compute on integers
with the schedule's core, and build a datetime only for the result.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, cast

from .._convert import parse_moment, to_pendulum, zone_in
from .._units import EPOCH_UTC
from ..errors import InvalidDatetimeError, InvalidScheduleError, ScheduleTypeError, shorten
from ..schedule import IntervalSchedule, _rebuild
from ..tz import TzSource

#: Offsets of a fixed-offset anchor are below a day (datetime.timezone's own bound).
MAX_OFFSET_S = 86_400

__all__ = [
    "aware_utc_us",
    "fire_datetime",
    "first_after",
    "occurrence_at_or_before",
    "schedule_state",
    "checked_state",
    "schedule_from_state",
]


def aware_utc_us(value: object, what: str, scheduler: str) -> int:
    """UTC microseconds of an aware datetime handed over by *scheduler*; naive ones are refused.

    Used where the scheduler's own contract says the value is aware, so a
    naive one can only come from a caller outside it, and guessing its zone
    (UTC, the machine's, the schedule's) would move runs by hours.
    """
    if not isinstance(value, datetime):
        raise ScheduleTypeError(f"{what} must be a datetime, not {type(value).__name__} ({shorten(value)})")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidDatetimeError(
            f"{what} {shorten(value)} is naive; {scheduler} passes aware datetimes, so pass one with a tzinfo"
        )
    return cast(int, parse_moment(value, what).utc_us)  # an aware datetime always names an instant


def first_after(schedule: IntervalSchedule, utc_us: int) -> int | None:
    """The first occurrence strictly after *utc_us*, or ``None`` past the end of the domain."""
    return schedule.core.next_at_or_after(utc_us + 1)


def occurrence_at_or_before(schedule: IntervalSchedule, utc_us: int) -> int | None:
    """The last occurrence at or before *utc_us*, or ``None`` before the start of the domain."""
    return schedule.core.previous_before(utc_us + 1)


def fire_datetime(utc_us: int, key: str, source: TzSource | None = None) -> datetime:
    """A fire time for a scheduler: the instant with the fixed UTC offset (and its abbreviation) in force in *key*.

    The offset is read in *source* (the schedule's tzdata release; default the bundled package).

    It prints the local wall time and offset (``2024-11-03 01:00:00-05:00``;
    ``%Z`` gives ``EST``), and because its tzinfo is a fixed offset, any
    arithmetic a scheduler or a user does on it is exact elapsed time, and it
    pickles without a zone lookup.

    >>> d = fire_datetime(1730613600000000, "America/New_York")
    >>> d.isoformat(), d.tzname()
    ('2024-11-03T01:00:00-05:00', 'EST')
    """
    if key == "UTC":
        return EPOCH_UTC + timedelta(microseconds=utc_us)
    other = None if source is None or source.is_default else source
    local = to_pendulum(utc_us, key, other)  # built from the same TZif data as the schedule's dates
    offset, name = cast(timedelta, local.utcoffset()), local.tzname()
    tz = timezone(offset, name) if name else timezone(offset)
    return datetime(local.year, local.month, local.day, local.hour, local.minute, local.second, local.microsecond, tzinfo=tz)


# ------------------------------------------------------------------ pickled state
# Job stores and beat's shelve keep an adapter as plain values: a version
# number, the schedule's parts (ints and strings) and the adapter's own fields.


def schedule_state(schedule: IntervalSchedule, version: int) -> dict[str, Any]:
    """The versioned, plain-value part of an adapter's pickled state that holds *schedule*.

    Besides the instant and the zone: ``anchor_tz``, the zone (IANA key) or
    fixed offset (seconds) the anchor was given in, so ``anchor_date`` and
    ``to_dict()`` read back as written; and ``tz_source``, the directory of a
    tzdata release other than the bundled one (``None`` for the bundled
    package).  Both are optional on reading: states written before they
    existed load with the anchor shown in the schedule's zone, in the bundled
    tzdata, as they did then.
    """
    _, (interval_us, anchor_utc_us, key, gap, fold, anchor_tz, source) = schedule.__reduce__()
    return {
        "version": version,
        "interval_us": interval_us,
        "anchor_utc_us": anchor_utc_us,
        "timezone": key,
        "gap": gap,
        "fold": fold,
        "anchor_tz": anchor_tz,
        "tz_source": None if source is None else str(source.path),
    }


def checked_state(state: object, versions: tuple[int, ...], what: str) -> dict[str, Any]:
    """*state* as a dict whose ``version`` is one of *versions*, else :class:`InvalidScheduleError` naming *what*."""
    version = state.get("version") if isinstance(state, dict) else None
    if version not in versions:
        known = f"version {versions[0]}" if len(versions) == 1 else f"versions {versions[0]} to {versions[-1]}"
        raise InvalidScheduleError(
            f"cannot load {what} state of version {shorten(version)}; this interval_schedule reads {known}"
        )
    return cast(dict[str, Any], state)


def schedule_from_state(state: dict[str, Any]) -> IntervalSchedule:
    """The schedule that :func:`schedule_state` wrote (its optional fields checked like the others)."""
    path = state.get("tz_source")
    if path is not None and not isinstance(path, str):
        raise InvalidScheduleError(f"tz_source in an adapter's state must be a directory path or None, got {shorten(path)}")
    source = None if path is None else TzSource.from_path(path)
    tz = state.get("anchor_tz")
    if isinstance(tz, str):
        tz = zone_in(tz, source).key  # as the schedule reads its anchor's zone: in the source, else the bundled tzdata
    elif tz is not None and (isinstance(tz, bool) or not isinstance(tz, int) or not -MAX_OFFSET_S < tz < MAX_OFFSET_S):
        raise InvalidScheduleError(
            f"anchor_tz in an adapter's state must be an IANA key or a UTC offset in seconds "
            f"(under {MAX_OFFSET_S} in size), got {shorten(tz)}"
        )
    return _rebuild(state["interval_us"], state["anchor_utc_us"], state["timezone"], state["gap"], state["fold"], tz, source)
