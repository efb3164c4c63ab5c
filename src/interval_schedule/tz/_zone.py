"""``Zone``: one IANA time zone as a sorted transition table, with scalar and
vectorized lookups.

The table
=========
``utc_us[i]`` (int64 microseconds since 1970 UTC) is the instant at which the
UTC offset ``off_us[i]`` (int64 microseconds, east positive) takes effect and
stays in force until ``utc_us[i + 1]``.  ``utc_us`` is strictly increasing;
``utc_us[0]`` is a sentinel before year 1, so every instant has a row: the
active row for an instant ``t`` is ``searchsorted(utc_us, t, "right") - 1``.
Consecutive rows always differ in offset.  Row ``i`` covers the local
(wall-clock) interval ``[utc_us[i] + off_us[i], utc_us[i + 1] + off_us[i])``;
a wall time in no row's interval lies in a *gap* (spring forward), one in two
rows' intervals in a *fold* (fall back).  Local starts strictly increase.

Rows come from the TZif file's explicit transitions, then from its footer rule
year by year, but only up to a *horizon*: the footer years up to
:data:`HORIZON_YEAR` (or a little past the last explicit transition when that
is later).  Everything the table says below its *cover* (the start of its last
footer year, less eight days) is exactly what a table expanded to year 10000
would say.  A query that needs a later instant extends the table first (under
a per-zone lock, to the needed year plus :data:`EXTEND_YEARS`); the new table
replaces the old one in one assignment, and every query reads one table, so
threads never see a half-built one.  Extended or not, answers are the same for
every year 1-9999.

Before the first transition the offset is that of the first standard-time
(isdst=0) local time type, as CPython's ``zoneinfo`` does.

Every array a zone holds or returns is read-only (``writeable=False``): zones
are shared by every caller of :func:`~interval_schedule.tz.get_zone`.
"""

from __future__ import annotations

import bisect
import enum
import functools
import operator
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Literal, NamedTuple, Protocol, TypeVar, cast, get_args

import numpy as np

from .._units import DAY_US, HOUR_US, MAX_US, MIN_US, MINUTE_US, US, WEEK_US
from .._units import NAT as _NAT
from ..errors import InvalidDatetimeError, InvalidPolicyError, InvalidTZifError, numpy_repr, shorten
from ._posix import PosixRule, days_from_civil, parse_posix_tz, rule_events, rule_events_py
from ._tzif import TZifData, _FileRows

__all__ = [
    "Zone", "LocalKind", "LocalTime", "Classification", "GapPolicy", "FoldPolicy",
    "Transition", "Transitions", "Period", "Gap", "Regions", "WallFold", "HORIZON_YEAR", "EXTEND_YEARS",
]

GapPolicy = Literal["shift", "skip"]
FoldPolicy = Literal["earlier", "later"]
# The names, written once: the tuples are the Literal types' arguments.
GAP_POLICIES: tuple[GapPolicy, ...] = get_args(GapPolicy)
FOLD_POLICIES: tuple[FoldPolicy, ...] = get_args(FoldPolicy)
_Name = TypeVar("_Name", bound=str)

# Instants are clipped to [MIN_US, MAX_US] (years 1-9999, from _units) before seconds are
# scaled to microseconds: old files hold -2**59 sentinels that would overflow int64 us.
_MIN_S = -62135596800 - 3 * 86400  # a little before 0001-01-01
_MAX_S = 253402300800 + 3 * 86400  # a little after 9999-12-31
_SENTINEL_S = _MIN_S - 1
_MIN_S_ROW = np.array([_MIN_S], np.int64)
_MIN_S_ROW.setflags(write=False)
_LAST_RULE_YEAR = 10000
_INT64_MAX = int(np.iinfo(np.int64).max)
#: Footer years materialized when a zone is loaded (queries beyond extend the table).
HORIZON_YEAR = 2050
#: How many footer years past the needed one an extension adds at once.
EXTEND_YEARS = 100
# Wall-clock queries need the table two days past the wall time (offsets are
# within +-26 h), and a footer year's events lie within eight days of it
# (transition times up to 167 h, plus the offset).
_LOCAL_MARGIN_US = 2 * DAY_US
_COVER_MARGIN_S = 8 * 86_400
_SECONDS_PER_YEAR = 31_556_952  # 365.2425 days
_EXTEND_LOCK = threading.Lock()
_NO_HINT = (0, 0, 0)


def _is_sorted(flat: np.ndarray) -> bool:
    return flat.size < 2 or bool(np.all(flat[1:] >= flat[:-1]))


class LocalKind(enum.IntEnum):
    """How a wall-clock time maps to instants in a zone."""

    UNAMBIGUOUS = 0  #: exactly one instant
    GAP = 1  #: no instant: the clocks skipped it (spring forward)
    FOLD = 2  #: two instants: the clocks repeated it (fall back)


@dataclass(frozen=True)
class LocalTime:
    """Classification of one wall-clock time.

    ``offset_before``/``offset_after`` are the offsets (seconds) on either side
    of the transition that makes the gap or fold; for an unambiguous time both
    equal the offset in force.
    """

    kind: LocalKind
    offset_before: int
    offset_after: int


class Classification(NamedTuple):
    """Vectorized classification: three arrays of the input's shape."""

    kind: np.ndarray  #: uint8 values of :class:`LocalKind`
    offset_before: np.ndarray  #: int64 seconds
    offset_after: np.ndarray  #: int64 seconds


def policy_name(value: object, allowed: tuple[_Name, ...], what: str) -> _Name:
    """The entry of *allowed* that *value* spells, as that exact built-in ``str``.

    Only strings are names (``numpy.str_`` too); a str subclass is read by its
    characters, never by its own ``__eq__``, and what comes back is the built-in
    string, so a stored policy hashes, compares and serializes like a literal.

    >>> import numpy as np
    >>> type(policy_name(np.str_("skip"), GAP_POLICIES, "gap policy"))
    <class 'str'>
    >>> policy_name(np.array(["skip"]), GAP_POLICIES, "gap policy")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidPolicyError: unknown gap policy array(['skip'], dtype='<U4'); allowed: 'shift', 'skip'
    """
    if isinstance(value, str):
        text = str.__str__(value)  # a plain str copy of a subclass's characters
        for name in allowed:
            if str.__eq__(text, name):
                return name
    raise InvalidPolicyError(f"unknown {what} {shorten(value)}; allowed: {', '.join(map(repr, allowed))}")


def check_policies(gap: object, fold: object) -> tuple[GapPolicy, FoldPolicy]:
    """*gap* and *fold* as the exact built-in policy strings; :class:`InvalidPolicyError` for anything else."""
    return (
        policy_name(gap, GAP_POLICIES, "gap policy"),
        policy_name(fold, FOLD_POLICIES, "fold policy"),
    )


# Microseconds per unit of the units coarser than a microsecond.  Casting such
# values to [us] multiplies them, and numpy's overflow behaviour there changed:
# up to 2.4 it wraps silently (datetime64('586512-01-01') becomes 1957), from
# 2.5 it raises OverflowError.  So the values are checked against the int64
# range in their own unit first, and cast only when they fit.
_US_PER_UNIT = {"W": WEEK_US, "D": DAY_US, "h": HOUR_US, "m": MINUTE_US, "s": US, "ms": 1000}
# Years and months have no fixed length; numpy casts datetime64 ones on the
# Gregorian calendar and timedelta64 ones at the mean lengths.  These bounds
# (one unit inside the int64 range at the longest lengths) are safe for both.
_US_PER_LONGEST = {"Y": 366 * DAY_US, "M": 31 * DAY_US}


def _unit_bound(dtype: np.dtype) -> int | None:
    """The largest magnitude in *dtype*'s own unit that fits int64 microseconds; None for finer units."""
    unit, count = np.datetime_data(dtype)
    if unit in _US_PER_UNIT:
        return _INT64_MAX // (_US_PER_UNIT[unit] * count)
    if unit in _US_PER_LONGEST:
        return _INT64_MAX // (_US_PER_LONGEST[unit] * count) - 1
    return None
