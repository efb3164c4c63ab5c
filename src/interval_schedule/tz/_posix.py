"""POSIX TZ strings (the TZif footer) and the transitions they generate.

Grammar (POSIX.1-2024 section 8.3, extended by RFC 9636 section 3.3.1)::

    std offset [dst [offset] [,start[/time],end[/time]]]

Names are three or more letters, or ``<...>`` quoted (``<+0330>``).  Offsets
are ``[+-]hh[:mm[:ss]]`` (minutes and seconds always two digits) and count *west* of Greenwich (``EST5`` is UTC-5).  A
date is ``Mm.w.d`` (month, week 1-5 where 5 means last, weekday 0=Sunday),
``Jn`` (1-365, February 29 never counted) or ``n`` (0-365, counting it).  A
time defaults to 02:00 and may be negative or up to 167 hours (TZif v3), so a
transition can fall on a neighbouring day, even in a neighbouring year.  The
start time is local standard time, the end time local daylight time.

Transitions are computed for whole arrays of years at once with numpy
(:meth:`PosixRule.transitions`), or for the few decades a zone is loaded with
in plain Python integers (:func:`rule_events_py`): a process that only loads
zones and asks scalar questions then never runs a numpy arithmetic loop (whose
code, paged in on first use, would cost about 1 MB of resident memory).  Both
give identical events (``tests/test_tz_posix.py``).
"""

from __future__ import annotations

import functools
import operator
import re
from array import array
from dataclasses import dataclass
from itertools import compress
from typing import Any, overload

import numpy as np

from ..errors import InvalidTZifError, shorten

__all__ = ["PosixRule", "DateRule", "parse_posix_tz", "days_from_civil"]

_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
# hh[:mm[:ss]]: only the hours may have one digit (POSIX; "4:0" and "1:9:03" are malformed).
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?"
_DATE = r"(?:M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3})"
_TZ = re.compile(
    rf"(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?"
    rf"(?:,(?P<start>{_DATE})(?:/(?P<stime>{_OFFSET}))?,(?P<end>{_DATE})(?:/(?P<etime>{_OFFSET}))?)?)?",
    re.ASCII,  # without it \d also matches non-ASCII digits such as "\u0665" (and int() accepts them)
)


