"""Hypothesis strategies for property-testing code that schedules around DST changes.

Install the optional extra first: ``pip install 'interval_schedule[testing]'``.

Every strategy reads the same data as the library (the ``tzdata`` package,
never the machine's zoneinfo directory), and mixes a few fixed, readable values
with the general range, so that a failure shrinks to a case a person can read:
New York rather than ``America/Kentucky/Monticello``, one hour rather than
``3599.999999`` seconds, the first wall time of a gap rather than a random
instant near it.  docs/testing.md shows how to property-test a scheduler with
them; the library's own property tests (tests/test_properties.py) use them too.

* :func:`zones`: IANA keys, all or only zones that still observe DST;
* :func:`transitions`: real offset changes of a zone, as :class:`Transition`
  (:func:`zone_transitions` lists them);
* :func:`datetimes_near_transitions`: aware and naive datetimes close to a
  transition, wall times inside gaps and folds included;
* :func:`intervals`: ``timedelta`` intervals biased to the 24 h boundary and
  DST-sized values;
* :func:`interval_schedules`: :class:`~interval_schedule.IntervalSchedule`
  objects anchored near transitions.

The examples use :func:`hypothesis.find`, which returns the *shrunk* first
value satisfying a condition: what a failing test would report.

>>> from hypothesis import find
>>> find(zones(dst_only=True), lambda key: key.startswith("Europe/"), settings=REPEATABLE)
'Europe/London'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

try:
    from hypothesis import assume, settings
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the environment (tested in a subprocess)
    raise ImportError(
        "interval_schedule.testing needs the 'hypothesis' package; "
        "install it with: pip install 'interval_schedule[testing]'"
    ) from exc

import numpy as np

from ._units import DAY_US as _DAY
from ._units import EPOCH_NAIVE as _EPOCH_NAIVE
from ._units import EPOCH_UTC as _EPOCH_UTC
from ._units import HOUR_US as _HOUR
from ._units import MAX_INTERVAL_US, MAX_US, MIN_US
from ._units import MINUTE_US as _MIN
from ._units import US as _US
from .schedule import IntervalSchedule
from .tz import FOLD_POLICIES, GAP_POLICIES, available_zones, get_zone

__all__ = [
    "REPEATABLE",
    "Transition",
    "TransitionKind",
    "datetimes_near_transitions",
    "interval_schedules",
    "intervals",
    "transitions",
    "zone_transitions",
    "zones",
]

TransitionKind = Literal["gap", "fold"]

#: Settings that make :func:`hypothesis.find` give the same answer on every run
#: (used by the examples in this module and in docs/testing.md).
REPEATABLE = settings(derandomize=True, database=None, max_examples=200)

# The library's largest interval (years 1-9999 end to end).
_MAX_INTERVAL = timedelta(microseconds=MAX_INTERVAL_US)

#: Zones worth testing first (docs/timezones.md): failures shrink towards the
#: start of this list.  Only keys present in the installed tzdata are used.
FAVOURITE_ZONES: tuple[str, ...] = (
    "UTC",
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",  # negative DST
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Apia",  # skipped 2011-12-30
    "Pacific/Kiritimati",  # skipped 1994-12-31
    "Africa/Casablanca",  # DST suspended each Ramadan
    "America/Sao_Paulo",  # DST at midnight, abolished 2019
    "America/St_Johns",  # -03:30
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45/+13:45
    "Antarctica/Troll",  # +00/+02: a two-hour DST
    "Europe/Moscow",  # 2011 and 2014 changes
    "Asia/Gaza",  # version-3 footer
    "America/Nuuk",  # negative footer hours
)

# "Still observes DST": a gap and a fold in these UTC years under the installed
# tzdata's rules (its footer rules, or explicit transitions listed that far ahead
# as for Casablanca).
_DST_YEARS = (2030, 2039)


def _year_start_s(year: int) -> int:
    """UTC seconds since 1970 of January 1st, 00:00 of *year* (``year`` 10000 allowed)."""
    return int(np.datetime64(f"{year:04d}-01-01", "s").astype(np.int64))


# ----------------------------------------------------------------- transitions


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset, as the tzdata package records it.

    ``utc`` is the instant of the change (an aware datetime in UTC).
    ``offset_before`` / ``offset_after`` are the UTC offsets in seconds, east
    positive, in force just before ``utc`` and from ``utc`` on.  ``kind`` is
    ``"gap"`` when the offset increases (clocks jump forward: the wall times in
    :attr:`wall_times` never happen) and ``"fold"`` when it decreases (clocks
    jump back: the wall times in :attr:`wall_times` happen twice).

    >>> t = zone_transitions("America/New_York", 2024, 2024)[0]
    >>> t
    Transition(zone='America/New_York', utc=datetime.datetime(2024, 3, 10, 7, 0, tzinfo=datetime.timezone.utc), offset_before=-18000, offset_after=-14400, kind='gap')
    >>> t.wall_times, t.size
    ((datetime.datetime(2024, 3, 10, 2, 0), datetime.datetime(2024, 3, 10, 3, 0)), datetime.timedelta(seconds=3600))
    """

    zone: str
    utc: datetime
    offset_before: int
    offset_after: int
    kind: TransitionKind

    @property
    def timezone(self) -> str:
        """:attr:`zone` under the library's canonical name for an IANA key."""
        return self.zone

    @property
    def utc_us(self) -> int:
        """:attr:`utc` in microseconds since 1970."""
        return (self.utc - _EPOCH_UTC) // timedelta(microseconds=1)

    @property
    def local_before(self) -> datetime:
        """The naive wall time at :attr:`utc` on the old clock (a gap's first wall time, a fold's end)."""
        return (self.utc + timedelta(seconds=self.offset_before)).replace(tzinfo=None)

    @property
    def local_after(self) -> datetime:
        """The naive wall time at :attr:`utc` on the new clock (a gap's end, a fold's first wall time)."""
        return (self.utc + timedelta(seconds=self.offset_after)).replace(tzinfo=None)

    @property
    def size(self) -> timedelta:
        """How long the gap or fold lasts on the wall clock (always positive)."""
        return timedelta(seconds=abs(self.offset_after - self.offset_before))

    @property
    def wall_times(self) -> tuple[datetime, datetime]:
        """``(start, end)``, naive: the half-open range of wall times skipped (gap) or repeated (fold)."""
        a, b = self.local_before, self.local_after
        return (a, b) if a <= b else (b, a)


