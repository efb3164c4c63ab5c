"""The interface every date profile implements, over integers.

A *profile* is one set of rules for when a schedule fires: ours
(``"standard"``) or another engine's (a Prefect release on one Python range).
It is one object, a :class:`DateProfile`, whose methods take a schedule's
plain values (:class:`~interval_schedule._core.Core`: ``interval_us``,
``anchor_utc_us``, ``zone``, ``gap``, ``fold``) and integer UTC microseconds,
and return integers; parsing the user's values and building datetimes stay in
the callers (``IntervalSchedule``, ``ScheduleBatch``, the planner).  Each is
registered by name in the one table of :mod:`interval_schedule._profiles`.

A query a profile does not list in :attr:`DateProfile.supports` raises
:class:`~interval_schedule.errors.UnsupportedQueryError` before any input is
read (:func:`interval_schedule._profiles.profile_for` checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from .._core import Core
from ..errors import InvalidQueryError
from ..tz import TzSource, Zone

__all__ = ["QUERIES", "DateProfile", "Dates", "PrefectProfile", "ScheduleParts", "ScheduleValues"]

#: Every query name a profile may support: IntervalSchedule's, then ScheduleBatch's, then the planner's.
QUERIES: tuple[str, ...] = (
    "get_dates", "dates_array", "dates_us", "next_date", "previous_date", "count",
    "next_runs", "previous_runs", "count_between", "dates_between", "missed_runs",
    "plan_runs", "plan_many",
)

#: Dates as UTC microseconds: a list for a few (cheaper to build), an int64 array for many.
Dates = list[int] | npt.NDArray[np.int64]


class ScheduleValues(Protocol):
    """The plain values of one schedule an engine reads (a :class:`~interval_schedule._core.Core` has them)."""

    @property
    def interval_us(self) -> int: ...

    @property
    def anchor_utc_us(self) -> int: ...

    @property
    def zone(self) -> Zone: ...


class ScheduleParts(NamedTuple):
    """A schedule's inputs read by a profile: interval, anchor instant, zone key, the anchor's own zone or offset."""

    interval_us: int
    anchor_utc_us: int
    key: str
    anchor_tz: str | int


@dataclass(frozen=True)
class PrefectProfile:
    """One Prefect release on one Python range, and the module that reproduces it."""

    name: str
    prefect: str  #: the Prefect release matched (fixtures generated with it)
    python: str  #: the Python versions on which that release uses this engine
    engine: str  #: the library Prefect computes dates with there
    module: str  #: the compat module implementing the profile
    naive: str  #: how a naive anchor, start or end is read


class DateProfile:
    """One profile's rules, over integers (UTC microseconds) and a schedule's plain values.

    Subclasses set the class attributes and implement the methods their
    :attr:`supports` needs (callers check a query against it first, so the
    other methods are never reached).
    """

    #: The name callers pass as ``profile=``.
    name: str = ""
    #: The queries (names in :data:`QUERIES`) this profile answers.
    supports: frozenset[str] = frozenset()
    #: Why the other queries are not answered (ends the UnsupportedQueryError message).
    unsupported_reason: str = ""
    #: The Prefect release reproduced (plans follow Prefect's scheduler), None for our own rules.
    prefect: PrefectProfile | None = None
    #: Computes in any tzdata release (a :class:`~interval_schedule.tz.TzSource`), not only the bundled one.
    any_source: bool = False
    #: Honours the ``gap``/``fold`` policies (and reads them from a schedule's JSON).
    policies: bool = False
    #: ScheduleBatch's numpy code computes this profile; otherwise the batch loops over the schedules.
    batch_native: bool = False
    #: The most dates one :meth:`dates` call computes (None: as many as asked for).
    max_dates: int | None = None

    def __repr__(self) -> str:
        return f"<profile {self.name!r}>"

    # ----------------------------------------------------------------- checks

    def check_source(self, source: TzSource) -> None:
        """Raise InvalidQueryError when the schedule is in a tzdata release this profile cannot compute in."""
        if not self.any_source and not source.is_default:
            raise InvalidQueryError(
                f"profile {self.name!r} computes with the bundled tzdata package only; this schedule is in "
                f"{source!r}: use profile='standard'"
            )

    # ---------------------------------------------------------------- inputs

    def naive_us(self, core: Core, local_us: int) -> int:
        """The instant a naive query bound (wall time *local_us*) stands for."""
        raise NotImplementedError  # pragma: no cover - every profile defines it

    def from_inputs(self, interval: object, anchor_date: object, timezone: str | None) -> ScheduleParts | None:
        """Prefect's inputs as this profile reads them; None: as the constructor reads them."""
        raise NotImplementedError  # pragma: no cover - every profile defines it

    # --------------------------------------------------------------- queries

    def dates(self, core: Core, n: object, start_us: int, end_us: int | None, limit: object) -> Dates:
        """``get_dates(n, start, end)``: the dates from *start_us* (to *end_us*), in the profile's order.

        *n* and *limit* are the caller's, checked here: each profile has its
        own defaults (``n=None``) and its own limit rule.
        """
        raise NotImplementedError  # pragma: no cover - get_dates is every profile's query

    def next(self, core: Core, t: int) -> int | None:
        """The first date at or after *t* (None when there is none)."""
        raise NotImplementedError  # pragma: no cover

    def previous(self, core: Core, t: int) -> int | None:
        """The last date strictly before *t* (None when there is none)."""
        raise NotImplementedError  # pragma: no cover

    def count(self, core: Core, start: int, end: int) -> int:
        """How many dates lie in ``[start, end]``."""
        raise NotImplementedError  # pragma: no cover
