"""The standard semantics, vectorized: one schedule's series as numpy arrays.

Same definitions as :mod:`interval_schedule._core`, whose scalar methods find
the first index (closed form, so the cost does not depend on how far the
anchor is from the window).  Elapsed series are ``numpy.arange``; the wall
times of a wall-clock series are an arithmetic progression too, so each DST
region's index range is two ceiling divisions and the instants are written in
one buffer (:func:`_wall_progression`).
"""

from __future__ import annotations

import numpy as np

from ._core import Core
from ._units import NAT as _NAT
from .tz import Zone

__all__ = ["window_us", "CHUNK"]

# Rounds of "take more indices for the ones gaps cost": measured at most 3 over
# every tzdata zone (daily and weekly schedules at 00:00, 01:00, 02:30 and
# 03:00 with gap="skip", 10**6 dates from year 1 and 1000 from the anchor:
# 8334 cases took 1 round, 1050 took 2, 184 took 3).  8 leaves room; running
# out raises instead of returning fewer dates than asked.
_MAX_ROUNDS = 8
#: Dates computed per step of a long series: temporaries stay this size
#: (a few MB), so a call's peak memory is its output plus a constant.
CHUNK = 1 << 16


def window_us(core: Core, start: int, end: int | None, n: int) -> np.ndarray:
    """int64 UTC microseconds of the first *n* occurrences in ``[start, end]`` (ascending, distinct).

    Raises RuntimeError (an internal error, never seen for a tzdata zone) when
    the gaps a wall-clock series skips do not settle within ``_MAX_ROUNDS``.
    Memory: the output, plus temporaries of at most :data:`CHUNK` dates (a
    long wall-clock series is resolved chunk by chunk into its output).
    """
    empty = np.empty(0, dtype=np.int64)
    if n <= 0 or (end is not None and end < start) or start > core.hi:
        return empty
    stop = core.hi if end is None else min(end, core.hi)
    k_lo = core.first_index(start)
    k_hi = core.last_index(stop)
    if k_hi < k_lo:
        return empty
    step = core.interval_us
    if not core.wall:
        count = min(n, k_hi - k_lo + 1)
        first = core.anchor_utc_us + k_lo * step
        return np.arange(first, first + count * step, step, dtype=np.int64)[:count]

    # Wall clock: take n indices, plus one for each that a gap costs.
    zone = core.zone
    if not zone.is_fixed and zone.regions_ordered:
        # One buffer (the output) and temporaries of a few values per region:
        # no chunking needed.
        avail = k_hi - k_lo + 1
        m = min(n, avail)
        first = core.anchor_local_us + k_lo * step
        for r in range(_MAX_ROUNDS):
            out, drop = _wall_progression(first, step, m, zone, core.gap, core.fold)
            if m - drop.size >= n or m == avail:
                break
            if r == _MAX_ROUNDS - 1:  # pragma: no cover - see _MAX_ROUNDS
                raise RuntimeError(f"the gaps of a wall-clock series did not settle in {_MAX_ROUNDS} rounds (internal error)")
            m = min(n + drop.size, avail)
            del out  # freed before the longer attempt is allocated
        if drop.size:
            out = _delete_in_place(out, drop)
        return out[:n]
    if n > CHUNK:
        # At most one date per index (gaps only lose some): fill chunk by chunk, then
        # shrink in place if gaps or the end of the window cost a few.
        total = min(n, k_hi - k_lo + 1)
        out = np.empty(total, dtype=np.int64)
        pos, t = 0, start
        while pos < total:
            piece = window_us(core, t, stop, min(CHUNK, total - pos))
            if not piece.size:
                break
            out[pos : pos + piece.size] = piece
            pos += piece.size
            t = int(piece[-1]) + 1
        if pos < total:
            out.resize(pos, refcheck=False)  # ours alone: no other reference to the buffer exists
        return out
    avail = k_hi - k_lo + 1
    return _wall_generic(core, k_lo, min(n, avail), avail, n)


