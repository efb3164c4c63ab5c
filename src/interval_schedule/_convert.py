"""Conversions at the library's boundary: intervals, datetimes and output objects.

Everything inside the library works on int64 microseconds: UTC instants
(``*_utc_us``) and naive wall-clock times (``*_local_us``), both counted from
1970-01-01T00:00.  This module turns user input into those integers, with clear
errors, and turns results back into pendulum or stdlib datetimes.
"""

from __future__ import annotations

import functools
import io
import math
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, get_args, overload

import numpy as np
import pendulum

# The units live in _units; modules that import them from here keep working.
from ._units import DAY_US, HOUR_US, MAX_INTERVAL_US, MAX_US, MIN_US, MINUTE_US, US, WEEK_US
from ._units import EPOCH_NAIVE as _EPOCH_NAIVE
from ._units import EPOCH_UTC as _EPOCH_UTC
from ._units import ONE_US as _ONE_US
from .errors import InvalidDatetimeError, InvalidIntervalError, InvalidQueryError, ScheduleTypeError, shorten
from .tz import TzSource, Zone, available_zones, get_zone
from .tz._keys import read_tzif_bytes
from .tz._zone import as_us_array

_DateTime = pendulum.DateTime
_from_ordinal = date.fromordinal
_EPOCH_ORDINAL = _EPOCH_NAIVE.toordinal()
_TD_DAYS, _TD_SECONDS, _TD_MICRO = timedelta.days, timedelta.seconds, timedelta.microseconds


# ----------------------------------------------------------------- intervals

_ISO_DURATION = re.compile(
    r"P(?!$)(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<days>\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?",
    re.IGNORECASE | re.ASCII,  # ASCII: \d would also match other scripts' digits
)
_CLOCK = re.compile(r"(?:(?P<days>\d+) days?,\s*)?(?P<h>\d+):(?P<m>[0-5]\d):(?P<s>[0-5]\d(?:\.\d{1,6})?)", re.ASCII)
# nan/inf pass here so the caller can say "must be finite" rather than "cannot parse".
_SECONDS = re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|nan|inf|infinity)", re.ASCII | re.IGNORECASE)
_UNIT_US = {"weeks": WEEK_US, "days": DAY_US, "hours": HOUR_US, "minutes": MINUTE_US, "seconds": US}


#: From 2**33 seconds (about 272 years) on, float seconds (the JSON wire format,
#: as Prefect writes it) are coarser than a microsecond.
_FLOAT_EXACT_US = 2**33 * US


def _checked_interval(us: int, original: object) -> int:
    if us <= 0:
        raise InvalidIntervalError(f"interval must be positive, got {shorten(original)}")
    if us > MAX_INTERVAL_US:
        raise InvalidIntervalError(
            f"interval {shorten(original)} is longer than the datetime range (at most {timedelta(microseconds=MAX_INTERVAL_US)})"
        )
    if us >= _FLOAT_EXACT_US and us % US and float_seconds_us(us / US) != us:
        # to_dict() writes float seconds; refusing here keeps every schedule's
        # JSON exact (docs/semantics.md, "Intervals").
        raise InvalidIntervalError(
            f"interval {shorten(original)} cannot be written as float seconds exactly (Prefect's JSON wire format): "
            "from 2**33 s (about 272 years) on, give whole seconds or a fraction a float holds (such as .5)"
        )
    return us


def float_seconds_us(seconds: float) -> int:
    """Microseconds of float seconds as read back from JSON: the shortest decimal of the float, rounded.

    >>> float_seconds_us(0.1), float_seconds_us(3600.25)
    (100000, 3600250000)
    """
    return int((Decimal(repr(seconds)) * US).to_integral_value())


def timedelta_us(value: timedelta, what: str, error: type[Exception]) -> int:
    """A timedelta (a pendulum Duration too) as int microseconds; calendar months and years are refused.

    ``value // timedelta(microseconds=1)`` does not work on a pendulum Duration
    (its ``__floordiv__`` expects another Duration), so this reads the fields.

    >>> import pendulum
    >>> timedelta_us(pendulum.duration(hours=1, microseconds=5), "interval", ValueError)
    3600000005
    """
    if getattr(value, "years", 0) or getattr(value, "months", 0):
        # A pendulum Duration with months keeps them as 30 days each in its timedelta part.
        raise error(
            f"{what} {shorten(value)} uses years or months; calendar months are not supported, "
            "use days or weeks (e.g. 'P30D', 'P4W')"
        )
    # timedelta's own fields: Duration redefines ``seconds`` (signed, and without the days).
    days, seconds, micro = (_TD_DAYS.__get__(value), _TD_SECONDS.__get__(value), _TD_MICRO.__get__(value))
    us: int = (days * 86_400 + seconds) * US + micro
    return us


