"""How many steps the two bounded search loops really take (the numbers behind their comments).

    .venv/bin/python benchmarks/loop_bounds.py          # about 5 min on one core

* ``batch._MAX_ROUNDS``: rounds of widening a wall-clock block in
  ``ScheduleBatch.next_runs``/``previous_runs`` (counted as ``_block`` calls per
  ``_wall_next``/``_wall_previous`` call), over every tzdata zone, daily and
  weekly schedules at 00:00, 01:00, 02:30 and 03:00, both gap policies, n from
  1 to 10**5 from years 1, 1900, 2000 and 2024.
* ``_core._MAX_STEPS``: ``Core.raw`` calls per ``first_index``/``last_index``,
  daily schedules at the same wall times, queried 1 h, 1 us and 0 us either
  side of every transition in 1900-2040.

Prints ``(method, count): cases`` pairs; the largest count is the bound's need.
"""

from __future__ import annotations

import collections
from typing import Any

import numpy as np

from interval_schedule import IntervalSchedule, ScheduleBatch
from interval_schedule import _core as core_module
from interval_schedule import batch as batch_module
from interval_schedule.tz import available_zones, get_zone

ZONES = sorted(available_zones())
WALL_TIMES = ("00:00", "01:00", "02:30", "03:00")
YEAR_1900_US, YEAR_2040_US = -2208988800 * 10**6, 2208988800 * 10**6


def batch_rounds() -> collections.Counter[tuple[str, int]]:
    seen: collections.Counter[tuple[str, int]] = collections.Counter()
    calls = [0]
    cls: Any = batch_module.ScheduleBatch
    block = cls._block

    def counting_block(self: object, *args: object, **kwargs: object) -> object:
        calls[0] += 1
        return block(self, *args, **kwargs)

    def counted(name: str) -> Any:
        method = getattr(cls, name)

        def wrapper(self: object, *args: object, **kwargs: object) -> object:
            calls[0] = 0
            out = method(self, *args, **kwargs)
            seen[(name, calls[0])] += 1
            return out

        return wrapper

    cls._block = counting_block
    cls._wall_next, cls._wall_previous = counted("_wall_next"), counted("_wall_previous")
    queries = (("0001-01-02T00:00Z", 10**4), ("1900-01-01T00:00Z", 1000), ("2000-01-01T00:00Z", 3000),
               ("2000-01-01T00:00Z", 10**5), ("2024-03-01T00:00Z", 10), ("2024-03-01T00:00Z", 1))
    for days in (1, 7):
        for gap in ("skip", "shift"):
            for wall in WALL_TIMES:
                b = ScheduleBatch([IntervalSchedule(days * 86400, f"2024-01-02T{wall}:00", z, gap=gap) for z in ZONES])
                for when, n in queries:
                    b.next_runs(when, n)
                    b.previous_runs(when, n)
    return seen


def core_steps() -> collections.Counter[tuple[str, int]]:
    seen: collections.Counter[tuple[str, int]] = collections.Counter()
    calls = [0]
    cls: Any = core_module.Core
    raw = cls.raw

    def counting_raw(self: object, k: int) -> object:
        calls[0] += 1
        return raw(self, k)

    cls.raw = counting_raw
    for key in ZONES:
        transitions = get_zone(key).transitions(YEAR_1900_US, YEAR_2040_US)
        instants = np.asarray(transitions.utc_us).view(np.int64).tolist()
        for wall in WALL_TIMES:
            for gap in ("skip", "shift"):
                core = IntervalSchedule(86400, f"2024-01-01T{wall}:00", key, gap=gap).core
                for t in instants:
                    for delta in (-3600 * 10**6, -1, 0, 1, 3600 * 10**6):
                        for name in ("first_index", "last_index"):
                            calls[0] = 0
                            getattr(core, name)(t + delta)
                            seen[(name, calls[0])] += 1
    return seen


if __name__ == "__main__":
    print("ScheduleBatch wall blocks, (method, rounds): cases", sorted(batch_rounds().items()))
    print("Core index search, (method, raw() calls): cases", sorted(core_steps().items()))
