"""``Zone``: one IANA time zone as a sorted transition table, with scalar and
vectorized lookups.

The table
=========
``utc_starts[i]`` (int64 seconds since 1970 UTC) is the instant at which the
UTC offset ``offsets[i]`` (int64 seconds, east positive) takes effect and stays
in force until ``utc_starts[i + 1]``.  ``utc_starts`` is strictly increasing;
``utc_starts[0]`` is a sentinel before year 1, so every instant has a row: the
active row for an instant ``t`` is ``searchsorted(utc_starts, t, "right") - 1``.
Consecutive rows always differ in offset.  Rows come from the TZif file's
explicit transitions, then from its footer rule for every later year up to
10000, so years 1-9999 are answered from the table alone.

Row ``i`` covers the local (wall-clock) interval
``[utc_starts[i] + offsets[i], utc_starts[i + 1] + offsets[i])``.  A wall time
in no row's interval lies in a *gap* (spring forward); one in two rows'
intervals lies in a *fold* (fall back).

Before the first transition the offset is that of the first standard-time
(isdst=0) local time type, as CPython's ``zoneinfo`` does.
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import numpy as np

from ..errors import InvalidDatetimeError, InvalidPolicyError, InvalidTZifError, numpy_repr
from ._posix import PosixRule, parse_posix_tz
from ._tzif import TZifData

__all__ = ["Zone", "LocalKind", "LocalTime", "Classification", "GapPolicy", "FoldPolicy"]

GapPolicy = Literal["shift", "skip"]
FoldPolicy = Literal["earlier", "later"]
GAP_POLICIES: tuple[str, ...] = ("shift", "skip")
FOLD_POLICIES: tuple[str, ...] = ("earlier", "later")

US = 1_000_000
# Instants are clipped to this window before seconds are scaled to
# microseconds: old files hold -2**59 sentinels that would overflow int64 us.
#: 0001-01-01T00:00:00 and 9999-12-31T23:59:59.999999 in microseconds since 1970.
MIN_US = -62135596800 * US
MAX_US = 253402300800 * US - 1
_MIN_S = -62135596800 - 3 * 86400  # a little before 0001-01-01
_MAX_S = 253402300800 + 3 * 86400  # a little after 9999-12-31
_SENTINEL_S = _MIN_S - 1
_LAST_RULE_YEAR = 10000
_NAT = np.iinfo(np.int64).min
_INT64_MAX = np.iinfo(np.int64).max


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


def check_policies(gap: str, fold: str) -> None:
    """Raise :class:`InvalidPolicyError` unless *gap* and *fold* are known names."""
    if gap not in GAP_POLICIES:
        raise InvalidPolicyError(f"unknown gap policy {gap!r}; allowed: {', '.join(map(repr, GAP_POLICIES))}")
    if fold not in FOLD_POLICIES:
        raise InvalidPolicyError(f"unknown fold policy {fold!r}; allowed: {', '.join(map(repr, FOLD_POLICIES))}")


# Microseconds per unit of the units coarser than a microsecond.  Casting such
# values to [us] multiplies them, and numpy's overflow behaviour there changed:
# up to 2.4 it wraps silently (datetime64('586512-01-01') becomes 1957), from
# 2.5 it raises OverflowError.  So the values are checked against the int64
# range in their own unit first, and cast only when they fit.
_US_PER_UNIT = {"W": 7 * 86400 * US, "D": 86400 * US, "h": 3600 * US, "m": 60 * US, "s": US, "ms": 1000}
# Years and months have no fixed length; numpy casts datetime64 ones on the
# Gregorian calendar and timedelta64 ones at the mean lengths.  These bounds
# (one unit inside the int64 range at the longest lengths) are safe for both.
_US_PER_LONGEST = {"Y": 366 * 86400 * US, "M": 31 * 86400 * US}


def _unit_bound(dtype: np.dtype) -> int | None:
    """The largest magnitude in *dtype*'s own unit that fits int64 microseconds; None for finer units."""
    unit, count = np.datetime_data(dtype)
    if unit in _US_PER_UNIT:
        return _INT64_MAX // (_US_PER_UNIT[unit] * count)
    if unit in _US_PER_LONGEST:
        return _INT64_MAX // (_US_PER_LONGEST[unit] * count) - 1
    return None