def _check_years(start_year: object, end_year: object) -> tuple[int, int]:
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
            raise InvalidArgument(f"{name} must be an int in 1-9999, got {year!r}")
    if start_year > end_year:  # type: ignore[operator]
        raise InvalidArgument(f"start_year={start_year!r} is after end_year={end_year!r}")
    return start_year, end_year  # type: ignore[return-value]


def _zone_or_timezone(zone: Any, timezone: Any) -> Any:
    """*zone*, or *timezone* (the canonical keyword for an IANA key; *zone* stays as its alias), not both."""
    if timezone is None:
        return zone
    if zone is not None:
        raise InvalidArgument(f"give zone or timezone, not both (zone={zone!r}, timezone={timezone!r})")
    return timezone


def _check_kind(kind: object) -> TransitionKind | None:
    if kind not in (None, "gap", "fold"):
        raise InvalidArgument(f"kind must be None, 'gap' or 'fold', got {kind!r}")
    return kind


@functools.lru_cache(maxsize=2048)
def _transitions_cached(key: str, start_year: int, end_year: int) -> tuple[Transition, ...]:
    zone = get_zone(key)
    found = zone.transitions(_year_start_s(start_year) * _US, _year_start_s(end_year + 1) * _US)
    out = []
    for utc_us, before_us, after_us in zip(found.utc_us.tolist(), found.offset_before_us.tolist(), found.offset_after_us.tolist()):
        utc_s, before, after = utc_us // _US, before_us // _US, after_us // _US
        # Both wall-clock readings must be datetimes (only matters in years 1 and 9999).
        if not (MIN_US <= (utc_s + min(before, after)) * _US and (utc_s + max(before, after)) * _US <= MAX_US):
            continue
        utc = _EPOCH_UTC + timedelta(seconds=utc_s)
        out.append(Transition(key, utc, before, after, "gap" if after > before else "fold"))
    return tuple(out)


