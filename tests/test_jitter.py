"""Deterministic jitter: an independent splitmix64, pinned values, scalar == vectorized, range, order, processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch
from interval_schedule.deployment import Deployment
from interval_schedule.errors import InvalidQueryError, ScheduleTypeError
from interval_schedule.jitter import (
    jitter_offset_us,
    jitter_offsets_us,
    jittered,
    jittered_us,
    key_seed,
    mix64,
    mix64_array,
)
from interval_schedule.planner import plan_runs
from interval_schedule.testing import interval_schedules

TWO64 = 2**64


def splitmix64_stream(seed: int):
    """Vigna's splitmix64 generator written out as in its reference C code: state += gamma, then mix."""
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) % TWO64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % TWO64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % TWO64
        yield z ^ (z >> 31)


def reference_offset(key: str, nominal_us: int, cap_us: int) -> int:
    """The documented formula, from the generator above and hashlib (nothing from the library)."""
    seed = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8, person=b"iv-jitter").digest(), "big")
    inner = next(splitmix64_stream(nominal_us % TWO64))  # one step from state x is mix64(x)
    return next(splitmix64_stream(seed ^ inner)) % cap_us


class TestPinned:
    def test_splitmix64_published_outputs(self):
        # The first outputs of splitmix64 seeded with 0, as published with the reference implementation.
        g = splitmix64_stream(0)
        assert [next(g) for _ in range(3)] == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
        assert mix64(0) == 0xE220A8397B1DCDAF
        assert mix64(0x9E3779B97F4A7C15) == 0x6E789E6AA1B965F4  # the second state
        assert mix64_array(np.array([0, 0x9E3779B97F4A7C15], dtype=np.uint64)).tolist() == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4]

    @pytest.mark.parametrize(
        "key, nominal_us, cap_us",
        [
            ("backup", 1717200000000000, 600_000_000),  # 2024-06-01T00:00Z, 10 minutes
            ("scheduled a b", 0, 3_600_000_000),
            ("ü-unicode key", -62135596800000000, 1),  # year 1: cap 1 us gives 0
            ("x", 253402300799999999, 86_400_000_000),
        ],
    )
    def test_offsets_equal_the_reference(self, key, nominal_us, cap_us):
        want = reference_offset(key, nominal_us, cap_us)
        assert jitter_offset_us(key, nominal_us, cap_us) == want
        assert jitter_offsets_us(key, np.array([nominal_us]), cap_us).tolist() == [want]

    def test_pinned_values(self):
        # Computed with reference_offset above (splitmix64 stream + hashlib), written down as literals so
        # any change of the formula, the key encoding or the seed shows here.
        assert key_seed("backup") == 0xBCC9538AE4C2CDF9
        assert jitter_offset_us("backup", 1717200000000000, 600_000_000) == 289_601_959  # 4 min 49.601959 s
        assert jitter_offset_us("nightly", 86_400_000_000, 3_600_000_000) == 2_819_215_975


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=20), st.integers(1, 10**12))
def test_scalar_equals_vectorized(key, nominal, cap):
    assert jitter_offsets_us(key, np.array(nominal, np.int64), cap).tolist() == [jitter_offset_us(key, u, cap) for u in nominal]
    assert [jitter_offset_us(key, u, cap) for u in nominal] == [reference_offset(key, u, cap) for u in nominal]


@settings(max_examples=60, deadline=None)
@given(interval_schedules(start_year=2000, end_year=2030), st.integers(0, 3 * 86_400 * 10**6), st.text(min_size=1, max_size=8))
def test_in_range_order_preserving_and_scalar(s, jitter_us, key):
    nominal = s.dates_us(40, start=np.datetime64(s.anchor_utc_us - 5 * s.interval_us, "us"))
    moved = jittered(s, nominal.view("datetime64[us]"), timedelta(microseconds=jitter_us), key=key).view(np.int64)
    off = moved - nominal
    assert (off >= 0).all() and (off < max(min(jitter_us, s.interval_us), 1)).all()
    assert (moved[:-1] < nominal[1:]).all() and (np.diff(moved) > 0).all()  # never reorders, never reaches the next run
    assert moved.tolist() == [jittered_us(s, int(u), jitter_us, key) for u in nominal]


@settings(max_examples=20, deadline=None)
@given(st.lists(interval_schedules(start_year=2010, end_year=2030), min_size=1, max_size=5), st.integers(1, 5))
def test_batch_next_runs_equal_per_schedule(schedules, n):
    keys = [f"s{i}" for i in range(len(schedules))]
    after = np.datetime64(schedules[0].anchor_utc_us, "us")
    b = ScheduleBatch(schedules)
    got = b.next_runs(after, n, jitter=timedelta(minutes=30), keys=keys)
    nominal = b.next_runs(after, n)
    for i, s in enumerate(schedules):
        assert got[i].tolist() == jittered(s, nominal[i], timedelta(minutes=30), key=keys[i]).tolist()


def test_stable_across_processes():
    """Another interpreter with another PYTHONHASHSEED gives the same offsets (no salted hash anywhere)."""
    code = (
        "import json, numpy as np; from interval_schedule.jitter import jitter_offsets_us, jitter_offset_us;"
        "print(json.dumps([jitter_offset_us('backup', 1717200000000000, 600000000),"
        " jitter_offsets_us('nightly', np.arange(5) * 86400000000, 3600000000).tolist()]))"
    )
    here = [jitter_offset_us("backup", 1717200000000000, 600_000_000), jitter_offsets_us("nightly", np.arange(5) * 86_400_000_000, 3_600_000_000).tolist()]
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=True)
        assert json.loads(out.stdout) == here
    assert here[0] == reference_offset("backup", 1717200000000000, 600_000_000)


class TestPlanner:
    dep = Deployment.from_dict({
        "id": "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", "name": "every-5-min", "flow_id": "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
        "schedules": [{"id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
                       "schedule": {"interval": 300, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}}],
    })

    def test_keys_stay_nominal(self):
        plain = plan_runs(self.dep, "2024-06-01T10:00:00Z")
        spread = plan_runs(self.dep, "2024-06-01T10:00:00Z", jitter=timedelta(minutes=2))
        assert [r.idempotency_key for r in spread] == [r.idempotency_key for r in plain]
        prefix = "scheduled 6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"
        for p, r in zip(plain, spread):
            assert r.scheduled_time - r.jitter == p.scheduled_time
            u = int(p.scheduled_time.timestamp()) * 1_000_000
            assert r.jitter == timedelta(microseconds=reference_offset(prefix, u, 120_000_000))

    def test_errors(self):
        with pytest.raises(InvalidQueryError, match="profile='standard'"):
            plan_runs(self.dep, "2024-06-01T10:00:00Z", jitter=timedelta(minutes=1), profile="prefect")
        with pytest.raises(ScheduleTypeError, match="jitter must be a timedelta"):
            plan_runs(self.dep, "2024-06-01T10:00:00Z", jitter=60)
        with pytest.raises(InvalidQueryError, match="negative"):
            jittered(IntervalSchedule(60, "2024-01-01T00:00Z"), np.array([0], "datetime64[us]"), timedelta(-1), key="k")
        b = ScheduleBatch([IntervalSchedule(60, "2024-01-01T00:00Z")])
        with pytest.raises(ScheduleTypeError, match="keys"):
            b.next_runs("2024-01-01T00:00Z", 1, jitter=timedelta(seconds=5))
        with pytest.raises(ScheduleTypeError, match="jitter key must be a str"):
            key_seed(5)  # type: ignore[arg-type]
