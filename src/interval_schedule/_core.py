"""The standard semantics, scalar: plain integers, no I/O, no clock.

This is the reference implementation: short, obviously right, and used by
the tests to check the vectorized path in :mod:`interval_schedule._series`.

Definitions (microseconds; ``A`` the anchor instant, ``I`` the interval, ``Z``
the zone; see docs/semantics.md):

* ``I < 24 h`` (*elapsed*): occurrence ``k`` is ``A + k*I`` for every integer ``k``.
* ``I >= 24 h`` (*wall clock*): with ``W`` the anchor's wall time in ``Z``,
  occurrence ``k`` is the wall time ``W + k*I`` resolved in ``Z`` by the gap and
  fold policies (``None`` when ``gap="skip"`` drops it).  Occurrences that
  coincide count once.

Only instants whose UTC time *and* wall time lie within years 1-9999 exist;
this *domain* is ``[Core.lo, Core.hi]``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ._units import DAY_US
from .tz import FoldPolicy, GapPolicy, Zone

__all__ = ["Core"]

# Wall-clock occurrences are found from an estimate that is off by at most the
# largest offset swing (< 2 days) plus one skipped occurrence: I >= 24 h, so
# a handful of steps always suffices.  Measured: at most 4 steps after the
# first lookup (5 raw() calls) over every tzdata zone, daily schedules at 00:00,
# 01:00, 02:30 and 03:00 with both gap policies, queried 1 h, 1 us and 0 us
# either side of every transition in 1900-2040 (3.2 million queries; 2.9 million
# took 1 step).  16 leaves room; the bound turns a logic error into an
# exception instead of a hang.
_MAX_STEPS = 16


@dataclass(frozen=True)
class Core:
    """One schedule's occurrences, computed one at a time on integers."""

    interval_us: int
    anchor_utc_us: int
    zone: Zone
    gap: GapPolicy = "shift"
    fold: FoldPolicy = "earlier"
    wall: bool = field(init=False)  # True for wall-clock stepping (I >= 24 h)
    anchor_local_us: int = field(init=False)  # W
    lo: int = field(init=False)  # first instant of the domain
    hi: int = field(init=False)  # last instant of the domain

    def __post_init__(self) -> None:
        z = self.zone
        object.__setattr__(self, "wall", self.interval_us >= DAY_US)
        object.__setattr__(self, "anchor_local_us", self.anchor_utc_us + z.offset_at_us(self.anchor_utc_us))
        lo, hi = z.domain_us
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    # ------------------------------------------------------------ occurrence k

    def raw(self, k: int) -> int | None:
        """Occurrence *k* (UTC us) by the definition alone, ``None`` when the gap policy skips it."""
        if self.wall:
            return self.zone.resolve_us(self.anchor_local_us + k * self.interval_us, self.gap, self.fold)
        return self.anchor_utc_us + k * self.interval_us

    def occurrence(self, k: int) -> int | None:
        """Occurrence *k* (UTC us), ``None`` when skipped or outside the domain."""
        u = self.raw(k)
        if u is None or not self.lo <= u <= self.hi:
            return None
        return u

    def first_index(self, t: int) -> int:
        """The smallest k whose occurrence (skipped ones aside) is >= t, ignoring the domain's end."""
        t = max(t, self.lo)
        if not self.wall:
            return -((self.anchor_utc_us - t) // self.interval_us)  # ceil division
        # k0 = ceil((wall(t) - W) / I).  Occurrences do not decrease with k
        # (I >= 24 h is longer than any gap), so when occurrence k0 - 1 exists
        # and is before t the answer is above it: the usual case, two lookups.
        # Otherwise (next to a transition) search from k0 - 3, far enough back
        # for any offset swing of up to two days.
        estimate = -((self.anchor_local_us - t - self.zone.offset_at_us(t)) // self.interval_us) - 1
        u = self.raw(estimate)
        estimate = estimate + 1 if u is not None and u < t else estimate - 2
        for k in range(estimate, estimate + _MAX_STEPS):
            u = self.raw(k)
            if u is not None and u >= t:
                return k
        raise RuntimeError(f"no occurrence index found near {estimate} (internal error)")  # pragma: no cover

    def last_index(self, t: int) -> int:
        """The largest k whose occurrence (skipped ones aside) is <= t, ignoring the domain's start."""
        t = min(t, self.hi)
        if not self.wall:
            return (t - self.anchor_utc_us) // self.interval_us
        # The mirror of first_index, from k1 + 1 with k1 = floor((wall(t) - W) / I).
        estimate = (t + self.zone.offset_at_us(t) - self.anchor_local_us) // self.interval_us + 1
        u = self.raw(estimate)
        estimate = estimate - 1 if u is not None and u > t else estimate + 2
        for k in range(estimate, estimate - _MAX_STEPS, -1):
            u = self.raw(k)
            if u is not None and u <= t:
                return k
        raise RuntimeError(f"no occurrence index found near {estimate} (internal error)")  # pragma: no cover

    @functools.cached_property
    def last_index_in_domain(self) -> int:
        """``last_index(hi)``: the index of the domain's last occurrence, computed once (the schedule is immutable)."""
        return self.last_index(self.hi)

    # ----------------------------------------------------------------- queries

    def next_at_or_after(self, t: int) -> int | None:
        """The first occurrence >= t, or None."""
        return self.occurrence(self.first_index(t)) if t <= self.hi else None

    def previous_before(self, t: int) -> int | None:
        """The last occurrence < t (strictly), or None."""
        if t - 1 < self.lo:
            return None
        return self.occurrence(self.last_index(t - 1))

    def window(self, start: int, end: int | None, n: int) -> list[int]:
        """The first *n* occurrences t with start <= t (<= end when given), ascending, distinct."""
        out: list[int] = []
        if n <= 0 or (end is not None and end < start) or start > self.hi:
            return out
        stop = self.hi if end is None else min(end, self.hi)
        k = self.first_index(start)
        if not self.wall:  # A + k*I: an arithmetic progression
            first = self.anchor_utc_us + k * self.interval_us
            if first > stop:
                return out
            count = min(n, (stop - first) // self.interval_us + 1)
            return list(range(first, first + count * self.interval_us, self.interval_us))
        skipped = 0  # consecutive skipped occurrences: at most one per gap
        while len(out) < n:
            u = self.raw(k)
            k += 1
            if u is None:
                skipped += 1
                if skipped > _MAX_STEPS:  # pragma: no cover - impossible for real zones
                    raise RuntimeError("too many skipped occurrences in a row (internal error)")
                continue
            skipped = 0
            if u > stop:
                break
            if not out or u != out[-1]:
                out.append(u)
        return out

    def count(self, start: int, end: int) -> int:
        """How many occurrences lie in [start, end], without listing them.

        Wall-clock series lose an occurrence only to a DST gap (skipped, or
        shifted onto the next one); only the zone's transitions inside the
        window are visited, so the cost does not grow with the window.
        """
        start, end = max(start, self.lo), min(end, self.hi)
        if end < start:
            return 0
        k_lo, k_hi = self.first_index(start), self.last_index(end)
        if k_hi < k_lo:
            return 0
        total = k_hi - k_lo + 1
        if not self.wall:
            return total
        for k in self.gap_hits(k_lo, k_hi):
            if self.gap == "skip":
                total -= 1
            elif k < k_hi and self.occurrence(k) == self.occurrence(k + 1):
                total -= 1  # shifted onto the next occurrence (a skipped day)
        return total

    def gap_hits(self, k_lo: int, k_hi: int) -> list[int]:
        """The k in [k_lo, k_hi] whose wall time ``W + k*I`` falls in a DST gap.

        Only these can be lost (skipped, or shifted onto the next occurrence);
        the zone's transitions in the range are visited, not the occurrences.
        """
        if not self.wall or k_hi < k_lo:
            return []
        w, step = self.anchor_local_us, self.interval_us
        hits: list[int] = []
        for gap_start, gap_end in self.zone.gaps_us(w + k_lo * step, w + k_hi * step):
            first = max(k_lo, -((w - gap_start) // step))  # ceil
            last = min(k_hi, (gap_end - 1 - w) // step)
            hits.extend(range(first, last + 1))
        return hits