def zone_transitions(
    zone: str | None = None,
    start_year: int = 1970,
    end_year: int = 2037,
    *,
    kind: TransitionKind | None = None,
    timezone: str | None = None,
) -> tuple[Transition, ...]:
    """Every offset change of *zone* whose UTC instant lies in years ``start_year``-``end_year`` (inclusive), in order.

    Not a strategy: the plain list behind :func:`transitions`, handy for
    ``pytest.mark.parametrize``.  *kind* keeps only gaps or only folds.
    Unknown keys raise :class:`~interval_schedule.errors.ZoneNotFoundError`.
    ``timezone=`` is the canonical keyword for the key (``zone`` its alias).

    >>> [(str(t.local_before), t.kind) for t in zone_transitions("Europe/London", 2024, 2024)]
    [('2024-03-31 01:00:00', 'gap'), ('2024-10-27 02:00:00', 'fold')]
    >>> zone_transitions("UTC")
    ()
    """
    zone = _zone_or_timezone(zone, timezone)
    if zone is None:
        raise InvalidArgument("zone_transitions needs an IANA key (timezone=, or zone)")
    start_year, end_year = _check_years(start_year, end_year)
    kind = _check_kind(kind)
    found = _transitions_cached(get_zone(zone).key, start_year, end_year)
    return found if kind is None else tuple(t for t in found if t.kind == kind)


# ------------------------------------------------------------------------ zones


def _favourites_first(keys: list[str]) -> list[str]:
    present = set(keys)
    return [k for k in FAVOURITE_ZONES if k in present]


@functools.cache
def _dst_zones() -> tuple[str, ...]:
    """Keys with at least one gap and one fold in the years ``_DST_YEARS`` (loads every zone once)."""
    lo, hi = _DST_YEARS
    out = []
    for key in sorted(available_zones()):
        kinds = {t.kind for t in _transitions_cached(key, lo, hi)}
        if kinds == {"gap", "fold"}:
            out.append(key)
    return tuple(out)


def _keys_strategy(keys: list[str]) -> st.SearchStrategy[str]:
    """Half the draws from the favourites, half from every key; both lists put the favourites first.

    ``sampled_from`` shrinks towards the start of its list, and the shrinker
    does not always move a value from the second branch to the first, so the
    second list starts with the favourites too.
    """
    favourites = _favourites_first(keys)
    ordered = favourites + sorted(set(keys) - set(favourites))
    return st.sampled_from(favourites) | st.sampled_from(ordered) if favourites else st.sampled_from(ordered)


def zones(dst_only: bool = False) -> st.SearchStrategy[str]:
    """IANA keys from the tzdata package, shrinking to a few well-known zones.

    With ``dst_only=True``, only zones that still observe DST: a gap and a
    fold in each of their years 2030-2039 under the installed tzdata's rules
    (about 190 of 598 keys; ``"UTC"``, ``"Asia/Tokyo"`` and ``"America/Sao_Paulo"``
    are out).  Failures shrink to ``"UTC"`` (or ``"America/New_York"``), then
    along :data:`FAVOURITE_ZONES`.

    >>> from hypothesis import find
    >>> find(zones(), lambda key: True, settings=REPEATABLE)
    'UTC'
    >>> find(zones(dst_only=True), lambda key: True, settings=REPEATABLE)
    'America/New_York'
    >>> find(zones(), lambda key: get_zone(key).utcoffset(np.datetime64("2024-01-01", "us")) % 3600 != 0,
    ...      settings=REPEATABLE)  # a zone with a fractional-hour offset
    'America/St_Johns'
    """
    if not isinstance(dst_only, bool):
        raise InvalidArgument(f"dst_only must be a bool, got {dst_only!r}")
    if not dst_only:
        return _keys_strategy(list(available_zones()))
    # Deferred: finding the DST zones loads every zone (about half a second),
    # paid at the first draw rather than when a test module is imported.
    return st.deferred(lambda: _keys_strategy(list(_dst_zones())))


def _zone_strategy(zone: object) -> st.SearchStrategy[str] | None:
    """A strategy of keys for *zone* (a key, a strategy or None); None means "choose for me"."""
    if zone is None:
        return None
    if isinstance(zone, str):
        return st.just(get_zone(zone).key)  # an unknown key fails here, not at the first draw
    if isinstance(zone, st.SearchStrategy):
        return zone
    raise InvalidArgument(f"zone must be an IANA key, a strategy of keys or None, got {zone!r}")


