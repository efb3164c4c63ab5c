"""Planning 10 000 deployments: ``plan_many`` against a loop of ``plan_runs``.

Run with ``make bench``, or alone::

    .venv/bin/python -m pytest benchmarks/bench_planner.py --benchmark-only -p no:doctest -o addopts=''

The deployments (fixed seed): 1-2 interval schedules each, intervals from
1 minute to 7 days (a 1-minute schedule plans 61 runs, an hourly one 3), 12
zones, anchors in 2018-2026 at wall times that include DST gaps and folds, 5 %
paused, 5 % of schedules inactive.  ``now`` is 2026-03-08T05:00Z, hours before
New York springs forward, so wall-clock schedules cross a transition.  Default
scheduler settings (3 runs, 100 runs, 1 h, 100 days), "standard" profile.

``plan_many`` returns a :class:`~interval_schedule.planner.PlannedRuns`: the
dates and indices as arrays, with ``ScheduledRun`` objects built when read.  So
three measurements are reported for it: the plan alone, the plan plus every
idempotency key (what inserting the runs needs), and the plan with every run
object built (the same objects as the loop).

The collector stays on (pytest-benchmark's default, what ``make bench`` runs)
unless ``--benchmark-disable-gc`` is given; the loop and the materialized plan record in their
``extra_info`` how many full (generation 2) collections each round triggered,
since those (each a walk over the whole heap, the 10k deployments included)
are most of what the collector costs either side.
"""

from __future__ import annotations

import gc
import random
import uuid
from collections.abc import Callable

import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.deployment import Deployment, DeploymentSchedule
from interval_schedule.planner import plan_many, plan_runs

N_DEPLOYMENTS = 10_000
NOW = "2026-03-08T05:00:00Z"
ZONES = [
    "America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca",
    "America/Sao_Paulo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Asia/Tokyo", "Europe/Moscow", "UTC",
]
# (interval seconds, weight): mostly hourly-to-daily, some sub-hourly, a few weekly.
INTERVALS = [(60, 2), (300, 5), (900, 10), (1800, 8), (3600, 25), (6 * 3600, 10), (12 * 3600, 8), (86400, 25), (90000, 2), (7 * 86400, 5)]
WALL_TIMES = ["00:00", "01:30", "02:30", "06:00", "09:00", "17:45"]


def make_deployments(n: int, seed: int = 2026) -> list[Deployment]:
    rng = random.Random(seed)
    intervals, weights = zip(*INTERVALS)
    out = []
    for i in range(n):
        schedules = []
        for _ in range(rng.choice([1, 1, 2])):
            anchor = f"{rng.randint(2018, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.choice(WALL_TIMES)}"
            schedules.append(
                DeploymentSchedule(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    schedule=IntervalSchedule(rng.choices(intervals, weights)[0], anchor, rng.choice(ZONES)),
                    active=rng.random() > 0.05,
                    parameters={"mode": "incremental"} if rng.random() < 0.3 else {},
                )
            )
        out.append(
            Deployment(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                name=f"deployment-{i}",
                flow_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                paused=rng.random() < 0.05,
                parameters={"region": "us"},
                tags=["bench"],
                schedules=schedules,
            )
        )
    return out


@pytest.fixture(scope="module")
def deployments() -> list[Deployment]:
    return make_deployments(N_DEPLOYMENTS)


def counting_full_collections(benchmark, f: Callable[[], object]) -> Callable[[], object]:
    """*f*, recording in ``benchmark.extra_info["full_collections"]`` the generation-2 collections of each call."""
    counts: list[int] = []
    benchmark.extra_info["full_collections"] = counts

    def counted() -> object:
        seen = [0]

        def count(phase: str, info: dict[str, int]) -> None:
            seen[0] += phase == "start" and info["generation"] == 2

        gc.callbacks.append(count)
        try:
            return f()
        finally:
            gc.callbacks.remove(count)
            counts.append(seen[0])

    return counted


def test_plan_runs_loop_10k(benchmark, deployments):
    """Baseline: ``[plan_runs(d, now) for d in deployments]`` over 10 000 deployments (ScheduledRun lists)."""
    loop = counting_full_collections(benchmark, lambda: [plan_runs(d, NOW) for d in deployments])
    plans = benchmark.pedantic(loop, rounds=3, iterations=1)
    assert len(plans) == N_DEPLOYMENTS


def test_plan_many_10k(benchmark, deployments):
    """``plan_many(deployments, now)`` over 10 000 deployments: every run's date, deployment and schedule, as arrays."""
    plans = benchmark(plan_many, deployments, NOW)
    assert len(plans) == N_DEPLOYMENTS


def test_plan_many_10k_with_keys(benchmark, deployments):
    """``plan_many`` plus ``idempotency_keys()``: everything needed to insert the runs, without run objects."""
    keys = benchmark(lambda: plan_many(deployments, NOW).idempotency_keys())
    assert len(keys) > N_DEPLOYMENTS


def test_plan_many_10k_materialized(benchmark, deployments):
    """``list(plan_many(...))``: the same ScheduledRun lists as the baseline loop, built from the arrays."""
    materialized = counting_full_collections(benchmark, lambda: list(plan_many(deployments, NOW)))
    plans = benchmark.pedantic(materialized, rounds=3, iterations=1)
    assert len(plans) == N_DEPLOYMENTS
