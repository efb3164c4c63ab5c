"""Timezone engine: offsets and wall-clock resolution for 1M instants, against bare numpy and a zoneinfo loop."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from interval_schedule.tz import get_zone

zoneinfo.reset_tzpath(to=[])  # the baseline reads the same tzdata package
N = 1_000_000
NY = get_zone("America/New_York")
START = 1_704_067_200_000_000  # 2024-01-01T00:00Z
SORTED = START + np.arange(N, dtype=np.int64) * 3_600_000_000  # hourly, 114 years
RANDOM = np.random.default_rng(1).permutation(SORTED)


def test_baseline_arange_1m(benchmark):
    """numpy.arange of 1M int64 viewed as datetime64[us]: the floor every series is compared with."""
    benchmark(lambda: np.arange(N, dtype=np.int64).view("datetime64[us]"))


def test_baseline_searchsorted_1m_random(benchmark):
    """A bare numpy.searchsorted of 1M random instants into New York's transition table."""
    benchmark(lambda: np.searchsorted(NY._utc_us, RANDOM, "right"))


def test_utcoffset_1m_sorted(benchmark):
    """Zone.utcoffset on 1M ascending instants (the per-segment fill)."""
    benchmark(NY.utcoffset, SORTED, assume_sorted=True)


def test_utcoffset_1m_random(benchmark):
    """Zone.utcoffset on 1M shuffled instants (one search per element)."""
    benchmark(NY.utcoffset, RANDOM)


def test_to_utc_1m_sorted(benchmark):
    """Zone.to_utc_us on 1M ascending wall times (one subtraction per stretch between transitions)."""
    benchmark(NY.to_utc_us, SORTED, "shift", "earlier", assume_sorted=True)


def test_to_utc_1m_random(benchmark):
    """Zone.to_utc_us on 1M shuffled wall times."""
    benchmark(NY.to_utc_us, RANDOM, "shift", "earlier")


def test_baseline_zoneinfo_loop_10k(benchmark):
    """A stdlib loop, utcoffset of 10k instants with zoneinfo (scale by 100 for 1M)."""
    z = zoneinfo.ZoneInfo("America/New_York")
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    values = RANDOM[:10_000].tolist()
    benchmark(lambda: [(epoch + timedelta(microseconds=u)).astimezone(z).utcoffset() for u in values])
