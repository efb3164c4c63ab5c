"""The date profiles, in one table: ``"standard"`` and one per Prefect version and engine.

A Prefect profile reproduces one Prefect release on one of its two date
engines (Prefect 3.9.1 computes interval dates with pendulum on Python <= 3.12
and with whenever on Python >= 3.13; they give different dates around DST
changes).  Each is implemented by one module of :mod:`interval_schedule.compat`
offering the same three functions (``dates_us``, ``get_dates``,
``from_inputs``); :func:`engine` imports it on first use.

>>> [(p.name, p.prefect, p.python) for p in PREFECT_PROFILES.values()]
[('prefect', '3.9.1', '<= 3.12'), ('prefect-py313', '3.9.1', '>= 3.13')]
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

__all__ = ["PREFECT_PROFILES", "PROFILES", "PrefectProfile", "engine"]


@dataclass(frozen=True)
class PrefectProfile:
    """One Prefect release on one Python range, and the module that reproduces it."""

    name: str
    prefect: str  #: the Prefect release matched (fixtures generated with it)
    python: str  #: the Python versions on which that release uses this engine
    engine: str  #: the library Prefect computes dates with there
    module: str  #: the compat module implementing the profile
    naive: str  #: how a naive anchor, start or end is read


PREFECT_PROFILES: dict[str, PrefectProfile] = {
    p.name: p
    for p in (
        # "prefect" keeps its name from before the Python 3.13 engine was matched.
        PrefectProfile("prefect", "3.9.1", "<= 3.12", "pendulum", "interval_schedule.compat.prefect", "UTC"),
        PrefectProfile(
            "prefect-py313", "3.9.1", ">= 3.13", "whenever", "interval_schedule.compat.prefect313",
            "wall time in the schedule's zone",
        ),
    )
}
#: Every profile name accepted by ``get_dates``, ``dates_array``, the planner and the CLI.
PROFILES: tuple[str, ...] = ("standard", *PREFECT_PROFILES)


def engine(name: str) -> ModuleType:
    """The module implementing the Prefect profile *name* (a key of :data:`PREFECT_PROFILES`)."""
    return importlib.import_module(PREFECT_PROFILES[name].module)
