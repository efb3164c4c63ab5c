"""Timezone engine: offsets and wall-clock resolution for 1M instants, against bare numpy and a zoneinfo loop."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import zoneinfo
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from interval_schedule import tz
from interval_schedule.tz import _posix, get_zone

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
    table = NY.transitions(-(2**62), 2**62).utc_us  # the zone's transitions in the years of RANDOM and beyond
    benchmark(lambda: np.searchsorted(table, RANDOM, "right"))


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


# ------------------------------------------------- every zone, one query each

ALL_ZONES = sorted(tz.available_zones())
QUERY_2030 = np.datetime64("2030-06-01T12:00", "us")
MOMENT_2030 = datetime(2030, 6, 1, 12, tzinfo=timezone.utc)


def _cold_ours() -> None:
    """Forget the zones and the footer caches: every round is a cold start."""
    tz.clear_cache()
    _posix._parse_cached.cache_clear()
    _posix._cached_events.cache_clear()
    _posix._cached_events_py.cache_clear()  # the loading path's footer events


def test_load_all_zones_one_query_each(benchmark):
    """get_zone + utcoffset(2030) for all 598 zones from a cold cache (zones held until the round ends)."""
    out = benchmark.pedantic(
        lambda: [(z := get_zone(k), z.utcoffset(QUERY_2030))[0] for k in ALL_ZONES],
        setup=_cold_ours, rounds=9, iterations=1, warmup_rounds=1,
    )
    assert len(out) == 598


def test_baseline_load_all_zones_zoneinfo(benchmark):
    """The same with stdlib zoneinfo on the tzdata package: ZoneInfo(key) + astimezone(2030) for all 598 zones."""
    out = benchmark.pedantic(
        lambda: [(z := zoneinfo.ZoneInfo(k), MOMENT_2030.astimezone(z).utcoffset())[0] for k in ALL_ZONES],
        setup=zoneinfo.ZoneInfo.clear_cache, rounds=9, iterations=1, warmup_rounds=1,
    )
    assert len(out) == 598


def test_load_all_zones_rss_vs_zoneinfo(benchmark):
    """RSS growth and time of loading all zones + one query, each in a fresh process, ours and zoneinfo alternating (5 each).

    The figures are in this benchmark's extra_info (medians); the timed body is
    the fresh-process load of ours.
    """
    script = str(Path(__file__).with_name("tz_load.py"))

    def run(which: str) -> dict:
        done = subprocess.run([sys.executable, script, which], capture_output=True, text=True, check=True, timeout=120)
        return json.loads(done.stdout)

    results: dict[str, list[dict]] = {"ours": [], "zoneinfo": []}
    for _ in range(5):
        for which in ("ours", "zoneinfo"):
            results[which].append(run(which))
    for which, runs in results.items():
        benchmark.extra_info[f"{which}_rss_mb"] = statistics.median(r["rss_bytes"] for r in runs) / 1e6
        benchmark.extra_info[f"{which}_private_rss_mb"] = statistics.median(r["private_rss_bytes"] for r in runs) / 1e6
        benchmark.extra_info[f"{which}_seconds"] = statistics.median(r["seconds"] for r in runs)
        benchmark.extra_info[f"{which}_cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in runs)
    benchmark.pedantic(run, args=("ours",), rounds=1, iterations=1)
