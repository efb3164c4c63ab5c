"""Wall-clock series of this tree against another tree's ``_series`` module, in one process, interleaved.

Each round times the other tree's ``window_us``, this tree's, and ``numpy.arange``
of the same length back to back (same process, same allocator state, same
minute), and prints the median of the per-round ratios to ``arange`` for
both.  The other tree's module is loaded by path and runs on this tree's
``Core`` and ``Zone`` (so it must use the same interfaces as the ones here)::

    git -C /work/main archive HEAD src | tar -x -C /tmp/old
    .venv/bin/python benchmarks/series_ab.py /tmp/old/src/interval_schedule/_series.py 25

Not part of ``make bench``; docs/performance.md quotes it next to pytest-benchmark.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from datetime import timedelta

import numpy as np

from interval_schedule import IntervalSchedule
from interval_schedule import _series as ours

START_US = 1_795_737_600_000_000  # 2026-11-28T00:00:00Z
CASES = [
    ("1M daily", timedelta(days=1), 1_000_000),
    ("100k daily", timedelta(days=1), 100_000),
    ("100k weekly", timedelta(days=7), 100_000),
    ("50k 30-day", timedelta(days=30), 50_000),
    ("1M 25 h", timedelta(hours=25), 1_000_000),
    ("1k daily", timedelta(days=1), 1_000),
]


def _timed(f, reps: int) -> float:
    t0 = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - t0) / reps


def main(other_path: str, rounds: int) -> None:
    spec = importlib.util.spec_from_file_location("interval_schedule._series_other", other_path)
    assert spec is not None and spec.loader is not None
    other = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(other)
    print(f"other: {other_path}\nthis:  {ours.__file__}")
    for name, interval, n in CASES:
        core = IntervalSchedule(interval, "2020-01-01T09:00", "America/New_York").core
        a = lambda: other.window_us(core, START_US, None, n)  # noqa: E731
        b = lambda: ours.window_us(core, START_US, None, n)  # noqa: E731
        f = lambda: np.arange(n, dtype=np.int64)  # noqa: E731
        assert (a() == b()).all()
        reps = max(1, 200_000 // n)
        ra, rb, floor = [], [], []
        for _ in range(rounds):
            x, y, z = _timed(a, reps), _timed(b, reps), _timed(f, reps)
            ra.append(x / z)
            rb.append(y / z)
            floor.append(z)
        print(
            f"{name:12s} other / arange {statistics.median(ra):6.2f}x   this / arange {statistics.median(rb):6.2f}x   "
            f"arange {statistics.median(floor) * 1e6:8.1f} us"
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
