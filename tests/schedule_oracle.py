"""A slow, obviously-correct model of the "standard" semantics, built on zoneinfo.

Nothing here is shared with the library: occurrences come from stdlib
``datetime`` arithmetic, wall times are resolved by :func:`oracle.resolve`
(zoneinfo forced onto the tzdata package), and every query is answered by
brute-force enumeration of the occurrence index ``k`` from a bound that is
safe by construction.  No step assumes the series is monotone in ``k``: the
candidates are collected, sorted and de-duplicated.

The definition (docs/semantics.md), with ``A`` the anchor, ``I`` the interval
and ``Z`` the zone:

* ``I < 24 h``: occurrence ``k`` is the instant ``A + k*I``;
* ``I >= 24 h``: occurrence ``k`` is the wall time ``W + k*I`` (``W`` = A's wall
  time in Z) resolved in Z: folds by the fold policy, gaps shifted forward by
  the gap's length (``"shift"``) or dropped (``"skip"``);
* an instant exists when its UTC time and its wall time in Z both lie in years
  1-9999; other occurrences are dropped; coinciding occurrences count once.

Interface: instants are int microseconds since 1970-01-01T00:00Z.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import oracle

US = 1_000_000
DAY = timedelta(days=1)
#: 0001-01-01T00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since 1970.
MIN_US = oracle.aware_to_us(datetime(1, 1, 1, tzinfo=timezone.utc))
MAX_US = oracle.aware_to_us(datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc))
#: How far occurrence k's instant can be from ``base + k*I``: for wall-clock
#: series the UTC offset (|offset| < 1 day in every zone, LMT included) plus a
#: gap shift (the longest real gaps, Apia 2011 and Kiritimati 1994, are 1 day).
WALL_MARGIN_US = 3 * 86_400 * US


def exists(key: str, utc: datetime) -> bool:
    """True when the instant's wall time in *key* is within years 1-9999 (its UTC time is, being a datetime)."""
    try:
        utc.astimezone(oracle.zi(key))
    except OverflowError:
        return False
    return True


def wall_time_us(key: str, utc_us: int) -> int | None:
    """The wall time (naive us) of a UTC instant in *key*, via zoneinfo; None outside years 1-9999."""
    try:
        local = oracle.us_to_utc(utc_us).astimezone(oracle.zi(key))
    except OverflowError:
        return None
    return oracle.naive_to_us(local.replace(tzinfo=None))


@dataclass(frozen=True)
class OracleSchedule:
    """One schedule: interval and anchor as stdlib values, policies as names."""

    interval: timedelta
    anchor_us: int  # UTC us; must exist in key
    key: str
    gap: str = "shift"
    fold: str = "earlier"
    anchor: datetime = field(init=False)  # aware, UTC
    W: datetime | None = field(init=False)  # naive wall time of the anchor in key (wall-clock series)

    def __post_init__(self) -> None:
        anchor = oracle.us_to_utc(self.anchor_us)
        object.__setattr__(self, "anchor", anchor)
        w = anchor.astimezone(oracle.zi(self.key)).replace(tzinfo=None) if self.wall else None
        object.__setattr__(self, "W", w)

    @property
    def wall(self) -> bool:
        return self.interval >= DAY

    @property
    def interval_us(self) -> int:
        return self.interval // timedelta(microseconds=1)

    @property
    def _base_us(self) -> int:
        """Occurrence k lies within ``margin`` of ``base + k*I``."""
        return oracle.naive_to_us(self.W) if self.wall else self.anchor_us

    @property
    def _margin_us(self) -> int:
        return WALL_MARGIN_US if self.wall else 0

    def wall_time(self, k: int) -> datetime | None:
        """``W + k*I`` (naive), None when outside the datetime range."""
        try:
            return self.W + k * self.interval
        except OverflowError:
            return None

    def occurrence(self, k: int) -> int | None:
        """Occurrence k in UTC us, or None when skipped by the gap policy or nonexistent."""
        try:
            if self.wall:
                local = self.wall_time(k)
                if local is None:
                    return None
                u = oracle.resolve(self.key, oracle.naive_to_us(local), self.gap, self.fold)
                if u is None:
                    return None
                utc = oracle.us_to_utc(u)
            else:
                utc = self.anchor + k * self.interval
        except OverflowError:  # the UTC time is outside years 1-9999
            return None
        return oracle.aware_to_us(utc) if exists(self.key, utc) else None

    # ---------------------------------------------------------------- queries

    def _k_at_least(self, t_us: int) -> int:
        """A k such that every smaller index gives an instant < t_us (safe, not tight)."""
        return (t_us - self._margin_us - self._base_us) // self.interval_us - 1

    def window(self, start_us: int, end_us: int | None, n: int | None) -> list[int]:
        """The first *n* distinct occurrences in ``[start, end]``, ascending (all of them when n is None)."""
        if n is not None and n <= 0:
            return []
        assert n is not None or end_us is not None
        stop = MAX_US if end_us is None else min(end_us, MAX_US)
        if stop < start_us:
            return []
        found: set[int] = set()
        k = self._k_at_least(max(start_us, MIN_US))
        step, base, margin = self.interval_us, self._base_us, self._margin_us
        while True:
            lowest_possible = base + k * step - margin  # no occurrence k' >= k is earlier
            if lowest_possible > stop:
                break
            if n is not None and len(found) >= n and lowest_possible > sorted(found)[n - 1]:
                break
            u = self.occurrence(k)
            if u is not None and start_us <= u <= stop:
                found.add(u)
            k += 1
        out = sorted(found)
        return out if n is None else out[:n]

    def next_date(self, after_us: int) -> int | None:
        got = self.window(after_us, None, 1)
        return got[0] if got else None

    def previous_date(self, before_us: int) -> int | None:
        """The last occurrence strictly before *before_us*."""
        step, base, margin = self.interval_us, self._base_us, self._margin_us
        k = (min(before_us, MAX_US + 1) + margin - base) // step + 1  # every larger k is >= before
        best: int | None = None
        while True:
            highest_possible = base + k * step + margin
            if highest_possible < MIN_US or (best is not None and highest_possible < best):
                break
            u = self.occurrence(k)
            if u is not None and u < before_us and (best is None or u > best):
                best = u
            k -= 1
        return best

    def count(self, start_us: int, end_us: int) -> int:
        return len(self.window(start_us, end_us, None))