_DATETIME_US = np.dtype("datetime64[us]")
_TIMEDELTA_US = np.dtype("timedelta64[us]")
_TIMEDELTA_S = np.dtype("timedelta64[s]")


def as_us_array(values: object, what: str = "instants") -> np.ndarray:
    """Convert datetime64/timedelta64 (any unit) or integer microseconds to an int64 array.

    A view when the input already is microseconds.  Values that do not fit
    in int64 microseconds raise :class:`InvalidDatetimeError` (checked before
    the cast, so numpy neither wraps nor raises OverflowError).  NaT stays NaT
    (``int64`` min).

    >>> as_us_array(np.datetime64(2**62, "s"), "anchor")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidDatetimeError: anchor: numpy.datetime64('146138514283-06-19T07:45:04') does not fit in microseconds (years 1-9999 are supported)
    """
    arr = np.asarray(values)
    if arr.dtype.kind in "Mm":
        target = _DATETIME_US if arr.dtype.kind == "M" else _TIMEDELTA_US
        if arr.dtype == target:
            return arr.view(np.int64)
        bound = _unit_bound(arr.dtype)
        if bound is not None:
            raw = arr.view(np.int64)
            wrapped = (raw != _NAT) & ((raw > bound) | (raw < -bound))
            if wrapped.any():
                bad = arr.ravel()[np.flatnonzero(wrapped.ravel())[0]]
                raise InvalidDatetimeError(
                    f"{what}: {numpy_repr(bad)} does not fit in microseconds (years 1-9999 are supported)"
                )
        return arr.astype(target).view(np.int64)
    if arr.dtype.kind in "iu":
        if arr.dtype == np.uint64 and arr.size and int(arr.max()) > np.iinfo(np.int64).max:
            raise InvalidDatetimeError(f"{what}: {int(arr.max())} does not fit in int64 microseconds")
        return arr.astype(np.int64, copy=False)
    raise InvalidDatetimeError(
        f"{what} must be numpy datetime64 or int64 microseconds, not dtype {arr.dtype}"
    )


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr.setflags(write=False)
    return arr


@functools.lru_cache(maxsize=256)  # a zone asks the year of its last transition three times
def _year_of_s(seconds: int) -> int:
    """The proleptic Gregorian year of UTC *seconds* since 1970 (plain ints; the inverse of days_from_civil)."""
    z = seconds // 86_400 + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    march_based_month = (5 * doy + 2) // 153
    return yoe + era * 400 + (march_based_month >= 10)  # January and February belong to the next year


def _clip(arr: np.ndarray) -> np.ndarray:
    """The *ascending* array *arr* clipped to [_MIN_S, _MAX_S] (its ends tell whether anything needs clipping)."""
    if not arr.size or (int(arr[0]) >= _MIN_S and int(arr[-1]) <= _MAX_S):
        return arr
    clipped: np.ndarray = np.minimum(np.maximum(arr, _MIN_S), _MAX_S)
    return clipped


def _last_explicit_year(data: TZifData | _FileRows) -> int | None:
    if not len(data.trans_utc):
        return None
    return _year_of_s(min(max(int(data.trans_utc[-1]), _MIN_S), _MAX_S))


@functools.lru_cache(maxsize=64)  # most tables stop in HORIZON_YEAR
def _year_start_s(year: int) -> int:
    return int(days_from_civil(year, 1, 1)) * 86_400


def _table(data: TZifData, rule: PosixRule | None, last_year: int = _LAST_RULE_YEAR) -> tuple[np.ndarray, np.ndarray]:
    """The rows (seconds) of *data* with the footer rule expanded for local years up to *last_year*."""
    trans = _clip(data.trans_utc)
    offsets = data.utoff[data.trans_type] if len(trans) else np.empty(0, np.int64)
    standard = data.isdst.tolist().index(False) if not data.isdst.all() else None
    if standard is not None:
        before = int(data.utoff[standard])
    elif len(trans):
        before = int(offsets[0])
    else:
        before = int(data.utoff[-1])

    if rule is not None:
        if len(trans):
            last = int(trans[-1])
            first_year = _year_of_s(last) - 1
        else:
            last = None
            first_year = -1
        r_times, r_offsets = rule_events(rule, max(first_year, -1), max(last_year, first_year + 2))
        if not rule.has_dst:
            r_times, r_offsets = np.array([_MIN_S], np.int64), np.array([rule.std_offset], np.int64)
        if last is None:
            # The rule governs everything; before its first event the other offset holds.
            first_is_dst = rule.has_dst and int(r_offsets[0]) == rule.dst_offset
            before = rule.std_offset if first_is_dst or rule.dst_offset is None else rule.dst_offset
            trans, offsets = r_times, r_offsets
        else:
            # zoneinfo applies the rule to every instant *after* the last
            # explicit transition (whole seconds): the rule's offset then may
            # differ from the last explicit one until the rule's next event.
            # The rule's events start a year before the last transition, so
            # one of them is always at or before it.  Row last + 1 takes the
            # rule's offset in force *at* last + 1 (an event exactly there counts).
            i = max(int(np.searchsorted(r_times, last + 1, "right")) - 1, 0)
            later = r_times > last + 1
            trans = np.concatenate([trans, [last + 1], r_times[later]])
            offsets = np.concatenate([offsets, [r_offsets[i]], r_offsets[later]])
    elif not len(trans):
        # No transitions and no footer: zoneinfo uses the *last* type for every
        # instant, so the single row takes it (not the first standard type).
        before = int(data.utoff[-1])

    starts = np.concatenate([[_SENTINEL_S], _clip(trans)]).astype(np.int64)
    offs = np.concatenate([[before], offsets]).astype(np.int64)
    # Of rows at the same instant (clipped sentinels) keep the last; then drop
    # rows that do not change the offset.
    same = starts[1:] == starts[:-1]
    if same.any():
        keep = np.concatenate([~same, [True]])
        starts, offs = starts[keep], offs[keep]
    if len(starts) > 1 and starts[1] == _MIN_S:
        # A row clipped to _MIN_S holds the offset in force there; the sentinel one
        # second earlier must share it, or a drop in offset would make local starts
        # decrease (a footer-only zone whose rule is in DST at _MIN_S, or a -2**59
        # transition to a smaller offset).
        offs[0] = offs[1]
    unchanged = offs[1:] == offs[:-1]
    if not unchanged.any():
        return starts, offs
    keep = np.concatenate([[True], ~unchanged])
    return starts[keep], offs[keep]


