"""The standard semantics, vectorized: one schedule's series as numpy arrays.

Same definitions as :mod:`interval_schedule._core`, whose scalar methods find
the first index (closed form, so the cost does not depend on how far the
anchor is from the window).  Elapsed series are ``numpy.arange``; the wall
times of a wall-clock series are an arithmetic progression too, so the index
at which each DST gap or fold switches the offset is one ceiling division,
and the instants are each stretch's first instant repeated over it
(``numpy.repeat``) plus ``i * step``, written once into the output, piece by
piece (:func:`_wall_progression`, :func:`_fill`).
"""

from __future__ import annotations

import numpy as np

from ._core import Core
from ._units import DAY_US
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
# A wall-clock series this short is written in one piece (temporaries of a few
# tens of kB); a longer one in at least six, of at most _PIECE dates, and
# resolved in parts of at most _REGION_CHUNK regions (about 50 bytes of
# temporaries a region).
_ONE_PIECE = 4096
_REGION_CHUNK = 2048
#: Dates written per piece of a long wall-clock series (:func:`_fill`): the
#: ramp and one piece's temporaries are 2 x 512 kB at most (measured: 16 384
#: to 32 768 were slower for 1M dates, the calls per piece adding up).
_PIECE = 1 << 16
# 400 Gregorian years, the cycle of the calendar and so of every footer rule.
_GREGORIAN_DAYS = 146_097


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
    step = core.interval_us
    zone = core.zone
    k_hi = core.last_index_in_domain if stop == core.hi else core.last_index(stop)
    if k_hi < k_lo:
        return empty
    if not core.wall:
        count = min(n, k_hi - k_lo + 1)
        first = core.anchor_utc_us + k_lo * step
        return np.arange(first, first + count * step, step, dtype=np.int64)[:count]
    if not zone.is_fixed and zone.regions_ordered:
        return _wall_series(core, k_lo, n, k_hi - k_lo + 1)
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


def _wall_series(core: Core, k_lo: int, n: int, avail: int) -> np.ndarray:
    """The first *n* occurrences from index *k_lo* (of *avail* in the window) of a zone whose regions are ordered.

    Takes n indices, plus one for each that a gap costs, in one buffer.
    Memory: the output and temporaries of at most a third of it.
    """
    step = core.interval_us
    first = core.anchor_local_us + k_lo * step
    m = min(n, avail)
    for _ in range(_MAX_ROUNDS):
        out, drop = _wall_progression(first, step, m, core.zone, core.gap, core.fold)
        if m - drop.size >= n or m == avail:
            return (_delete_in_place(out, drop) if drop.size else out)[:n]
        m = min(n + drop.size, avail)
        del out  # freed before the longer attempt is allocated
    raise RuntimeError(f"the gaps of a wall-clock series did not settle in {_MAX_ROUNDS} rounds (internal error)")  # pragma: no cover


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


