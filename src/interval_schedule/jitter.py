"""Deterministic jitter: spread runs that would all fire at :00, the same way on every machine.

A run's *offset* is derived from a stable hash of a *key* (the schedule's
identity, e.g. its idempotency-key prefix) and the run's *nominal* instant:

1. ``seed = blake2b(key as UTF-8, digest_size=8, person=b"iv-jitter")`` read
   as a big-endian unsigned 64-bit integer (computed once per key);
2. ``h = mix64(seed XOR mix64(nominal_us mod 2**64))``, where ``mix64`` is the
   splitmix64 step: add ``0x9E3779B97F4A7C15``, then
   ``z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB;
   z ^= z >> 31``, all modulo ``2**64``;
3. ``offset_us = h mod cap_us`` with ``cap = min(jitter, interval, next - nominal)``,
   ``next`` being the schedule's first occurrence after the nominal instant
   (past the end of the series, the first instant after the domain: the
   last microsecond of year 9999 in the zone, plus one), so a jittered run
   never leaves years 1-9999.

Nothing depends on Python's ``hash()`` (salted per process), the platform or
the numpy version: the scalar functions are plain integer arithmetic, the
vectorized ones the same operations on ``uint64`` arrays (tests prove them
equal).  The offset lies in ``[0, jitter)`` and is strictly less than the time
to the next occurrence, so jittered runs never reorder: ``t_k + o_k < t_(k+1)
<= t_(k+1) + o_(k+1)``.  Idempotency keys stay based on the nominal time.

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> hourly = IntervalSchedule(timedelta(hours=1), "2024-01-01T00:00:00Z")
>>> jittered(hourly, hourly.dates_array(3, start="2024-06-01T00:00Z"), timedelta(minutes=10), key="backup")
array(['2024-06-01T00:04:49.601959', '2024-06-01T01:07:10.095843',
       '2024-06-01T02:09:47.594708'], dtype='datetime64[us]')
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np

from ._jitter import caps_from_next, check_jitter, jitter_offset_us, jitter_offsets_us, key_seed, mix64, mix64_array
from ._units import MAX_US, MIN_US
from ._units import NAT as _NAT
from .errors import InvalidDatetimeError, ScheduleTypeError, shorten
from .tz._zone import as_us_array

if TYPE_CHECKING:
    from .batch import ScheduleBatch
    from .schedule import IntervalSchedule

__all__ = ["mix64", "mix64_array", "key_seed", "jitter_offset_us", "jitter_offsets_us", "jittered", "check_jitter"]

def jittered(schedule: IntervalSchedule, instants: object, jitter: timedelta, *, key: str) -> np.ndarray:
    """*instants* (UTC ``datetime64``, usually occurrences of *schedule*) moved later by their jitter offsets.

    Each offset is ``jitter_offset_us(key, t, min(jitter, interval, next - t))``
    where ``next`` is the schedule's first occurrence after ``t`` (module
    docstring).  Same shape as *instants*; NaT stays NaT.
    """
    from .batch import ScheduleBatch
    from .schedule import IntervalSchedule

    if not isinstance(schedule, IntervalSchedule):
        raise ScheduleTypeError(f"jittered needs an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
    jitter_us = check_jitter(jitter)
    t = as_us_array(instants, "instants").astype(np.int64)
    flat = t.ravel()
    live = flat != _NAT
    outside = np.flatnonzero(live & ((flat < MIN_US) | (flat > MAX_US)))
    if outside.size:
        bad = flat[outside[0]].astype("datetime64[us]")
        raise InvalidDatetimeError(f"instants[{int(outside[0])}] = {shorten(bad)} is outside years 1-9999")
    nxt = np.full(flat.shape, _NAT, dtype=np.int64)
    if live.any():
        n = int(live.sum())
        one = ScheduleBatch.from_arrays(
            np.full(n, schedule.interval_us), np.full(n, schedule.anchor_utc_us), schedule.timezone, schedule.gap, schedule.fold
        )
        nxt[live] = one.next_runs((flat[live] + 1).view("datetime64[us]"), 1).view(np.int64)[:, 0]
    cap = caps_from_next(flat, nxt, jitter_us, schedule.interval_us, schedule.core.hi)
    off = jitter_offsets_us(key, flat, cap)
    out = np.where(live, flat + off, _NAT)
    return out.reshape(t.shape).view("datetime64[us]")


def jittered_us(schedule: IntervalSchedule, t: int, jitter_us: int, key: str) -> int:
    """The scalar reference of :func:`jittered` for one instant (int UTC us)."""
    nxt = schedule.core.next_at_or_after(t + 1)
    room = (schedule.core.hi + 1 if nxt is None else nxt) - t
    return t + jitter_offset_us(key, t, min(jitter_us, schedule.interval_us, room))


def batch_next_runs_jittered(batch: ScheduleBatch, after: object, n: int, jitter: object, keys: object, limit: int) -> np.ndarray:
    """:meth:`ScheduleBatch.next_runs` with ``jitter=``: the first *n* nominal runs ``>= after``, each moved by its offset.

    *keys*: one str per schedule (the jitter key of each).  The nominal
    ``n + 1``-th run gives the last one's room.
    """
    check_jitter(jitter)  # also when None: next_runs would read that as "no jitter"
    return batch.next_runs(after, n, limit=limit, jitter=jitter, keys=keys)