def as_us_array(values, what: str = "instants") -> np.ndarray:
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
        target = np.dtype("datetime64[us]" if arr.dtype.kind == "M" else "timedelta64[us]")
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


def _table(data: TZifData, rule: PosixRule | None) -> tuple[np.ndarray, np.ndarray]:
    trans = np.clip(data.trans_utc, _MIN_S, _MAX_S)
    offsets = data.utoff[data.trans_type] if len(trans) else np.empty(0, np.int64)
    standard = np.flatnonzero(~data.isdst)
    if standard.size:
        before = int(data.utoff[standard[0]])
    elif len(trans):
        before = int(offsets[0])
    else:
        before = int(data.utoff[-1])

    if rule is not None:
        if len(trans):
            last = int(trans[-1])
            first_year = int(np.datetime64(last, "s").astype("datetime64[Y]").astype(int)) + 1970 - 1
        else:
            last = None
            first_year = -1
        r_times, r_offsets = rule.transitions(max(first_year, -1), _LAST_RULE_YEAR)
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

    starts = np.concatenate([[_SENTINEL_S], np.clip(trans, _MIN_S, _MAX_S)]).astype(np.int64)
    offs = np.concatenate([[before], offsets]).astype(np.int64)
    # Of rows at the same instant (clipped sentinels) keep the last; then drop
    # rows that do not change the offset.
    keep = np.append(starts[1:] != starts[:-1], True)
    starts, offs = starts[keep], offs[keep]
    if len(starts) > 1 and starts[1] == _MIN_S:
        # A row clipped to _MIN_S holds the offset in force there; the sentinel one
        # second earlier must share it, or a drop in offset would make local starts
        # decrease (a footer-only zone whose rule is in DST at _MIN_S, or a -2**59
        # transition to a smaller offset).
        offs[0] = offs[1]
    keep = np.insert(offs[1:] != offs[:-1], 0, True)
    return starts[keep], offs[keep]