def _seconds(text: str, *, max_hours: int, what: str, source: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    hours, minutes, seconds = (parts + [0, 0])[:3]
    if hours > max_hours or minutes > 59 or seconds > 59:
        raise InvalidTZifError(f"{what} {shorten(text)} out of range in TZ string {shorten(source)}")
    return sign * (hours * 3600 + minutes * 60 + seconds)


@overload
def days_from_civil(year: int, month: int, day: int) -> int: ...
@overload
def days_from_civil(year: np.ndarray, month: int | np.ndarray, day: int | np.ndarray) -> np.ndarray: ...


def days_from_civil(year: Any, month: Any, day: Any) -> Any:
    """Days since 1970-01-01 of a proleptic Gregorian date; works on numpy arrays.

    >>> int(days_from_civil(2024, 3, 10))
    19792
    """
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _is_leap(year: np.ndarray) -> np.ndarray:
    leap: np.ndarray = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return leap


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass(frozen=True)
class DateRule:
    """One transition date of a POSIX rule: ``kind`` is ``"M"``, ``"J"`` or ``"n"``."""

    kind: str
    month: int = 0
    week: int = 0
    weekday: int = 0
    day: int = 0
    time: int = 7200  # seconds after local midnight

    def local_seconds(self, years: np.ndarray) -> np.ndarray:
        """Local wall-clock seconds since 1970 of this transition in each year."""
        years = np.asarray(years, dtype=np.int64)
        if self.kind == "M":
            first = days_from_civil(years, self.month, 1)
            weekday_first = (first + 4) % 7  # 1970-01-01 was a Thursday (4)
            day = 1 + (self.weekday - weekday_first) % 7 + 7 * (self.week - 1)
            length = _MONTH_DAYS[self.month] + ((self.month == 2) & _is_leap(years))
            day = np.where(day > length, day - 7, day)  # week 5 = the last such weekday
            days = first + day - 1
        elif self.kind == "J":
            days = days_from_civil(years, 1, 1) + self.day - 1 + (_is_leap(years) & (self.day >= 60))
        else:
            days = days_from_civil(years, 1, 1) + self.day
        seconds: np.ndarray = days * 86400 + self.time
        return seconds


@dataclass(frozen=True)
class PosixRule:
    """A parsed POSIX TZ string.  Offsets are seconds *east* of UTC (ISO sign).

    ``start``/``end`` are ``None`` for a zone without DST.

    >>> r = parse_posix_tz("EST5EDT,M3.2.0,M11.1.0")
    >>> r.std_offset, r.dst_offset
    (-18000, -14400)
    >>> [str(np.datetime64(int(t), "s")) for t, _ in zip(*r.transitions(2024, 2024))]
    ['2024-03-10T07:00:00', '2024-11-03T06:00:00']
    """

    source: str
    std_abbr: str
    std_offset: int
    dst_abbr: str | None = None
    dst_offset: int | None = None
    start: DateRule | None = None
    end: DateRule | None = None

    @property
    def has_dst(self) -> bool:
        return self.start is not None

    def transitions(self, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
        """Transitions the rule makes in local years ``first_year..last_year``.

        Returns ``(utc_seconds, offsets)``, sorted by time; ``offsets[i]`` takes
        effect at ``utc_seconds[i]``.  A transition whose time spills into a
        neighbouring year is kept (ask one year more on either side to cover
        a window completely).  Where the end of one year's DST coincides with
        the next year's start (all-year DST, ``EST5EDT,0/0,J365/25``) the later
        event in rule order wins, so DST simply continues.
        """
        if self.start is None or self.end is None or self.dst_offset is None:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        years = np.arange(first_year, last_year + 1, dtype=np.int64)
        starts = self.start.local_seconds(years) - self.std_offset
        ends = self.end.local_seconds(years) - self.dst_offset
        # Interleave per year in rule order (start, end) so a stable sort keeps
        # that order between events at the same instant.
        times = np.stack([starts, ends], axis=1).ravel()
        offsets = np.tile(np.array([self.dst_offset, self.std_offset], dtype=np.int64), len(years))
        order = np.argsort(times, kind="stable")
        times, offsets = times[order], offsets[order]
        if len(times) > 1:
            # Of events at the same instant only the last counts.
            keep = np.append(times[1:] != times[:-1], True)
            times, offsets = times[keep], offsets[keep]
        return times, offsets


def _date(text: str, time: str | None, source: str) -> DateRule:
    seconds = 7200 if time is None else _seconds(time, max_hours=167, what="transition time", source=source)
    if text.startswith("M"):
        month, week, weekday = (int(p) for p in text[1:].split("."))
        if not (1 <= month <= 12 and 1 <= week <= 5 and 0 <= weekday <= 6):
            raise InvalidTZifError(f"date {shorten(text)} out of range in TZ string {shorten(source)}")
        return DateRule("M", month=month, week=week, weekday=weekday, time=seconds)
    if text.startswith("J"):
        day = int(text[1:])
        if not 1 <= day <= 365:
            raise InvalidTZifError(f"Julian day {shorten(text)} not in J1..J365 in TZ string {shorten(source)}")
        return DateRule("J", day=day, time=seconds)
    day = int(text)
    if not 0 <= day <= 365:
        raise InvalidTZifError(f"day {shorten(text)} not in 0..365 in TZ string {shorten(source)}")
    return DateRule("n", day=day, time=seconds)


def parse_posix_tz(source: str) -> PosixRule:
    """Parse a POSIX TZ string such as ``"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"``.

    >>> parse_posix_tz("<+0545>-5:45").std_offset
    20700
    >>> parse_posix_tz("EST5EDT")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidTZifError: TZ string 'EST5EDT' names daylight time 'EDT' but gives no rule for it
    """
    if type(source) is str:
        return _parse_cached(source)  # many zones share a footer; a PosixRule is immutable
    return _parse(source)


@functools.lru_cache(maxsize=256)
def _parse_cached(source: str) -> PosixRule:
    return _parse(source)


def _parse(source: str) -> PosixRule:
    m = _TZ.fullmatch(source)
    if m is None:
        raise InvalidTZifError(f"malformed POSIX TZ string {shorten(source)}")
    std_offset = -_seconds(m["stdoff"], max_hours=24, what="offset", source=source)
    if m["dst"] is None:
        return PosixRule(source, m["std"].strip("<>"), std_offset)
    if m["start"] is None:
        raise InvalidTZifError(
            f"TZ string {shorten(source)} names daylight time {shorten(m['dst'])} but gives no rule for it"
        )
    dst_offset = (
        std_offset + 3600
        if m["dstoff"] is None
        else -_seconds(m["dstoff"], max_hours=24, what="offset", source=source)
    )
    return PosixRule(
        source,
        m["std"].strip("<>"),
        std_offset,
        m["dst"].strip("<>"),
        dst_offset,
        _date(m["start"], m["stime"], source),
        _date(m["end"], m["etime"], source),
    )


@functools.lru_cache(maxsize=128)
def _cached_events(rule: PosixRule, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    times, offsets = rule.transitions(first_year, last_year)
    times.setflags(write=False)
    offsets.setflags(write=False)
    return times, offsets


# Days before the first of each month (index 1-12) in a common year, and each month's length.
_DAYS_BEFORE = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
_MONTH_LEN = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: The longest span (years) :func:`rule_events_py` expands; longer ones go to numpy.
PY_EVENTS_MAX_YEARS = 400


def _days_py(rule: DateRule, first_year: int, last_year: int) -> list[int]:
    """Days since 1970 of *rule*'s date in each year: ``DateRule.local_seconds`` on Python ints (without the time)."""
    kind, month, week, weekday, day = rule.kind, rule.month, rule.week, rule.weekday, rule.day
    before, length, after_feb = _DAYS_BEFORE[month], _MONTH_LEN[month], month > 2
    out = []
    for year in range(first_year, last_year + 1):
        y = year - 1
        jan1 = 365 * y + y // 4 - y // 100 + y // 400 - 719_162  # days_from_civil(year, 1, 1)
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if kind == "M":
            first = jan1 + before + (leap and after_feb)
            d = 1 + (weekday - (first + 4) % 7) % 7 + 7 * (week - 1)  # 1970-01-01 was a Thursday (4)
            if d > length + (leap and month == 2):
                d -= 7  # week 5 = the last such weekday
            out.append(first + d - 1)
        elif kind == "J":
            out.append(jan1 + day - 1 + (leap and day >= 60))
        else:
            out.append(jan1 + day)
    return out


def transitions_py(rule: PosixRule, first_year: int, last_year: int) -> tuple[list[int], list[int]]:
    """``rule.transitions(first_year, last_year)`` computed with Python ints, as two lists.

    The same steps: each year's (start, end) events in rule order, a stable
    sort by time, and of events at one instant the last.

    >>> transitions_py(parse_posix_tz("EST5EDT,M3.2.0,M11.1.0"), 2024, 2024)
    ([1710054000, 1730613600], [-14400, -18000])
    """
    start, end, std, dst = rule.start, rule.end, rule.std_offset, rule.dst_offset
    if start is None or end is None or dst is None:
        return [], []
    start_s, end_s = start.time - std, end.time - dst
    times: list[int] = []
    for a, b in zip(_days_py(start, first_year, last_year), _days_py(end, first_year, last_year)):
        times.append(a * 86_400 + start_s)
        times.append(b * 86_400 + end_s)
    offsets = [dst, std] * (len(times) // 2)
    later = times[1:]
    if not all(map(operator.le, times, later)):  # Gaza, all-year DST: events out of rule order
        order = sorted(range(len(times)), key=times.__getitem__)  # stable, as argsort(kind="stable")
        times, offsets = [times[i] for i in order], [offsets[i] for i in order]
        later = times[1:]
    if any(map(operator.eq, times, later)):  # of events at the same instant only the last counts
        keep = [*map(operator.ne, later, times), True]
        times, offsets = list(compress(times, keep)), list(compress(offsets, keep))
    return times, offsets


@functools.lru_cache(maxsize=128)
def _cached_events_py(rule: PosixRule, first_year: int, last_year: int) -> tuple[array[int], array[int]]:
    times, offsets = transitions_py(rule, first_year, last_year)
    return array("q", times), array("q", offsets)


def rule_events_py(rule: PosixRule, first_year: int, last_year: int) -> tuple[array[int], array[int]] | None:
    """:func:`rule_events` as plain-integer arrays (``array('q')``, never to be modified), or None for a span too long.

    Spans of up to :data:`PY_EVENTS_MAX_YEARS` are computed in Python (and
    cached like :func:`rule_events`); longer ones are numpy's job.
    """
    if last_year - first_year > PY_EVENTS_MAX_YEARS:
        return None
    return _cached_events_py(rule, first_year, last_year)


def rule_events(rule: PosixRule, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """``rule.transitions(first_year, last_year)`` as read-only arrays, cached for spans up to 200 years.

    Zones sharing a footer (30 DST footers serve 190 zones in 2026f) compute
    their horizon's events once; long spans (a table extended to year 10000)
    are not kept.
    """
    if last_year - first_year <= 200:
        return _cached_events(rule, first_year, last_year)
    return rule.transitions(first_year, last_year)