def _table_fast(
    data: TZifData | _FileRows, rule: PosixRule | None, last_year: int, *, strict: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Exactly ``_table(data, rule, last_year)``, the way zones are loaded: :func:`_rows_py`, or :func:`_table_np` for long spans.

    ``_table`` is the reference (tests compare both on every zone and on
    fuzzed files).  *strict*: the file's transitions are known to be strictly
    increasing (:func:`~interval_schedule.tz._tzif.read_rows` checked them), so
    rows can share an instant only where clipping made them.
    """
    rows = _rows_py(data, rule, last_year, strict=strict)
    if rows is None:
        return _table_np(data, rule, last_year, strict=strict)
    return np.array(rows[0], np.int64), np.array(rows[1], np.int64)


def _rows_py(
    data: TZifData | _FileRows, rule: PosixRule | None, last_year: int, *, strict: bool = False
) -> tuple[list[int], list[int]] | None:
    """The steps of :func:`_table_np` on Python ints: the rows (seconds) as two lists.

    None when the footer's events would span more years than
    :data:`~interval_schedule.tz._posix.PY_EVENTS_MAX_YEARS` (numpy's job).
    Zones are loaded through this one, so loading runs no numpy arithmetic
    loop (their code would be paged in: see docs/performance.md).
    """
    if isinstance(data, _FileRows):
        trans: list[int] | tuple[int, ...] = data.trans_utc
        types: bytes | list[int] = data.trans_type
        utoff: list[int] | tuple[int, ...] = data.utoff
        flags: list[bool] | tuple[int, ...] = data.isdst
    else:
        trans, types, utoff, flags = data.trans_utc.tolist(), data.trans_type.tolist(), data.utoff.tolist(), data.isdst.tolist()
    n = len(trans)
    offsets: list[int] = list(operator.itemgetter(*types)(utoff)) if n > 1 else [utoff[t] for t in types]
    clipped = n > 0 and (trans[0] < _MIN_S or trans[-1] > _MAX_S)
    if clipped:
        trans = [min(max(t, _MIN_S), _MAX_S) for t in trans]
    if False in flags:  # the first standard-time type (0 == False for the file's 0/1 flags)
        before = utoff[flags.index(False)]
    elif n:
        before = offsets[0]
    else:
        before = utoff[-1]
    starts = [_SENTINEL_S, *trans]
    offs = [before, *offsets]
    if rule is not None:
        last = trans[-1] if n else None
        first_year = _year_of_s(last) - 1 if last is not None else -1
        if rule.has_dst:
            events = rule_events_py(rule, max(first_year, -1), max(last_year, first_year + 2))
            if events is None:
                return None
            r_times: Sequence[int] = events[0]
            r_offsets: Sequence[int] = events[1]
        else:
            r_times, r_offsets = (_MIN_S,), (rule.std_offset,)
        if last is None:
            first_is_dst = rule.has_dst and r_offsets[0] == rule.dst_offset
            before = rule.std_offset if first_is_dst or rule.dst_offset is None else rule.dst_offset
            starts, offs = [_SENTINEL_S, *r_times], [before, *r_offsets]
        else:
            # As in _table: a row at last + 1 with the rule's offset in force there, then the later events.
            edge = last + 1
            idx = bisect.bisect_right(r_times, edge)
            starts.append(edge)
            offs.append(r_offsets[max(idx - 1, 0)])
            starts += r_times[idx:]
            offs += r_offsets[idx:]
    elif not n:
        before = utoff[-1]
        offs[0] = before
    if len(starts) > 1:
        if starts[1] < _MIN_S or starts[-1] > _MAX_S:
            starts[1:] = [min(max(t, _MIN_S), _MAX_S) for t in starts[1:]]
            clipped = True
        if clipped or not strict:
            later = starts[1:]
            if any(map(operator.eq, starts, later)):  # of rows at one instant keep the last
                keep = [*map(operator.ne, later, starts), True]
                starts, offs = list(compress(starts, keep)), list(compress(offs, keep))
    if len(starts) > 1 and starts[1] == _MIN_S:
        offs[0] = offs[1]
    later = offs[1:]
    if any(map(operator.eq, offs, later)):  # drop rows that do not change the offset
        keep = [True, *map(operator.ne, later, offs)]
        starts, offs = list(compress(starts, keep)), list(compress(offs, keep))
    return starts, offs


def _table_np(
    data: TZifData | _FileRows, rule: PosixRule | None, last_year: int, *, strict: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Exactly ``_table(data, rule, last_year)`` in a dozen numpy calls, for long spans of footer years.

    This one writes the rows into two preallocated arrays instead of
    concatenating, and keeps every decision on Python ints.
    """
    if isinstance(data, _FileRows):
        data = _as_tzif(data)
    trans = data.trans_utc
    utoff = data.utoff
    flags = data.isdst.tolist()
    n = len(trans)
    offsets = utoff[data.trans_type] if n else utoff[:0]
    clipped = bool(n) and (int(trans[0]) < _MIN_S or int(trans[-1]) > _MAX_S)
    if clipped:
        trans = np.minimum(np.maximum(trans, _MIN_S), _MAX_S)
    if False in flags:  # the first standard-time type
        before = int(utoff[flags.index(False)])
    elif n:
        before = int(offsets[0])
    else:
        before = int(utoff[-1])
    tail_t: np.ndarray | None = None  # the footer's rows, after the explicit ones
    if rule is not None:
        last = int(trans[-1]) if n else None
        first_year = _year_of_s(last) - 1 if last is not None else -1
        if rule.has_dst:
            r_times, r_offsets = rule_events(rule, max(first_year, -1), max(last_year, first_year + 2))
        else:
            r_times, r_offsets = _MIN_S_ROW, np.array([rule.std_offset], np.int64)
        if last is None:
            first_is_dst = rule.has_dst and int(r_offsets[0]) == rule.dst_offset
            before = rule.std_offset if first_is_dst or rule.dst_offset is None else rule.dst_offset
            trans, offsets, n = r_times, r_offsets, len(r_times)
        else:
            # As in _table: a row at last + 1 with the rule's offset in force there, then the later events.
            edge = last + 1
            idx = int(r_times.searchsorted(edge, "right"))
            edge_offset = int(r_offsets[max(idx - 1, 0)])
            tail_t, tail_o = r_times[idx:], r_offsets[idx:]
    elif not n:
        before = int(utoff[-1])
    size = 1 + n + (0 if tail_t is None else 1 + len(tail_t))
    starts = np.empty(size, np.int64)
    offs = np.empty(size, np.int64)
    starts[0], offs[0] = _SENTINEL_S, before
    starts[1 : n + 1], offs[1 : n + 1] = trans, offsets
    if tail_t is not None:
        starts[n + 1], offs[n + 1] = edge, edge_offset
        starts[n + 2 :], offs[n + 2 :] = tail_t, tail_o
    if size > 1:
        if int(starts[1]) < _MIN_S or int(starts[-1]) > _MAX_S:
            np.clip(starts[1:], _MIN_S, _MAX_S, out=starts[1:])
            clipped = True
        if clipped or not strict:
            keep = np.empty(size, bool)  # of rows at one instant keep the last
            keep[-1] = True
            np.not_equal(starts[1:], starts[:-1], out=keep[:-1])
            if np.count_nonzero(keep) < size:
                starts, offs = starts[keep], offs[keep]
                size = len(starts)
    if size > 1 and int(starts[1]) == _MIN_S:
        offs[0] = offs[1]
    keep = np.empty(size, bool)  # drop rows that do not change the offset
    keep[0] = True
    np.not_equal(offs[1:], offs[:-1], out=keep[1:])
    if np.count_nonzero(keep) == size:
        return starts, offs
    return starts[keep], offs[keep]


def _as_tzif(rows: _FileRows) -> TZifData:
    """*rows* (plain Python values) as a :class:`TZifData` of read-only numpy arrays, without abbreviations."""
    return TZifData(
        rows.version,
        _read_only(np.array(rows.trans_utc, dtype=np.int64)),
        _read_only(np.frombuffer(rows.trans_type, dtype=np.uint8).astype(np.intp)),
        _read_only(np.array(rows.utoff, dtype=np.int64)),
        _read_only(np.array(rows.isdst, dtype=bool)),
        abbrs=(),
        footer=rows.footer,
    )


class Transition(NamedTuple):
    """One offset change: from the UTC instant ``utc_us`` on, the offset is ``offset_after_us`` instead of ``offset_before_us``.

    All values are int64 microseconds.  On the wall clock the change makes the
    gap or fold ``[local_start_us, local_end_us)``.
    """

    utc_us: int
    offset_before_us: int
    offset_after_us: int

    @property
    def is_gap(self) -> bool:
        """True when the clocks jump forward (a gap), False when they fall back (a fold)."""
        return self.offset_after_us > self.offset_before_us

    @property
    def local_start_us(self) -> int:
        """First wall time of the gap or fold."""
        return self.utc_us + min(self.offset_before_us, self.offset_after_us)

    @property
    def local_end_us(self) -> int:
        """First wall time after the gap or fold."""
        return self.utc_us + max(self.offset_before_us, self.offset_after_us)


class Period(NamedTuple):
    """One row of the table: the instants ``[utc_start_us, utc_end_us)`` share the offset ``offset_us``.

    The first period starts at the table's sentinel (a few days before year 1;
    earlier instants belong to it too); the last one ends at ``2**63 - 1``.
    ``offset_before_us`` is the previous period's offset (the period's own for
    the first).  Wall times of this period below ``repeat_end_local_us`` were
    already lived in the previous period: the second pass of a fold, where
    ``datetime.fold`` is 1 (``-2**63`` when nothing repeats).
    """

    utc_start_us: int
    utc_end_us: int
    offset_us: int
    offset_before_us: int
    repeat_end_local_us: int


class Gap(NamedTuple):
    """A gap on the wall clock: the wall times ``[local_start_us, local_end_us)`` do not exist."""

    local_start_us: int
    local_end_us: int


class Transitions(NamedTuple):
    """Transitions as parallel read-only int64 arrays (microseconds), ascending in time."""

    utc_us: np.ndarray
    offset_before_us: np.ndarray
    offset_after_us: np.ndarray


class Regions(NamedTuple):
    """The gaps and folds of a wall-clock range as parallel read-only arrays, in wall-clock order.

    Region ``r`` is ``[start_local_us[r], end_local_us[r])`` (int64 us); it is
    a gap when ``is_gap[r]``, else a fold; ``offset_before_us[r]`` and
    ``offset_after_us[r]`` are the offsets on either side of its transition, so
    a wall time between region ``r - 1`` and region ``r`` has the single
    offset ``offset_before_us[r]`` (= ``offset_after_us[r - 1]``).
    """

    start_local_us: np.ndarray
    end_local_us: np.ndarray
    is_gap: np.ndarray
    offset_before_us: np.ndarray
    offset_after_us: np.ndarray


class WallFold(NamedTuple):
    """Wall-clock times (int64 us) of UTC instants, and whether each is the second pass of a fold."""

    local_us: np.ndarray
    fold: np.ndarray


class _Local(NamedTuple):
    """Wall-clock views of a table: row intervals and the special region between rows r and r + 1."""

    start: np.ndarray  # local start of each row
    end: np.ndarray  # local end of each row (int64 max for the last)
    region_lo: np.ndarray
    region_hi: np.ndarray
    is_gap: np.ndarray
    ordered: bool  # regions disjoint and in order (always, in tzdata)
    longest_gap: int  # us; 0 without gaps


class _Table:
    """One immutable snapshot of a zone's rows (see the module docstring).

    ``utc`` and ``off`` are stored; the wall-clock arrays, the offsets in
    seconds and the memoryviews used by the scalar methods are derived on
    first use (racing threads compute the same values; one wins).
    """

    __slots__ = ("utc", "off32", "last_year", "full", "cover_us", "local_cover_us", "_off", "_off_s", "_utc_s", "_local")

    def __init__(self, starts_s: np.ndarray, offsets_s: np.ndarray, last_year: int, full: bool, key: str) -> None:
        local_s = starts_s + offsets_s
        if len(local_s) > 1 and np.count_nonzero(local_s[1:] <= local_s[:-1]):
            # Would need a zone whose offset changes by more than the time
            # between two transitions; none exists in tzdata.
            raise InvalidTZifError(f"zone {key!r}: local transition times are not increasing")
        # Offsets are stored as int32 seconds (they are within +-26 h): 12 bytes a
        # row until a vectorized query needs them in microseconds.
        self._setup(_read_only(starts_s * US), _read_only(offsets_s.astype(np.int32)), last_year, full)

    @classmethod
    def from_rows(cls, starts_s: list[int], offsets_s: list[int], last_year: int, full: bool, key: str) -> _Table:
        """The table of rows given as Python ints (from :func:`_rows_py`), built without numpy arithmetic."""
        local = list(map(operator.add, starts_s, offsets_s))
        if not all(map(operator.lt, local, local[1:])):
            raise InvalidTZifError(f"zone {key!r}: local transition times are not increasing")
        table = object.__new__(cls)
        # Seconds to microseconds by a timedelta64 cast: a cast loop, not an arithmetic one.
        utc = np.array(starts_s, np.int64).view(_TIMEDELTA_S).astype(_TIMEDELTA_US).view(np.int64)
        table._setup(_read_only(utc), _read_only(np.array(offsets_s, np.int32)), last_year, full)
        return table

    def _setup(self, utc: np.ndarray, off32: np.ndarray, last_year: int, full: bool) -> None:
        self.utc = utc
        self.off32 = off32
        self._off: np.ndarray | None = None
        self.last_year = last_year
        self.full = full
        if full:
            self.cover_us = self.local_cover_us = _INT64_MAX
        else:
            self.cover_us = (_year_start_s(last_year) - _COVER_MARGIN_S) * US
            self.local_cover_us = self.cover_us - _LOCAL_MARGIN_US
        self._off_s: np.ndarray | None = None
        self._utc_s: np.ndarray | None = None
        self._local: _Local | None = None

    @property
    def off(self) -> np.ndarray:
        """Offsets in int64 microseconds, parallel to ``utc``."""
        if self._off is None:
            self._off = _read_only(self.off32.astype(np.int64) * US)
        return self._off

    @property
    def off_s(self) -> np.ndarray:
        if self._off_s is None:
            self._off_s = _read_only(self.off32.astype(np.int64))
        return self._off_s

    @property
    def utc_s(self) -> np.ndarray:
        if self._utc_s is None:
            self._utc_s = _read_only(self.utc // US)
        return self._utc_s

    @property
    def local(self) -> _Local:
        if self._local is None:
            utc, off = self.utc, self.off
            start = utc + off
            end = np.append(utc[1:] + off[:-1], _INT64_MAX)
            lo = np.minimum(end[:-1], start[1:])
            hi = np.maximum(end[:-1], start[1:])
            ordered = bool(np.all(lo[1:] >= hi[:-1])) if len(lo) > 1 else True
            is_gap = start[1:] > end[:-1]
            longest = int(np.max(hi - lo, where=is_gap, initial=0)) if len(lo) else 0
            self._local = _Local(
                _read_only(start), _read_only(end), _read_only(lo), _read_only(hi), _read_only(is_gap), ordered, longest
            )
        return self._local

    # Read-only memoryviews for the scalar methods: bisect runs on them at C
    # speed and indexing gives Python ints, with no per-row Python objects.
    # Made per call, not kept: a kept buffer export costs 400 bytes a zone.

    @property
    def uv(self) -> tuple[memoryview, memoryview]:
        """utc (us) and offsets (int32 seconds) as memoryviews."""
        return self.utc.data, self.off32.data

    @property
    def lv(self) -> tuple[memoryview, memoryview]:
        """Local starts and local ends as memoryviews."""
        loc = self.local
        return loc.start.data, loc.end.data


class ZoneSource(Protocol):
    """What a :class:`Zone` knows of the tzdata release it was read from.

    :class:`~interval_schedule.tz.TzSource` (``tz._source``) is the one
    implementation; a protocol because ``_source`` builds zones, so this module
    must not import it.  A zone pickles as ``source.get_zone(key)``: the hook
    is registered by ``_source`` (``copyreg``), next to the sources it names.
    """

    @property
    def is_default(self) -> bool: ...

    def get_zone(self, key: str) -> Zone: ...


class Zone:
    """An IANA time zone, answering offset and wall-clock questions for scalars and arrays.

    Get one with :func:`interval_schedule.tz.get_zone` (or
    :meth:`TzSource.get_zone <interval_schedule.tz.TzSource.get_zone>` for
    another tzdata release); zones compare equal by source and key.  The
    table's invariants are in the module docstring; the public methods below
    are the only way other modules read it.

    >>> from interval_schedule.tz import get_zone
    >>> ny = get_zone("America/New_York")
    >>> import numpy as np
    >>> ny.utcoffset(np.array(["2024-01-01T12:00", "2024-07-01T12:00"], "datetime64[us]")).tolist()
    [-18000, -14400]
    >>> str(ny.to_utc(np.datetime64("2024-03-10T02:30", "us")))  # in the gap: shifted
    '2024-03-10T07:30:00.000000'
    >>> t = ny.next_transition(1_704_067_200_000_000)  # after 2024-01-01T00:00Z
    >>> str(np.datetime64(t.utc_us, "us")), t.offset_before_us // 3_600_000_000, t.offset_after_us // 3_600_000_000, t.is_gap
    ('2024-03-10T07:00:00.000000', -5, -4, True)
    """

    __slots__ = (
        "key", "footer", "source", "_table", "_seam", "_fixed", "_domain", "_max_transitions",
        "_utc_hint", "_local_hint", "_wall_hint", "__weakref__",
    )

    key: str
    footer: str
    source: ZoneSource | None
    _table: _Table
    # How to extend the table: None when it is complete; the file's data for a
    # zone without explicit transitions (tiny); else (k, edge, first_year): the
    # first k rows (explicit ones, up to the row at edge = last transition + 1 s)
    # never change, and the footer's events after edge follow, from first_year.
    _seam: None | TZifData | tuple[int, int, int]
    _fixed: bool
    _domain: tuple[int, int] | None
    _max_transitions: int
    _utc_hint: tuple[int, int, int]
    _local_hint: tuple[int, int, int]
    _wall_hint: tuple[int, int, int, int]

    def __init__(self, key: str, data: TZifData | _FileRows, *, source: ZoneSource | None = None) -> None:
        rule = parse_posix_tz(data.footer) if data.footer else None
        self.key = key
        self.footer = data.footer
        self.source = source
        self._domain = None
        self._utc_hint = self._local_hint = _NO_HINT
        self._wall_hint = (0, 0, 0, 0)
        dst = rule is not None and rule.has_dst
        self._max_transitions = len(data.trans_utc) + 2 + (2 * (_LAST_RULE_YEAR + 3) if dst else 0)
        last = _last_explicit_year(data)
        year = HORIZON_YEAR if last is None else max(HORIZON_YEAR, last + 2)
        if not dst or year + EXTEND_YEARS >= _LAST_RULE_YEAR:
            year = _LAST_RULE_YEAR  # nothing to expand, or explicit transitions near the end
        strict = isinstance(data, _FileRows)
        table = self._load(data, rule, year, strict)
        if year < _LAST_RULE_YEAR and table.off32.size == 1:
            year = _LAST_RULE_YEAR  # a footer whose events never change the offset
            table = self._load(data, rule, year, strict)
        self._table = table
        self._fixed = table.full and table.off32.size == 1
        if table.full:
            self._seam = None
        elif not len(data.trans_utc):
            self._seam = _as_tzif(data) if isinstance(data, _FileRows) else TZifData(
                data.version,
                _read_only(np.array(data.trans_utc)),
                _read_only(np.array(data.trans_type)),
                _read_only(np.array(data.utoff)),
                _read_only(np.array(data.isdst, dtype=bool)),
                abbrs=(),
                footer=data.footer,
            )
        else:
            edge = min(max(int(data.trans_utc[-1]), _MIN_S), _MAX_S) + 1
            k = bisect.bisect_right(table.utc.data, edge * US)  # rows starting at or before edge
            self._seam = (k, edge, _year_of_s(edge - 1) - 1)

    def _load(self, data: TZifData | _FileRows, rule: PosixRule | None, year: int, strict: bool) -> _Table:
        """The table to *year*, from Python ints (no numpy arithmetic) unless the footer's span is long."""
        full = year >= _LAST_RULE_YEAR
        rows = _rows_py(data, rule, year, strict=strict)
        if rows is None:
            starts, offsets = _table_np(data, rule, year, strict=strict)
            return _Table(starts, offsets, year, full, self.key)
        return _Table.from_rows(rows[0], rows[1], year, full, self.key)

    def _rows(self, last_year: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows (seconds) with the footer expanded to *last_year*: exactly ``_table(data, rule, last_year)``."""
        rule = parse_posix_tz(self.footer)
        seam = self._seam
        if seam is None or isinstance(seam, TZifData):
            return _table(cast(TZifData, seam), rule, last_year)
        k, edge, first_year = seam
        # The steps of _table after its explicit part, on the footer's events alone:
        # they are all later than the prefix, so clipping, "the last of events at
        # one instant" and "drop rows that do not change the offset" act the same.
        times, offsets = rule_events(rule, max(first_year, -1), max(last_year, first_year + 2))
        later = times > edge
        times, offsets = _clip(times[later]), offsets[later]
        same = times[1:] == times[:-1]
        if same.any():
            keep = np.concatenate([~same, [True]])
            times, offsets = times[keep], offsets[keep]
        base = self._table
        starts = np.concatenate([base.utc[:k] // US, times])
        offs = np.concatenate([base.off32[:k].astype(np.int64), offsets])
        unchanged = offs[1:] == offs[:-1]
        if unchanged.any():
            keep = np.concatenate([[True], ~unchanged])
            starts, offs = starts[keep], offs[keep]
        return starts, offs

    def _build(self, last_year: int) -> _Table:
        last_year = min(last_year, _LAST_RULE_YEAR)
        starts, offsets = self._rows(last_year)
        return _Table(starts, offsets, last_year, last_year >= _LAST_RULE_YEAR, self.key)

    @classmethod
    def from_tzif(cls, key: str, data: TZifData, *, source: ZoneSource | None = None) -> Zone:
        """Build a zone from parsed TZif data (see :func:`~interval_schedule.tz.parse_tzif`)."""
        return cls(key, data, source=source)

    def _alias(self, key: str) -> Zone:
        """A zone named *key* for a file byte-identical to this zone's (a tzdata link): the same immutable table, shared.

        Every attribute but the key is a pure function of the file's bytes, and
        a table is never changed in place (an extension replaces ``_table`` in
        the zone that extends), so sharing is exact.
        """
        twin = object.__new__(Zone)
        twin.key, twin.footer, twin.source = key, self.footer, self.source
        twin._table, twin._seam, twin._fixed = self._table, self._seam, self._fixed
        twin._domain, twin._max_transitions = self._domain, self._max_transitions
        twin._utc_hint = twin._local_hint = _NO_HINT
        twin._wall_hint = (0, 0, 0, 0)
        return twin

    # ------------------------------------------------------------- the table

    def _covering(self, utc_us: int) -> _Table:
        """A table exact for every instant before *utc_us* (Python int), extended if needed."""
        table = self._table
        if utc_us < table.cover_us or table.full:
            return table
        with _EXTEND_LOCK:  # one extension at a time (they are rare); readers keep their snapshot
            table = self._table
            if utc_us < table.cover_us or table.full:
                return table
            year = 1970 + min(utc_us, MAX_US) // (_SECONDS_PER_YEAR * US) + 2
            table = self._build(max(year + EXTEND_YEARS, table.last_year + 1))
            self._table = table
            return table

    def _covering_local(self, local_us: int) -> _Table:
        return self._covering(local_us + _LOCAL_MARGIN_US)

    def _full(self) -> _Table:
        return self._covering(_INT64_MAX)

    @property
    def horizon_year(self) -> int:
        """The last footer year currently materialized (10000 once the table is complete)."""
        table = self._table
        return _LAST_RULE_YEAR if table.full else table.last_year

    @property
    def table_nbytes(self) -> int:
        """Bytes held by the zone's arrays (table, derived views and the file's tables)."""
        table = self._table
        total = table.utc.nbytes + table.off32.nbytes
        if table._off is not None:
            total += table._off.nbytes
        if table._off_s is not None:
            total += table._off_s.nbytes
        if table._local is not None:
            total += sum(a.nbytes for a in table._local[:5])
        if isinstance(self._seam, TZifData):
            d = self._seam
            total += d.trans_utc.nbytes + d.trans_type.nbytes + d.utoff.nbytes + d.isdst.nbytes
        return total

    @property
    def utc_starts(self) -> np.ndarray:
        """The whole table's row starts, int64 UTC seconds, for years 1-9999 (read-only).

        This expands the footer to year 10000 (about 16 000 rows for a DST
        zone); :meth:`transitions` answers a range without that.
        """
        return self._full().utc_s.view()  # a view: its writeable flag cannot be turned back on

    @property
    def offsets(self) -> np.ndarray:
        """The whole table's offsets, int64 seconds east of UTC, parallel to :attr:`utc_starts` (read-only)."""
        return self._full().off_s.view()

    @property
    def max_transitions(self) -> int:
        """An upper bound on the number of transitions in years 1-9999, known without expanding the footer.

        For loop bounds: no walk over transitions can take more steps.
        """
        return self._max_transitions

    def __repr__(self) -> str:
        if self.source is None or self.source.is_default:
            return f"Zone({self.key!r})"
        return f"Zone({self.key!r}, source={self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Zone) and other.key == self.key and _same_source(self.source, other.source)

    def __hash__(self) -> int:
        return hash(("Zone", self.key))

    @property
    def domain_us(self) -> tuple[int, int]:
        """The first and last UTC instants (us) whose UTC time *and* wall time here lie in years 1-9999.

        Offsets are constant over the first and last days of the range, so the
        bounds follow from the offsets in force there.
        """
        domain = self._domain
        if domain is None:
            domain = self._domain = (MIN_US - min(self.offset_at_us(MIN_US), 0), MAX_US - max(self._offset_at_end_us(), 0))
        return domain

    def _offset_at_end_us(self) -> int:
        """The offset at MAX_US, from the footer's last years alone when the table stops earlier."""
        if self._table.full:
            return self.offset_at_us(MAX_US)
        rule = parse_posix_tz(self.footer)
        # Far past the last explicit transition, the full table's rows are the
        # rule's events; those of 9997-10000 decide the offset at the end of 9999.
        times, offs = rule.transitions(_LAST_RULE_YEAR - 3, _LAST_RULE_YEAR)
        i = int(np.searchsorted(times * US, MAX_US, "right")) - 1
        return int(offs[i]) * US

    @property
    def is_fixed(self) -> bool:
        """True when the zone has one offset for all of years 1-9999."""
        return self._fixed

    # ------------------------------------------------------------------ scalar
    # Plain-integer versions (microseconds), built on bisect over read-only
    # memoryviews: the obviously right reference the vectorized methods are
    # tested against.  A hint (the last row found) answers repeated queries in
    # the same stretch without a search; it is one tuple, replaced whole.

    def offset_at_us(self, utc_us: int) -> int:
        """Offset in microseconds in force at the UTC instant *utc_us* (int)."""
        lo, hi, off = self._utc_hint
        if lo <= utc_us < hi:
            return off
        return self.period_at_us(utc_us).offset_us

    def period_at_us(self, utc_us: int) -> Period:
        """The :class:`Period` (row) holding the UTC instant *utc_us* (int)."""
        table = self._covering(utc_us)
        utc, off = table.uv
        j = max(bisect.bisect_right(utc, utc_us) - 1, 0)
        if j + 1 == len(utc) and not table.full:
            table = self._full()  # the last row so far: find where it really ends
            utc, off = table.uv
        end = utc[j + 1] if j + 1 < len(utc) else _INT64_MAX
        offset = off[j] * US
        self._utc_hint = (utc[j] if j else -(2**63), min(end, table.cover_us), offset)
        if j:
            return Period(utc[j], end, offset, off[j - 1] * US, utc[j] + off[j - 1] * US)
        return Period(utc[0], end, offset, offset, -(2**63))

    def wall_at_us(self, utc_us: int) -> tuple[int, bool]:
        """The wall-clock time (int us) of the UTC instant *utc_us*, and whether it is the second pass of a fold.

        The scalar twin of :meth:`wall_and_fold_us` (the bool is what
        ``datetime.fold`` would be).  Instants in the stretch of the last one
        asked answer from a hint, without a search (the single-date queries'
        converter calls it once per date).

        >>> from interval_schedule.tz import get_zone
        >>> ny = get_zone("America/New_York")
        >>> [(str(np.datetime64(w, "us")), f) for w, f in (ny.wall_at_us(1_730_611_800_000_000), ny.wall_at_us(1_730_615_400_000_000))]
        [('2024-11-03T01:30:00.000000', False), ('2024-11-03T01:30:00.000000', True)]
        """
        lo, hi, off, repeat_end = self._wall_hint
        if not lo <= utc_us < hi:
            p = self.period_at_us(utc_us)
            lo, hi, off, repeat_end = p.utc_start_us, min(p.utc_end_us, self._table.cover_us), p.offset_us, p.repeat_end_local_us
            self._wall_hint = (lo, hi, off, repeat_end)
            if not lo <= utc_us < hi:  # before the sentinel, or past the table's exact cover: no hint
                local = utc_us + off
                return local, local < repeat_end
        local = utc_us + off
        return local, local < repeat_end

    def next_transition(self, utc_us: int) -> Transition | None:
        """The first transition strictly after the UTC instant *utc_us*, or None (none up to year 10000)."""
        p = self.period_at_us(utc_us)
        if p.utc_end_us == _INT64_MAX:
            return None
        return self.previous_transition(p.utc_end_us)

    def previous_transition(self, utc_us: int) -> Transition | None:
        """The last transition at or before the UTC instant *utc_us*, or None."""
        p = self.period_at_us(utc_us)
        if p.utc_start_us == _SENTINEL_S * US:
            return None  # the first period: no transition before it
        return Transition(p.utc_start_us, p.offset_before_us, p.offset_us)

    def classify_us(self, local_us: int) -> LocalTime:
        """Classify the wall-clock time *local_us* (microseconds since 1970, naive)."""
        table = self._covering_local(local_us)
        (_, off), (lstart, lend) = table.uv, table.lv
        j = max(bisect.bisect_right(lstart, local_us) - 1, 0)
        in_j = local_us < lend[j]
        in_prev = j >= 1 and local_us < lend[j - 1]
        if in_j and in_prev:
            return LocalTime(LocalKind.FOLD, off[j - 1], off[j])
        if in_j:
            return LocalTime(LocalKind.UNAMBIGUOUS, off[j], off[j])
        if in_prev:  # pragma: no cover - impossible while local starts increase
            return LocalTime(LocalKind.UNAMBIGUOUS, off[j - 1], off[j - 1])
        return LocalTime(LocalKind.GAP, off[j], off[j + 1])

    def instant_us(self, local_us: int, fold: FoldPolicy = "earlier") -> int:
        """UTC microseconds of a wall time that names an input instant: a gap always shifts."""
        u = self.resolve_us(local_us, "shift", fold)
        return local_us if u is None else u  # never None with "shift"

    def gaps_us(self, local_lo: int, local_hi: int) -> list[Gap]:
        """The gaps (wall-clock us) that overlap ``[local_lo, local_hi]``, in order."""
        lstart, lend = self._covering_local(local_hi).lv
        out = []
        for j in range(max(bisect.bisect_right(lstart, local_lo) - 2, 0), len(lstart) - 1):
            if lend[j] > local_hi:
                break
            if lstart[j + 1] > lend[j] and lstart[j + 1] > local_lo:
                out.append(Gap(lend[j], lstart[j + 1]))
        return out

    def resolve_us(self, local_us: int, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier") -> int | None:
        """UTC microseconds of the wall time *local_us*, or ``None`` when skipped.

        Gap: ``"shift"`` resolves with the offset in force before the gap (the
        time moves forward by the gap's length), ``"skip"`` gives ``None``.
        Fold: ``"earlier"``/``"later"`` pick the first/second instant.
        A policy is checked where it decides (in a fold or a gap), which keeps
        the check off this innermost call of the scalar core.
        """
        lo, hi, o = self._local_hint
        if lo <= local_us < hi:  # inside the unambiguous stretch of the last row found
            return local_us - o
        table = self._covering_local(local_us)
        (_, off), (lstart, lend) = table.uv, table.lv
        j = max(bisect.bisect_right(lstart, local_us) - 1, 0)
        if local_us < lend[j]:  # in row j ...
            if j >= 1 and local_us < lend[j - 1]:  # ... and in the previous row too: a fold
                return local_us - off[j - 1] * US if policy_name(fold, FOLD_POLICIES, "fold policy") == "earlier" else local_us - off[j] * US
            end = min(lend[j], lstart[j + 1] if j + 1 < len(lstart) else _INT64_MAX, table.local_cover_us)
            self._local_hint = (max(lstart[j], lend[j - 1]) if j else -(2**63), end, off[j] * US)
            return local_us - off[j] * US
        if j >= 1 and local_us < lend[j - 1]:  # pragma: no cover - local starts increase
            return local_us - off[j - 1] * US
        return None if policy_name(gap, GAP_POLICIES, "gap policy") == "skip" else local_us - off[j] * US  # a gap after row j

    # ------------------------------------------------------------- in a range

    def transitions(self, start_us: int, end_us: int) -> Transitions:
        """The transitions whose UTC instant lies in ``[start_us, end_us)``, as arrays.

        >>> from interval_schedule.tz import get_zone
        >>> t = get_zone("Europe/London").transitions(1_704_067_200_000_000, 1_735_689_600_000_000)  # 2024
        >>> np.datetime_as_string(t.utc_us.view("datetime64[us]"), "m").tolist(), (t.offset_after_us // 3_600_000_000).tolist()
        (['2024-03-31T01:00', '2024-10-27T01:00'], [1, 0])
        """
        table = self._covering(int(end_us))
        utc = table.utc
        a = max(int(np.searchsorted(utc, start_us, "left")), 1)  # row 0 is the sentinel, not a transition
        b = max(int(np.searchsorted(utc, end_us, "left")), a)
        return Transitions(utc[a:b], table.off[a - 1 : b - 1], table.off[a:b])

    @property
    def regions_ordered(self) -> bool:
        """True when the zone's gaps and folds are disjoint and in order on the wall clock (always, in tzdata)."""
        return self._table.local.ordered

    @property
    def periodic_from_us(self) -> int | None:
        """A wall time (us) from which the zone's rules repeat every 400 Gregorian years, or None.

        From it on, the footer rule alone sets the offsets, and the Gregorian
        calendar repeats every 146 097 days (400 years, exactly 20 871 weeks),
        so a wall time ``w >= periodic_from_us`` has the same offset, gap or
        fold as ``w + 146097 days``.  It is 1 January of the second year after
        the year of the last explicit transition (year 2 for a zone with a
        footer and no explicit transition).  None for a zone whose table was
        complete when it was read: no footer rule that changes the offset, or
        explicit transitions that run to the end of the table.

        >>> from interval_schedule.tz import get_zone
        >>> str(np.datetime64(get_zone("America/New_York").periodic_from_us, "us")), get_zone("Asia/Tokyo").periodic_from_us
        ('2009-01-01T00:00:00.000000', None)
        """
        seam = self._seam
        if seam is None:
            return None
        if isinstance(seam, TZifData):  # a footer and no explicit transition: the rule from year 1 on
            return int(days_from_civil(2, 1, 1)) * 86_400 * US
        return int(days_from_civil(_year_of_s(seam[1]) + 2, 1, 1)) * 86_400 * US

    @property
    def longest_gap_us(self) -> int:
        """The length (us) of the zone's longest wall-clock gap in years 1-9999; 0 for a zone without one.

        Every gap of the explicit transitions is in the table, and the footer
        rule's gaps all have one length, which its first year shows.

        >>> from interval_schedule.tz import get_zone
        >>> get_zone("America/New_York").longest_gap_us // 3_600_000_000, get_zone("Pacific/Apia").longest_gap_us // 3_600_000_000
        (1, 24)
        """
        return self._table.local.longest_gap

    def regions(self, local_lo_us: int, local_hi_us: int) -> Regions:
        """The gaps and folds that overlap the wall-clock range ``[local_lo_us, local_hi_us]``.

        A region overlaps when it ends after *local_lo_us* and starts at or before *local_hi_us*.

        >>> from interval_schedule.tz import get_zone
        >>> r = get_zone("America/New_York").regions(1_704_067_200_000_000, 1_735_689_600_000_000)  # 2024
        >>> np.datetime_as_string(r.start_local_us.view("datetime64[us]"), "m").tolist(), r.is_gap.tolist()
        (['2024-03-10T02:00', '2024-11-03T01:00'], [True, False])
        """
        table = self._covering_local(int(local_hi_us))
        loc = table.local
        off = table.off
        if loc.ordered:  # slices of read-only arrays: read-only views
            a = bisect.bisect_right(loc.region_hi.data, local_lo_us)
            b = max(bisect.bisect_right(loc.region_lo.data, local_hi_us), a)
            return Regions(loc.region_lo[a:b], loc.region_hi[a:b], loc.is_gap[a:b], off[a:b], off[a + 1 : b + 1])
        sel = np.flatnonzero((loc.region_hi > local_lo_us) & (loc.region_lo <= local_hi_us))
        parts = (loc.region_lo[sel], loc.region_hi[sel], loc.is_gap[sel], off[sel], off[sel + 1])
        return Regions(*(_read_only(p) for p in parts))

    # -------------------------------------------------------------- vectorized

    def _offsets_sorted(self, table: _Table, flat: np.ndarray, scale: int) -> np.ndarray | None:
        """Offsets (from *values*, one per row) for ascending instants, filled segment by segment.

        The few transitions inside the array are searched into it, and each
        stretch between two of them is filled with one value: no per-element
        search and no index array.  None when the array crosses so many
        transitions that the general path is cheaper.
        """
        n = flat.size
        utc = table.utc
        lo = max(int(np.searchsorted(utc, flat[0], "right")) - 1, 0)
        hi = int(np.searchsorted(utc, flat[-1], "right"))
        if hi - lo > max(16, n // 16):
            return None
        cuts = np.searchsorted(flat, utc[lo + 1 : hi], "left").tolist()
        out = np.empty(n, dtype=np.int64)
        prev = 0
        values = table.off[lo:hi].tolist()
        for value, cut in zip(values, cuts + [n]):
            out[prev:cut] = value // scale
            prev = cut
        return out

    def _lookup(self, utc_us: np.ndarray, seconds: bool, assume_sorted: bool | None) -> np.ndarray:
        """The offset (seconds or us) of the row of each instant (any shape)."""
        flat = utc_us.ravel()
        if assume_sorted is None:
            assume_sorted = _is_sorted(flat)
        if not flat.size:
            return np.empty(utc_us.shape, dtype=np.int64)
        fast = assume_sorted and flat.size >= 64
        table = self._covering(int(flat[-1]) if fast else int(flat.max()))
        if fast:
            out = self._offsets_sorted(table, flat, US if seconds else 1)
            if out is not None:
                return out.reshape(utc_us.shape)
        # Instants before the sentinel (before year 1) take the first row.
        out = table.off[np.maximum(np.searchsorted(table.utc, utc_us, "right") - 1, 0)]
        return out // US if seconds else out

    def utcoffset(self, instants: object, *, assume_sorted: bool | None = None) -> np.ndarray:
        """UTC offsets (int64 seconds) in force at UTC *instants*.

        *instants*: ``datetime64`` (any unit; microseconds used) or int64
        microseconds since 1970 UTC, any shape.  Sorted (ascending, flattened)
        input takes a fast path that searches the few transitions into the
        array instead of every element into the transitions; pass
        ``assume_sorted=True`` to skip the check, ``False`` to force the general path.
        NaT is refused.

        >>> from interval_schedule.tz import get_zone
        >>> get_zone("Australia/Lord_Howe").utcoffset(np.datetime64("2024-01-01", "us")).item() / 3600
        11.0
        """
        if type(instants) is np.datetime64 and instants.dtype == _DATETIME_US:
            utc_us = np.asarray(instants).view(np.int64)  # the common scalar: no conversion to check
        else:
            utc_us = as_us_array(instants)
        if utc_us.ndim == 0:  # one instant: the scalar path
            value = int(utc_us)
            if value == _NAT:
                raise InvalidDatetimeError("NaT has no UTC offset")
            return cast(np.ndarray, np.int64(self.offset_at_us(value) // US))
        if utc_us.size and (utc_us.min() if not assume_sorted else utc_us.flat[0]) == _NAT:
            raise InvalidDatetimeError("NaT has no UTC offset")
        if self._fixed:
            return np.full(utc_us.shape, int(self._table.off32[0]), dtype=np.int64)
        return self._lookup(utc_us, True, assume_sorted)

    def offsets_us(self, utc_us: np.ndarray, *, assume_sorted: bool | None = None) -> np.ndarray:
        """Like :meth:`utcoffset` on int64 microseconds, returning microseconds (no checks)."""
        if self._fixed:
            return np.full(np.shape(utc_us), int(self._table.off32[0]) * US, dtype=np.int64)
        return self._lookup(np.asarray(utc_us, dtype=np.int64), False, assume_sorted)

    def to_local_us(self, utc_us: np.ndarray, *, assume_sorted: bool | None = None) -> np.ndarray:
        """Wall-clock microseconds (naive) of UTC microseconds."""
        local: np.ndarray = utc_us + self.offsets_us(utc_us, assume_sorted=assume_sorted)
        return local

    def wall_and_fold_us(self, utc_us: np.ndarray) -> WallFold:
        """Wall-clock microseconds of UTC microseconds, with ``fold`` True where the wall time is the second pass of a fold.

        ``fold`` is what ``datetime.fold`` would be (PEP 495).

        >>> from interval_schedule.tz import get_zone
        >>> first, second = 1_730_611_800_000_000, 1_730_615_400_000_000  # 05:30Z and 06:30Z on 2024-11-03
        >>> w = get_zone("America/New_York").wall_and_fold_us(np.array([first, second]))
        >>> np.datetime_as_string(w.local_us.view("datetime64[us]"), "m").tolist(), w.fold.tolist()
        (['2024-11-03T01:30', '2024-11-03T01:30'], [False, True])
        """
        utc_us = np.asarray(utc_us, dtype=np.int64)
        if not utc_us.size:
            return WallFold(utc_us.copy(), np.zeros(utc_us.shape, dtype=bool))
        table = self._covering(int(utc_us.max()))
        rows = np.maximum(np.searchsorted(table.utc, utc_us, "right") - 1, 0)
        local = utc_us + table.off[rows]
        fold = (rows >= 1) & (local < table.local.end[np.maximum(rows - 1, 0)])
        return WallFold(local, fold)

    def _membership(self, table: _Table, local_us: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(j, j - 1 clamped, in row j, in row j - 1) for each wall time.

        j is the last row whose local start is <= the wall time.  In both rows:
        a fold; in neither: a gap (after row j).
        """
        loc = table.local
        j = np.maximum(np.searchsorted(loc.start, local_us, "right") - 1, 0)
        jp = np.maximum(j - 1, 0)
        in_j = local_us < loc.end[j]
        in_prev = (j >= 1) & (local_us < loc.end[jp])
        return j, jp, in_j, in_prev

    def classify(self, local: object) -> Classification:
        """Classify naive wall-clock times (``datetime64`` or int64 us) as unambiguous, gap or fold.

        >>> from interval_schedule.tz import get_zone
        >>> c = get_zone("America/New_York").classify(
        ...     np.array(["2024-03-10T02:30", "2024-11-03T01:30", "2024-07-01T12:00"], "datetime64[us]"))
        >>> [LocalKind(k).name for k in c.kind]
        ['GAP', 'FOLD', 'UNAMBIGUOUS']
        >>> (c.offset_before // 3600).tolist(), (c.offset_after // 3600).tolist()
        ([-5, -4, -4], [-4, -5, -4])
        """
        local_us = as_us_array(local, "wall-clock times")
        if local_us.size and local_us.min() == _NAT:
            raise InvalidDatetimeError("NaT cannot be classified")
        table = self._covering_local(int(local_us.max()) if local_us.size else 0)
        j, jp, in_j, in_prev = self._membership(table, local_us)
        fold = in_j & in_prev
        gap = ~in_j & ~in_prev
        kind = np.where(fold, LocalKind.FOLD, np.where(gap, LocalKind.GAP, LocalKind.UNAMBIGUOUS)).astype(np.uint8)
        offsets = table.off
        jn = np.minimum(j + 1, len(offsets) - 1)
        before = np.where(fold, offsets[jp], offsets[j]) // US
        after = np.where(gap, offsets[jn], offsets[j]) // US
        return Classification(kind, before, after)

    def to_utc(self, local: object, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier", *, assume_sorted: bool | None = None) -> np.ndarray:
        """UTC ``datetime64[us]`` instants of naive wall-clock times in this zone.

        In a fold ``fold="earlier"`` takes the first instant, ``"later"`` the
        second.  In a gap ``gap="shift"`` resolves with the offset in force
        before the gap, moving the time forward by the gap's length (02:30 is
        03:30 EDT on 2024-03-10 in New York); ``"skip"`` gives NaT.

        >>> from interval_schedule.tz import get_zone
        >>> ny = get_zone("America/New_York")
        >>> t = np.datetime64("2024-11-03T01:30", "us")
        >>> str(ny.to_utc(t)), str(ny.to_utc(t, fold="later"))
        ('2024-11-03T05:30:00.000000', '2024-11-03T06:30:00.000000')
        >>> bool(np.isnat(ny.to_utc(np.datetime64("2024-03-10T02:30", "us"), gap="skip")))
        True
        >>> ny.to_utc(t, gap="forward")
        Traceback (most recent call last):
        ...
        interval_schedule.errors.InvalidPolicyError: unknown gap policy 'forward'; allowed: 'shift', 'skip'
        """
        local_us = as_us_array(local, "wall-clock times")
        out = self.to_utc_us(local_us, gap, fold, assume_sorted=assume_sorted)
        return out.view("datetime64[us]") if out.ndim else out.reshape(()).view("datetime64[us]")[()]

    def to_utc_us(self, local_us: np.ndarray, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier", *, assume_sorted: bool | None = None) -> np.ndarray:
        """:meth:`to_utc` on int64 microseconds; skipped times come out as NaT's integer (int64 min)."""
        gap, fold = check_policies(gap, fold)
        local_us = np.asarray(local_us, dtype=np.int64)
        if local_us.size and local_us.min() == _NAT:
            raise InvalidDatetimeError("NaT has no UTC instant")
        if self._fixed:
            return local_us - int(self._table.off32[0]) * US
        flat = local_us.ravel()
        if assume_sorted is None:
            assume_sorted = _is_sorted(flat)
        if not flat.size:
            return local_us.copy()
        fast = assume_sorted and flat.size >= 64
        table = self._covering_local(int(flat[-1]) if fast else int(flat.max()))
        if fast and table.local.ordered:
            out = self._to_utc_sorted(table, flat, gap, fold)
            if out is not None:
                return out.reshape(local_us.shape)
        j, jp, in_j, in_prev = self._membership(table, local_us)
        # The offset to subtract: the row's own, or the previous row's for the
        # earlier instant of a fold.  In a gap the row's own offset is the one
        # in force before the gap, which is exactly "shift".
        use_prev = in_prev & (~in_j | (fold == "earlier"))
        off = np.where(use_prev, table.off[jp], table.off[j])
        out = local_us - off
        if gap == "skip":
            # np.where, not item assignment: 0-d input gives a numpy scalar here.
            out = np.where(~in_j & ~in_prev, _NAT, out)
        return out

    def _to_utc_sorted(self, table: _Table, flat: np.ndarray, gap: str, fold: str) -> np.ndarray | None:
        """:meth:`to_utc_us` for ascending wall times, one subtraction per stretch.

        Between two special regions (gaps and folds) every wall time belongs to
        one row, so its instant is the wall time minus that row's offset; only
        the elements inside a region need the policy.  Memory: the output only.
        """
        loc = table.local
        region_lo, region_hi, is_gap = loc.region_lo, loc.region_hi, loc.is_gap
        n = flat.size
        r0 = int(np.searchsorted(region_hi, flat[0], "right"))
        r1 = int(np.searchsorted(region_lo, flat[-1], "right"))
        if r1 - r0 > max(16, n // 16):
            return None
        starts = np.searchsorted(flat, region_lo[r0:r1], "left").tolist()
        ends = np.searchsorted(flat, region_hi[r0:r1], "left").tolist()
        off = table.off
        out = np.empty(n, dtype=np.int64)
        prev = 0
        for r, a, b in zip(range(r0, r1), starts, ends):
            np.subtract(flat[prev:a], off[r], out=out[prev:a])  # row r, plain
            if b > a:
                if is_gap[r] and gap == "skip":
                    out[a:b] = _NAT
                else:  # a gap resolves with the offset before it; a fold by policy
                    o = off[r + 1] if (not is_gap[r] and fold == "later") else off[r]
                    np.subtract(flat[a:b], o, out=out[a:b])
            prev = b
        np.subtract(flat[prev:], off[r1], out=out[prev:])
        return out


def _same_source(a: ZoneSource | None, b: ZoneSource | None) -> bool:
    a_default = a is None or a.is_default
    b_default = b is None or b.is_default
    if a_default or b_default:
        return a_default and b_default
    return a == b
