"""Shared fixtures for the benchmarks (run with `make bench`; not part of `make test`).

Each benchmark measures one operation; baselines (numpy, a per-date stdlib
loop, pandas) run in the same session so ratios, not absolute times, are
compared.  Prefect runs in its own venv (benchmarks/prefect_baseline.py,
`make bench-prefect`); its figures are read from benchmarks/results/.
"""

from __future__ import annotations

import numpy as np
import pytest

from interval_schedule.batch import ScheduleBatch

MIXED_ZONES = [
    "America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca",
    "America/Sao_Paulo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Europe/Moscow",
    "Asia/Gaza", "America/Nuuk", "Europe/Amsterdam", "Asia/Tokyo", "UTC",
]
MIXED_INTERVALS_S = [60, 300, 900, 1800, 3600, 7200, 21600, 43200, 86400, 2 * 86400, 7 * 86400]


def mixed_columns(n: int, seed: int = 0):
    """n schedules: 15 zones (Lord_Howe, Casablanca included), intervals 1 minute to 7 days, anchors 2015-2026."""
    rng = np.random.default_rng(seed)
    interval_us = rng.choice(np.array(MIXED_INTERVALS_S, dtype=np.int64) * 1_000_000, n)
    anchor_us = rng.integers(1420070400, 1767225600, n, dtype=np.int64) * 1_000_000
    zones = [MIXED_ZONES[i] for i in rng.integers(0, len(MIXED_ZONES), n)]
    return interval_us, anchor_us, zones


@pytest.fixture(scope="session")
def mixed_batch_100k() -> ScheduleBatch:
    return ScheduleBatch.from_arrays(*mixed_columns(100_000))
