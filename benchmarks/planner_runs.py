"""Materialized ``plan_many`` against the ``plan_runs`` loop, in one process, GC on and off.

The deployments of ``bench_planner.py`` (10 000, about 58k runs).  Prints the
median and the minimum ratio of a few rounds; run it against another source
tree with ``PYTHONPATH`` to compare two versions in the same minutes::

    .venv/bin/python benchmarks/planner_runs.py after
    git archive be04f40 src | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/planner_runs.py before
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_planner import NOW, make_deployments

from interval_schedule.planner import plan_many, plan_runs


def times(f: Callable[[], object], rounds: int) -> tuple[float, float]:
    """(minimum, median) seconds of *rounds* calls."""
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        f()
        out.append(time.perf_counter() - start)
    out.sort()
    return out[0], out[len(out) // 2]


def main(label: str) -> None:
    deployments = make_deployments(10_000)
    list(plan_many(deployments, NOW))  # warm: zones, tzinfo objects
    for gc_on in (True, False):
        (gc.enable if gc_on else gc.disable)()
        loop = times(lambda: [plan_runs(d, NOW) for d in deployments], 3)
        runs = times(lambda: list(plan_many(deployments, NOW)), 5)
        arrays = times(lambda: plan_many(deployments, NOW), 9)
        print(
            f"{label} gc={'on' if gc_on else 'off'}: medians loop {loop[1] * 1e3:.0f} ms, materialized {runs[1] * 1e3:.0f} ms,"
            f" arrays {arrays[1] * 1e3:.0f} ms; loop/materialized {loop[1] / runs[1]:.1f}x (minimums {loop[0] / runs[0]:.1f}x),"
            f" loop/arrays {loop[1] / arrays[1]:.0f}x (minimums {loop[0] / arrays[0]:.0f}x)",
            flush=True,
        )
    gc.enable()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