def seconds_to_us(seconds: float | Decimal, original: object) -> int:
    """Seconds as checked interval microseconds (rounded to the nearest); errors name *original*."""
    if isinstance(seconds, float) and not math.isfinite(seconds):  # Decimal inputs are checked by the caller
        raise InvalidIntervalError(f"interval must be a finite number of seconds, got {shorten(original)}")
    if abs(float(seconds)) > MAX_INTERVAL_US // US * 2:  # refuse before any big multiplication
        raise InvalidIntervalError(
            f"interval {shorten(original)} is longer than the datetime range (at most {timedelta(microseconds=MAX_INTERVAL_US)})"
        )
    if isinstance(seconds, Decimal):
        return _checked_interval(int((seconds * US).to_integral_value()), original)
    return _checked_interval(round(seconds * US), original)


def _parse_interval_text(text: str) -> int:
    s = text.strip()
    m = _ISO_DURATION.fullmatch(s)
    if m:
        if m["years"] or m["months"]:
            raise InvalidIntervalError(
                f"interval {shorten(text)} uses years or months; calendar months are not supported, "
                "use days or weeks (e.g. 'P30D', 'P4W')"
            )
        total = Decimal(0)
        for unit, scale in _UNIT_US.items():
            if m[unit]:
                total += Decimal(m[unit].replace(",", ".")) * scale
        return _checked_interval(int(total.to_integral_value()), text)
    m = _CLOCK.fullmatch(s)
    if m:
        whole = (int(m["days"] or 0) * 86400 + int(m["h"]) * 3600 + int(m["m"]) * 60) * US
        whole += int((Decimal(m["s"]) * US).to_integral_value())
        return _checked_interval(whole, text)
    try:
        if not _SECONDS.fullmatch(s):  # Decimal alone would also take "1_000" and other scripts' digits
            raise InvalidOperation
        seconds = Decimal(s)
    except InvalidOperation:
        raise InvalidIntervalError(
            f"cannot parse interval {shorten(text)}; use seconds (3600), an ISO-8601 duration "
            "('PT1H30M', 'P1D', 'P2W') or 'HH:MM:SS'"
        ) from None
    if not seconds.is_finite():
        raise InvalidIntervalError(f"interval must be a finite number of seconds, got {shorten(text)}")
    return seconds_to_us(seconds, text)


