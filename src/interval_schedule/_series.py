"""The standard semantics, vectorized: one schedule's series as numpy arrays.

Same definitions as :mod:`interval_schedule._core`, whose scalar methods find
the first index (closed form, so the cost does not depend on how far the
anchor is from the window).  The series itself is built with ``numpy.arange``;
wall-clock series are resolved by :meth:`Zone.to_utc_us` on sorted input, which
searches the few transitions into the series instead of every element into
the transitions.
"""

from __future__ import annotations

import numpy as np

from ._core import Core

__all__ = ["window_us", "CHUNK"]

_NAT = np.iinfo(np.int64).min
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
    # Wall clock: take n indices, plus one for each that a gap may cost.
    m = min(n, k_hi - k_lo + 1)
    for _ in range(_MAX_ROUNDS):
        lost = len(core.gap_hits(k_lo, k_lo + m - 1))
        if m - lost >= n or m == k_hi - k_lo + 1:
            break
        m = min(n + lost, k_hi - k_lo + 1)
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
