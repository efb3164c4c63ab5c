"""``ScheduleBatch``: many schedules at once, as columns, answered with numpy.

A scheduler asks every loop "what are the next runs of each schedule?".  A
batch stores its schedules as columns (struct of arrays) and answers for all of
them in one vectorized call, with the same "standard" semantics as
:class:`~interval_schedule.IntervalSchedule` (the scalar core in
``interval_schedule._core`` is the reference the tests compare against).

How it stays fast:

* elapsed schedules (interval < 24 h) are pure integer arithmetic:
  ``A + (k0 + j) * I`` with ``k0`` from one ceiling division per schedule;
* wall-clock schedules are grouped by (zone, gap, fold).  For each schedule a
  small block of candidate wall times is built around the closed-form first
  index, and resolved to instants.  A block whose first and last wall times
  fall in one unambiguous stretch of the zone (most of them: DST changes are
  rare) takes one offset for the whole block; only blocks that straddle a
  transition are searched element by element.

The Prefect profiles are not vectorized here: each is a per-schedule
sequential process (carried gap shifts, wall-clock duplicate checks).  The
queries they answer (``next_runs``, ``dates_between``, with ``profile=``) are
computed schedule by schedule; the others raise
:class:`~interval_schedule.errors.UnsupportedQueryError` (docs/prefect.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

import numpy as np
import pendulum

from ._convert import instant_us, items_of, pendulum_list, to_datetime
from ._core import Core
from ._jitter import caps_from_next, check_jitter, key_seed, seeded_offsets_us
from ._limits import DEFAULT_ARRAY_LIMIT, DEFAULT_LIST_LIMIT, check_count
from ._missed import check_grace, check_missed_policy, eligible_start_us
from ._profiles import DateProfile, profile_for
from ._series import CHUNK
from ._units import DAY_US, MAX_INTERVAL_US, MAX_US, MIN_US, NAT
from .errors import (
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidPolicyError,
    InvalidQueryError,
    LimitExceededError,
    ScheduleTypeError,
    UnsupportedQueryError,
    ZoneNotFoundError,
    shorten,
)
from .schedule import IntervalSchedule, Profile
from .tz import (
    FOLD_POLICIES,
    GAP_POLICIES,
    FoldPolicy,
    GapPolicy,
    TzSource,
    Zone,
    ZoneKey,
    default_source,
    get_zone,
    validate_key,
)
from .tz._zone import as_us_array, policy_name

__all__ = ["ScheduleBatch", "Coded", "BatchMissedRuns", "to_pendulum_list", "to_datetime_list", "to_local"]

# Rounds of widening a wall-clock block (width n + 3, doubled each round) until
# every row has its n dates: measured at most 2 over every tzdata zone (daily and
# weekly schedules at 00:00, 01:00, 02:30 and 03:00, both gap policies, n from 1
# to 10**5 from years 1, 1900, 2000 and 2024: 87 478 blocks took 1 round, 1698
# took 2).  6 (width 32 (n + 3)) leaves room; a row still short after them is
# filled by the scalar core, so running out costs time, never dates.
_MAX_ROUNDS = 6


@dataclass(frozen=True)
class Coded:
    """A dictionary-encoded column: row *i* holds ``categories[codes[i]]``; a negative code is null.

    This is what pandas ``Categorical`` (``.codes``, ``.categories``), Arrow
    dictionary arrays (``.indices``, ``.dictionary``) and polars
    ``Categorical``/``Enum`` columns already hold, so
    :meth:`ScheduleBatch.from_arrays` takes zones and policies this way with
    no Python work per row: each category some row uses is validated once,
    categories no row uses are ignored, and null rows are refused by index.

    >>> Coded(np.array([0, 0, 1]), ["Europe/London", "UTC"]).codes.tolist()
    [0, 0, 1]
    """

    codes: np.ndarray
    categories: Sequence[object]


class ScheduleBatch:
    """A fixed collection of interval schedules stored as columns.

    >>> from datetime import timedelta
    >>> b = ScheduleBatch([
    ...     IntervalSchedule(timedelta(hours=1), "2024-01-01T00:00:00Z"),
    ...     IntervalSchedule(timedelta(days=1), "2024-01-01T09:00", "America/New_York"),
    ... ])
    >>> b.next_runs("2024-03-10T12:00:00Z", 2)
    array([['2024-03-10T12:00:00.000000', '2024-03-10T13:00:00.000000'],
           ['2024-03-10T13:00:00.000000', '2024-03-11T13:00:00.000000']],
          dtype='datetime64[us]')
    >>> b.count_between("2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z").tolist()
    [25, 1]
    """

    def __init__(self, schedules: Sequence[IntervalSchedule], *, tz_source: TzSource | None = None) -> None:
        schedules = items_of(schedules, "ScheduleBatch needs an iterable of IntervalSchedule objects")
        for i, s in enumerate(schedules):
            if not isinstance(s, IntervalSchedule):
                raise ScheduleTypeError(
                    f"ScheduleBatch item {i} must be an IntervalSchedule, not {type(s).__name__} ({shorten(s)})"
                )
        source = _batch_source(schedules, tz_source)
        codes, keys = _factorize([s.timezone for s in schedules], lambda i, v: None)  # keys already validated
        if source is not None:
            for key in keys:  # against the batch's own source, before any of its files opens
                source.validate_key(key)
        self._init(
            np.array([s.interval_us for s in schedules], dtype=np.int64),
            np.array([s.anchor_utc_us for s in schedules], dtype=np.int64),
            codes,
            keys,
            np.array([s.gap == "skip" for s in schedules], dtype=bool),
            np.array([s.fold == "later" for s in schedules], dtype=bool),
            source,
        )

    @classmethod
    def from_arrays(
        cls,
        interval_us: object,
        anchor_utc_us: object,
        timezones: str | Coded | Sequence[str],
        gap: str | Coded | Sequence[str] = "shift",
        fold: str | Coded | Sequence[str] = "earlier",
        *,
        tz_source: TzSource | None = None,
    ) -> ScheduleBatch:
        """Build a batch from columns, without one object per schedule.

        *interval_us*/*anchor_utc_us*: int64 microseconds (``timedelta64`` /
        ``datetime64`` of any fixed unit accepted; ``timedelta64`` in months or
        years is refused, they are not fixed durations).
        *timezones*: one IANA key, a :class:`Coded` column (codes into
        categories: the fast way for many rows, since each distinct key is
        validated once and nothing loops per row), or one key per schedule
        (factorized first, about 0.2 us per row).  *gap*/*fold*: the same
        three forms with policy names.  *tz_source*: the tzdata release to
        compute in (default the bundled package); keys are checked against its list.

        An empty batch is valid.  A bad row raises the error of its kind
        (:class:`~interval_schedule.errors.InvalidIntervalError`,
        :class:`~interval_schedule.errors.ZoneNotFoundError`, ...) naming its index.

        >>> b = ScheduleBatch.from_arrays([3_600_000_000], [0], "UTC")
        >>> b.next_runs(np.array(["1970-01-01T00:30"], "datetime64[us]"), 1)
        array([['1970-01-01T01:00:00.000000']], dtype='datetime64[us]')
        >>> zones = Coded(np.array([1, 0, 1], np.int8), ["UTC", "America/New_York"])
        >>> b = ScheduleBatch.from_arrays(np.full(3, 86_400_000_000), np.zeros(3, np.int64), zones)
        >>> b.zone_keys, b.zone_index.tolist()
        (['America/New_York', 'UTC'], [0, 1, 0])
        >>> len(ScheduleBatch.from_arrays([], [], "UTC"))
        0
        """
        iv = _column(interval_us, "interval_us", "m")
        an = _column(anchor_utc_us, "anchor_utc_us", "M")
        if iv.ndim != 1 or an.shape != iv.shape:
            raise ScheduleTypeError(f"interval_us and anchor_utc_us must be 1-d and equal length, got {iv.shape} and {an.shape}")
        n = len(iv)
        if n and (iv.min() <= 0 or iv.max() > MAX_INTERVAL_US):  # two reductions; the row only on failure
            i = int(np.flatnonzero((iv <= 0) | (iv > MAX_INTERVAL_US))[0])
            what = "NaT" if iv[i] == NAT else f"{int(iv[i])} us"
            raise InvalidIntervalError(
                f"interval_us[{i}] = {what}: intervals must be positive and at most {MAX_INTERVAL_US} us"
            )
        source = _batch_source([], tz_source)
        zone_index, zone_keys = _zone_codes(timezones, n, validate_key if source is None else source.validate_key)
        self = cls.__new__(cls)
        self._init(
            iv, an, zone_index, zone_keys, _policy(gap, GAP_POLICIES, "gap", n), _policy(fold, FOLD_POLICIES, "fold", n), source
        )
        return self

    @classmethod
    def _from_columns(
        cls, interval_us: np.ndarray, anchor_utc_us: np.ndarray, keys: list[str], skip: np.ndarray, later: np.ndarray,
        source: TzSource | None = None,
    ) -> ScheduleBatch:
        """A batch from columns already checked (taken from IntervalSchedule objects of *source*): no validation pass.

        *keys*: one zone key per row, valid in *source* (factorized here);
        *source*: None or the bundled package for the tzdata package.
        """
        codes, zone_keys = _factorize(keys, lambda i, v: None)  # keys already validated
        self = cls.__new__(cls)
        self._init(interval_us, anchor_utc_us, codes, zone_keys, skip, later, None if source is None or source.is_default else source)
        return self


    def with_source(self, source: TzSource) -> ScheduleBatch:
        """The same schedules (same columns) computed in another tzdata release.

        Every zone key is checked against *source*'s own list before any of its
        files opens (:class:`~interval_schedule.errors.ZoneNotFoundError`
        naming the key and the source).  Anchors stay the same instants.
        """
        other = _batch_source([], source)
        for key in self.zone_keys:
            (default_source() if other is None else other).validate_key(key)
        batch = ScheduleBatch.__new__(ScheduleBatch)
        batch._init(self.interval_us, self.anchor_utc_us, self.zone_index, self.zone_keys, self.skip, self.later, other)
        return batch

    @property
    def tz_source(self) -> TzSource:
        """The tzdata release the batch computes in (the bundled package unless one was named)."""
        return self._source or default_source()

    def _init(
        self, interval_us: np.ndarray, anchor_utc_us: np.ndarray, zone_index: np.ndarray, zone_keys: Sequence[ZoneKey],
        skip: np.ndarray, later: np.ndarray, source: TzSource | None = None,
    ) -> None:
        """Store validated columns; *zone_index* (intp) indexes the distinct validated keys *zone_keys*.

        Invariants: ``zone_keys`` holds distinct keys, ``zones[i]`` is
        ``get_zone(zone_keys[i])``; ``lo``/``hi`` are each row's zone domain;
        ``anchor_local_us`` is the anchor's wall time, filled for wall-clock
        rows only (the elapsed rows never read it); ``_groups`` holds the
        wall-clock rows of each (zone, gap, fold), in ascending row order.
        The columns are read-only (views of the caller's arrays where no
        conversion was needed: no copy): a batch is immutable, and what it
        keeps between calls (``next_runs``' per-row phases) stays valid.
        """
        self.interval_us = _read_only(interval_us)
        self.anchor_utc_us = _read_only(anchor_utc_us)
        self.zone_keys: list[ZoneKey] = list(zone_keys)
        self.zone_index = _read_only(np.asarray(zone_index, dtype=np.intp))
        self.skip = _read_only(skip)
        self.later = _read_only(later)
        self.wall = _read_only(interval_us >= DAY_US)
        self._source = source  # None: the bundled tzdata package
        self.zones: list[Zone] = [get_zone(k) if source is None else source.get_zone(k) for k in self.zone_keys]
        n = len(self.zone_index)
        domains = np.array([z.domain_us for z in self.zones], dtype=np.int64).reshape(-1, 2)
        self._zone_lo, self._zone_hi = domains[:, 0].copy(), domains[:, 1].copy()
        a = self.anchor_utc_us
        if n and (a.min() < self._zone_lo.max() or a.max() > self._zone_hi.min()):  # else every row is inside
            outside = np.flatnonzero((a < self.lo) | (a > self.hi))
        else:
            outside = np.empty(0, dtype=np.intp)
        if outside.size:
            i = int(outside[0])
            raise InvalidDatetimeError(
                f"anchor_utc_us[{i}] = {int(self.anchor_utc_us[i])} does not exist in {self.zone_keys[self.zone_index[i]]}: "
                "its UTC time or its wall time there is outside years 1-9999"
            )
        self.anchor_local_us = np.zeros(n, dtype=np.int64)
        # (zone, skip, later) groups of wall-clock rows: one stable sort of the
        # group codes (a radix sort while they fit in 16 bits) instead of one
        # pass over all rows per group.
        self._groups: list[tuple[Zone, GapPolicy, FoldPolicy, np.ndarray]] = []
        wall_rows = np.flatnonzero(self.wall)
        if wall_rows.size:
            code = self.zone_index[wall_rows] * 4
            for flag, weight in ((self.skip, 2), (self.later, 1)):
                if flag.any():  # policies are mostly one scalar for all rows: no gather then
                    code += flag[wall_rows] * weight if not flag.all() else weight
            counts = np.bincount(code, minlength=4 * len(self.zones))
            small = code.astype(np.uint16) if counts.size <= 1 << 16 else code
            ordered = wall_rows[np.argsort(small, kind="stable")]
            anchors = self.anchor_utc_us[ordered]  # one gather; each group is a slice of it
            ends = np.cumsum(counts)
            for c in np.flatnonzero(counts).tolist():
                part = slice(ends[c] - counts[c], ends[c])
                zone = self.zones[c // 4]
                gap: GapPolicy = "skip" if (c // 2) % 2 else "shift"
                fold: FoldPolicy = "later" if c % 2 else "earlier"
                anchors[part] = zone.to_local_us(anchors[part], assume_sorted=False)
                self._groups.append((zone, gap, fold, ordered[part]))
            self.anchor_local_us[ordered] = anchors
        self._elapsed = np.flatnonzero(~self.wall)
        self._progressions_cache: _Progressions | None = None

    @property
    def lo(self) -> np.ndarray:
        """Each row's first UTC instant (us) with a wall time in years 1-9999 (its zone's domain)."""
        return self._zone_lo[self.zone_index]

    @property
    def hi(self) -> np.ndarray:
        """Each row's last UTC instant (us) with a wall time in years 1-9999."""
        return self._zone_hi[self.zone_index]

    @property
    def timezones(self) -> list[str]:
        """The IANA key of each schedule, one Python str per row (built on each call), as :meth:`from_arrays` takes them.

        >>> ScheduleBatch.from_arrays([3600_000_000] * 2, [0, 0], ["UTC", "Europe/Paris"]).timezones
        ['UTC', 'Europe/Paris']
        """
        return np.array(self.zone_keys, dtype=object)[self.zone_index].tolist() if self.zone_keys else []

    @property
    def keys(self) -> list[str]:
        """:attr:`timezones` under its former name (an alias, kept working)."""
        return self.timezones

    def __len__(self) -> int:
        return len(self.zone_index)

    def __repr__(self) -> str:
        return f"ScheduleBatch({len(self)} schedules, {len(self.zones)} zones)"

    def schedule(self, i: int) -> IntervalSchedule:
        """Schedule *i* as an :class:`IntervalSchedule`."""
        return IntervalSchedule(
            np.timedelta64(int(self.interval_us[i]), "us").item(),
            np.datetime64(int(self.anchor_utc_us[i]), "us"),
            self.zone_keys[self.zone_index[i]],
            gap="skip" if self.skip[i] else "shift",
            fold="later" if self.later[i] else "earlier",
            tz_source=self._source,
        )

    def core(self, i: int) -> Core:
        """The scalar reference core of schedule *i*."""
        return self.schedule(i).core

    # ---------------------------------------------------------------- inputs

    def _instants(self, value: object, what: str) -> np.ndarray:
        """One UTC instant (int64 us) per schedule from a datetime, ISO string or datetime64 array.

        Instants beyond years 1-9999 are clamped to just outside them: every
        answer is the same, and the arithmetic cannot overflow.
        """
        if isinstance(value, np.ndarray) and value.dtype.kind == "M":
            arr = as_us_array(value, what).reshape(-1)
            if arr.shape != (len(self),):
                raise InvalidDatetimeError(f"{what} has {arr.size} values for {len(self)} schedules")
            if np.any(arr == NAT):
                raise InvalidDatetimeError(f"{what} contains NaT")
            clipped: np.ndarray = np.clip(arr, MIN_US - 1, MAX_US + 1)
            return clipped
        return np.full(len(self), self._scalar_instant(value, what), dtype=np.int64)

    @staticmethod
    def _scalar_instant(value: object, what: str) -> int:
        """One UTC instant (us) from an aware datetime or ISO string, clamped like :meth:`_instants`."""
        utc_us = instant_us(value, what, "a batch spans several zones; or give UTC datetime64")
        return min(max(utc_us, MIN_US - 1), MAX_US + 1)

    # ------------------------------------------------------------- wall rows

    def _resolve(self, zone: Zone, gap: GapPolicy, fold: FoldPolicy, local: np.ndarray) -> np.ndarray:
        """Resolve a (rows, width) block of ascending wall times; NaT where skipped."""
        out = np.empty_like(local)
        if not local.size:
            return out
        off, simple = _one_offset(zone, local[:, 0], local[:, -1])
        out[simple] = local[simple] - off[simple][:, None]
        hard = ~simple
        if hard.any():
            out[hard] = zone.to_utc_us(local[hard], gap, fold, assume_sorted=False)
        return out

    def _block(
        self, t: np.ndarray, rows: np.ndarray, zone: Zone, gap: GapPolicy, fold: FoldPolicy, first: int, width: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidate indices k0+first .. k0+first+width-1 and their instants, k0 = ceil((wall(t) - W) / I).

        The occurrence k0 - 1 is before t unless offsets changed by more than
        the interval (impossible: I >= 24 h), so k0 - 1 is a safe first candidate.
        """
        step = self.interval_us[rows]
        w = self.anchor_local_us[rows]
        t_local = t + zone.offsets_us(t, assume_sorted=False)
        k0 = -((w - t_local) // step)  # ceil((t_local - w) / step)
        ks = (k0 + first)[:, None] + np.arange(width, dtype=np.int64)
        return ks, self._resolve_indices(zone, gap, fold, rows, ks)

    def _resolve_indices(self, zone: Zone, gap: GapPolicy, fold: FoldPolicy, rows: np.ndarray, ks: np.ndarray) -> np.ndarray:
        """Instants of occurrences *ks* (rows, width) of wall-clock *rows*.

        Indices whose wall time would lie more than two days outside years
        1-9999 are clamped first (they resolve outside the domain either way,
        and ``W + k*I`` must not overflow int64 for large n times a long interval).
        """
        step = self.interval_us[rows][:, None]
        w = self.anchor_local_us[rows][:, None]
        k_min = (MIN_US - 2 * DAY_US - w) // step
        k_max = (MAX_US + 2 * DAY_US - w) // step + 1
        return self._resolve(zone, gap, fold, w + np.clip(ks, k_min, k_max) * step)

    # --------------------------------------------------------------- queries

    def _check_n(self, n: object, limit: object) -> int:
        """*n* checked, refused before anything is allocated when the (len, n) result would exceed *limit*."""
        n = check_count(n)
        limit = check_count(limit, "limit")
        if n * len(self) > limit:
            raise LimitExceededError(
                f"n={n} for {len(self)} schedules is {n * len(self)} dates, more than limit={limit}; "
                "pass a larger limit to allow it"
            )
        return n

    def next_runs(
        self, after: object, n: int = 1, *, limit: int = DEFAULT_ARRAY_LIMIT, jitter: object = None, keys: object = None,
        profile: Profile = "standard",
    ) -> np.ndarray:
        """For each schedule the first *n* occurrences ``>= after``: ``datetime64[us]`` of shape (len, n).

        NaT pads a row whose series ends (year 9999) before *n* dates.
        *after*: an aware datetime or ISO string, or a ``datetime64`` array
        with one value per schedule.  More than *limit* dates in all raise
        :class:`~interval_schedule.errors.LimitExceededError` before anything is built.
        With *jitter* (a ``timedelta``) and *keys* (one str per schedule) each
        run is moved later by its deterministic offset
        (:mod:`interval_schedule.jitter`); the runs chosen are the nominal ones.
        With a Prefect *profile*, row *i* is that Prefect's ``get_dates(n,
        start=after[i])`` in time order (at most 1002 dates; ``jitter=`` needs
        ``"standard"``), computed schedule by schedule.
        """
        prof = self._profile(profile, "next_runs")
        if not prof.batch_native:
            return self._loop_next_runs(prof, after, n, limit, jitter)
        if jitter is not None:
            return self._next_runs_jittered(after, n, jitter, keys, limit)
        n = self._check_n(n, limit)
        size = len(self)
        if isinstance(after, np.ndarray) and after.dtype.kind == "M":
            after_us, at = self._instants(after, "after"), None
        else:  # one instant for every row (the usual call): no per-row column of it
            at = self._scalar_instant(after, "after")
            after_us = None
        if not n or not size:
            return np.full((size, n), NAT, dtype=np.int64).view("datetime64[us]")
        # Most rows are an arithmetic progression first + step*j: every elapsed
        # row, and every wall row whose candidates all share one offset.  They
        # are written with one broadcast over the whole output; only the rows
        # that straddle a transition or reach the end of the domain go through
        # the block machinery, and overwrite their row afterwards.
        out = np.empty((size, n), dtype=np.int64)
        first = out[:, 0] if n == 1 else np.empty(size, dtype=np.int64)
        slow = np.zeros(size, dtype=bool)
        pending = None if at is None else self._first_at(at, n, first)
        if pending is None:  # per-row instants, or one near the ends of the domain
            if after_us is None:
                after_us = np.full(size, at, dtype=np.int64)
            pending = self._groups
            rows = self._elapsed
            if rows.size:
                a, step = self.anchor_utc_us[rows], self.interval_us[rows]
                t = np.maximum(after_us[rows], self._zone_lo[self.zone_index[rows]])
                f = a + (-((a - t) // step)) * step
                first[rows] = f
                # Dates j < count exist (no product that could pass int64 is formed here).
                slow[rows] = (self._zone_hi[self.zone_index[rows]] - f) // step + 1 < n
        for zone, _gap, _fold, rows in pending:
            if after_us is not None:
                t = np.maximum(after_us[rows], zone.domain_us[0])
            elif at is not None:
                t = np.full(rows.size, max(at, zone.domain_us[0]), dtype=np.int64)
            f, ok = self._wall_progression(zone, rows, t, n)
            first[rows] = f
            slow[rows] = ~ok
        if n == 1 and not slow.any():
            return out.view("datetime64[us]")
        if n > 1:
            for c0 in range(0, n, CHUNK):  # column blocks: the index row stays small next to the output
                c1 = min(c0 + CHUNK, n)
                np.multiply(self.interval_us[:, None], np.arange(c0, c1, dtype=np.int64), out=out[:, c0:c1])
            out += first[:, None]
        if slow.any():
            if after_us is None:
                after_us = np.full(size, at, dtype=np.int64)
            # Rows reaching the end of the domain, or (wall clock) meeting a gap or
            # fold: overwritten in blocks of about CHUNK dates (bounded temporaries).
            hard = np.flatnonzero(slow)
            el = hard[~self.wall[hard]]
            first_el = first[el]  # (a copy: `first` may be a column of `out`)
            out[hard] = NAT
            if el.size:  # elapsed rows reaching year 9999: NaT past the end, never computed there
                step = self.interval_us[el]
                count = np.clip((self._zone_hi[self.zone_index[el]] - first_el) // step + 1, 0, n)
                self._fill_elapsed(out, el, first_el, step, count, n, forward=True)
            for zone, gap, fold, rows in self._groups:
                sel = rows[slow[rows]]
                if sel.size:
                    self._fill_wall(out, zone, gap, fold, sel, np.maximum(after_us[sel], zone.domain_us[0]), n, forward=True)
        return out.view("datetime64[us]")

    def _first_at(self, t: int, n: int, first: np.ndarray) -> list[tuple[Zone, GapPolicy, FoldPolicy, np.ndarray]] | None:
        """Write each row's first run ``>= t`` into *first*, for one instant *t*; the groups left to do.

        An elapsed row's runs are ``A + k*I``; so are a wall row's when its
        candidates (the wall times from two intervals before ``wall(t)`` to
        ``n + 1`` after it) lie in the unambiguous stretch of ``wall(t)``, with
        ``A = W - offset(t)``.  Every such row's first run is then
        ``t + (A - t) mod I``: a few passes over the rows, whatever their
        zones.  A group is checked at once, with its longest interval; the
        groups whose window meets a gap or fold are returned for the per-row
        path (their values in *first* are overwritten).  ``None`` (nothing
        written) when *t* is so near the ends of a zone's domain that rows
        could leave it.

        With few distinct intervals ``(A - t) mod I`` needs no division per
        row: ``A mod I`` is kept per row, and ``(offset + t) mod I`` is a table
        of (group, interval) values.
        """
        p = self._progressions()
        if t < int(self._zone_lo.max()) or t + (n + 1) * p.longest_elapsed > int(self._zone_hi.min()):
            return None
        pending = []
        offs = [0]  # the offset subtracted from each group's anchors (0: the elapsed rows)
        for g, group in enumerate(self._groups):
            zone, span = group[0], p.longest[g]
            off = zone.offset_at_us(t)
            lo, hi = t + off - 2 * span, t + off + (n + 1) * span  # the wall times of every row's candidates
            stretch = p.stretches[g]
            if t + (n + 2) * span + 2 * DAY_US > zone.domain_us[1]:  # rows could reach the end of the domain
                pending.append(group)
            elif not (stretch[0] <= lo and hi < stretch[1]):
                stretch = p.stretches[g] = _clear_stretch(zone, t + off)
                if not (stretch[0] <= lo and hi < stretch[1]):
                    pending.append(group)
            offs.append(off)
        if p.table is not None:  # (A - t) mod I = (A mod I - (off + t) mod I) mod I
            code, phase, intervals = p.table
            table = (intervals - (np.array(offs, dtype=np.int64)[:, None] + t) % intervals).ravel()  # in (0, I]
            for c0 in range(0, first.size, _ROWS):
                f, step = first[c0 : c0 + _ROWS], self.interval_us[c0 : c0 + _ROWS]
                np.take(table, code[c0 : c0 + _ROWS], out=f, mode="clip")
                f += phase[c0 : c0 + _ROWS]  # in (0, 2I): subtract I when it is at least I
                np.minimum(f.view(np.uint64), (f - step).view(np.uint64), out=f.view(np.uint64))
                f += t
        else:
            np.subtract(self.anchor_utc_us, t, out=first)  # A - t; the wall rows' W - off - t below
            for (_, _, _, rows), off in zip(self._groups, offs[1:]):
                first[rows] = self.anchor_local_us[rows] - (t + off)
            np.remainder(first, self.interval_us, out=first)
            first += t
            p.calls += 1
            if p.calls == 2:  # the batch is queried again and again: build the table for the next calls
                self._progression_table(p)
        return pending

    def _progressions(self) -> _Progressions:
        """The per-row columns of :meth:`_first_at`, built on its first use and kept."""
        if self._progressions_cache is None:
            el = self.interval_us[self._elapsed]
            self._progressions_cache = _Progressions(
                longest_elapsed=int(el.max()) if el.size else 0,
                longest=[int(self.interval_us[rows].max()) for _, _, _, rows in self._groups],
                stretches=[(0, -1)] * len(self._groups),
            )
        return self._progressions_cache

    def _progression_table(self, p: _Progressions) -> None:
        """Give *p* its (group, interval) codes and phases when the intervals are few (a sample's values are all of them)."""
        size, groups = len(self), len(self._groups) + 1
        intervals = np.unique(self.interval_us[:: max(1, size // 4096)])
        if intervals.size * groups > max(1024, size // 16):
            return
        icode = np.searchsorted(intervals, self.interval_us)
        np.minimum(icode, intervals.size - 1, out=icode)
        if np.count_nonzero(intervals[icode] != self.interval_us):  # an interval the sample missed: no table
            return
        code = icode
        for g, (_, _, _, rows) in enumerate(self._groups):
            code[rows] += (g + 1) * intervals.size
        phase = np.where(self.wall, self.anchor_local_us, self.anchor_utc_us)  # A, or W for wall rows
        np.remainder(phase, self.interval_us, out=phase)
        p.table = (code.astype(np.uint16) if intervals.size * groups <= 1 << 16 else code, phase, intervals)

    def _wall_progression(self, zone: Zone, rows: np.ndarray, t: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(first, ok) for wall-clock *rows*: where ok, the next *n* runs >= t are ``first + I*j``.

        With k0 = ceil((wall(t) - W) / I), the first run >= t is occurrence
        k0 - 1, k0 or k0 + 1 (offsets differ by less than I).  When the wall
        times of k0 - 1 .. k0 + n all lie in one unambiguous stretch of the
        zone, they resolve with that stretch's single offset, so the runs are
        an arithmetic progression.  Rows that would leave the domain (or come
        near int64's range) are not ok, and take the general path.
        """
        step = self.interval_us[rows]
        w = self.anchor_local_us[rows]
        t_local = t + zone.offsets_us(t, assume_sorted=False)
        k0 = -((w - t_local) // step)
        k_max = (MAX_US + 2 * DAY_US - w) // step  # W + k*I stays far inside int64 for k <= k_max
        ok = k0 + n <= k_max
        if not ok.all():  # rows near the end take the general path; their pairs here copy an ok row's
            k0 = np.where(ok, k0, k0[ok][0] if ok.any() else 0)
            w = np.where(ok, w, w[ok][0] if ok.any() else 0)
            step = np.where(ok, step, step[ok][0] if ok.any() else DAY_US)
        lo_local = w + (k0 - 1) * step
        hi_local = w + (k0 + n) * step
        off, ok1 = _one_offset(zone, lo_local, hi_local)
        ok &= ok1
        u = lo_local - off  # occurrence k0 - 1
        s = (u < t).astype(np.int64) + (u + step < t)
        first = u + s * step
        ok &= (first >= t) & (first + step * (n - 1) <= zone.domain_us[1])
        return first, ok

    @staticmethod
    def _fill_elapsed(
        out: np.ndarray, rows: np.ndarray, base: np.ndarray, step: np.ndarray, count: np.ndarray, n: int, *, forward: bool
    ) -> None:
        """Write elapsed series into ``out[rows]`` block by block.

        Forward: date j is ``base + j*step`` for j < count.  Backward: the row
        ends at *base*, so column j holds ``base - (n-1-j)*step`` for the last
        *count* columns.  Other cells keep their NaT.
        """
        for r0, r1, c0, c1 in _blocks(rows.size, n):
            if c0 >= count[r0:r1].max():
                continue  # past the end of these series: NaT already
            j = np.arange(c0, c1, dtype=np.int64)
            c = count[r0:r1, None]
            back = j if forward else (n - 1) - j  # steps away from base
            valid = back < c
            vals = base[r0:r1, None] + (1 if forward else -1) * step[r0:r1, None] * np.where(valid, back, 0)
            vals[~valid] = NAT
            out[rows[r0:r1], c0:c1] = vals

    def _fill_wall(
        self, out: np.ndarray, zone: Zone, gap: GapPolicy, fold: FoldPolicy, rows: np.ndarray, t: np.ndarray, n: int,
        *, forward: bool,
    ) -> None:
        """Write wall-clock series into ``out[rows]``, at most about :data:`CHUNK` dates at a time."""
        block = self._wall_next if forward else self._wall_previous
        if n <= CHUNK:
            per = max(1, CHUNK // (n + 3))
            for r0 in range(0, rows.size, per):
                out[rows[r0 : r0 + per]] = block(zone, gap, fold, rows[r0 : r0 + per], t[r0 : r0 + per], n)
            return
        for i in range(rows.size):  # long rows: CHUNK dates at a time, walking away from t
            row, ti, done = rows[i : i + 1], t[i : i + 1].copy(), 0
            while done < n:
                piece = block(zone, gap, fold, row, ti, min(CHUNK, n - done))[0]
                got = piece[piece != NAT]  # NaT pads only where the series ends
                if forward:
                    out[row[0], done : done + got.size] = got
                else:
                    out[row[0], n - done - got.size : n - done] = got
                done += got.size
                if got.size < piece.size:
                    break
                ti[0] = got[-1] + 1 if forward else got[0] - 1

    def _wall_next(self, zone: Zone, gap: GapPolicy, fold: FoldPolicy, rows: np.ndarray, t: np.ndarray, n: int) -> np.ndarray:
        hi = zone.domain_us[1]
        result = np.full((rows.size, n), NAT, dtype=np.int64)
        todo = np.arange(rows.size)
        width = n + 3
        for _ in range(_MAX_ROUNDS):
            r = rows[todo]
            _, u = self._block(t[todo], r, zone, gap, fold, -1, width)
            ok = (u != NAT) & (u >= t[todo][:, None])
            ok[:, 1:] &= u[:, 1:] != u[:, :-1]  # a skipped day shifted onto the next one
            ok &= u <= hi
            rank = np.cumsum(ok, axis=1)
            take = ok & (rank <= n)
            ri, ci = np.nonzero(take)
            result[todo[ri], rank[ri, ci] - 1] = u[ri, ci]
            # Rows still short whose block did not yet reach the end of the domain need a wider block.
            short = (rank[:, -1] < n) & (u[:, -1] <= hi) | ((rank[:, -1] < n) & (u[:, -1] == NAT))
            todo = todo[short]
            if not todo.size:
                return result
            width *= 2
        for i in todo:  # pragma: no cover - the widening above always suffices for real zones
            core = self.core(int(rows[i]))
            vals = core.window(int(t[i]), None, n)
            result[i, : len(vals)] = vals
        return result

    def _next_runs_jittered(self, after: object, n: int, jitter: object, keys: object, limit: int) -> np.ndarray:
        """:meth:`next_runs` with ``jitter=``: the first *n* nominal runs ``>= after``, each moved by its offset.

        *keys*: one str per schedule (the jitter key of each).  The nominal
        ``n + 1``-th run gives the last one's room.
        """
        jitter_us = check_jitter(jitter)
        if isinstance(keys, str) or keys is None or not hasattr(keys, "__iter__"):
            raise ScheduleTypeError(f"jitter needs keys=, one str per schedule ({len(self)}), got {shorten(keys)}")
        # Never more than one key past the batch's length is read (keys=range(10**12) is refused, not listed).
        key_list = list(islice(keys, len(self) + 1))
        if len(key_list) != len(self):
            count = f"more than {len(self)}" if len(key_list) > len(self) else str(len(key_list))
            raise ScheduleTypeError(f"keys has {count} entries for {len(self)} schedules; give one str per schedule")
        nominal = self.next_runs(after, n, limit=limit).view(np.int64)
        if not n or not len(self):
            return nominal.view("datetime64[us]")
        last_after = np.where(nominal[:, -1] == NAT, np.iinfo(np.int64).max // 2, nominal[:, -1] + 1)
        last_after = np.minimum(last_after, self.hi + 1)
        extra = self.next_runs(last_after.view("datetime64[us]"), 1, limit=max(limit, len(self))).view(np.int64)
        nxt = np.concatenate([nominal[:, 1:], extra], axis=1)
        nxt[nominal == NAT] = NAT
        seeds = np.array([key_seed(k) for k in key_list], dtype=np.uint64)[:, None]
        cap = caps_from_next(nominal, nxt, jitter_us, self.interval_us[:, None], self.hi[:, None])
        off = seeded_offsets_us(seeds, nominal, cap)
        return np.where(nominal == NAT, NAT, nominal + off).view("datetime64[us]")

    def missed_runs(
        self, last_runs: object, now: object, policy: str = "all", *, grace: object = None, profile: Profile = "standard"
    ) -> BatchMissedRuns:
        """Per schedule, the occurrences in ``(last_runs[i], now]`` and which to run: see :func:`interval_schedule.missed.missed_runs`.

        Returns a :class:`~interval_schedule.missed.BatchMissedRuns` (closed-form
        counts per schedule; ``.dates(limit=...)`` lists the runs).

        >>> b = ScheduleBatch.from_arrays([60_000_000, 86_400_000_000], [0, 0], "UTC")
        >>> m = b.missed_runs("2024-01-01T00:00Z", "2024-12-31T00:00Z")
        >>> m.missed.tolist(), m.to_run.tolist()
        ([525600, 365], [525600, 365])
        """
        self._profile(profile, "missed_runs", native=True)
        policy = check_missed_policy(policy)
        grace_us = check_grace(grace)
        last_us = self._instants(last_runs, "last_runs")
        now_us = self._instants(now, "now")
        bad = np.flatnonzero(last_us > now_us)
        if bad.size:
            i = int(bad[0])
            raise InvalidQueryError(
                f"last_runs[{i}] = {last_us[i].astype('datetime64[us]')} is after now = {now_us[i].astype('datetime64[us]')}"
            )
        lo = last_us + 1
        empty = lo > now_us
        missed = self._count(*self._index_bounds(lo, now_us))
        missed[empty] = 0
        start = eligible_start_us(last_us, now_us, grace_us)
        eligible = self._count(*self._index_bounds(start, now_us))
        eligible[start > now_us] = 0
        to_run = {"all": eligible, "latest": np.minimum(eligible, 1), "none": np.zeros_like(eligible)}[policy]
        return BatchMissedRuns(self, last_us, now_us, policy, grace_us, missed, missed - eligible, to_run)

    def previous_runs(self, before: object, n: int = 1, *, limit: int = DEFAULT_ARRAY_LIMIT, profile: Profile = "standard") -> np.ndarray:
        """For each schedule the last *n* occurrences strictly before *before*, latest last.

        Shape (len, n), ``datetime64[us]``; a series with fewer is NaT-padded on the left.
        More than *limit* dates in all raise :class:`~interval_schedule.errors.LimitExceededError`.
        """
        prof = self._profile(profile, "previous_runs")
        n = self._check_n(n, limit)
        before_us = self._instants(before, "before")
        if not prof.batch_native:
            return self._loop_previous_runs(prof, before_us, n)
        out = np.full((len(self), n), NAT, dtype=np.int64)
        if not n or not len(self):
            return out.view("datetime64[us]")
        rows = self._elapsed
        if rows.size:
            a, step = self.anchor_utc_us[rows], self.interval_us[rows]
            t = np.minimum(before_us[rows] - 1, self._zone_hi[self.zone_index[rows]])
            last = a + ((t - a) // step) * step
            count = np.clip((last - self._zone_lo[self.zone_index[rows]]) // step + 1, 0, n)
            self._fill_elapsed(out, rows, last, step, count, n, forward=False)
        for zone, gap, fold, rows in self._groups:
            t = np.minimum(before_us[rows] - 1, zone.domain_us[1])
            self._fill_wall(out, zone, gap, fold, rows, t, n, forward=False)
        return out.view("datetime64[us]")

    def _wall_previous(self, zone: Zone, gap: GapPolicy, fold: FoldPolicy, rows: np.ndarray, t: np.ndarray, n: int) -> np.ndarray:
        lo = zone.domain_us[0]
        result = np.full((rows.size, n), NAT, dtype=np.int64)
        todo = np.arange(rows.size)
        width = n + 3
        for _ in range(_MAX_ROUNDS):
            r = rows[todo]
            _, u = self._block(t[todo], r, zone, gap, fold, 1 - width, width)  # ends at k0
            ok = (u != NAT) & (u <= t[todo][:, None]) & (u >= lo)
            ok[:, 1:] &= u[:, 1:] != u[:, :-1]
            rank = np.cumsum(ok[:, ::-1], axis=1)[:, ::-1]  # 1 for the latest valid
            take = ok & (rank <= n)
            ri, ci = np.nonzero(take)
            result[todo[ri], n - rank[ri, ci]] = u[ri, ci]
            short = (rank[:, 0] < n) & ((u[:, 0] >= lo) | (u[:, 0] == NAT))
            todo = todo[short]
            if not todo.size:
                return result
            width *= 2
        for i in todo:  # pragma: no cover
            core = self.core(int(rows[i]))
            vals: list[int] = []
            x: int | None = int(t[i]) + 1
            while len(vals) < n and x is not None and (x := core.previous_before(x)) is not None:
                vals.append(x)
            result[i, n - len(vals) :] = vals[::-1]
        return result

    def _index_bounds(self, start_us: np.ndarray, end_us: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per schedule (k_lo, k_hi): first index >= start and last index <= end (within the domain)."""
        k_lo = np.zeros(len(self), dtype=np.int64)
        k_hi = np.full(len(self), -1, dtype=np.int64)
        s = np.maximum(start_us, self.lo)
        e = np.minimum(end_us, self.hi)
        rows = self._elapsed
        if rows.size:
            a, step = self.anchor_utc_us[rows], self.interval_us[rows]
            k_lo[rows] = -((a - s[rows]) // step)
            k_hi[rows] = (e[rows] - a) // step
        for zone, gap, fold, rows in self._groups:
            # k0 - 1 .. k0 + 2 holds the first index >= s (one may be skipped);
            # k0 - 3 .. k0 + 1 the last one <= e.
            ks, u = self._block(s[rows], rows, zone, gap, fold, -1, 4)
            ok = (u != NAT) & (u >= s[rows][:, None])
            k_lo[rows] = ks[np.arange(rows.size), ok.argmax(axis=1)]
            miss = ~ok.any(axis=1)
            ks, u = self._block(e[rows], rows, zone, gap, fold, -3, 5)
            ok = (u != NAT) & (u <= e[rows][:, None])
            last = ok.shape[1] - 1 - ok[:, ::-1].argmax(axis=1)
            k_hi[rows] = ks[np.arange(rows.size), last]
            miss |= ~ok.any(axis=1)
            for i in np.flatnonzero(miss):  # only at the very ends of the domain
                core = self.core(int(rows[i]))
                k_lo[rows[i]] = core.first_index(int(s[rows[i]]))
                k_hi[rows[i]] = core.last_index(int(e[rows[i]]))
        empty = e < s
        k_hi[empty] = k_lo[empty] - 1
        return k_lo, k_hi

    def count_between(self, start: object, end: object, *, profile: Profile = "standard") -> np.ndarray:
        """Occurrences in ``[start, end]`` (inclusive) per schedule, int64, in closed form.

        Only the DST gaps inside each window are visited (an occurrence is lost
        to a gap when skipped, or when shifted onto the next one), never the
        occurrences themselves.
        """
        prof = self._profile(profile, "count_between")
        start_us, end_us = self._instants(start, "start"), self._instants(end, "end")
        if not prof.batch_native:
            return self._loop_count(prof, start_us, end_us)
        return self._count(*self._index_bounds(start_us, end_us))

    def _count(self, k_lo: np.ndarray, k_hi: np.ndarray) -> np.ndarray:
        count: np.ndarray = np.maximum(k_hi - k_lo + 1, 0)
        for zone, gap, fold, rows in self._groups:
            count[rows] -= self._lost(zone, gap, fold, rows, k_lo[rows], k_hi[rows])
        return count

    def _lost(
        self, zone: Zone, gap: GapPolicy, fold: FoldPolicy, rows: np.ndarray, k_lo: np.ndarray, k_hi: np.ndarray
    ) -> np.ndarray:
        """How many k in [k_lo, k_hi] a DST gap costs each wall-clock row."""
        lost = np.zeros(rows.size, dtype=np.int64)
        live = k_hi >= k_lo
        if not live.any():
            return lost
        w, step = self.anchor_local_us[rows], self.interval_us[rows]
        lo_local, hi_local = w + k_lo * step, w + k_hi * step
        reg = zone.regions(int(lo_local[live].min()), int(hi_local[live].max()))
        g_start, g_end = reg.start_local_us[reg.is_gap], reg.end_local_us[reg.is_gap]
        if not g_start.size:
            return lost
        first = np.searchsorted(g_end, lo_local, "right")
        last = np.searchsorted(g_start, hi_local, "right")
        per_row = np.where(live, np.maximum(last - first, 0), 0)
        if not per_row.sum():
            return lost
        row_of = np.repeat(np.arange(rows.size), per_row)
        within = np.arange(row_of.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        gi = first[row_of] + within
        wk, sk = w[row_of], step[row_of]
        k = -((wk - g_start[gi]) // sk)  # first k with wall >= gap start
        hit = (wk + k * sk < g_end[gi]) & (k >= k_lo[row_of]) & (k <= k_hi[row_of])
        # Intervals of 24 h or more put at most one k in a gap shorter than a day;
        # a gap of exactly one day (Pacific/Apia 2011) still holds just one.
        if gap == "skip":
            np.add.at(lost, row_of[hit], 1)
        else:
            h = np.flatnonzero(hit & (k < k_hi[row_of]))
            if h.size:
                here = zone.to_utc_us(wk[h] + k[h] * sk[h], gap, fold)
                nxt = zone.to_utc_us(wk[h] + (k[h] + 1) * sk[h], gap, fold)
                np.add.at(lost, row_of[h[here == nxt]], 1)
        return lost

    def dates_between(
        self, start: object, end: object, *, limit: int = DEFAULT_ARRAY_LIMIT, profile: Profile = "standard"
    ) -> tuple[np.ndarray, np.ndarray]:
        """All occurrences in ``[start, end]`` as two flat arrays: schedule index (intp) and instant (``datetime64[us]``).

        Sorted by schedule, then time.  More than *limit* dates in all raise
        :class:`~interval_schedule.errors.LimitExceededError` before they are
        built.  Memory: the two outputs (16 bytes a date), plus temporaries of
        at most :data:`~interval_schedule._series.CHUNK` dates.
        With a Prefect *profile*, schedule *i*'s dates are that Prefect's
        ``get_dates(start=start[i], end=end[i])`` (at most 1000 each) in time
        order, computed schedule by schedule and checked against *limit* after.
        """
        prof = self._profile(profile, "dates_between")
        limit = check_count(limit, "limit")
        start_us, end_us = self._instants(start, "start"), self._instants(end, "end")
        if not prof.batch_native:
            return self._loop_dates_between(prof, start_us, end_us, limit)
        k_lo, k_hi = self._index_bounds(start_us, end_us)
        span = np.maximum(k_hi - k_lo + 1, 0)
        total = sum(span.tolist())  # Python ints: 30 series of 1-us steps over 9999 years overflow int64
        if total > limit:
            counted = sum(self._count(k_lo, k_hi).tolist())
            if counted > limit:
                raise LimitExceededError(
                    f"the windows hold {counted} dates, more than limit={limit}; "
                    "pass a larger limit or a narrower window"
                )
        # Occurrence p of the flattened series (schedule by schedule, index by
        # index) belongs to schedule searchsorted(ends, p, "right").
        ends = np.cumsum(span)
        group_of = np.full(len(self), -1, dtype=np.intp)
        for g, (_, _, _, rows) in enumerate(self._groups):
            group_of[rows] = g
        idx_out = np.empty(total, dtype=np.intp)
        us_out = np.empty(total, dtype=np.int64)
        written, prev_idx, prev_u = 0, -1, NAT
        for p in range(0, total, CHUNK):
            pos = np.arange(p, min(p + CHUNK, total), dtype=np.int64)
            idx = np.searchsorted(ends, pos, "right")
            k = k_lo[idx] + (pos - (ends[idx] - span[idx]))
            u = np.empty(pos.size, dtype=np.int64)
            el = ~self.wall[idx]
            u[el] = self.anchor_utc_us[idx[el]] + k[el] * self.interval_us[idx[el]]
            run_group = group_of[idx]
            order = np.argsort(run_group, kind="stable")  # runs of each group together, still in order
            cuts = np.searchsorted(run_group[order], np.arange(len(self._groups) + 1)).tolist()
            for g in np.flatnonzero(np.diff(cuts)).tolist():  # the groups present in this chunk
                zone, gap, fold, _ = self._groups[g]
                sel = order[cuts[g] : cuts[g + 1]]
                local = self.anchor_local_us[idx[sel]] + k[sel] * self.interval_us[idx[sel]]
                u[sel] = zone.to_utc_us(local, gap, fold, assume_sorted=False)
            # Drop skipped occurrences and a skipped day shifted onto the next one.
            keep = u != NAT
            keep[1:] &= (u[1:] != u[:-1]) | (idx[1:] != idx[:-1])
            keep[0] &= not (u[0] == prev_u and idx[0] == prev_idx)
            prev_idx, prev_u = int(idx[-1]), int(u[-1])
            kept = int(keep.sum())
            idx_out[written : written + kept] = idx[keep]
            us_out[written : written + kept] = u[keep]
            written += kept
        return idx_out[:written], us_out[:written].view("datetime64[us]")

    # ------------------------------------------------- profiles, row by row
    #
    # A profile ScheduleBatch's numpy code does not compute (a Prefect one: a
    # sequential process per schedule) is answered schedule by schedule
    # through its scalar methods on each schedule's plain values.

    def _profile(self, profile: object, query: str, *, native: bool = False) -> DateProfile:
        """The profile named *profile*, checked to answer *query* in this batch's tzdata release."""
        prof = profile_for(profile, query)
        prof.check_source(self.tz_source)
        if native and not prof.batch_native:  # pragma: no cover - no such profile in the table today
            raise UnsupportedQueryError(f"{query}() of a ScheduleBatch needs profile='standard', not {prof.name!r}")
        return prof

    def _cores(self) -> Iterator[Core]:
        """Each row's plain values as a :class:`Core` (what ``self.core(i)`` gives, without building a schedule)."""
        iv, an, zi = self.interval_us.tolist(), self.anchor_utc_us.tolist(), self.zone_index.tolist()
        for i, (skip, later) in enumerate(zip(self.skip.tolist(), self.later.tolist())):
            yield Core(iv[i], an[i], self.zones[zi[i]], "skip" if skip else "shift", "later" if later else "earlier")

    def _loop_next_runs(self, prof: DateProfile, after: object, n: object, limit: object, jitter: object) -> np.ndarray:
        if jitter is not None:
            raise InvalidQueryError(f"jitter= needs profile='standard', not {prof.name!r}")
        count = self._check_n(n, limit)
        after_us = self._instants(after, "after")
        out = np.full((len(self), count), NAT, dtype=np.int64)
        if count:
            for i, (core, t) in enumerate(zip(self._cores(), after_us.tolist())):
                row = np.sort(np.asarray(prof.dates(core, count, t, None, count), dtype=np.int64))[:count]
                out[i, : row.size] = row
        return out.view("datetime64[us]")

    def _loop_previous_runs(self, prof: DateProfile, before_us: np.ndarray, n: int) -> np.ndarray:
        out = np.full((len(self), n), NAT, dtype=np.int64)
        for i, (core, t) in enumerate(zip(self._cores(), before_us.tolist())):
            x = t
            got: list[int] = []
            while len(got) < n and (u := prof.previous(core, x)) is not None:
                got.append(u)
                x = u
            out[i, n - len(got) :] = got[::-1]
        return out.view("datetime64[us]")

    def _loop_count(self, prof: DateProfile, start_us: np.ndarray, end_us: np.ndarray) -> np.ndarray:
        triples = zip(self._cores(), start_us.tolist(), end_us.tolist())
        return np.array([prof.count(core, s, e) for core, s, e in triples], dtype=np.int64)

    def _loop_dates_between(
        self, prof: DateProfile, start_us: np.ndarray, end_us: np.ndarray, limit: int
    ) -> tuple[np.ndarray, np.ndarray]:
        rows: list[np.ndarray] = []
        total = 0
        for core, s, e in zip(self._cores(), start_us.tolist(), end_us.tolist()):
            row = np.sort(np.asarray(prof.dates(core, None, s, e, limit), dtype=np.int64))
            total += row.size
            if total > limit:
                raise LimitExceededError(
                    f"the windows hold more than limit={limit} dates; pass a larger limit or a narrower window"
                )
            rows.append(row)
        idx = np.repeat(np.arange(len(self), dtype=np.intp), [r.size for r in rows]) if rows else np.empty(0, np.intp)
        us = np.concatenate(rows) if rows else np.empty(0, np.int64)
        return idx, us.view("datetime64[us]")


@dataclass(frozen=True)
class BatchMissedRuns:
    """:func:`~interval_schedule.missed.missed_runs` for every schedule of a batch: int64 arrays, one value per schedule.

    The result of :meth:`ScheduleBatch.missed_runs`; also importable from
    :mod:`interval_schedule.missed`.

    ``missed[i]``, ``expired[i]`` and ``to_run[i]`` are schedule *i*'s counts;
    :meth:`dates` lists the runs as two flat arrays (schedule index, instant).
    """

    batch: ScheduleBatch
    last_run_us: np.ndarray
    now_us: np.ndarray
    policy: str
    grace_us: int | None
    missed: np.ndarray
    expired: np.ndarray
    to_run: np.ndarray

    def dates(self, *, limit: int = DEFAULT_LIST_LIMIT) -> tuple[np.ndarray, np.ndarray]:
        """(schedule index (intp), instant (``datetime64[us]``)) of every run to make, by schedule then time."""
        limit = check_count(limit, "limit")
        total = sum(self.to_run.tolist())
        if total > limit:
            raise LimitExceededError(
                f"{total} missed runs to list, more than limit={limit}; use policy 'latest', a grace period or a larger limit"
            )
        if self.policy == "none" or not total:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype="datetime64[us]")
        if self.policy == "latest":
            rows = np.flatnonzero(self.to_run > 0)
            last = self.batch.previous_runs((self.now_us + 1).view("datetime64[us]"), 1).view(np.int64)[:, 0]
            return rows.astype(np.intp), last[rows].view("datetime64[us]")
        start = eligible_start_us(self.last_run_us, self.now_us, self.grace_us)
        end = np.where(start <= self.now_us, self.now_us, start - 1)
        return self.batch.dates_between(start.view("datetime64[us]"), end.view("datetime64[us]"), limit=limit)


# ------------------------------------------------------------------ helpers

#: Rows per step of :meth:`ScheduleBatch._first_at`'s passes (their temporaries stay in cache).
_ROWS = 1 << 14


@dataclass
class _Progressions:
    """What :meth:`ScheduleBatch._first_at` keeps per batch.

    ``longest*`` are the longest intervals (elapsed rows, each group);
    ``stretches[g]`` the last unambiguous wall-clock stretch found for group
    ``g``, ``[lo, hi)``.  After the second call (``calls``), when the batch has
    few distinct intervals, ``table`` is ``(code, phase, intervals)``: each
    row's (group, interval) cell of the table of ``(offset + t) mod I``
    (group 0: the elapsed rows; uint16 while the cells are that few), each
    row's anchor (``A``, ``W`` for wall rows) modulo its interval, and the
    distinct intervals, ascending: 10 bytes a row, kept with the batch.
    """

    longest_elapsed: int
    longest: list[int]
    stretches: list[tuple[int, int]]
    calls: int = 0
    table: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def _clear_stretch(zone: Zone, wall: int) -> tuple[int, int]:
    """The wall-clock stretch ``[lo, hi)`` around *wall* that no gap or fold meets (empty when one holds *wall*).

    Looked for within about a year on either side (a longer stretch is cut there).
    """
    if not zone.regions_ordered:  # pragma: no cover - overlapping regions exist in no tzdata zone
        return (0, -1)
    reach = 400 * DAY_US
    reg = zone.regions(wall - reach, wall + reach)
    r = int(np.searchsorted(reg.end_local_us, wall, "right"))  # regions r.. end after wall
    lo = int(reg.end_local_us[r - 1]) if r else wall - reach
    hi = int(reg.start_local_us[r]) if r < reg.start_local_us.size else wall + reach
    return (lo, hi) if lo <= wall < hi else (0, -1)



def _one_offset(zone: Zone, lo_local: np.ndarray, hi_local: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(offset us, ok) per pair: ok when every wall time in [lo, hi] lies in one unambiguous stretch.

    Such wall times each name one instant, the wall time minus the returned
    offset.  A pair is ok when no gap or fold of the zone meets [lo, hi]: as
    many regions (:meth:`Zone.regions`) end at or before *lo* as start at or
    before *hi*; its one offset is the one between those regions.  Rows
    queried at one time mostly share one stretch, so the regions of the
    pairs' whole range are few, often none (then one offset serves every pair).
    """
    if not lo_local.size:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    if not zone.regions_ordered:  # pragma: no cover - overlapping regions exist in no tzdata zone
        return np.zeros(lo_local.shape, dtype=np.int64), np.zeros(lo_local.shape, dtype=bool)
    reg = zone.regions(int(lo_local.min()), int(hi_local.max()))
    if not reg.is_gap.size:  # no region in the whole range: one offset for every pair
        x = int(lo_local[0])
        return np.full(lo_local.shape, x - zone.instant_us(x), dtype=np.int64), np.ones(lo_local.shape, dtype=bool)
    r0 = np.searchsorted(reg.end_local_us, lo_local, "right")
    ok = r0 == np.searchsorted(reg.start_local_us, hi_local, "right")
    off = np.where(r0 >= 1, reg.offset_after_us[np.maximum(r0 - 1, 0)], reg.offset_before_us[0])
    return off, ok


def _blocks(n_rows: int, n_cols: int) -> Iterator[tuple[int, int, int, int]]:
    """(r0, r1, c0, c1) blocks covering a (n_rows, n_cols) array, each about :data:`CHUNK` cells or fewer."""
    per_row = max(1, CHUNK // max(n_cols, 1))
    width = max(1, min(n_cols, CHUNK))
    for r0 in range(0, n_rows, per_row):
        for c0 in range(0, n_cols, width):
            yield r0, min(r0 + per_row, n_rows), c0, min(c0 + width, n_cols)


def _column(values: object, what: str, kind: str) -> np.ndarray:
    """An int64 column from integer microseconds or a datetime64/timedelta64 array (``kind`` "M"/"m").

    ``timedelta64`` in years or months is refused (numpy would count a month
    as 30.436875 days); an empty column of any dtype is an empty int64 column
    (``np.asarray([])`` is float64).
    """
    arr = np.asarray(values)
    if arr.dtype.kind == "m" and kind == "m" and np.datetime_data(arr.dtype)[0] in ("Y", "M"):
        first = shorten(arr.ravel()[0]) if arr.size else "(empty)"
        raise InvalidIntervalError(
            f"{what} is timedelta64 in {'years' if np.datetime_data(arr.dtype)[0] == 'Y' else 'months'} "
            f"(dtype {arr.dtype}, first value {first}); calendar months and years are not fixed durations, "
            "use days or weeks"
        )
    if arr.dtype.kind == kind or arr.dtype.kind in "iu":
        return as_us_array(arr, what)
    if arr.size == 0 and arr.dtype.kind in "fO":
        return np.zeros(arr.shape, dtype=np.int64)
    raise ScheduleTypeError(
        f"{what} must be integer microseconds or numpy {'datetime64' if kind == 'M' else 'timedelta64'}, "
        f"not dtype {arr.dtype} ({shorten(values)})"
    )


def _factorize(values: list[Any], refuse: Callable[[int, object], None]) -> tuple[np.ndarray, list[Any]]:
    """Codes (intp) and distinct values, in order of first appearance.

    A dict pass (measured 0.2 us per row for 2M strings; ``np.unique`` on the
    same strings took 2-4 s).  *refuse(i, value)* raises the caller's error
    for an unhashable value at row *i*.
    """
    index: dict[Any, int] = {}
    try:
        codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.intp, count=len(values))
    except TypeError:  # an unhashable value
        for i, v in enumerate(values):
            try:
                hash(v)
            except TypeError:
                refuse(i, v)
        raise
    return codes, list(index)


def _encoded(
    value: object, n: int, what: str, refuse: Callable[[int, object], None], wrong: Callable[[], Exception]
) -> tuple[np.ndarray, list[Any], bool]:
    """(codes, categories, every category counts as used) from a scalar str, a :class:`Coded` or one value per row."""
    if isinstance(value, str):
        return np.zeros(n, dtype=np.intp), [value], True
    if isinstance(value, Coded):
        codes = np.asarray(value.codes)
        if codes.dtype.kind not in "iu" or codes.shape != (n,):
            raise ScheduleTypeError(
                f"{what} codes must be a 1-d integer array of {n} values, got dtype {codes.dtype} and shape {codes.shape}"
            )
        categories = items_of(value.categories, f"{what} categories must be a sequence")
        codes = codes.astype(np.intp)  # a copy: the caller's array is never aliased
        if n and codes.max() >= len(categories):
            i = int(np.flatnonzero(codes >= len(categories))[0])
            raise ScheduleTypeError(f"{what} code at row {i} is {int(codes[i])}, but there are only {len(categories)} categories")
        return codes, categories, False
    if isinstance(value, np.ndarray) and value.ndim != 1:
        raise wrong()  # a 0-d array is neither one name nor a column
    if not isinstance(value, (list, tuple, np.ndarray)):
        try:
            value = items_of(value, "")
        except ScheduleTypeError:
            raise wrong() from None
    values = list(value)
    if len(values) != n:
        raise wrong()
    codes, categories = _factorize(values, refuse)
    return codes, categories, True


def _used(codes: np.ndarray, n_categories: int, all_used: bool) -> list[int]:
    """Indices of the categories some row uses (*codes* are known to be >= 0)."""
    if all_used:
        return list(range(n_categories))
    return np.flatnonzero(np.bincount(codes, minlength=n_categories)).tolist()


def _first_row(codes: np.ndarray, code: int) -> int:
    rows = np.flatnonzero(codes == code)
    return int(rows[0]) if rows.size else 0


def _batch_source(schedules: Sequence[IntervalSchedule], tz_source: object) -> TzSource | None:
    """The batch's source: *tz_source*, else the schedules' common one; None for the bundled package."""
    if tz_source is not None:
        if not isinstance(tz_source, TzSource):
            raise ScheduleTypeError(f"tz_source must be a TzSource, not {type(tz_source).__name__} ({shorten(tz_source)})")
        return None if tz_source.is_default else tz_source
    sources = {s.tz_source for s in schedules}
    if len(sources) > 1:
        raise ScheduleTypeError(
            f"the schedules of a batch must share one tzdata source, got {len(sources)}; pass tz_source= to compute them all in one"
        )
    source = sources.pop() if sources else None
    return None if source is None or source.is_default else source


_Array = TypeVar("_Array", bound=np.ndarray)


def _read_only(a: _Array) -> _Array:
    """A read-only view of *a* (the caller's array keeps its own flags)."""
    view = a.view()
    view.flags.writeable = False
    return view


def _zone_codes(
    timezones: object, n: int, validate: Callable[[object], ZoneKey] = validate_key
) -> tuple[np.ndarray, list[ZoneKey]]:
    """Per-row indices into the sorted distinct validated zone keys."""

    def refuse(i: int, v: object) -> None:
        validate(v)  # raises ZoneNotFoundError naming the non-string

    def wrong() -> Exception:
        if isinstance(timezones, (list, tuple, np.ndarray)):
            return ScheduleTypeError(f"timezones has {len(timezones)} entries for {n} schedules")
        return ScheduleTypeError(f"timezones must be one IANA key, a Coded column or one key per schedule, not {type(timezones).__name__} ({shorten(timezones)})")

    codes, categories, all_used = _encoded(timezones, n, "timezones", refuse, wrong)
    if n and codes.min() < 0:
        null = np.flatnonzero(codes < 0)
        raise ZoneNotFoundError(f"timezones[{int(null[0])}] is null; every schedule needs an IANA time zone")
    keys: dict[int, ZoneKey] = {}
    for c in _used(codes, len(categories), all_used):
        try:
            keys[c] = validate(categories[c])
        except ZoneNotFoundError as exc:
            raise ZoneNotFoundError(f"timezones[{_first_row(codes, c)}]: {exc}") from None
    distinct = sorted(set(keys.values()))
    position = {k: i for i, k in enumerate(distinct)}
    remap = np.zeros(max(len(categories), 1), dtype=np.intp)
    for c, key in keys.items():
        remap[c] = position[key]
    if len(keys) == len(categories) and np.array_equal(remap, np.arange(len(categories))):
        return codes, distinct  # already sorted and distinct: no gather
    return remap[codes], distinct


def _policy(value: object, allowed: tuple[str, ...], what: str, n: int) -> np.ndarray:
    """One bool per row: whether the row's policy is ``allowed[1]`` (``skip`` / ``later``)."""

    def unknown(v: object, row: int | None) -> InvalidPolicyError:
        where = "" if row is None else f" at row {row}"
        return InvalidPolicyError(f"unknown {what} policy {shorten(v)}{where}; allowed: {', '.join(map(repr, allowed))}")

    def refuse(i: int, v: object) -> None:
        raise unknown(v, i)

    def wrong() -> Exception:
        return ScheduleTypeError(f"{what} must be one policy name, a Coded column or one per schedule ({n}), got {shorten(value)}")

    if isinstance(value, str):
        return np.full(n, policy_name(value, allowed, f"{what} policy") == allowed[1])
    codes, categories, all_used = _encoded(value, n, what, refuse, wrong)
    if n and codes.min() < 0:
        null = np.flatnonzero(codes < 0)
        raise InvalidPolicyError(f"{what}[{int(null[0])}] is null; allowed: {', '.join(map(repr, allowed))}")
    table = np.zeros(max(len(categories), 1), dtype=bool)
    for c in _used(codes, len(categories), all_used):
        v = categories[c]
        try:  # the exact built-in names only (a str subclass is read by its characters)
            name = policy_name(v, allowed, f"{what} policy")
        except InvalidPolicyError:
            raise unknown(v, _first_row(codes, c)) from None
        table[c] = name == allowed[1]
    flags: np.ndarray = table[codes]
    return flags


def _in_domain(instants: object, timezone: str, what: str = "instants") -> list[int | None]:
    """Flattened int64 UTC us of *instants* (None for NaT), each checked to exist in *timezone*."""
    lo, hi = get_zone(timezone).domain_us
    us = as_us_array(instants, what).ravel()
    bad = np.flatnonzero((us != NAT) & ((us < lo) | (us > hi)))
    if bad.size:
        raise InvalidDatetimeError(
            f"{what}[{bad[0]}] = {us[bad[0]].astype('datetime64[us]')} has no wall time in years 1-9999 in {timezone}"
        )
    return [None if v == NAT else v for v in us.tolist()]


def to_pendulum_list(instants: object, timezone: str) -> list[pendulum.DateTime | None]:
    """UTC ``datetime64`` instants as pendulum DateTimes in *timezone* (None for NaT), flattened.

    >>> to_pendulum_list(np.array(["2024-03-10T07:30", "NaT"], "datetime64[us]"), "America/New_York")
    [DateTime(2024, 3, 10, 3, 30, 0, tzinfo=Timezone('America/New_York')), None]
    """
    values = _in_domain(instants, timezone)
    known = iter(pendulum_list(np.array([u for u in values if u is not None], dtype=np.int64), timezone))
    return [None if u is None else next(known) for u in values]


def to_datetime_list(instants: object, timezone: str) -> list[datetime | None]:
    """UTC ``datetime64`` instants as stdlib aware datetimes (fixed offset of *timezone* at each), flattened."""
    return [None if u is None else to_datetime(u, timezone) for u in _in_domain(instants, timezone)]


def to_local(instants: object, timezone: str) -> np.ndarray:
    """Wall-clock ``datetime64[us]`` in *timezone* of UTC instants (same shape; NaT stays NaT).

    >>> to_local(np.array(["2024-07-01T13:00"], "datetime64[us]"), "America/New_York")
    array(['2024-07-01T09:00:00.000000'], dtype='datetime64[us]')
    """
    arr = np.asarray(instants)
    _in_domain(arr, timezone)
    us = as_us_array(arr)
    nat = us == NAT
    local = get_zone(timezone).to_local_us(np.where(nat, 0, us))
    local[nat] = NAT
    return local.view("datetime64[us]")
