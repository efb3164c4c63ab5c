"""Materialized ``plan_many`` against the ``plan_runs`` loop, in one process, GC on and off.

The deployments of ``bench_planner.py`` (10 000, about 58k runs).  The loop
and the materialized plan are timed in alternating rounds, each call holding
the previous result of its own kind while it runs (as pytest-benchmark's
``pedantic`` does) and none of the other kind.  Prints, for the collector on
and then off (``gc.disable()``), the median and minimum of each and their
ratios, in wall-clock and in CPU time (``time.process_time``: less disturbed by other
processes on a shared machine), and how many full (generation 2) collections a call triggered (a
``gc.callbacks`` count).  Run it against another source tree with
``PYTHONPATH`` to compare two versions in the same minutes::

    .venv/bin/python benchmarks/planner_runs.py after
    git archive be04f40 src | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/planner_runs.py before

``planner_runs.py LABEL ROUNDS freeze`` calls ``gc.freeze()`` once the
deployments are built: what an application holding them gains when full
collections no longer walk them (the library itself never touches the
collector's settings).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_planner import NOW, make_deployments

from interval_schedule.planner import plan_many, plan_runs

FULL = [0]


def _count_full(phase: str, info: dict[str, int]) -> None:
    if phase == "start" and info["generation"] == 2:
        FULL[0] += 1


def rounds(calls: dict[str, Callable[[], object]], n: int) -> dict[str, tuple[list[float], list[float], list[int]]]:
    """*n* alternating rounds of each call: (wall seconds, CPU seconds, full collections) of each."""
    out: dict[str, tuple[list[float], list[float], list[int]]] = {name: ([], [], []) for name in calls}
    held: dict[str, object] = {}
    for _ in range(n):
        for name, f in calls.items():
            held = {name: held.get(name)}  # this kind's previous result stays alive, the others' go
            full = FULL[0]
            start, cpu = time.perf_counter(), time.process_time()
            result = f()
            out[name][0].append(time.perf_counter() - start)
            out[name][1].append(time.process_time() - cpu)
            out[name][2].append(FULL[0] - full)
            held[name] = result
    return out


def main(label: str, n: int = 5, freeze: bool = False) -> None:
    deployments = make_deployments(10_000)
    list(plan_many(deployments, NOW))  # warm: zones, tzinfo objects
    if freeze:
        gc.collect()
        gc.freeze()
    gc.callbacks.append(_count_full)
    calls: dict[str, Callable[[], object]] = {
        "loop": lambda: [plan_runs(d, NOW) for d in deployments],
        "materialized": lambda: list(plan_many(deployments, NOW)),
        "arrays": lambda: plan_many(deployments, NOW),
    }
    for gc_on in (True, False):
        (gc.enable if gc_on else gc.disable)()
        got = rounds(calls, n)
        full = {k: statistics.median(v[2]) for k, v in got.items()}
        for clock in (0, 1):
            med = {k: statistics.median(v[clock]) for k, v in got.items()}
            low = {k: min(v[clock]) for k, v in got.items()}
            print(
                f"{label} gc={'on' if gc_on else 'off'} {('wall', 'cpu')[clock]}: medians loop {med['loop'] * 1e3:.0f} ms,"
                f" materialized {med['materialized'] * 1e3:.0f} ms, arrays {med['arrays'] * 1e3:.1f} ms;"
                f" loop/materialized {med['loop'] / med['materialized']:.1f}x (minimums {low['loop'] / low['materialized']:.1f}x),"
                f" loop/arrays {med['loop'] / med['arrays']:.0f}x (minimums {low['loop'] / low['arrays']:.0f}x)"
                + (f"; full collections a call: loop {full['loop']:g}, materialized {full['materialized']:g}" if clock else ""),
                flush=True,
            )
    gc.enable()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "", int(sys.argv[2]) if len(sys.argv) > 2 else 5, "freeze" in sys.argv[3:])