def transitions(
    zone: str | st.SearchStrategy[str] | None = None,
    *,
    start_year: int = 1970,
    end_year: int = 2037,
    kind: TransitionKind | None = None,
    timezone: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Transition]:
    """Real offset changes (:class:`Transition`) of *zone* in UTC years ``start_year``-``end_year``.

    *zone*: an IANA key, a strategy of keys (keys without a transition in the
    years are rejected), or ``None`` for zones that observe DST (see
    :func:`zones`) with a transition in the years.  *kind*: ``"gap"`` or
    ``"fold"`` to draw only one kind.  Shrinks to the earliest transition.
    ``timezone=`` is the canonical keyword for *zone* (``zone`` its alias).

    >>> from hypothesis import find
    >>> find(transitions("America/New_York", start_year=2024, kind="fold"), lambda t: True, settings=REPEATABLE)
    Transition(zone='America/New_York', utc=datetime.datetime(2024, 11, 3, 6, 0, tzinfo=datetime.timezone.utc), offset_before=-14400, offset_after=-18000, kind='fold')
    >>> find(transitions(start_year=2024, end_year=2024), lambda t: t.size == timedelta(minutes=30), settings=REPEATABLE).zone
    'Australia/Lord_Howe'
    """
    zone = _zone_or_timezone(zone, timezone)
    start_year, end_year = _check_years(start_year, end_year)
    kind = _check_kind(kind)
    keys = _zone_strategy(zone)
    if isinstance(zone, str):
        found = zone_transitions(zone, start_year, end_year, kind=kind)
        if not found:
            raise InvalidArgument(f"{zone!r} has no {kind or 'offset change'} in {start_year}-{end_year}")
        return st.sampled_from(found)
    if keys is None:

        def choose() -> st.SearchStrategy[Transition]:
            eligible = [k for k in _dst_zones() if zone_transitions(k, start_year, end_year, kind=kind)]
            if not eligible:  # pragma: no cover - only for year ranges before DST existed
                raise InvalidArgument(f"no DST zone has a {kind or 'transition'} in {start_year}-{end_year}")
            return _keys_strategy(eligible).flatmap(
                lambda k: st.sampled_from(zone_transitions(k, start_year, end_year, kind=kind))
            )

        return st.deferred(choose)

    def of_key(k: str) -> st.SearchStrategy[Transition]:
        found = zone_transitions(k, start_year, end_year, kind=kind)
        return st.sampled_from(found) if found else st.nothing()

    return keys.flatmap(of_key)


# --------------------------------------------------------------------- datetimes

# Readable distances from a transition, in shrink order; only those within bounds are used.
_FIXED_DELTAS_US = (
    0, -1, 1, -_US, _US, -30 * _MIN, 30 * _MIN, -_HOUR, _HOUR, -90 * _MIN, 90 * _MIN, -12 * _HOUR, 12 * _HOUR, -_DAY, _DAY,
)


