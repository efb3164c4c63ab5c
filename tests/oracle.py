"""Independent oracles for the tests: the standard library's zoneinfo, forced onto the tzdata package.

``zoneinfo.reset_tzpath(to=[])`` empties the search path, so ZoneInfo falls back
to the tzdata package: the same data the library reads, through independent code.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

zoneinfo.reset_tzpath(to=[])

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = datetime(1970, 1, 1)


def zi(key: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(key)


def us_to_utc(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def us_to_naive(us: int) -> datetime:
    return EPOCH_NAIVE + timedelta(microseconds=us)


def naive_to_us(d: datetime) -> int:
    return (d - EPOCH_NAIVE) // timedelta(microseconds=1)


def aware_to_us(d: datetime) -> int:
    return (d - EPOCH) // timedelta(microseconds=1)


def offset_seconds(key: str, utc_us: int) -> int:
    """zoneinfo's UTC offset (seconds) at a UTC instant."""
    return int(us_to_utc(utc_us).astimezone(zi(key)).utcoffset().total_seconds())


def resolve(key: str, local_us: int, gap: str = "shift", fold: str = "earlier") -> int | None:
    """UTC microseconds of a wall time under our policies, derived from zoneinfo's fold=0/1.

    zoneinfo: fold=0 in a gap uses the offset before it (our "shift"); in a fold
    fold=0 is the earlier instant and fold=1 the later.  A gap is detected by a
    failed round trip.
    """
    z = zi(key)
    naive = us_to_naive(local_us)
    u0 = aware_to_us(naive.replace(tzinfo=z, fold=0))
    u1 = aware_to_us(naive.replace(tzinfo=z, fold=1))
    back = us_to_utc(u0).astimezone(z).replace(tzinfo=None)
    if back != naive:  # gap
        return None if gap == "skip" else u0
    return u1 if fold == "later" else u0


def kind(key: str, local_us: int) -> str:
    z = zi(key)
    naive = us_to_naive(local_us)
    u0 = aware_to_us(naive.replace(tzinfo=z, fold=0))
    u1 = aware_to_us(naive.replace(tzinfo=z, fold=1))
    if us_to_utc(u0).astimezone(z).replace(tzinfo=None) != naive:
        return "GAP"
    return "FOLD" if u0 != u1 else "UNAMBIGUOUS"
