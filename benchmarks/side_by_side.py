"""Ratios of our wall-clock series and batch calls to their floors, measured interleaved.

pytest-benchmark runs all rounds of one benchmark, then all of the next, so on
a shared machine a load spike can land on one side of a ratio only.  Here each
round times ours, then its floor, back to back, and the ratio is taken per
round; the script prints the median of those ratios and the ratio of the two
minimums.  Run it against another source tree to compare before and after in
the same minute::

    .venv/bin/python benchmarks/side_by_side.py                     # this tree
    PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/side_by_side.py  # e.g. a `git archive` of main
    .venv/bin/python benchmarks/side_by_side.py scalar              # single calls / the stdlib loop

Not part of ``make bench`` (no pytest-benchmark JSON); docs/performance.md quotes both.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from conftest import mixed_columns

from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch

START = "2026-11-28T00:00:00Z"
AFTER = np.datetime64("2026-11-28T00:00:00", "us")
SERIES = {
    "1M daily": (timedelta(days=1), 1_000_000),
    "100k daily": (timedelta(days=1), 100_000),
    "100k weekly": (timedelta(days=7), 100_000),
    "50k 30-day": (timedelta(days=30), 50_000),
    "1M 25 h": (timedelta(hours=25), 1_000_000),
}


def _timed(f, reps: int) -> float:
    t0 = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - t0) / reps


def compare(name: str, ours, floor, rounds: int, reps: int) -> None:
    ours(), floor()
    ratios, a, b = [], [], []
    for _ in range(rounds):
        x, y = _timed(ours, reps), _timed(floor, reps)
        ratios.append(x / y)
        a.append(x)
        b.append(y)
    print(
        f"{name:28s} median ratio {statistics.median(ratios):6.2f}x   ratio of minimums {min(a) / min(b):6.2f}x   "
        f"ours {statistics.median(a) * 1e6:9.1f} us   floor {statistics.median(b) * 1e6:9.1f} us"
    )


def main(rounds: int = 31) -> None:
    import interval_schedule

    print(f"source: {Path(interval_schedule.__file__).parent}")
    for name, (interval, n) in SERIES.items():
        s = IntervalSchedule(interval, "2020-01-01T09:00", "America/New_York")
        compare(
            f"{name} / arange",
            lambda s=s, n=n: s.dates_array(n, START),
            lambda n=n: np.arange(n, dtype=np.int64).view("datetime64[us]"),
            rounds,
            max(1, 200_000 // n),
        )
    b = ScheduleBatch.from_arrays(*mixed_columns(100_000))
    first = np.arange(100_000, dtype=np.int64) * 3_600_000_000
    step = np.full(100_000, 3_600_000_000, dtype=np.int64)
    for n in (1, 10):
        compare(
            f"next_runs(after, {n}) / floor",
            lambda n=n: b.next_runs(AFTER, n),
            lambda n=n: first[:, None] + step[:, None] * np.arange(n, dtype=np.int64),
            rounds,
            5,
        )


def scalar(rounds: int = 31) -> None:
    """next_date / get_dates(1), both outputs, against bench_series.py's stdlib datetime + zoneinfo loop."""
    import interval_schedule
    from bench_series import DAILY_6Y, HOURLY_NEAR, START_DT, stdlib_next_daily, stdlib_next_hourly

    print(f"source: {Path(interval_schedule.__file__).parent}")
    for which, s, floor in (("hourly", HOURLY_NEAR, stdlib_next_hourly), ("daily", DAILY_6Y, stdlib_next_daily)):
        for output in ("pendulum", "datetime"):
            compare(
                f"{which} next_date {output} / stdlib",
                lambda s=s, o=output: s.next_date(START_DT, output=o), floor, rounds, 2000,
            )
            compare(
                f"{which} get_dates(1) {output} / stdlib",
                lambda s=s, o=output: s.get_dates(1, START_DT, output=o), floor, rounds, 2000,
            )


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "scalar":
        scalar(int(args[1]) if len(args) > 1 else 31)
    else:
        main(int(args[0]) if args else 31)