def _delete_in_place(out: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """*out* without the (ascending, few) indices *drop*, compacted in place; a view of it.

    Moved in pieces of at most :data:`CHUNK` elements, so no temporary is
    larger than that (``numpy.delete`` would copy the whole array).
    """
    to = prev = 0
    for d in drop.tolist() + [out.size]:
        seg = d - prev  # the kept elements [prev, d)
        if to != prev:
            for c in range(0, seg, CHUNK):
                e = min(c + CHUNK, seg)
                out[to + c : to + e] = out[prev + c : prev + e]
        to += seg
        prev = d + 1
    return out[:to]


def _wall_progression(first: int, step: int, m: int, zone: Zone, gap: str, fold: str) -> tuple[np.ndarray, np.ndarray]:
    """Instants of the wall times ``first + step*i`` (i < m, step >= 24 h), and the indices a gap costs.

    The wall times are an arithmetic progression, so the elements inside each
    gap or fold are an index range found by two ceiling divisions, and the
    offset to subtract changes only at those ranges' ends.  The output is
    written in one buffer: the step everywhere, the first instant in front, at
    each offset change the difference of the offsets, then an in-place
    cumulative sum.  The gaps and folds are the zone's :meth:`Zone.regions
    <interval_schedule.tz.Zone.regions>` of ``[first, last]`` (disjoint and
    ascending: the caller checks ``regions_ordered``).  Memory: the output and
    a few values per region.

    Dropped indices: a skipped gap time, or (shift) a time shifted onto the
    next occurrence.  A gap is shorter than 24 h (Pacific/Apia's 2011 day: exactly
    24 h), so it holds at most one element.
    """
    last = first + (m - 1) * step
    # The regions that end after `first` and start at or before `last`, in order.
    lo, hi, is_gap, off_before, off_after = zone.regions(first, last)
    out = np.full(m, step, dtype=np.int64)
    count = is_gap.size
    if not count:  # no gap or fold meets the series: one offset
        out[0] = zone.instant_us(first)
        return np.cumsum(out, out=out), np.empty(0, dtype=np.intp)
    out[0] = first - int(off_before[0])
    hits: list[np.ndarray] = []
    # Regions in chunks, so their temporaries stay small next to the output
    # (a 30-day series meets a region every six dates).
    chunk = max(1024, m // 64)
    for c0 in range(0, count, chunk):
        c1 = min(c0 + chunk, count)
        a = np.clip(-((first - lo[c0:c1]) // step), 0, m)  # first index in the region: ceil((lo - first) / step)
        b = np.clip(-((first - hi[c0:c1]) // step), 0, m)  # first index past it
        g = is_gap[c0:c1]
        before, after = off_before[c0:c1], off_after[c0:c1]
        inside = np.where(g, before, after if fold == "later" else before)
        # Offsets along the series: `before` below the region, `inside` in it, `after` above it.
        k = a < m
        np.add.at(out, a[k], (before - inside)[k])
        k = b < m
        np.add.at(out, b[k], (inside - after)[k])
        hits.append(a[g & (b > a)])
    np.cumsum(out, out=out)
    hit = np.concatenate(hits)
    if not hit.size:
        return out, np.empty(0, dtype=np.intp)
    if gap == "skip":
        return out, hit.astype(np.intp)
    h = hit[hit + 1 < m]
    return out, (h[out[h] == out[h + 1]] + 1).astype(np.intp)


def _wall_generic(core: Core, k_lo: int, m: int, avail: int, n: int) -> np.ndarray:
    """Wall-clock series through :meth:`Zone.to_utc_us` (fixed zones; zones whose regions overlap)."""
    step = core.interval_us
    lost: list[int] = []
    for _ in range(_MAX_ROUNDS):
        lost = core.gap_hits(k_lo, k_lo + m - 1)
        if m - len(lost) >= n or m == avail:
            break
        m = min(n + len(lost), avail)
    else:  # pragma: no cover - see _MAX_ROUNDS
        raise RuntimeError(f"the gaps of a wall-clock series did not settle in {_MAX_ROUNDS} rounds (internal error)")
    first = core.anchor_local_us + k_lo * step
    local = np.arange(first, first + m * step, step, dtype=np.int64)[:m]
    out = core.zone.to_utc_us(local, core.gap, core.fold, assume_sorted=True)
    if lost:
        keep = out != _NAT
        keep[1:] &= out[1:] != out[:-1]
        out = out[keep]
    return out[:n]