@dataclass(frozen=True, eq=False, repr=False)
class Zone:
    """An IANA time zone, answering offset and wall-clock questions for scalars and arrays.

    Get one with :func:`interval_schedule.tz.get_zone`; zones compare equal by key.

    >>> from interval_schedule.tz import get_zone
    >>> ny = get_zone("America/New_York")
    >>> import numpy as np
    >>> ny.utcoffset(np.array(["2024-01-01T12:00", "2024-07-01T12:00"], "datetime64[us]")).tolist()
    [-18000, -14400]
    >>> str(ny.to_utc(np.datetime64("2024-03-10T02:30", "us")))  # in the gap: shifted
    '2024-03-10T07:30:00.000000'
    """

    key: str
    utc_starts: np.ndarray  # int64 seconds, strictly increasing, [0] is a sentinel
    offsets: np.ndarray  # int64 seconds east of UTC, offsets[i] from utc_starts[i]
    footer: str = ""
    _utc_us: np.ndarray = field(init=False)
    _off_us: np.ndarray = field(init=False)
    _local_start_us: np.ndarray = field(init=False)
    _local_end_us: np.ndarray = field(init=False)
    _lists: tuple[list[int], list[int], list[int], list[int]] = field(init=False)
    _regions: tuple[np.ndarray, np.ndarray, np.ndarray, bool] = field(init=False)

    def __post_init__(self) -> None:
        utc_us = self.utc_starts * US
        off_us = self.offsets * US
        local_start = utc_us + off_us
        local_end = np.append(utc_us[1:] + off_us[:-1], _INT64_MAX)
        if len(local_start) > 1 and np.any(np.diff(local_start) <= 0):
            # Would need a zone whose offset changes by more than the time
            # between two transitions; none exists in tzdata.
            raise InvalidTZifError(f"zone {self.key!r}: local transition times are not increasing")
        # The special region of each transition on the wall clock: the gap
        # [local_end[r], local_start[r + 1]) or the fold [local_start[r + 1], local_end[r]).
        # Between regions a wall time belongs to one row.  The sorted fast path
        # of to_utc_us needs them disjoint and in order, as they are in tzdata.
        region_lo = np.minimum(local_end[:-1], local_start[1:])
        region_hi = np.maximum(local_end[:-1], local_start[1:])
        ordered = bool(np.all(region_lo[1:] >= region_hi[:-1])) if len(region_lo) > 1 else True
        for name, value in (
            ("_regions", (region_lo, region_hi, local_start[1:] > local_end[:-1], ordered)),
            ("_utc_us", utc_us),
            ("_off_us", off_us),
            ("_local_start_us", local_start),
            ("_local_end_us", local_end),
            ("_lists", (utc_us.tolist(), off_us.tolist(), local_start.tolist(), local_end.tolist())),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def from_tzif(cls, key: str, data: TZifData) -> "Zone":
        """Build a zone from parsed TZif data (see :func:`~interval_schedule.tz._tzif.parse_tzif`)."""
        rule = parse_posix_tz(data.footer) if data.footer else None
        starts, offsets = _table(data, rule)
        return cls(key, starts, offsets, data.footer)

    def __repr__(self) -> str:
        return f"Zone({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Zone) and other.key == self.key

    def __hash__(self) -> int:
        return hash(("Zone", self.key))

    def __reduce__(self):
        from . import get_zone

        return (get_zone, (self.key,))

    @property
    def domain_us(self) -> tuple[int, int]:
        """The first and last UTC instants (us) whose UTC time *and* wall time here lie in years 1-9999.

        Offsets are constant over the first and last days of the range, so the
        bounds follow from the offsets in force there.
        """
        return MIN_US - min(self.offset_at_us(MIN_US), 0), MAX_US - max(self.offset_at_us(MAX_US), 0)

    @property
    def is_fixed(self) -> bool:
        """True when the zone has one offset for all of years 1-9999."""
        return len(self.offsets) == 1

    # ------------------------------------------------------------------ scalar
    # Plain-integer versions (microseconds), built on bisect: the obviously
    # right reference the vectorized methods are tested against.

    def offset_at_us(self, utc_us: int) -> int:
        """Offset in microseconds in force at the UTC instant *utc_us* (int)."""
        utc, off, _, _ = self._lists
        return off[max(bisect.bisect_right(utc, utc_us) - 1, 0)]

    def classify_us(self, local_us: int) -> LocalTime:
        """Classify the wall-clock time *local_us* (microseconds since 1970, naive)."""
        _, off, lstart, lend = self._lists
        j = max(bisect.bisect_right(lstart, local_us) - 1, 0)
        in_j = local_us < lend[j]
        in_prev = j >= 1 and local_us < lend[j - 1]
        if in_j and in_prev:
            return LocalTime(LocalKind.FOLD, off[j - 1] // US, off[j] // US)
        if in_j:
            return LocalTime(LocalKind.UNAMBIGUOUS, off[j] // US, off[j] // US)
        if in_prev:  # pragma: no cover - impossible while local starts increase
            return LocalTime(LocalKind.UNAMBIGUOUS, off[j - 1] // US, off[j - 1] // US)
        return LocalTime(LocalKind.GAP, off[j] // US, off[j + 1] // US)

    def instant_us(self, local_us: int, fold: FoldPolicy = "earlier") -> int:
        """UTC microseconds of a wall time that names an input instant: a gap always shifts."""
        u = self.resolve_us(local_us, "shift", fold)
        return local_us if u is None else u  # never None with "shift"

    def gaps_us(self, local_lo: int, local_hi: int) -> list[tuple[int, int]]:
        """The gaps ``[start, end)`` (wall-clock us) that overlap ``[local_lo, local_hi]``, in order."""
        _, _, lstart, lend = self._lists
        out = []
        for j in range(max(bisect.bisect_right(lstart, local_lo) - 2, 0), len(lstart) - 1):
            if lend[j] > local_hi:
                break
            if lstart[j + 1] > lend[j] and lstart[j + 1] > local_lo:
                out.append((lend[j], lstart[j + 1]))
        return out

    def resolve_us(self, local_us: int, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier") -> int | None:
        """UTC microseconds of the wall time *local_us*, or ``None`` when skipped.

        Gap: ``"shift"`` resolves with the offset in force before the gap (the
        time moves forward by the gap's length), ``"skip"`` gives ``None``.
        Fold: ``"earlier"``/``"later"`` pick the first/second instant.
        """
        # classify_us inlined: this is the scalar core's innermost call.
        _, off, lstart, lend = self._lists
        j = max(bisect.bisect_right(lstart, local_us) - 1, 0)
        if local_us < lend[j]:  # in row j ...
            if j >= 1 and local_us < lend[j - 1] and fold == "earlier":
                return local_us - off[j - 1]  # ... and in the previous row too: a fold
            return local_us - off[j]
        if j >= 1 and local_us < lend[j - 1]:  # pragma: no cover - local starts increase
            return local_us - off[j - 1]
        return None if gap == "skip" else local_us - off[j]  # a gap after row j

    # -------------------------------------------------------------- vectorized

    def _offsets_sorted(self, flat: np.ndarray, table: np.ndarray) -> np.ndarray | None:
        """Offsets (from *table*, one per row) for ascending instants, filled segment by segment.

        The few transitions inside the array are searched into it, and each
        stretch between two of them is filled with one value: no per-element
        search and no index array.  None when the array crosses so many
        transitions that the general path is cheaper.
        """
        n = flat.size
        lo = max(int(np.searchsorted(self._utc_us, flat[0], "right")) - 1, 0)
        hi = int(np.searchsorted(self._utc_us, flat[-1], "right"))
        if hi - lo > max(16, n // 16):
            return None
        cuts = np.searchsorted(flat, self._utc_us[lo + 1 : hi], "left").tolist()
        out = np.empty(n, dtype=np.int64)
        prev = 0
        for row, cut in zip(range(lo, hi), cuts + [n]):
            out[prev:cut] = table[row]
            prev = cut
        return out

    def _lookup(self, utc_us: np.ndarray, table: np.ndarray, assume_sorted: bool | None) -> np.ndarray:
        """*table*'s value for the row of each instant (any shape)."""
        flat = utc_us.ravel()
        if assume_sorted is None:
            assume_sorted = _is_sorted(flat)
        if assume_sorted and flat.size >= 64:
            out = self._offsets_sorted(flat, table)
            if out is not None:
                return out.reshape(utc_us.shape)
        # Instants before the sentinel (before year 1) take the first row.
        return table[np.maximum(np.searchsorted(self._utc_us, utc_us, "right") - 1, 0)]

    def utcoffset(self, instants, *, assume_sorted: bool | None = None) -> np.ndarray:
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
        utc_us = as_us_array(instants)
        if utc_us.size and (utc_us.min() if not assume_sorted else utc_us.flat[0]) == _NAT:
            raise InvalidDatetimeError("NaT has no UTC offset")
        if self.is_fixed:
            return np.full(utc_us.shape, int(self.offsets[0]), dtype=np.int64)
        return self._lookup(utc_us, self.offsets, assume_sorted)

    def offsets_us(self, utc_us: np.ndarray, *, assume_sorted: bool | None = None) -> np.ndarray:
        """Like :meth:`utcoffset` on int64 microseconds, returning microseconds (no checks)."""
        if self.is_fixed:
            return np.full(utc_us.shape, int(self._off_us[0]), dtype=np.int64)
        return self._lookup(utc_us, self._off_us, assume_sorted)

    def to_local_us(self, utc_us: np.ndarray, *, assume_sorted: bool | None = None) -> np.ndarray:
        """Wall-clock microseconds (naive) of UTC microseconds."""
        return utc_us + self.offsets_us(utc_us, assume_sorted=assume_sorted)

    def _membership(self, local_us: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(j, j - 1 clamped, in row j, in row j - 1) for each wall time.

        j is the last row whose local start is <= the wall time.  In both rows:
        a fold; in neither: a gap (after row j).
        """
        j = np.maximum(np.searchsorted(self._local_start_us, local_us, "right") - 1, 0)
        jp = np.maximum(j - 1, 0)
        in_j = local_us < self._local_end_us[j]
        in_prev = (j >= 1) & (local_us < self._local_end_us[jp])
        return j, jp, in_j, in_prev

    def classify(self, local) -> Classification:
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
        j, jp, in_j, in_prev = self._membership(local_us)
        fold = in_j & in_prev
        gap = ~in_j & ~in_prev
        kind = np.where(fold, LocalKind.FOLD, np.where(gap, LocalKind.GAP, LocalKind.UNAMBIGUOUS)).astype(np.uint8)
        jn = np.minimum(j + 1, len(self.offsets) - 1)
        before = np.where(fold, self.offsets[jp], self.offsets[j])
        after = np.where(gap, self.offsets[jn], self.offsets[j])
        return Classification(kind, before, after)

    def to_utc(self, local, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier", *, assume_sorted: bool | None = None) -> np.ndarray:
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
        check_policies(gap, fold)
        local_us = as_us_array(local, "wall-clock times")
        out = self.to_utc_us(local_us, gap, fold, assume_sorted=assume_sorted)
        return out.view("datetime64[us]") if out.ndim else out.reshape(()).view("datetime64[us]")[()]

    def to_utc_us(self, local_us: np.ndarray, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier", *, assume_sorted: bool | None = None) -> np.ndarray:
        """:meth:`to_utc` on int64 microseconds; skipped times come out as NaT's integer (int64 min)."""
        local_us = np.asarray(local_us, dtype=np.int64)
        if local_us.size and local_us.min() == _NAT:
            raise InvalidDatetimeError("NaT has no UTC instant")
        if self.is_fixed:
            return local_us - self._off_us[0]
        flat = local_us.ravel()
        if assume_sorted is None:
            assume_sorted = _is_sorted(flat)
        if assume_sorted and flat.size >= 64 and self._regions[3]:
            out = self._to_utc_sorted(flat, gap, fold)
            if out is not None:
                return out.reshape(local_us.shape)
        j, jp, in_j, in_prev = self._membership(local_us)
        # The offset to subtract: the row's own, or the previous row's for the
        # earlier instant of a fold.  In a gap the row's own offset is the one
        # in force before the gap, which is exactly "shift".
        use_prev = in_prev & (~in_j | (fold == "earlier"))
        off = np.where(use_prev, self._off_us[jp], self._off_us[j])
        out = local_us - off
        if gap == "skip":
            # np.where, not item assignment: 0-d input gives a numpy scalar here.
            out = np.where(~in_j & ~in_prev, _NAT, out)
        return out

    def _to_utc_sorted(self, flat: np.ndarray, gap: str, fold: str) -> np.ndarray | None:
        """:meth:`to_utc_us` for ascending wall times, one subtraction per stretch.

        Between two special regions (gaps and folds) every wall time belongs to
        one row, so its instant is the wall time minus that row's offset; only
        the elements inside a region need the policy.  Memory: the output only.
        """
        region_lo, region_hi, is_gap, _ = self._regions
        n = flat.size
        r0 = int(np.searchsorted(region_hi, flat[0], "right"))
        r1 = int(np.searchsorted(region_lo, flat[-1], "right"))
        if r1 - r0 > max(16, n // 16):
            return None
        starts = np.searchsorted(flat, region_lo[r0:r1], "left").tolist()
        ends = np.searchsorted(flat, region_hi[r0:r1], "left").tolist()
        off = self._off_us
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
