"""The Prefect profiles through the profile table: the planner's integer path and the batch's row-by-row queries.

Run with ``make bench``, or alone::

    .venv/bin/python -m pytest benchmarks/bench_profiles.py --benchmark-only -p no:doctest -o addopts=''

The planner's Prefect path takes the profile's dates as integers and builds
pendulum DateTimes only for the runs the stopping rule keeps (before issue 12
it built one for each of up to ``max_runs`` dates and parsed it back).  The
deployments are bench_planner's (fixed seed), 1 000 of them.
"""

from __future__ import annotations

import numpy as np
import pytest
from bench_planner import NOW, make_deployments

from interval_schedule.batch import ScheduleBatch
from interval_schedule.planner import plan_many

N_DEPLOYMENTS = 1_000


@pytest.fixture(scope="module")
def deployments():
    return make_deployments(N_DEPLOYMENTS)


@pytest.mark.parametrize("profile", ["prefect", "prefect-py313"])
def test_plan_many_1k_prefect(benchmark, deployments, profile):
    """``plan_many(deployments, now, profile=...)``: Prefect's scheduler over 1 000 deployments (a loop of plan_runs)."""
    plans = benchmark.pedantic(lambda: plan_many(deployments, NOW, profile=profile), rounds=3, iterations=1)
    assert len(plans) == N_DEPLOYMENTS


@pytest.mark.parametrize("profile", ["standard", "prefect"])
def test_batch_next_runs_1k(benchmark, deployments, profile):
    """``ScheduleBatch.next_runs(now, 3, profile=...)`` on the deployments' schedules: numpy, or row by row."""
    batch = ScheduleBatch([s.schedule for d in deployments for s in d.schedules])
    after = np.datetime64(NOW.rstrip("Z"), "us")
    out = benchmark.pedantic(lambda: batch.next_runs(after, 3, profile=profile), rounds=3, iterations=1)
    assert out.shape == (len(batch), 3)
