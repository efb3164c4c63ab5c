"""The jitter arithmetic on integers: the splitmix64 hash, key seeds, offsets and caps.

The algorithm is stated in :mod:`interval_schedule.jitter`'s docstring, which
re-exports the public functions from here.  This module sits below the batch
(:meth:`ScheduleBatch.next_runs <interval_schedule.batch.ScheduleBatch.next_runs>`
with ``jitter=`` uses it) and knows no schedule: plain ints and int64 arrays.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import numpy as np

from ._convert import timedelta_us
from ._units import MAX_INTERVAL_US
from ._units import NAT as _NAT
from .errors import InvalidQueryError, ScheduleTypeError, shorten

__all__ = [
    "mix64", "mix64_array", "key_seed", "jitter_offset_us", "jitter_offsets_us", "seeded_offsets_us", "check_jitter",
    "caps_from_next",
]

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
    return seeded_offsets_us(np.uint64(key_seed(key)), nominal_us, cap_us)


def seeded_offsets_us(seed: np.ndarray | np.uint64, nominal_us: np.ndarray, cap_us: np.ndarray | int) -> np.ndarray:
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


def caps_from_next(
    nominal: np.ndarray, nxt: np.ndarray, jitter_us: int, interval_us: np.ndarray | int, hi_us: np.ndarray | int
) -> np.ndarray:
    """``min(jitter, interval, next - nominal)``, *next* being ``hi + 1`` where there is none (NaT)."""
    cap = np.minimum(np.int64(jitter_us), interval_us)
    room = np.where(nxt == _NAT, np.asarray(hi_us, np.int64) + 1, nxt) - np.where(nominal == _NAT, 0, nominal)
    capped: np.ndarray = np.minimum(cap, room)
    return capped