def _deltas(within_us: int) -> st.SearchStrategy[int]:
    """Microseconds in ``[-within_us, within_us]``: fixed readable values, whole minutes, anything."""
    fixed = [d for d in _FIXED_DELTAS_US if abs(d) <= within_us]
    parts = [st.sampled_from(fixed)]
    if within_us >= _MIN:
        parts.append(st.integers(-(within_us // _MIN), within_us // _MIN).map(lambda m: m * _MIN))
    parts.append(st.integers(-within_us, within_us))
    return st.one_of(parts)


def _check_within(within: object) -> int:
    if not isinstance(within, timedelta) or within < timedelta(0) or within > timedelta(days=3660):
        raise InvalidArgument(f"within must be a timedelta from 0 to 3660 days, got {within!r}")
    return within // timedelta(microseconds=1)


@st.composite
def _near(draw: st.DrawFn, found: st.SearchStrategy[Transition], within_us: int, aware: bool | None) -> datetime:
    t = draw(found)
    is_aware = draw(st.booleans()) if aware is None else aware
    on_new_clock = draw(st.booleans())  # naive values: measured from local_before or local_after
    delta = draw(_deltas(within_us))
    if is_aware:
        utc_us = t.utc_us + delta
        offset_us = get_zone(t.zone).offset_at_us(utc_us)
        assume(MIN_US <= utc_us + min(offset_us, 0) and utc_us + max(offset_us, 0) <= MAX_US)
        tz = timezone(timedelta(microseconds=offset_us))
        return (_EPOCH_UTC + timedelta(microseconds=utc_us)).astimezone(tz)
    edge = t.local_after if on_new_clock else t.local_before
    local_us = (edge - _EPOCH_NAIVE) // timedelta(microseconds=1) + delta
    assume(MIN_US <= local_us <= MAX_US)
    return _EPOCH_NAIVE + timedelta(microseconds=local_us)


def datetimes_near_transitions(
    zone: str | st.SearchStrategy[str] | None = None,
    *,
    within: timedelta = timedelta(hours=2),
    aware: bool | None = None,
    start_year: int = 1970,
    end_year: int = 2037,
    kind: TransitionKind | None = None,
    timezone: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[datetime]:
    """Datetimes at most *within* from a transition drawn by :func:`transitions` (same *zone*, years, *kind*).

    * Aware values are instants ``t.utc + d`` with ``|d| <= within``, carrying
      the fixed UTC offset in force there (``datetime.timezone``; convert with
      ``.astimezone(ZoneInfo(key))`` if your code wants a zone).
    * Naive values are wall times in the zone: ``t.local_before + d`` or
      ``t.local_after + d`` with ``|d| <= within``, so they include wall times
      inside gaps (which never happen) and folds (which happen twice).

    *aware*: ``None`` draws both kinds, ``True``/``False`` only one.  ``d``
    favours 0, +-1 us, +-1 s, +-30 min, +-1 h, then whole minutes.  Shrinks to
    the first wall time of the earliest transition (for a gap, a time that
    does not exist).  ``timezone=`` is the canonical keyword for *zone* (``zone`` its
    alias).

    >>> from hypothesis import find
    >>> ny_2024 = datetimes_near_transitions("America/New_York", start_year=2024, end_year=2024)
    >>> find(ny_2024, lambda d: True, settings=REPEATABLE)  # 02:00 on 2024-03-10 never happened
    datetime.datetime(2024, 3, 10, 2, 0)
    >>> find(ny_2024, lambda d: d.tzinfo is not None, settings=REPEATABLE).isoformat()
    '2024-03-10T03:00:00-04:00'
    """
    zone = _zone_or_timezone(zone, timezone)
    within_us = _check_within(within)
    if aware is not None and not isinstance(aware, bool):
        raise InvalidArgument(f"aware must be None, True or False, got {aware!r}")
    found = transitions(zone, start_year=start_year, end_year=end_year, kind=kind)
    return _near(found, within_us, aware)


# --------------------------------------------------------------------- intervals

_S = timedelta(seconds=1)
_D = timedelta(days=1)
#: Intervals tried first, in shrink order: common values, the 24 h boundary
#: (where the library switches from elapsed to wall-clock time) and DST-sized values.
SPECIAL_INTERVALS: tuple[timedelta, ...] = (
    timedelta(hours=1),
    _D,
    timedelta(minutes=15),
    timedelta(minutes=30),  # Lord Howe's DST
    timedelta(hours=12),
    _S,
    timedelta(minutes=1),
    _D - _S,  # 23:59:59
    _D - timedelta(microseconds=1),  # the longest elapsed-time interval
    _D + timedelta(microseconds=1),  # the shortest wall-clock interval beyond one day
    timedelta(hours=23),  # a day minus one DST hour
    timedelta(hours=25),  # a day plus one DST hour
    timedelta(hours=22),  # a day minus Troll's two-hour DST
    timedelta(hours=26),
    timedelta(hours=23, minutes=30),
    timedelta(hours=24, minutes=30),
    timedelta(hours=2),
    timedelta(minutes=90),
    timedelta(minutes=45),  # Chatham's and Kathmandu's quarter hours
    timedelta(days=2),
    timedelta(days=7),
    timedelta(days=30),
    timedelta(days=365),
    timedelta(microseconds=1),
)


def _check_bound(name: str, value: object) -> timedelta:
    if not isinstance(value, timedelta) or not timedelta(microseconds=1) <= value <= _MAX_INTERVAL:
        raise InvalidArgument(f"{name} must be a timedelta from 1 us to {_MAX_INTERVAL}, got {value!r}")
    return value


def intervals(
    min_value: timedelta = timedelta(seconds=1), max_value: timedelta = timedelta(days=366)
) -> st.SearchStrategy[timedelta]:
    """Positive ``timedelta`` intervals in ``[min_value, max_value]``, biased to where schedules break.

    First :data:`SPECIAL_INTERVALS` (1 h, 1 day, 23:59:59, 24 h +- 1 us, 23 h,
    25 h, ...) within the bounds, then whole seconds, then any microsecond
    count.  Shrinks to one hour when allowed.

    >>> from hypothesis import find
    >>> find(intervals(), lambda i: True, settings=REPEATABLE)
    datetime.timedelta(seconds=3600)
    >>> find(intervals(), lambda i: i > timedelta(hours=12), settings=REPEATABLE)
    datetime.timedelta(days=1)
    >>> find(intervals(max_value=timedelta(minutes=10)), lambda i: True, settings=REPEATABLE)
    datetime.timedelta(seconds=1)
    """
    lo, hi = _check_bound("min_value", min_value), _check_bound("max_value", max_value)
    if lo > hi:
        raise InvalidArgument(f"min_value={lo!r} is more than max_value={hi!r}")
    one_us = timedelta(microseconds=1)
    lo_us, hi_us = lo // one_us, hi // one_us
    parts = []
    special = [v for v in SPECIAL_INTERVALS if lo <= v <= hi]
    if special:
        parts.append(st.sampled_from(special))
    lo_s, hi_s = -(-lo_us // _US), hi_us // _US
    if lo_s <= hi_s:
        parts.append(st.integers(lo_s, hi_s).map(lambda s: timedelta(seconds=s)))
    parts.append(st.integers(lo_us, hi_us).map(lambda us: timedelta(microseconds=us)))
    return st.one_of(parts)


# --------------------------------------------------------------------- schedules


def _policy(name: str, value: object, allowed: tuple[str, ...]) -> st.SearchStrategy[str]:
    if value is None:
        return st.sampled_from(allowed)
    if isinstance(value, st.SearchStrategy):
        return value
    if value not in allowed:
        raise InvalidArgument(f"{name} must be None, a strategy or one of {allowed}, got {value!r}")
    return st.just(value)


@st.composite
def _schedules(
    draw: st.DrawFn, keys: st.SearchStrategy[str], interval: st.SearchStrategy[timedelta], within_us: int,
    start_year: int, end_year: int,
    gap: st.SearchStrategy[Any], fold: st.SearchStrategy[Any],  # any strategy a caller passed: IntervalSchedule checks the policies
) -> IntervalSchedule:
    key = draw(keys)
    anchor = draw(datetimes_near_transitions(
        key, within=timedelta(microseconds=within_us), start_year=start_year, end_year=end_year
    ))
    return IntervalSchedule(draw(interval), anchor, key, gap=draw(gap), fold=draw(fold))


def interval_schedules(
    zone: str | st.SearchStrategy[str] | None = None,
    *,
    interval: st.SearchStrategy[timedelta] | None = None,
    within: timedelta = timedelta(days=2),
    start_year: int = 1970,
    end_year: int = 2037,
    gap: str | st.SearchStrategy[str] | None = None,
    fold: str | st.SearchStrategy[str] | None = None,
    timezone: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[IntervalSchedule]:
    """:class:`~interval_schedule.IntervalSchedule` objects anchored near a transition of their zone.

    *zone*: a key, a strategy of keys, or ``None`` for zones observing DST
    (:func:`zones` with ``dst_only=True``).  *interval*: a strategy of
    timedeltas (default :func:`intervals`).  The anchor comes from
    :func:`datetimes_near_transitions` (aware, or naive wall time, possibly in a
    gap, which the library shifts forward) at most *within* from a transition
    in ``start_year``-``end_year``.  *gap*/*fold*: a policy name, a strategy,
    or ``None`` for both policies.  ``timezone=`` is the canonical keyword for
    *zone* (``zone`` its alias).

    >>> from hypothesis import find
    >>> find(interval_schedules("America/New_York", start_year=2024), lambda s: True, settings=REPEATABLE)
    IntervalSchedule(interval=datetime.timedelta(seconds=3600), anchor_date='2024-03-10T03:00:00-04:00', timezone='America/New_York')
    """
    zone = _zone_or_timezone(zone, timezone)
    within_us = _check_within(within)
    start_year, end_year = _check_years(start_year, end_year)
    if isinstance(zone, str):
        if not zone_transitions(zone, start_year, end_year):  # an unknown key fails here
            raise InvalidArgument(f"{zone!r} has no offset change in {start_year}-{end_year}")
        keys: st.SearchStrategy[str] = st.just(zone)
    elif zone is None:
        keys = st.deferred(
            lambda: _keys_strategy([k for k in _dst_zones() if _transitions_cached(k, start_year, end_year)])
        )
    elif isinstance(zone, st.SearchStrategy):
        keys = zone.filter(lambda k: bool(zone_transitions(k, start_year, end_year)))
    else:
        raise InvalidArgument(f"zone must be an IANA key, a strategy of keys or None, got {zone!r}")
    if interval is None:
        interval = intervals()
    elif not isinstance(interval, st.SearchStrategy):
        raise InvalidArgument(f"interval must be a strategy of timedeltas, got {interval!r}")
    return _schedules(
        keys,
        interval,
        within_us,
        start_year,
        end_year,
        _policy("gap", gap, GAP_POLICIES),
        _policy("fold", fold, FOLD_POLICIES),
    )
