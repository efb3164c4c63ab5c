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

import hashlib
from datetime import timedelta
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from ._convert import timedelta_us
from ._units import MAX_INTERVAL_US, MAX_US, MIN_US
from ._units import NAT as _NAT
from .errors import InvalidDatetimeError, InvalidQueryError, ScheduleTypeError, shorten
from .tz._zone import as_us_array

if TYPE_CHECKING:
    from .batch import ScheduleBatch
    from .schedule import IntervalSchedule

__all__ = ["mix64", "mix64_array", "key_seed", "jitter_offset_us", "jitter_offsets_us", "jittered", "check_jitter"]

_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB


def mix64(x: int) -> int:
    """The splitmix64 step on a Python int (taken modulo 2**64): an unsigned 64-bit result.

    >>> hex(mix64(0))
    '0xe220a8397b1dcdaf'
    """
    z = (x + _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    return z ^ (z >> 31)


def mix64_array(x: np.ndarray) -> np.ndarray:
    """:func:`mix64` element-wise on an int64 or uint64 array (returns uint64; multiplication wraps modulo 2**64)."""
    z = np.asarray(x).astype(np.int64, copy=False).view(np.uint64) if np.asarray(x).dtype != np.uint64 else np.asarray(x)
    with np.errstate(over="ignore"):
        z = z + np.uint64(_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
    return z ^ (z >> np.uint64(31))


def key_seed(key: str) -> int:
    """The 64-bit seed of a jitter key (blake2b of its UTF-8 bytes): the same on every machine.

    >>> hex(key_seed("backup"))
    '0xbcc9538ae4c2cdf9'
    """
    if not isinstance(key, str):
        raise ScheduleTypeError(f"a jitter key must be a str, not {type(key).__name__} ({shorten(key)})")
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8, person=b"iv-jitter").digest()
    return int.from_bytes(digest, "big")


def jitter_offset_us(key: str, nominal_us: int, cap_us: int) -> int:
    """The offset (us) in ``[0, cap_us)`` of the run at *nominal_us* (0 when ``cap_us <= 0``): the scalar reference."""
    if cap_us <= 0:
        return 0
    return mix64(key_seed(key) ^ mix64(nominal_us)) % cap_us


def jitter_offsets_us(key: str, nominal_us: np.ndarray, cap_us: np.ndarray | int) -> np.ndarray:
    """:func:`jitter_offset_us` vectorized: int64 offsets, one per nominal instant (NaT stays NaT's integer)."""
    return _offsets(np.uint64(key_seed(key)), nominal_us, cap_us)


def _offsets(seed: np.ndarray | np.uint64, nominal_us: np.ndarray, cap_us: np.ndarray | int) -> np.ndarray:
    """Offsets for uint64 *seed* (broadcast against *nominal_us*), ``h mod cap`` (0 where ``cap <= 0``)."""
    nominal = np.asarray(nominal_us, dtype=np.int64)
    cap = np.broadcast_to(np.asarray(cap_us, dtype=np.int64), nominal.shape)
    h = mix64_array(mix64_array(nominal) ^ seed)
    safe = np.where(cap > 0, cap, 1).astype(np.uint64)
    out = np.where(cap > 0, (h % safe).astype(np.int64), 0)
    return np.where(nominal == _NAT, _NAT, out)


def check_jitter(jitter: object) -> int:
    """*jitter* as microseconds: a non-negative timedelta."""
    if not isinstance(jitter, timedelta):
        raise ScheduleTypeError(f"jitter must be a timedelta, not {type(jitter).__name__} ({shorten(jitter)})")
    us = timedelta_us(jitter, "jitter", InvalidQueryError)  # a pendulum Duration too
    if us < 0:
        raise InvalidQueryError(f"jitter must not be negative, got {shorten(jitter)}")
    return min(us, MAX_INTERVAL_US)


def _caps_from_next(
    nominal: np.ndarray, nxt: np.ndarray, jitter_us: int, interval_us: np.ndarray | int, hi_us: np.ndarray | int
) -> np.ndarray:
    """``min(jitter, interval, next - nominal)``, *next* being ``hi + 1`` where there is none (NaT)."""
    cap = np.minimum(np.int64(jitter_us), interval_us)
    room = np.where(nxt == _NAT, np.asarray(hi_us, np.int64) + 1, nxt) - np.where(nominal == _NAT, 0, nominal)
    caps: np.ndarray = np.minimum(cap, room)
    return caps


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
    cap = _caps_from_next(flat, nxt, jitter_us, schedule.interval_us, schedule._core.hi)
    off = jitter_offsets_us(key, flat, cap)
    out = np.where(live, flat + off, _NAT)
    return out.reshape(t.shape).view("datetime64[us]")


def jittered_us(schedule: IntervalSchedule, t: int, jitter_us: int, key: str) -> int:
    """The scalar reference of :func:`jittered` for one instant (int UTC us)."""
    nxt = schedule._core.next_at_or_after(t + 1)
    room = (schedule._core.hi + 1 if nxt is None else nxt) - t
    return t + jitter_offset_us(key, t, min(jitter_us, schedule.interval_us, room))


def batch_next_runs_jittered(batch: ScheduleBatch, after: object, n: int, jitter: object, keys: object, limit: int) -> np.ndarray:
    """:meth:`ScheduleBatch.next_runs` with ``jitter=``: the first *n* nominal runs ``>= after``, each moved by its offset.

    *keys*: one str per schedule (the jitter key of each).  The nominal
    ``n + 1``-th run gives the last one's room.
    """
    jitter_us = check_jitter(jitter)
    if isinstance(keys, str) or keys is None or not hasattr(keys, "__iter__"):
        raise ScheduleTypeError(f"jitter needs keys=, one str per schedule ({len(batch)}), got {shorten(keys)}")
    # Never more than one key past the batch's length is read (keys=range(10**12) is refused, not listed).
    key_list = list(islice(keys, len(batch) + 1))
    if len(key_list) != len(batch):
        count = f"more than {len(batch)}" if len(key_list) > len(batch) else str(len(key_list))
        raise ScheduleTypeError(f"keys has {count} entries for {len(batch)} schedules; give one str per schedule")
    nominal = batch.next_runs(after, n, limit=limit).view(np.int64)
    if not n or not len(batch):
        return nominal.view("datetime64[us]")
    last_after = np.where(nominal[:, -1] == _NAT, np.iinfo(np.int64).max // 2, nominal[:, -1] + 1)
    last_after = np.minimum(last_after, batch.hi + 1)
    extra = batch.next_runs(last_after.view("datetime64[us]"), 1, limit=max(limit, len(batch))).view(np.int64)
    nxt = np.concatenate([nominal[:, 1:], extra], axis=1)
    nxt[nominal == _NAT] = _NAT
    seeds = np.array([key_seed(k) for k in key_list], dtype=np.uint64)[:, None]
    cap = _caps_from_next(nominal, nxt, jitter_us, batch.interval_us[:, None], batch.hi[:, None])
    off = _offsets(seeds, nominal, cap)
    return np.where(nominal == _NAT, _NAT, nominal + off).view("datetime64[us]")