def _wall_progression(
    first: int, step: int, m: int, zone: Zone, gap: str, fold: str, out: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Instants of the wall times ``first + step*i`` (i < m, step >= 24 h), and the indices a gap costs.

    The wall times are an arithmetic progression, so the elements inside each
    gap or fold are an index range found by two ceiling divisions, and the
    offset is constant between those ranges' ends.  The gaps and folds are the
    zone's :meth:`Zone.regions <interval_schedule.tz.Zone.regions>` of
    ``[first, last]`` (disjoint and ascending: the caller checks
    ``regions_ordered``).  The output is written once, piece by piece
    (:func:`_fill`); when the series meets more than ``_REGION_CHUNK``
    regions, each piece finds its own.  Memory: the output, and temporaries
    of at most a third of it (and at most about ``3 * _PIECE`` dates).

    Dropped indices: a skipped gap time, or (shift) a time shifted onto the
    next occurrence.  A gap is shorter than 24 h (Pacific/Apia's 2011 day: exactly
    24 h), so it holds at most one element.

    *out*, when given (int64, *m* long), is written and returned instead of a
    new array (the 400-year cycle writes its first cycle into its own output).
    """
    period = _period(step)
    if out is None and period and m >= 2 * period and (gap == "skip" or zone.longest_gap_us < step):
        start = zone.periodic_from_us
        if start is not None and first >= start:
            return _repeat_periods(first, step, m, period, zone, gap, fold)
    last = first + (m - 1) * step
    # The regions that end after `first` and start at or before `last`, in order.
    lo, hi, is_gap, off_before, off_after = zone.regions(first, last)
    count = is_gap.size
    if not count and out is None:  # no gap or fold meets the series: one offset, one arange
        u = zone.instant_us(first)
        return np.arange(u, u + m * step, step, dtype=np.int64)[:m], np.empty(0, dtype=np.intp)
    given = out
    if out is None:
        out = np.empty(m, dtype=np.int64)
    # Pieces of at most a sixth (a given buffer is part of a larger output: always).
    size = m if m <= _ONE_PIECE and given is None else min(_PIECE, -(-m // 6))
    ramp = np.arange(0, size * step, step, dtype=np.int64)[:size]  # i * step, i < size
    if not count:  # one offset, into the given buffer
        _fill(out, np.array([0, m], dtype=np.int64), np.array([zone.instant_us(first)], dtype=np.int64), step, ramp)
        return out, np.empty(0, dtype=np.intp)
    if count <= _REGION_CHUNK:  # few regions: their stretches once
        cut, base, hit = _stretches(first, step, m, lo, hi, is_gap, off_before, off_after, gap, fold, zone.longest_gap_us)
        _fill(out, cut, base, step, ramp)
    else:  # many regions (a month's step meets one every six dates): each part finds its own
        part = min(size, -(-m // max(-(-m // CHUNK), -(-count // _REGION_CHUNK), 3)))
        starts = np.arange(0, m, part, dtype=np.int64)
        walls = first + starts * step
        r0 = np.searchsorted(hi, walls, "right").tolist()  # the first region that ends after a part's first wall time
        r1 = np.searchsorted(lo, np.minimum(walls + (part - 1) * step, last), "right").tolist()  # past the last that starts in it
        hits = []
        longest = zone.longest_gap_us
        for s, a, b in zip(starts.tolist(), r0, r1):
            piece = out[s : s + part]
            w = first + s * step
            if b <= a:  # no region meets the part: the offset between the regions around it
                o = int(off_before[a]) if a < count else int(off_after[-1])
                _fill(piece, np.array([0, piece.size], dtype=np.int64), np.array([w - o], dtype=np.int64), step, ramp)
                continue
            cut, base, h = _stretches(w, step, piece.size, lo[a:b], hi[a:b], is_gap[a:b], off_before[a:b], off_after[a:b], gap, fold, longest)
            _fill(piece, cut, base, step, ramp)
            hits.append(h + s)
        hit = np.concatenate(hits) if hits else np.empty(0, dtype=np.int64)
    if not hit.size:
        return out, np.empty(0, dtype=np.intp)
    if gap == "skip":
        return out, hit.astype(np.intp)
    h = hit[hit + 1 < m]
    return out, (h[out[h] == out[h + 1]] + 1).astype(np.intp)


def _period(step: int) -> int:
    """How many steps make 400 Gregorian years (146 097 days), when *step* divides them; else 0."""
    days, rest = divmod(step, DAY_US)
    return _GREGORIAN_DAYS // days if not rest and days and _GREGORIAN_DAYS % days == 0 else 0


def _repeat_periods(first: int, step: int, m: int, period: int, zone: Zone, gap: str, fold: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_wall_progression` of a series whose wall times are all in the zone's 400-year cycle.

    The first *period* dates (400 years) are computed; each later date is the
    one *period* steps before it plus ``period * step`` (146 097 days), so the
    rest is copied forward with an addition, doubling the done part each
    time; the skipped indices repeat the same way.  The caller checks that
    the first wall time is at or after :attr:`Zone.periodic_from_us
    <interval_schedule.tz.Zone.periodic_from_us>` and, with ``gap="shift"``,
    that no gap is a step long (so no shifted time lands on a date).
    Memory: the output, and the first cycle's temporaries (it is written into
    the output's first *period* dates).
    """
    out = np.empty(m, dtype=np.int64)
    _, drop = _wall_progression(first, step, period, zone, gap, fold, out[:period])
    done = period
    while done < m:
        k = min(done, m - done)
        np.add(out[:k], done * step, out=out[done : done + k])
        done += k
    if drop.size:
        drop = (drop + np.arange(0, m, period, dtype=np.intp)[:, None]).ravel()
        drop = drop[drop < m]
    return out, drop


def _fill(out: np.ndarray, cut: np.ndarray, base: np.ndarray, step: int, ramp: np.ndarray) -> None:
    """Write ``base[j] + i*step`` into ``out[i]`` for ``cut[j] <= i < cut[j + 1]``, ``ramp.size`` dates at a time.

    *ramp* is ``i*step`` for ``i < ramp.size``.  Each piece is one
    ``numpy.repeat`` of its stretches' bases and one addition of the ramp into
    the output: the output is written once, and the temporaries (the ramp and
    one piece) stay small and in cache.
    """
    m, size = out.size, ramp.size
    if m <= size:
        np.add(ramp[:m], np.repeat(base, cut[1:] - cut[:-1]), out=out)
        return
    starts = np.arange(0, m, size, dtype=np.int64)
    j0 = np.searchsorted(cut, starts, "right") - 1  # the stretch each piece starts in
    j1 = np.searchsorted(cut, np.minimum(starts + size, m), "left")  # ... and one past the one it ends in
    counts = cut[1:] - cut[:-1]
    # The pieces' first and last stretches are cut at the piece's edges.
    head = np.minimum(cut[j0 + 1], starts + size) - starts
    tail = np.minimum(starts + size, m) - np.maximum(cut[j1 - 1], starts)
    for s, a, b, h, t in zip(starts.tolist(), j0.tolist(), j1.tolist(), head.tolist(), tail.tolist()):
        e = min(s + size, m)
        c = counts[a:b].copy()
        c[0], c[-1] = (h, t) if b - a > 1 else (e - s, e - s)
        np.add(ramp[: e - s], np.repeat(base[a:b] + s * step, c), out=out[s:e])


def _stretches(
    first: int,
    step: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    is_gap: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    gap: str,
    fold: str,
    longest_gap: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stretches of one offset along the wall times ``first + step*i`` (i < m), and the indices a gap may cost.

    *lo* .. *after* are the (ascending, disjoint, at least one) regions that
    meet ``[first, first + step*(m - 1)]``.  Each region switches the offset
    from *before* to *after* once: at its end for a gap (its times shift with
    the offset before it) and for a fold with ``fold="earlier"``, at its start
    for a fold with ``fold="later"``.  Stretch ``j`` is the indices
    ``[cut[j], cut[j + 1])``, the first index at or past a wall time ``x``
    being ``ceil((x - first) / step)``; its instants are ``base[j] + i*step``
    with ``base[j] = first - offset``, the offset being ``before[0]``, then
    ``after[j - 1]``.

    The third array is the indices whose wall time is inside a gap (at most
    one a gap: the one before the gap's cut, when its wall time is at or past
    the gap's start).  With ``gap="shift"`` only a gap at least *step* long
    is listed: a shifted time lands on the next occurrence only when the gap
    is exactly a step long (Pacific/Apia's 24 h in 2011), and costs nothing
    otherwise; *longest_gap* (the zone's, us) skips the search when no gap is that long.
    """
    count = lo.size
    cut = np.empty(count + 2, dtype=np.int64)
    inner = cut[1:-1]
    np.subtract(first, hi if fold == "earlier" else np.where(is_gap, hi, lo), out=inner)
    np.floor_divide(inner, step, out=inner)
    np.negative(inner, out=inner)
    # Only region 0 can start before `first` (a region ends after it); no region
    # ends more than a step past the last wall time (regions are at most 24 h long).
    cut[0], cut[-1] = 0, m
    if fold != "earlier" and cut[1] < 0:
        cut[1] = 0
    base = np.empty(count + 1, dtype=np.int64)
    base[0] = first - before[0]
    np.subtract(first, after, out=base[1:])
    if gap == "shift" and longest_gap < step:
        return cut, base, np.empty(0, dtype=np.int64)
    gaps = (is_gap & (hi - lo >= step)).nonzero()[0] if gap == "shift" else is_gap.nonzero()[0]
    if not gaps.size:
        return cut, base, gaps
    # A gap's cut is the first index at or past its end, so only the index before it can be inside.
    a = inner[gaps] - 1
    return cut, base, a[first + a * step >= lo[gaps]]


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
