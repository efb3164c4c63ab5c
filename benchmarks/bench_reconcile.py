"""Reconciling the runs of 10 000 deployments: ``reconcile`` against a dict-based Python loop.

Run with ``make bench``, or alone::

    .venv/bin/python -m pytest benchmarks/bench_reconcile.py --benchmark-only -p no:doctest -o addopts=''

The existing runs are the plan of bench_planner's 10 000 deployments at NOW
(about 58 000 runs); the new plan is made an hour later, so most runs are kept,
a few are done and a few are new (pass 3 pairs those as moves).  ``reconcile`` takes the PlannedRuns of both
(it reads their arrays and keys, no run objects).  The baseline matches
(key, instant) pairs with a dict, the first of the three passes only: a lower
bound for any loop.
"""

from __future__ import annotations

import pytest

from bench_planner import NOW, make_deployments
from interval_schedule.planner import plan_many
from interval_schedule.reconcile import reconcile

LATER = "2026-03-08T06:00:00Z"


@pytest.fixture(scope="module")
def plans():
    deployments = make_deployments(10_000)
    return plan_many(deployments, NOW), plan_many(deployments, LATER)


def test_reconcile_10k(benchmark, plans):
    """``reconcile(old_plan, new_plan)`` for 10 000 deployments (all three passes)."""
    old, new = plans
    r = benchmark.pedantic(lambda: reconcile(old, new), rounds=3, iterations=1)
    assert len(r.keep) + len(r.delete) == old.n_runs


def test_dict_matching_baseline_10k(benchmark, plans):
    """Baseline: match (key, instant) pairs through a dict, the keys already built."""
    old, new = plans

    def run():
        old_pairs = list(zip(old.idempotency_keys(), old.scheduled_utc.tolist()))
        index: dict = {}
        for j, pair in enumerate(zip(new.idempotency_keys(), new.scheduled_utc.tolist())):
            index.setdefault(pair, []).append(j)
        return [(i, index[p].pop()) for i, p in enumerate(old_pairs) if index.get(p)]

    benchmark.pedantic(run, rounds=3, iterations=1)