def parse_interval(value: object) -> int:
    """An interval as positive int microseconds.

    Accepts a ``timedelta``, ``numpy.timedelta64``, seconds (int or float,
    rounded to the nearest microsecond), an ISO-8601 duration (``PT1H30M``,
    ``P1D``, ``P2W``, ``PT0.5S``) or ``"HH:MM:SS"``.

    >>> parse_interval("PT1H30M"), parse_interval(0.5), parse_interval(timedelta(days=1))
    (5400000000, 500000, 86400000000)
    >>> parse_interval("P1M")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidIntervalError: interval 'P1M' uses years or months; calendar months are not supported, use days or weeks (e.g. 'P30D', 'P4W')
    """
    if isinstance(value, (bool, np.bool_)):
        raise ScheduleTypeError(f"interval must be a duration, not a bool ({value!r})")
    if isinstance(value, timedelta):
        return _checked_interval(timedelta_us(value, "interval", InvalidIntervalError), value)
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            raise InvalidIntervalError("interval must be a duration, got NaT")
        if np.datetime_data(value.dtype)[0] in ("Y", "M"):
            raise InvalidIntervalError(
                f"interval {shorten(value)} is in years or months; calendar months are not supported, use days or weeks"
            )
        if int(value.view(np.int64)) <= 0:  # before the cast, which refuses -2**62 days as too long
            raise InvalidIntervalError(f"interval must be positive, got {shorten(value)}")
        try:
            us = int(as_us_array(value, "interval"))
        except InvalidDatetimeError as exc:
            raise InvalidIntervalError(f"interval {shorten(value)} is longer than the datetime range") from exc
        return _checked_interval(us, value)
    if isinstance(value, (int, np.integer)):
        # Exact integer arithmetic at any size (float(10**400) would overflow).
        return _checked_interval(int(value) * US, value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise InvalidIntervalError(f"interval must be a finite number of seconds, got {shorten(value)}")
        # repr() is the shortest decimal that reads back as this float, so
        # 3600.25 and 0.1 become exact microseconds (JSON round trips).
        return seconds_to_us(Decimal(repr(float(value))), value)
    if isinstance(value, str):
        return _parse_interval_text(value)
    raise ScheduleTypeError(
        f"interval must be a timedelta, seconds or an ISO-8601 duration string, not {type(value).__name__} ({shorten(value)})"
    )


def items_of(values: object, message: str) -> list[Any]:
    """``list(values)``, with a ScheduleTypeError naming the value when it is not iterable.

    >>> items_of(5, "deployments must be an iterable of Deployment objects")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.ScheduleTypeError: deployments must be an iterable of Deployment objects, not int (5)
    """
    try:
        it = iter(values)  # type: ignore[call-overload]
    except TypeError:
        raise ScheduleTypeError(f"{message}, not {type(values).__name__} ({shorten(values)})") from None
    return list(it)


# ----------------------------------------------------------------- datetimes


@dataclass(frozen=True)
class Moment:
    """A parsed datetime input: either an instant or a naive wall time.

    Exactly one of ``utc_us`` / ``local_us`` is set.  ``zone_key`` is the IANA
    key of an aware input's tzinfo when it has one (for timezone inference);
    ``offset_us`` is an aware input's own UTC offset at that instant (how it
    was written, e.g. ``-05:00`` in ``"2024-01-01T04:00:00-05:00"``).
    """

    utc_us: int | None
    local_us: int | None
    zone_key: str | None = None
    offset_us: int | None = None


def _tz_key(tzinfo: object) -> str | None:
    for attr in ("key", "name", "zone"):
        name = getattr(tzinfo, attr, None)
        if isinstance(name, str) and name in available_zones():
            return name
    return None


_datetime = datetime


def instant_or_moment(value: object, what: str) -> int | Moment:
    """A query bound: the UTC microseconds of an aware stdlib datetime directly, else :func:`parse_moment`.

    The fast case is one subtraction (no zone-key lookup, no rebuilt naive
    datetime): a query bound needs the instant only.
    """
    if type(value) is str:
        try:
            value = _datetime.fromisoformat(value.strip())
        except ValueError:
            return parse_moment(value, what)  # the documented error
    if type(value) is _datetime and value.tzinfo is not None:
        try:
            return (value - _EPOCH_UTC) // _ONE_US
        except (TypeError, ValueError, OverflowError):  # utcoffset() None (naive after all) or invalid
            pass  # parse_moment reads it as a wall time or raises the documented error
    return parse_moment(value, what)


def parse_moment(value: object, what: str) -> Moment:
    """Parse a datetime input (aware/naive datetime, ISO string, numpy datetime64 as UTC)."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise InvalidDatetimeError(f"{what} must be a datetime, got NaT")
        us = int(as_us_array(value, what))
        if not MIN_US <= us <= MAX_US:
            raise InvalidDatetimeError(f"{what} {shorten(value)} is outside years 1-9999")
        return Moment(us, None, "UTC", 0)
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidDatetimeError(
                f"cannot parse {what} {shorten(text)}; use ISO-8601 like '2024-03-08T02:30:00-05:00' "
                "(years 1-9999; 'Z' or an offset for an instant, none for wall time)"
            ) from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise ScheduleTypeError(
            f"{what} must be a datetime, an ISO-8601 string or numpy.datetime64, not {type(value).__name__} ({shorten(value)})"
        )
    if value != value:  # pandas.NaT is a datetime subclass that equals nothing, itself included
        raise InvalidDatetimeError(f"{what} must be a datetime, got {shorten(value)}")
    try:
        offset = value.utcoffset() if value.tzinfo is not None else None
        # From the fields, not ``value - epoch``: a pendulum DateTime subtracts into
        # pendulum's Interval, which cannot be floor-divided by a timedelta.
        local = (
            datetime(value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond)
            - _EPOCH_NAIVE
        ) // _ONE_US
    except (TypeError, ValueError, OverflowError) as exc:  # a datetime subclass whose fields are not a datetime's
        raise InvalidDatetimeError(f"{what} {shorten(value)} is not a valid datetime ({exc})") from exc
    if offset is None:
        return Moment(None, local)
    offset_us = offset // _ONE_US
    return Moment(local - offset_us, None, _tz_key(value.tzinfo), offset_us)


def instant_us(value: object, what: str, why: str = "") -> int:
    """An instant as UTC us: an aware datetime, ISO-8601 text with ``Z`` or an offset, numpy.datetime64 (UTC).

    The one check for "this must be an instant": a naive value (a wall time
    with no zone) raises :class:`~interval_schedule.errors.InvalidDatetimeError`
    (an :class:`~interval_schedule.errors.InvalidQueryError` too) naming the
    value; *why* says why a wall time will not do here.

    >>> instant_us("1970-01-01T00:00:01Z", "now")
    1000000
    >>> instant_us("2024-03-10T02:30", "now", "the schedules may be in several zones")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidDatetimeError: now '2024-03-10T02:30' has no offset, so it is naive wall time; give an instant, e.g. '2024-03-10T07:30:00Z' (the schedules may be in several zones)
    """
    utc_us = parse_moment(value, what).utc_us
    if utc_us is None:
        raise InvalidDatetimeError(
            f"{what} {shorten(value)} has no offset, so it is naive wall time; give an instant, e.g. '2024-03-10T07:30:00Z'"
            + (f" ({why})" if why else "")
        )
    return utc_us


# ------------------------------------------------------------------- outputs


@functools.cache
def pendulum_tz(key: str) -> pendulum.Timezone:
    """A pendulum Timezone for *key* built from the tzdata package's file.

    ``pendulum.timezone(key)`` would search the system zoneinfo directory first,
    whose data may be older than the tzdata package (and then disagree with
    this library): building it from the same bytes keeps every output's
    ``utcoffset()`` consistent with the dates we computed.
    """
    if key == "UTC":
        return pendulum.UTC
    return pendulum.Timezone.from_file(io.BytesIO(read_tzif_bytes(key)), key=key)


@functools.cache
def zoneinfo_tz(key: str) -> zoneinfo.ZoneInfo:
    """A stdlib ``ZoneInfo`` for *key* built from the tzdata package's file (as :func:`pendulum_tz`)."""
    return zoneinfo.ZoneInfo.from_file(io.BytesIO(read_tzif_bytes(key)), key=key)


#: Output kinds of the list-returning queries: pendulum DateTimes (Prefect's type, the default)
#: or stdlib datetimes with a ``zoneinfo.ZoneInfo`` tzinfo.
Output = Literal["pendulum", "datetime"]
OUTPUTS: tuple[Output, ...] = get_args(Output)


def check_output(output: object) -> Output:
    """*output* as the exact built-in name (a str subclass read by its characters); InvalidQueryError otherwise."""
    if isinstance(output, str):
        text = str.__str__(output)
        for name in OUTPUTS:
            if str.__eq__(text, name):
                return name
    raise InvalidQueryError(f"unknown output {shorten(output)}; allowed: {', '.join(map(repr, OUTPUTS))}")


@functools.lru_cache(maxsize=64)
def _source_zoneinfo_tz(key: str, source: TzSource) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo.from_file(io.BytesIO(source.read_tzif_bytes(key)), key=key)


def _maker(key: str, output: str, source: TzSource | None = None) -> tuple[Callable[..., datetime], tzinfo]:
    """(constructor, tzinfo) of *output* for zone *key*, the tzinfo read from *source*'s TZif bytes."""
    if source is None or source.is_default:
        if output == "datetime":
            return datetime, zoneinfo_tz(key)
        return _DateTime, pendulum_tz(key)
    if output == "datetime":
        return datetime, _source_zoneinfo_tz(key, source)
    return _DateTime, _source_pendulum_tz(key, source)


# (key, output) -> (constructor, tzinfo); keys are validated zone keys
_ONE: dict[tuple[str, str], tuple[Callable[..., datetime], tzinfo]] = {}


def one_datetime(utc_us: int, key: str, output: str = "pendulum", source: TzSource | None = None) -> datetime:
    """One instant as a pendulum DateTime (or stdlib datetime) in zone *key*: :func:`pendulums` for one value.

    The single-date queries' converter, kept short: one :meth:`Zone.wall_at_us
    <interval_schedule.tz.Zone.wall_at_us>` (wall time and fold flag), the
    wall-clock fields by integer division, one constructor.

    >>> one_datetime(1730615400000000, "America/New_York").isoformat()  # 06:30Z on 2024-11-03: the second 01:30
    '2024-11-03T01:30:00-05:00'
    >>> one_datetime(1730615400000000, "America/New_York", "datetime").fold
    1
    """
    if source is None or source.is_default:
        try:
            make, tz = _ONE[key, output]
        except KeyError:
            make, tz = _ONE[key, output] = _maker(key, output)
        zone = get_zone(key)
    else:  # another tzdata release: its zone and its tzinfo
        make, tz = _maker(key, output, source)
        zone = source.get_zone(key)
    local, fold = zone.wall_at_us(utc_us)
    # Integer arithmetic and one constructor: timedelta(microseconds=local) and
    # datetime.replace cost several times more.
    days, rest = divmod(local, DAY_US)
    d = _from_ordinal(_EPOCH_ORDINAL + days)
    second, micro = divmod(rest, US)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    if fold:  # the second pass through a repeated wall time
        return make(d.year, d.month, d.day, hour, minute, second, micro, tz, fold=1)
    return make(d.year, d.month, d.day, hour, minute, second, micro, tz)


def one_converter(zone: Zone, key: str, output: str = "pendulum", source: TzSource | None = None) -> Callable[[int], datetime]:
    """:func:`one_datetime` for one zone and output kind, as a function a caller keeps (a schedule's single-date queries).

    *zone* is *key*'s zone in *source* (the tzdata package by default). The
    converter remembers the stretch of instants around the last one it
    converted that share its offset (:meth:`Zone.period_at_us
    <interval_schedule.tz.Zone.period_at_us>`) and its local day: an instant
    in it needs no search and no ordinal conversion.  The stretch is one
    tuple, replaced whole, so threads never see half of one.

    >>> from interval_schedule.tz import get_zone
    >>> convert = one_converter(get_zone("America/New_York"), "America/New_York", "datetime")
    >>> convert(1730615400000000).isoformat(), convert(1730615400000000).fold  # 06:30Z on 2024-11-03: the second 01:30
    ('2024-11-03T01:30:00-05:00', 1)
    """
    make, tz = _maker(key, output, source)
    period_at_us = zone.period_at_us
    # [lo, hi) UTC us sharing the offset and the local day; the offset, the period's
    # repeat end (wall times below it are a fold's second pass), the day's first
    # wall time, and its year, month, day.  Empty at first.
    stretch = (0, 0, 0, 0, 0, 1, 1, 1)

    def convert(utc_us: int) -> datetime:
        nonlocal stretch
        lo, hi, off, repeat_end, day_lo, y, m, d = stretch
        if not lo <= utc_us < hi:
            p = period_at_us(utc_us)
            off, repeat_end = p.offset_us, p.repeat_end_local_us
            days = (utc_us + off) // DAY_US
            day_lo = days * DAY_US
            date_ = _from_ordinal(_EPOCH_ORDINAL + days)
            y, m, d = date_.year, date_.month, date_.day
            lo, hi = max(p.utc_start_us, day_lo - off), min(p.utc_end_us, day_lo + DAY_US - off)
            stretch = (lo, hi, off, repeat_end, day_lo, y, m, d)
        local = utc_us + off
        second, micro = divmod(local - day_lo, US)
        hour, second = divmod(second, 3600)
        minute, second = divmod(second, 60)
        if local < repeat_end:  # the second pass through a repeated wall time
            return make(y, m, d, hour, minute, second, micro, tz, fold=1)
        return make(y, m, d, hour, minute, second, micro, tz)

    return convert


def elapsed_next(
    zone: Zone, key: str, output: str, source: TzSource | None, anchor_us: int, interval_us: int, lo: int, hi: int
) -> Callable[[timedelta], datetime | None]:
    """An elapsed schedule's next date as a function a caller keeps: bound in, *output* in zone *key* out.

    The schedule's occurrences are ``anchor_us + k*interval_us`` (UTC us,
    any integer ``k``) within its domain ``[lo, hi]``; *zone* is *key*'s zone
    in *source*.  The function takes the bound as its distance from
    1970-01-01 UTC (``bound - EPOCH_UTC``, a timedelta) and returns the first
    occurrence at or after it, as :func:`one_datetime` would write it, or None
    past *hi*.

    Like :func:`one_converter` it remembers a stretch of instants around the
    last date, here those sharing its offset, local day and fold flag, counted
    in whole seconds after that day's local midnight.  When the interval is
    whole seconds, every occurrence has the anchor's microsecond and falls on
    the seconds ``phase + j*interval`` of that count, so a date in the stretch
    is found and written with small integers only (no products of
    microseconds, no division by an interval, a day or an hour), and the same
    arithmetic finds the date when it is not in the stretch, whose stretch
    then replaces the kept one.  Dates near the ends of the domain are
    computed by the definition, ``t + (anchor - t) mod interval``, and
    :func:`one_converter`, as are all dates of a fractional-second interval.
    The stretch is one tuple, replaced whole, so threads never see half of one.

    >>> from interval_schedule.tz import get_zone
    >>> ny = get_zone("America/New_York")
    >>> after = elapsed_next(ny, "America/New_York", "datetime", None, 0, 3600 * US, MIN_US, MAX_US)
    >>> after(timedelta(microseconds=1730612400000001)).isoformat()  # 05:40Z on 2024-11-03: the next hour is the second 01:00
    '2024-11-03T01:00:00-05:00'
    """
    convert = one_converter(zone, key, output, source)

    def by_definition(delta: timedelta) -> datetime | None:  # StandardProfile.next for an elapsed core
        t = delta.days * DAY_US + delta.seconds * US + delta.microseconds
        if t > hi:
            return None
        if t < lo:
            t = lo
        u = t + (anchor_us - t) % interval_us  # A + ceil((t - A) / I) * I
        return convert(u) if u <= hi else None

    if interval_us % US:
        return by_definition

    make, tz = _maker(key, output, source)
    period_at_us = zone.period_at_us
    step, micro, anchor_s = interval_us // US, anchor_us % US, anchor_us // US
    # The local day of an instant is within a day of it: the stretch of an occurrence between
    # these is inside the domain (and that occurrence the first at or after the bound in it).
    inner_lo, inner_hi = lo + DAY_US, hi - DAY_US
    # The stretch: the UTC day and second of a local midnight; the first and end second after
    # it of the stretch; the occurrences' phase (their seconds after that midnight, modulo the
    # interval); the local day's year, month and day; whether it is a fold's second pass.
    # Empty at first (a midnight at 1970-01-01T00:00Z, no seconds).
    stretch: tuple[int, int, int, int, int, int, int, int, bool] = (0, 0, 0, 0, anchor_s % step, 1, 1, 1, False)

    def next_whole_seconds(delta: timedelta) -> datetime | None:
        nonlocal stretch
        b_day, b_second, s_lo, s_hi, phase, y, m, d, fold = stretch
        bound = (delta.days - b_day) * 86_400 + delta.seconds - b_second  # in whole seconds after the midnight
        s = bound + (phase - bound) % step  # the first occurrence's second at or after the bound's
        if s == bound and micro < delta.microseconds:
            s += step
        if not s_lo <= s < s_hi:  # not in the stretch: the stretch around this occurrence replaces it
            u = ((b_day * 86_400 + b_second + s) * US) + micro  # the same occurrence in UTC us
            if not inner_lo <= u <= inner_hi:  # near the ends of the domain: by the definition, no stretch
                return by_definition(delta)
            start, stop, off, _, repeat_end = period_at_us(u)
            off_s, frac = divmod(off, US)
            if frac:  # an offset with a fraction of a second (no TZif file has one): no stretch
                return convert(u)
            local = u + off
            days = local // DAY_US
            day_lo = days * DAY_US
            base = days * 86_400 - off_s  # the UTC second of the local midnight
            s = u // US - base
            # The whole seconds after it with s*US + micro in the period and the day (the period's
            # ends are whole seconds in TZif data; rounded inwards in any case) ...
            s_lo, s_hi = -(-start // US) - base, stop // US - base
            if s_lo < 0:
                s_lo = 0
            if s_hi > 86_400:
                s_hi = 86_400
            # ... and on u's side of the end of the fold's second pass (wall times below repeat_end).
            fold = local < repeat_end
            if fold:
                s_hi = min(s_hi, (repeat_end - day_lo) // US)
            elif repeat_end > day_lo:  # the local day in which the period started with a fold
                s_lo = max(s_lo, -((day_lo - repeat_end) // US))
            date_ = _from_ordinal(_EPOCH_ORDINAL + days)
            b_day, b_second = divmod(base, 86_400)
            y, m, d = date_.year, date_.month, date_.day
            stretch = (b_day, b_second, s_lo, s_hi, (anchor_s - base) % step, y, m, d, fold)
        hour = s // 3600
        s -= hour * 3600
        minute = s // 60
        if fold:  # the second pass through a repeated wall time
            return make(y, m, d, hour, minute, s - minute * 60, micro, tz, fold=1)
        return make(y, m, d, hour, minute, s - minute * 60, micro, tz)

    return next_whole_seconds


@functools.lru_cache(maxsize=64)
def _source_pendulum_tz(key: str, source: TzSource) -> pendulum.Timezone:
    return pendulum.Timezone.from_file(io.BytesIO(source.read_tzif_bytes(key)), key=key)


def _zone_and_tz(key: str, source: TzSource | None) -> tuple[Zone, pendulum.Timezone]:
    """The zone and the pendulum timezone of *key*, both from *source* (default: the tzdata package).

    Both come from the same TZif bytes, so an output's ``utcoffset()`` agrees
    with the instant computed in that source.
    """
    if source is None or source.is_default:
        return get_zone(key), pendulum_tz(key)
    return source.get_zone(key), _source_pendulum_tz(key, source)


def to_pendulum(utc_us: int, key: str, source: TzSource | None = None) -> pendulum.DateTime:
    """The instant *utc_us* as a pendulum DateTime in zone *key* (fold set for the second pass)."""
    return pendulums([utc_us], key, source)[0]


@overload
def pendulums(
    values: list[int], key: str, source: TzSource | None = None, *, output: Literal["pendulum"] = "pendulum"
) -> list[pendulum.DateTime]: ...
@overload
def pendulums(values: list[int], key: str, source: TzSource | None = None, *, output: str) -> list[datetime]: ...


def pendulums(values: list[int], key: str, source: TzSource | None = None, *, output: str = "pendulum") -> list[Any]:
    """A short list of UTC microseconds as pendulum DateTimes in zone *key* (or stdlib datetimes).

    The scalar twin of :func:`pendulum_list`: the zone row found for one
    instant is reused while the next ones stay in it, so a run of dates costs
    one search, not one each.  ``output="datetime"`` builds stdlib datetimes
    with a ``ZoneInfo`` tzinfo instead (about a third of the cost).
    """
    zone = get_zone(key) if source is None or source.is_default else source.get_zone(key)
    make, tz = _maker(key, output, source)
    row_lo = row_hi = 0  # the instants [row_lo, row_hi) share offset o and fold bound prev_end
    o = prev_end = 0
    day = None  # days since 1970 of the last wall time, with its (year, month, day)
    out = []
    for u in values:
        if not row_lo <= u < row_hi:
            period = zone.period_at_us(u)
            row_lo, row_hi, o = period.utc_start_us, period.utc_end_us, period.offset_us
            prev_end = period.repeat_end_local_us
        local = u + o
        # Integer arithmetic beats building a timedelta (measured 0.35 vs 0.55 us).
        days, rest = divmod(local, DAY_US)
        if days != day:
            day = days
            d = _from_ordinal(_EPOCH_ORDINAL + days)
            y, mo, da = d.year, d.month, d.day
        second, micro = divmod(rest, US)
        hour, second = divmod(second, 3600)
        minute, second = divmod(second, 60)
        if local < prev_end:  # the second pass through a repeated wall time
            out.append(make(y, mo, da, hour, minute, second, micro, tz, fold=1))
        else:  # positional tzinfo, no fold keyword: half the constructor's cost
            out.append(make(y, mo, da, hour, minute, second, micro, tz))
    return out


@overload
def pendulum_list(
    utc_us: np.ndarray, key: str, source: TzSource | None = None, *, output: Literal["pendulum"] = "pendulum"
) -> list[pendulum.DateTime]: ...
@overload
def pendulum_list(utc_us: np.ndarray, key: str, source: TzSource | None = None, *, output: str) -> list[datetime]: ...


def pendulum_list(utc_us: np.ndarray, key: str, source: TzSource | None = None, *, output: str = "pendulum") -> list[Any]:
    """int64 UTC microseconds as pendulum DateTimes in zone *key* (or stdlib datetimes), converted in bulk.

    Offsets, fold flags and wall-clock fields come from numpy; only the
    DateTime construction is a Python loop.
    """
    zone = get_zone(key) if source is None or source.is_default else source.get_zone(key)
    make, tz = _maker(key, output, source)
    utc_us = np.asarray(utc_us, dtype=np.int64)
    if not utc_us.size:
        return []
    local, fold = zone.wall_and_fold_us(utc_us)
    folds = fold.tolist()
    return [
        make(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tz, fold=1)
        if f
        else make(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tz)
        for d, f in zip(local.view("datetime64[us]").astype(object), folds)
    ]


def to_datetime(utc_us: int, key: str) -> datetime:
    """The instant *utc_us* as a stdlib aware datetime with a fixed-offset tzinfo.

    >>> to_datetime(1710055800000000, "America/New_York").isoformat()
    '2024-03-10T03:30:00-04:00'
    """
    off = get_zone(key).offset_at_us(utc_us)
    tz = timezone(timedelta(microseconds=off))
    # Wall-clock arithmetic from the local epoch: no astimezone(), which would
    # overflow for instants whose UTC date is in year 0 or 10000.
    return datetime(1970, 1, 1, tzinfo=tz) + timedelta(microseconds=utc_us + off)


def isoformat_z(value: datetime) -> str:
    """``value.isoformat()``, with ``Z`` for a UTC offset of zero (Prefect's JSON writes instants so).

    >>> isoformat_z(datetime(2024, 3, 10, 7, 30, tzinfo=timezone.utc)), isoformat_z(to_datetime(0, "Asia/Kolkata"))
    ('2024-03-10T07:30:00Z', '1970-01-01T05:30:00+05:30')
    """
    text = value.isoformat()
    if value.utcoffset() == timedelta(0) and text.endswith("+00:00"):
        text = text[: -len("+00:00")] + "Z"
    return text


def utc_iso(utc_us: int) -> str:
    """ISO-8601 in UTC with ``Z``; microseconds only when non-zero.

    Any int64 instant is written, also one whose UTC date is in year 0 or
    10000 (a query bound such as ``0001-01-01T00:00:00+14:00``), with numpy's
    proleptic years.

    >>> utc_iso(1710055800000000), utc_iso(1710055800000001)
    ('2024-03-10T07:30:00Z', '2024-03-10T07:30:00.000001Z')
    >>> utc_iso(-62135596800000000 - 14 * 3600 * 10**6)
    '0000-12-31T10:00:00Z'
    """
    try:
        d = _EPOCH_NAIVE + timedelta(microseconds=utc_us)
    except OverflowError:  # outside datetime's years 1-9999
        t = np.datetime64(utc_us, "us")
        return str(t if utc_us % US else t.astype("datetime64[s]")) + "Z"
    return d.isoformat() + "Z"


# ------------------------------------------------------------ the anchor's zone


#: The anchor's own time zone: an IANA key, or a fixed non-zero UTC offset in whole seconds.
AnchorTz = str | int


def anchor_tz(moment: Moment, key: str, source: TzSource | None = None) -> AnchorTz:
    """The zone or offset an anchor was given in: its IANA zone, else its offset, else (naive) *key*.

    A zoned anchor whose wall time does not exist there (a stdlib datetime in
    a DST gap) keeps the offset it was given instead, so it is written back as
    written (``02:30-05:00``, not ``03:30-04:00``), as Prefect on Python 3.13 does.
    """
    if moment.utc_us is None:
        return key
    if moment.zone_key is not None and (
        moment.offset_us is None or zone_in(moment.zone_key, source).offset_at_us(moment.utc_us) == moment.offset_us
    ):
        return moment.zone_key
    if moment.offset_us == 0:
        return "UTC"  # "Z", timezone.utc, +00:00: Prefect's engines read all of them as UTC
    if moment.offset_us is not None and moment.offset_us % US == 0:
        return moment.offset_us // US
    return key


def zone_in(key: str, source: TzSource | None) -> Zone:
    """*key*'s zone in *source* when it lists the key, else in the bundled tzdata package."""
    if source is None or source.is_default or key not in source.available_zones():
        return get_zone(key)
    return source.get_zone(key)
