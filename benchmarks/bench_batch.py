"""ScheduleBatch: the next 10 runs of 100k mixed schedules, against looping get_dates."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import MIXED_ZONES, mixed_columns
from interval_schedule.batch import Coded, ScheduleBatch

AFTER = np.datetime64("2026-11-28T00:00:00", "us")


def test_next_runs_100k_x10(benchmark, mixed_batch_100k):
    """next_runs(after, 10) for 100k mixed schedules (15 zones, 1 minute to 7 days, anchors 2015-2026)."""
    out = benchmark(mixed_batch_100k.next_runs, AFTER, 10)
    assert out.shape == (100_000, 10)


def test_loop_get_dates_1k_x10(benchmark, mixed_batch_100k):
    """Looping our own get_dates(n=10) over 1000 of the same schedules (scale by 100 for 100k)."""
    schedules = [mixed_batch_100k.schedule(i) for i in range(1000)]
    benchmark(lambda: [s.get_dates(10, AFTER) for s in schedules])


def test_build_batch_100k_from_arrays(benchmark):
    """ScheduleBatch.from_arrays for 100k schedules (columns, no objects)."""
    cols = mixed_columns(100_000)
    benchmark(ScheduleBatch.from_arrays, *cols)


FIRST = np.arange(100_000, dtype=np.int64) * 3_600_000_000
STEP = np.full(100_000, 3_600_000_000, dtype=np.int64)


def test_next_runs_100k_x1(benchmark, mixed_batch_100k):
    """next_runs(after, 1) for the same 100k mixed schedules."""
    assert benchmark(mixed_batch_100k.next_runs, AFTER, 1).shape == (100_000, 1)


def test_baseline_broadcast_100k_x10(benchmark):
    """The floor: first + step*j broadcast to (100k, 10) (one multiply, one add)."""
    benchmark(lambda: FIRST[:, None] + STEP[:, None] * np.arange(10, dtype=np.int64))


def test_baseline_broadcast_100k_x1(benchmark):
    """The floor for n=1: first + step*j broadcast to (100k, 1)."""
    benchmark(lambda: FIRST[:, None] + STEP[:, None] * np.arange(1, dtype=np.int64))


def test_next_runs_1k_x10(benchmark):
    """A small call: next_runs(after, 10) on 1000 mixed schedules (must not regress)."""
    b = ScheduleBatch.from_arrays(*mixed_columns(1000))
    benchmark(b.next_runs, AFTER, 10)
# ------------------------------------------------- issue 17: building 2M-row batches

ROWS_2M = 2_000_000


@pytest.fixture(scope="module")
def columns_2m():
    iv, an, zones = mixed_columns(ROWS_2M)
    codes = np.array([MIXED_ZONES.index(z) for z in zones], dtype=np.int8)
    return iv, an, zones, Coded(codes, MIXED_ZONES)


def test_next_runs_2m_x1(benchmark, columns_2m):
    """Baseline of the goal: next_runs(after, 1) for 2M mixed schedules."""
    iv, an, _, coded = columns_2m
    b = ScheduleBatch.from_arrays(iv, an, coded)
    benchmark.pedantic(b.next_runs, (AFTER, 1), rounds=5, iterations=1, warmup_rounds=1)


def test_from_arrays_2m_coded(benchmark, columns_2m):
    """from_arrays on 2M rows with dictionary-encoded zones (codes + 15 categories): goal <= 0.2x next_runs(after, 1)."""
    iv, an, _, coded = columns_2m
    benchmark.pedantic(ScheduleBatch.from_arrays, (iv, an, coded), rounds=5, iterations=1, warmup_rounds=1)


def test_from_arrays_2m_per_row_keys(benchmark, columns_2m):
    """from_arrays on 2M rows with one Python str per row (factorized internally)."""
    iv, an, zones, _ = columns_2m
    benchmark.pedantic(ScheduleBatch.from_arrays, (iv, an, zones), rounds=3, iterations=1)
