"""Baseline: how fast is Prefect 3.9.1's own ``IntervalSchedule.get_dates``?

Not part of the library or the test run.  ``make bench-prefect`` creates ``.venv-prefect``
with the real prefect==3.9.1 once and runs::

    PYTHONTZPATH= .venv-prefect/bin/python benchmarks/prefect_baseline.py

Writes ``benchmarks/results/prefect_baseline.json``.  Every figure is the median of
several repeats of ``time.perf_counter`` around the operation.  ``get_dates`` is an
``async`` method (with no awaits inside); it is awaited inside one running event loop
so that event-loop start-up is not counted.

Measured:

(a) per-date cost of one long call: hourly and daily New York, ``n=1000``;
(b) one call with ``n=1`` and ``n=10``: hourly with the anchor a few hours before
    ``start``; daily with the anchor six years back;
(c) "next 10 runs" over 2000 mixed schedules (15 zones, intervals 1 min .. 7 days,
    anchors 2015-2026, start 2026-11-28T00:00Z), reported per schedule;
(d) the same 2000 schedules with a plain stdlib loop (datetime + zoneinfo: find the
    first k with anchor + k*interval >= start in UTC, add the interval in UTC, convert
    each date to the zone).  (d) is only a speed reference: it does not reproduce
    Prefect's calendar-day semantics.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
import warnings
import zoneinfo
from importlib.metadata import version
from pathlib import Path

warnings.simplefilter("ignore")

if zoneinfo.TZPATH != ():
    sys.exit("run with PYTHONTZPATH= so that the tzdata package is used")

from prefect.server.schemas.schedules import IntervalSchedule  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "prefect_baseline.json"
UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 28, tzinfo=UTC)
NY = "America/New_York"
ZONES15 = [
    "America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca",
    "America/Sao_Paulo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Europe/Moscow",
    "Asia/Gaza", "America/Nuuk", "Europe/Amsterdam", "Asia/Tokyo", "UTC",
]
INTERVALS_S = [60, 300, 900, 1800, 3600, 2 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400,
               90 * 60, 25 * 3600, 36 * 3600]


def cpu_info() -> dict:
    info = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        info["sched_affinity"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    return info


async def time_call(sched: IntervalSchedule, n: int, start, repeats: int, inner: int) -> dict:
    """Median seconds per call over ``repeats`` batches of ``inner`` calls."""
    out = await sched.get_dates(n=n, start=start)  # warm caches
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            await sched.get_dates(n=n, start=start)
        samples.append((time.perf_counter() - t0) / inner)
    med = statistics.median(samples)
    return {
        "n": n,
        "dates_returned": len(out),
        "median_s_per_call": med,
        "min_s_per_call": min(samples),
        "median_us_per_date": med / len(out) * 1e6,
        "repeats": repeats,
        "calls_per_repeat": inner,
    }


def mixed_schedules(rng: random.Random, count: int = 2000) -> list[tuple[dt.timedelta, dt.datetime, str]]:
    out = []
    for _ in range(count):
        zone = rng.choice(ZONES15)
        interval = dt.timedelta(seconds=rng.choice(INTERVALS_S))
        wall = dt.datetime(rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28),
                           rng.randrange(24), rng.choice([0, 0, 15, 30, 45]))
        anchor = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        out.append((interval, anchor, zone))
    return out


def stdlib_next(interval: dt.timedelta, anchor: dt.datetime, zone: zoneinfo.ZoneInfo, start: dt.datetime,
                n: int) -> list[dt.datetime]:
    """Plain stdlib reference loop: elapsed-time steps in UTC, converted to the zone."""
    a = anchor.astimezone(UTC)
    k = -((a - start) // interval)  # ceil((start - a) / interval)
    x = a + k * interval
    res = []
    for _ in range(n):
        res.append(x.astimezone(zone))
        x = x + interval
    return res


async def main() -> None:
    results: dict = {
        "versions": {
            "prefect": version("prefect"),
            "pendulum": version("pendulum"),
            "tzdata": version("tzdata"),
            "whenever": version("whenever"),
            "python": platform.python_version(),
        },
        "machine": cpu_info(),
        "method": "time.perf_counter; median of repeats; get_dates awaited inside one running event loop",
        "start": START.isoformat(),
    }
    ny = zoneinfo.ZoneInfo(NY)

    # (a) long calls
    hourly = IntervalSchedule(interval=dt.timedelta(hours=1), anchor_date=dt.datetime(2026, 1, 1, tzinfo=ny),
                              timezone=NY)
    daily = IntervalSchedule(interval=dt.timedelta(days=1), anchor_date=dt.datetime(2026, 1, 1, 9, tzinfo=ny),
                             timezone=NY)
    results["a_long_call_n1000"] = {
        "hourly_ny": await time_call(hourly, 1000, START, repeats=7, inner=3),
        "daily_ny": await time_call(daily, 1000, START, repeats=7, inner=3),
    }

    # (b) single short calls
    hourly_near = IntervalSchedule(interval=dt.timedelta(hours=1),
                                   anchor_date=dt.datetime(2026, 11, 27, 16, 0, tzinfo=ny), timezone=NY)
    daily_6y = IntervalSchedule(interval=dt.timedelta(days=1), anchor_date=dt.datetime(2020, 11, 28, 9, tzinfo=ny),
                                timezone=NY)
    results["b_single_call"] = {
        "hourly_anchor_near_n1": await time_call(hourly_near, 1, START, repeats=9, inner=200),
        "hourly_anchor_near_n10": await time_call(hourly_near, 10, START, repeats=9, inner=100),
        "daily_anchor_6y_back_n1": await time_call(daily_6y, 1, START, repeats=9, inner=50),
        "daily_anchor_6y_back_n10": await time_call(daily_6y, 10, START, repeats=9, inner=50),
    }

    # (c) next 10 runs of 2000 mixed schedules
    specs = mixed_schedules(random.Random(1234))
    scheds = [IntervalSchedule(interval=i, anchor_date=a, timezone=z) for i, a, z in specs]
    for s in scheds[:50]:
        await s.get_dates(n=10, start=START)
    samples, n_dates = [], 0
    for _ in range(5):
        n_dates = 0
        t0 = time.perf_counter()
        for s in scheds:
            n_dates += len(await s.get_dates(n=10, start=START))
        samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    results["c_mixed_next10"] = {
        "schedules": len(scheds),
        "zones": ZONES15,
        "intervals_s": INTERVALS_S,
        "anchors": "random wall times 2015-2026 in the zone (ZoneInfo, fold=0)",
        "dates_returned": n_dates,
        "median_s_total": med,
        "median_us_per_schedule": med / len(scheds) * 1e6,
        "median_us_per_date": med / n_dates * 1e6,
        "extrapolated_s_for_100k_schedules": med / len(scheds) * 100_000,
        "repeats": len(samples),
    }

    # (d) stdlib baseline over the same schedules
    zones = {z: zoneinfo.ZoneInfo(z) for z in ZONES15}
    prepared = [(i, a, zones[z]) for i, a, z in specs]
    samples = []
    for _ in range(7):
        n_dates = 0
        t0 = time.perf_counter()
        for i, a, z in prepared:
            n_dates += len(stdlib_next(i, a, z, START, 10))
        samples.append(time.perf_counter() - t0)
    med_d = statistics.median(samples)
    results["d_stdlib_next10"] = {
        "schedules": len(prepared),
        "dates_returned": n_dates,
        "median_s_total": med_d,
        "median_us_per_schedule": med_d / len(prepared) * 1e6,
        "median_us_per_date": med_d / n_dates * 1e6,
        "extrapolated_s_for_100k_schedules": med_d / len(prepared) * 100_000,
        "prefect_over_stdlib": med / med_d,
        "repeats": len(samples),
        "note": "speed reference only: elapsed-time steps, no calendar-day semantics",
    }

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
