"""Which flow runs Prefect's scheduler creates for a deployment, and when (REFERENCE.md section 3).

For a deployment that is not paused, each **active** schedule is planned on
its own (limits apply per schedule; two schedules firing at the same instant
give two runs).  With ``now``:

1. take the schedule's dates ``t`` with ``now <= t <= now + max_time`` (both
   inclusive), in order, at most ``max_runs`` of them;
2. stop as soon as at least ``min_runs`` are taken **and** the last one is at or
   after ``now + min_time``.

So with the defaults (3 runs, 100 runs, 1 hour, 100 days) an hourly schedule
gets 3 runs, a 5-minute one 13 (the 13th is the first at ``now + 1 h``), a
60-day one at most 2.  Runs are listed schedule by schedule (in the
deployment's order), each in time order.

Each :class:`ScheduledRun` carries the deployment's parameters shallow-merged
with the schedule's (the schedule wins), the tags ``("auto-scheduled", *tags)``,
the work queue and pool, ``created_by`` naming the schedule, and an
idempotency key.  The profiles:

``"prefect"``, ``"prefect-py313"``
    Dates from ``IntervalSchedule.get_dates(profile=...)`` (Prefect 3.9.1 on
    Python <= 3.12, resp. >= 3.13), taken in time order as the scheduler takes
    them from its date generator, the key
    ``f"scheduled {deployment.id} {schedule.id} {date}"`` with ``str()`` of the
    local date (``2024-03-10 03:30:00-04:00``), ``max_scheduled_runs`` ignored:
    exactly Prefect 3.9.1's scheduler on that Python.
``"standard"`` (default)
    Our dates (docs/semantics.md); ``max_scheduled_runs`` caps the runs planned
    per schedule; the key uses the UTC instant,
    ``f"scheduled {deployment.id} {schedule.id} 2024-03-10T07:30:00Z"``
    (microseconds only when non-zero), so it does not change with the date's
    formatting, the engine, or a time-zone rename.

A schedule without an ``id`` (loaded from a legacy document, or built in code)
is named in its keys by its slug or position instead (:func:`schedule_key_part`):
``f"scheduled {deployment.id} schedules[0] {date}"``, so two such schedules
firing at the same instant still get two keys.

>>> from interval_schedule.deployment import Deployment
>>> d = Deployment.from_dict({
...     "id": "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", "name": "hourly", "flow_id": "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
...     "schedules": [{"id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
...                    "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}}],
... })
>>> [r.scheduled_time.isoformat() for r in plan_runs(d, "2024-06-01T10:30:00Z")]
['2024-06-01T11:00:00+00:00', '2024-06-01T12:00:00+00:00', '2024-06-01T13:00:00+00:00']
"""

from __future__ import annotations

import dataclasses
import operator
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from typing import Any, overload

import numpy as np
import pendulum

from ._convert import (
    instant_us,
    items_of,
    pendulum_list,
    pendulum_tz,
    timedelta_us,
    to_pendulum,
    utc_iso,
)
from ._limits import DEFAULT_LIST_LIMIT, check_count
from ._profiles import DateProfile, profile_for
from ._series import CHUNK, window_us
from ._units import DAY_US, MAX_INTERVAL_US, MAX_US, MIN_US, US
from ._units import NAT as _NAT
from .batch import ScheduleBatch
from .deployment import CreatedBy, Deployment, DeploymentSchedule
from .errors import InvalidDocumentError, InvalidQueryError, LimitExceededError, ScheduleTypeError, shorten
from .schedule import Profile
from .tz import TzSource, get_zone

__all__ = ["ScheduledRun", "PlannedRuns", "plan_runs", "plan_many", "needs_scheduling"]

#: plan_many's default limit on runs: its columns take 24 bytes a run (ScheduledRun
#: objects, built only when read, about 1 kB each).  plan_runs builds the objects, so
#: its default is get_dates' (DEFAULT_LIST_LIMIT).
DEFAULT_PLAN_LIMIT = 10_000_000
_NO_JITTER = timedelta(0)
_MIXED: Any = object()  # plan_many's schedules are of more than one TzSource


@dataclass(init=False, repr=False, eq=False, slots=True)
class ScheduledRun:
    """One flow run the scheduler would create (immutable).

    ``scheduled_time`` is an aware pendulum DateTime in the schedule's zone;
    ``parameters`` is a new dict per run (shallow: nested values are shared);
    ``created_by`` is ``CreatedBy(id=schedule id, type="SCHEDULE",
    display_value=slug or "IntervalSchedule")``.  Runs compare equal when every
    field is equal; attributes cannot be set or deleted.  A dataclass with
    ``__slots__`` (``dataclasses.replace``/``fields``/``asdict`` work) whose
    immutability is its own ``__setattr__`` rather than ``frozen=True``:
    building one costs half as much, which is most of the cost of
    materializing a plan.  ``created_by`` is one object per schedule, shared
    by its runs in every plan (it is frozen; do not mutate its ``extra``).
    Runs that :class:`PlannedRuns` builds in bulk share their other immutable
    parts too: one ``scheduled_time`` object per zone and instant, the tags
    tuple.
    """

    deployment_id: uuid.UUID
    schedule_id: uuid.UUID | None
    flow_id: uuid.UUID
    scheduled_time: pendulum.DateTime
    parameters: dict[str, Any]
    tags: tuple[str, ...]
    idempotency_key: str
    work_queue_name: str | None
    work_pool_name: str | None
    created_by: CreatedBy
    #: True for a run planned by ``catch_up=`` (a missed occurrence before ``now``).
    catch_up: bool = False
    #: How far ``jitter=`` moved ``scheduled_time`` from the nominal occurrence (the key names the nominal time).
    jitter: timedelta = timedelta(0)

    def __init__(
        self,
        deployment_id: uuid.UUID,
        schedule_id: uuid.UUID | None,
        flow_id: uuid.UUID,
        scheduled_time: pendulum.DateTime,
        parameters: dict[str, Any],
        tags: tuple[str, ...],
        idempotency_key: str,
        work_queue_name: str | None,
        work_pool_name: str | None,
        created_by: CreatedBy,
        catch_up: bool = False,
        jitter: timedelta = _NO_JITTER,
    ) -> None:
        _set = object.__setattr__
        _set(self, "deployment_id", deployment_id)
        _set(self, "schedule_id", schedule_id)
        _set(self, "flow_id", flow_id)
        _set(self, "scheduled_time", scheduled_time)
        _set(self, "parameters", parameters)
        _set(self, "tags", tags)
        _set(self, "idempotency_key", idempotency_key)
        _set(self, "work_queue_name", work_queue_name)
        _set(self, "work_pool_name", work_pool_name)
        _set(self, "created_by", created_by)
        _set(self, "catch_up", catch_up)
        _set(self, "jitter", jitter)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ScheduledRun is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"ScheduledRun is immutable; cannot delete {name!r}")

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _RUN_FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # parameters is a dict

    def __repr__(self) -> str:
        return "ScheduledRun(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _RUN_FIELDS) + ")"

    def __reduce__(self) -> tuple[type[ScheduledRun], tuple[Any, ...]]:
        return (ScheduledRun, self._fields())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ids as strings, ``scheduled_time`` ISO-8601 with its local offset, tags as a list."""
        return {
            "deployment_id": str(self.deployment_id),
            "schedule_id": None if self.schedule_id is None else str(self.schedule_id),
            "flow_id": str(self.flow_id),
            "scheduled_time": self.scheduled_time.isoformat(),
            "parameters": dict(self.parameters),
            "tags": list(self.tags),
            "idempotency_key": self.idempotency_key,
            "work_queue_name": self.work_queue_name,
            "work_pool_name": self.work_pool_name,
            "created_by": self.created_by.to_dict(),
            **({"catch_up": True} if self.catch_up else {}),
            **({"jitter_seconds": self.jitter / timedelta(seconds=1)} if self.jitter else {}),
        }


_RUN_FIELDS = tuple(f.name for f in dataclasses.fields(ScheduledRun))
_new_object = object.__new__


class _RunFiller:
    """A mutable twin of :class:`ScheduledRun` (the same slots) that is filled and then turned into one.

    ``ScheduledRun.__init__`` sets each field through ``object.__setattr__``
    (its own ``__setattr__`` refuses); :meth:`PlannedRuns._build_all` makes a
    ``_RunFiller``, fills its slots with plain stores, then sets its class to
    ``ScheduledRun``: Python allows that between classes of the same slots,
    and the result is an ordinary ``ScheduledRun`` (``type(run) is
    ScheduledRun``, immutable).  Half the cost of a materialized run.

    Its annotations repeat ScheduledRun's, for the type checker (a test keeps
    them equal).  It is not a subclass: one would inherit the refusing
    ``__setattr__``, and putting ``object.__setattr__`` back in a subclass
    made each store go through a Python-level slot, measured 2.3x slower a run.
    """

    __slots__ = _RUN_FIELDS
    deployment_id: uuid.UUID
    schedule_id: uuid.UUID | None
    flow_id: uuid.UUID
    scheduled_time: pendulum.DateTime
    parameters: dict[str, Any]
    tags: tuple[str, ...]
    idempotency_key: str
    work_queue_name: str | None
    work_pool_name: str | None
    created_by: CreatedBy
    catch_up: bool
    jitter: timedelta


# ---------------------------------------------------------------- arguments


@dataclass(frozen=True)
class _Settings:
    """The scheduler's limits, checked, as integers (times in microseconds)."""

    min_runs: int
    max_runs: int
    min_time_us: int
    max_time_us: int
    profile: str
    #: The profile's rules; one with a Prefect record plans as that Prefect's scheduler does.
    engine: DateProfile


def _duration_us(value: object, what: str) -> int:
    if not isinstance(value, timedelta):
        raise ScheduleTypeError(f"{what} must be a timedelta, not {type(value).__name__} ({shorten(value)})")
    us = timedelta_us(value, what, InvalidQueryError)  # a pendulum Duration too
    if us < 0:
        raise InvalidQueryError(f"{what} must not be negative, got {shorten(value)}")
    return us


def _settings(
    min_runs: object, max_runs: object, min_time: object, max_time: object, profile: object, query: str
) -> _Settings:
    min_n, max_n = check_count(min_runs, "min_runs"), check_count(max_runs, "max_runs")
    min_us, max_us = _duration_us(min_time, "min_time"), _duration_us(max_time, "max_time")
    engine = profile_for(profile, query)
    return _Settings(min_n, max_n, min_us, max_us, engine.name, engine)


def _instant_us(value: object, what: str) -> int:
    """An instant as UTC us (:func:`~interval_schedule._convert.instant_us`, saying why a wall time will not do)."""
    return instant_us(value, what, "a deployment's schedules may each have their own zone, so a wall time would be ambiguous")


def _check_deployment(deployment: object, where: str = "deployment") -> Deployment:
    if not isinstance(deployment, Deployment):
        raise ScheduleTypeError(f"{where} must be a Deployment, not {type(deployment).__name__} ({shorten(deployment)})")
    if deployment.id is None and not deployment.paused and any(s.active for s in deployment.schedules):
        raise InvalidDocumentError(
            f"{where} {shorten(deployment.name)} has no id; planning needs one (idempotency keys and runs name it)"
        )
    return deployment


# ------------------------------------------------------------- one schedule


def _cap(sched: DeploymentSchedule, s: _Settings) -> int:
    """The most runs one schedule may get ("standard" profile): max_runs, or max_scheduled_runs when lower."""
    return s.max_runs if sched.max_scheduled_runs is None else min(s.max_runs, sched.max_scheduled_runs)


def _standard_n(sched: DeploymentSchedule, now_us: int, s: _Settings) -> tuple[int, int]:
    """(n, end_us): one schedule's runs are its first n dates in ``[now, end_us]`` ("standard" profile)."""
    core = sched.schedule.core  # set in __init__ through __slots__
    end_us = min(now_us + s.max_time_us, MAX_US)
    cap = _cap(sched, s)
    if cap <= 0:
        return 0, end_us
    before = core.count(now_us, now_us + s.min_time_us - 1) if s.min_time_us > 0 else 0
    return min(max(s.min_runs, before + 1), cap), end_us


def _standard_count(sched: DeploymentSchedule, now_us: int, s: _Settings) -> int:
    """How many runs one schedule gets ("standard" profile), in closed form."""
    n, end_us = _standard_n(sched, now_us, s)
    return min(n, sched.schedule.core.count(now_us, end_us)) if n else 0


def _run_bound(interval_us: int, cap: int, s: _Settings) -> int:
    """An upper bound of the runs one schedule gets, from its interval alone (see :func:`_need_estimate`)."""
    return min(int(_need_estimate(np.array([interval_us], np.int64), s)[0]), max(cap, 0))


def _check_limit(scheds: list[DeploymentSchedule], now_us: int, s: _Settings, limit: int, call: str) -> None:
    """Refuse, before any date is computed, a plan of more than *limit* runs.

    "standard": a cheap bound first, the exact count (closed form) only when
    the bound is over.  A profile whose engine computes at most
    ``max_dates`` dates a query (Prefect's: 1002) counts the bound
    ``min(max_runs, max_dates, dates the window can hold)``.
    """
    max_dates = s.engine.max_dates
    if max_dates is not None:
        window = min(s.max_time_us, MAX_INTERVAL_US) + 2 * DAY_US
        total = sum(min(s.max_runs, max_dates, window // sc.schedule.interval_us + 2) for sc in scheds)
        what = "runs at most"
    else:
        total = sum(_run_bound(sc.schedule.interval_us, _cap(sc, s), s) for sc in scheds)
        if total > limit:
            total = sum(_standard_count(sc, now_us, s) for sc in scheds)
        what = "runs"
    if total > limit:
        raise LimitExceededError(
            f"the plan has {total} {what}, more than limit={limit}; pass a larger limit ({call}(..., limit=N)) "
            "or lower max_runs"
        )


def _standard_dates_us(sched: DeploymentSchedule, now_us: int, s: _Settings) -> np.ndarray:
    """The planned dates of one schedule, "standard" profile, as UTC microseconds.

    The stopping rule picks the first ``i`` (1-based) with ``i >= min_runs`` and
    date ``i`` at or after ``now + min_time``, i.e. ``i >= before + 1`` where
    ``before`` counts the dates in ``[now, now + min_time)``; so the count is
    known up front from :meth:`Core.count` (closed form) and one window query
    does the rest.
    """
    n, end_us = _standard_n(sched, now_us, s)
    return window_us(sched.schedule.core, now_us, end_us, n)


def _prefect_dates(sched: DeploymentSchedule, now_us: int, s: _Settings) -> list[tuple[int, pendulum.DateTime]]:
    """Prefect's loop over ``_get_dates_generator(n=max_runs, start=now, end=now + max_time)``, stop by the rule.

    On integers: the profile's dates (``get_dates``'s, in its wall-clock
    order) are put in time order, as the scheduler takes them from its
    generator (they differ inside a fold: the 40-minute or, on Python 3.13,
    the 30-minute case); the rule picks the runs, and only those become
    pendulum DateTimes.
    """
    schedule = sched.schedule
    s.engine.check_source(schedule.tz_source)
    end_us = min(now_us + s.max_time_us, MAX_US)
    dates = s.engine.dates(schedule.core, s.max_runs, now_us, end_us, max(s.max_runs, 1))
    threshold = now_us + s.min_time_us
    taken: list[int] = []
    for u in sorted(dates.tolist() if isinstance(dates, np.ndarray) else dates):
        taken.append(u)
        if len(taken) >= s.min_runs and u >= threshold:
            break
    return list(zip(taken, pendulum_list(np.array(taken, dtype=np.int64), schedule.timezone)))


# CreatedBy validates and copies its fields (about 10 us); a run's creator is
# built from a schedule's id and slug, already checked, so it is assembled
# directly, as long as CreatedBy still has exactly these fields.
_CREATOR_FIELDS = ("id", "type", "display_value", "extra", "_source_keys")
_ASSEMBLE_CREATOR = tuple(f.name for f in dataclasses.fields(CreatedBy)) == _CREATOR_FIELDS and "__slots__" not in vars(CreatedBy)
#: Where a schedule keeps its runs' creator: an entry of the frozen dataclass's
#: instance dict, as ``functools.cached_property`` keeps its value (not a field:
#: equality, repr and ``to_dict`` do not see it; ``dataclasses.replace`` makes a
#: schedule without it).
_CREATOR_CACHE = "_planner_created_by"


def _creator(sched: DeploymentSchedule) -> CreatedBy:
    """The ``created_by`` of a schedule's runs: one CreatedBy per schedule, made once and shared by every plan.

    A CreatedBy is frozen, and the id and slug it is made from are fields of
    a frozen schedule.  Sharing it across plans (as one plan always shared it
    between a schedule's runs) means each plan makes no new one: two fewer
    objects per schedule for the garbage collector to track (the CreatedBy
    and its instance dict), which is what decides how often a plan of many
    runs triggers a full collection.
    """
    cache = getattr(sched, "__dict__", None)
    if cache is not None:
        try:
            return cache[_CREATOR_CACHE]  # type: ignore[no-any-return]
        except KeyError:
            pass
    display = sched.slug or "IntervalSchedule"
    if _ASSEMBLE_CREATOR:
        creator = _new_object(CreatedBy)
        # A frozen dataclass keeps its fields in the instance dict: filled in one call.
        vars(creator).update(id=sched.id, type="SCHEDULE", display_value=display, extra={}, _source_keys=None)
    else:  # pragma: no cover - only if CreatedBy gains or loses a field, or gets slots
        creator = CreatedBy(id=sched.id, type="SCHEDULE", display_value=display)
    if cache is not None:
        cache[_CREATOR_CACHE] = creator
    return creator


def schedule_key_part(deployment: Deployment, index: int) -> str:
    """The part of an idempotency key that names schedule *index* of *deployment*.

    Its ``id`` (Prefect's key); without one, ``slug:{slug}`` when no other
    schedule of the deployment has that slug, else its position
    ``schedules[{index}]``.  So keys are unique per (deployment, schedule,
    instant) even when schedules have no ids.

    >>> from interval_schedule.deployment import Deployment
    >>> d = Deployment(name="etl", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c", schedules=[
    ...     {"schedule": {"interval": 3600}}, {"schedule": {"interval": 3600}, "slug": "hourly"}])
    >>> schedule_key_part(d, 0), schedule_key_part(d, 1)
    ('schedules[0]', 'slug:hourly')
    """
    sched = deployment.schedules[index]
    if sched.id is not None:
        return str(sched.id)
    if sched.slug and sum(s.slug == sched.slug for s in deployment.schedules) == 1:
        return f"slug:{sched.slug}"
    return f"schedules[{index}]"


def _key_prefix(deployment: Deployment, index: int) -> str:
    return f"scheduled {deployment.id} {schedule_key_part(deployment, index)} "


def _run(deployment: Deployment, sched: DeploymentSchedule, creator: CreatedBy, when: pendulum.DateTime, key: str, **extra: Any) -> ScheduledRun:
    return ScheduledRun(
        deployment_id=deployment.id,  # type: ignore[arg-type]  # checked by _check_deployment
        schedule_id=sched.id,
        flow_id=deployment.flow_id,
        scheduled_time=when,
        parameters={**deployment.parameters, **sched.parameters},
        tags=("auto-scheduled", *deployment.tags),
        idempotency_key=key,
        work_queue_name=deployment.work_queue_name,
        work_pool_name=deployment.work_pool_name,
        created_by=creator,
        **extra,
    )


# ------------------------------------------------------- runs built in bulk

#: ``DateTime(state, tzinfo)``: pickle's way to build a datetime (typeshed does not list it).
_from_state: Callable[[bytes, pendulum.Timezone], pendulum.DateTime] = pendulum.DateTime  # type: ignore[assignment]


def _calendar(us: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day, microseconds into the day) of int64 microseconds since 1970 (proleptic Gregorian)."""
    day = us // DAY_US
    months = day.astype("datetime64[D]").astype("datetime64[M]")
    m = months.astype(np.int64)  # months since 1970-01
    return m // 12 + 1970, m % 12 + 1, day - months.astype("datetime64[D]").astype(np.int64) + 1, us - day * DAY_US


def _datetime_states(local_us: np.ndarray, fold: np.ndarray) -> list[bytes]:
    """Each wall time (years 1-9999) as ``datetime``'s 10-byte pickle state, the fold flag in the month byte's top bit.

    ``DateTime(state, tzinfo)`` is how pickle rebuilds a datetime (the same
    object as ``DateTime(year, ..., tzinfo, fold=f)``), without parsing seven
    arguments: the fields are computed here in numpy, all at once.
    """
    year, month, day, rest = _calendar(local_us)
    second, micro = np.divmod(rest, US)
    state = np.empty((local_us.size, 10), np.uint8)
    for col, value in enumerate((
        year >> 8, year & 0xFF, month | (fold.astype(np.int64) << 7), day,
        second // 3600, second // 60 % 60, second % 60, micro >> 16, (micro >> 8) & 0xFF, micro & 0xFF,
    )):
        state[:, col] = value
    states: list[bytes] = state.view("V10").ravel().tolist()
    return states


def _distinct(utc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct instants as int64 us, ascending; each row's index into them): schedules fire together."""
    distinct, inverse = np.unique(utc.view(np.int64), return_inverse=True)
    return distinct, inverse.reshape(-1)


def _row_texts(instants: tuple[np.ndarray, np.ndarray]) -> list[str]:
    """:func:`utc_iso` of each row's instant, one string per distinct instant (from :func:`_distinct`)."""
    distinct, inverse = instants
    return list(map(_utc_iso_list(distinct).__getitem__, inverse.tolist()))


def _pendulum_rows(
    utc_us: np.ndarray, group: np.ndarray, zones: list[str], instants: tuple[np.ndarray, np.ndarray] | None = None
) -> list[pendulum.DateTime]:
    """Each instant as a pendulum DateTime in zone ``zones[group[row]]``: what :func:`to_pendulum` gives, in bulk.

    Rows with the same instant and zone get one shared DateTime (an
    immutable value: schedules often fire together).  The wall times and
    fold flags come from numpy zone by zone; each DateTime is then one
    constructor call on a precomputed state, with its zone's pendulum
    Timezone (the one :func:`to_pendulum` uses).  *instants* is
    :func:`_distinct` of *utc_us* when the caller has it.
    """
    distinct, inverse = _distinct(utc_us) if instants is None else instants
    names = sorted(set(zones))
    if len(names) == 1:  # every row's (zone, instant) pair is its instant
        pair_code, pair_us, which = np.zeros(distinct.size, np.int64), distinct, inverse
    else:
        # (zone, instant) pairs as one integer, zone-major: the distinct pairs sorted by zone, then instant.
        number = {key: c for c, key in enumerate(names)}
        code = np.array([number[z] for z in zones], np.int64)[group]
        pair = code * distinct.size + inverse
        span = len(names) * distinct.size
        if span <= 4 * pair.size:  # few enough possible pairs for a table: no sort
            seen = np.zeros(span, bool)
            seen[pair] = True
            pairs, which = np.flatnonzero(seen), (np.cumsum(seen) - 1)[pair]
        else:
            pairs, which = np.unique(pair, return_inverse=True)
        pair_code, pair_us = pairs // distinct.size, distinct[pairs % distinct.size]
    bounds = np.searchsorted(pair_code, np.arange(len(names) + 1)).tolist()
    local = np.empty_like(pair_us)
    fold = np.empty(pair_us.shape, bool)
    for c, key in enumerate(names):
        lo, hi = bounds[c], bounds[c + 1]
        local[lo:hi], fold[lo:hi] = get_zone(key).wall_and_fold_us(pair_us[lo:hi])
    if local.min() < MIN_US or local.max() > MAX_US:  # a wall time in year 0 or 10000: plan_runs' converter (and error)
        return [to_pendulum(u, zones[g]) for u, g in zip(utc_us.tolist(), group.tolist())]
    tzs = [pendulum_tz(key) for key in names]
    made = list(map(_from_state, _datetime_states(local, fold), map(tzs.__getitem__, pair_code.tolist())))
    return list(map(made.__getitem__, which.reshape(-1).tolist()))


_CHAR = np.uint32  # a numpy "U" string is UCS-4: one uint32 a character
_PAIRS = np.array([[48 + i // 10, 48 + i % 10] for i in range(100)], _CHAR)  # "00" .. "99"
_HEX = np.frombuffer("".join(f"{i:02x}" for i in range(256)).encode(), np.uint16)  # "00" .. "ff", two ASCII bytes an element


def _uuid_strs(ids: list[uuid.UUID]) -> list[str]:
    """``str(u)`` of each UUID (``6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f``), written in numpy from the bytes."""
    if not ids:
        return []
    n = len(ids)
    digits = _HEX[np.frombuffer(b"".join([u.int.to_bytes(16, "big") for u in ids]), np.uint8)].view(np.uint8).reshape(n, 32)
    chars = np.full((n, 36), ord("-"), np.uint8)
    for lo, hi, at in ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24)):
        chars[:, at : at + hi - lo] = digits[:, lo:hi]
    return list(map(bytes.decode, chars.view("S36").ravel().tolist()))


def _utc_iso_list(utc_us: np.ndarray) -> list[str]:
    """:func:`utc_iso` of each instant (``2024-03-10T07:30:00Z``, microseconds only when non-zero), formatted in numpy."""
    if not utc_us.size:
        return []
    if utc_us.min() < MIN_US or utc_us.max() > MAX_US:  # year 0 or 10000: utc_iso's own way
        return [utc_iso(u) for u in utc_us.tolist()]
    year, month, day, rest = _calendar(utc_us)
    second, micro = np.divmod(rest, US)
    minute, second = np.divmod(second, 60)
    hour, minute = np.divmod(minute, 60)
    chars = np.zeros((utc_us.size, 27), _CHAR)  # trailing NULs end a numpy string
    for at, value in ((0, year // 100), (2, year % 100), (5, month), (8, day), (11, hour), (14, minute), (17, second)):
        chars[:, at : at + 2] = _PAIRS[value]
    chars[:, [4, 7, 10, 13, 16, 19]] = [ord(c) for c in "--T::Z"]
    fine = np.flatnonzero(micro)
    if fine.size:  # ".ffffffZ"
        us = micro[fine]
        chars[fine, 19] = ord(".")
        for at, value in ((20, us // 10_000), (22, us // 100 % 100), (24, us % 100)):
            chars[fine, at : at + 2] = _PAIRS[value]
        chars[fine, 26] = ord("Z")
    text: list[str] = chars.view("U27").ravel().tolist()
    return text


def _plan_deployment(
    deployment: Deployment, now_us: int, s: _Settings, catch_up: Any = None, jitter_us: int = 0
) -> Iterator[tuple[int, int, ScheduledRun]]:
    """(schedule index, UTC us, run) for each planned run of one (checked) deployment."""
    if deployment.paused:
        return
    for index, sched in enumerate(deployment.schedules):
        if not sched.active:
            continue
        creator, prefix = _creator(sched), _key_prefix(deployment, index)
        if s.engine.prefect is not None:  # Prefect's scheduler: its dates, keys from str(date)
            for u, d in _prefect_dates(sched, now_us, s):
                yield index, u, _run(deployment, sched, creator, d, f"{prefix}{d}")
        else:
            key = sched.schedule.timezone
            if catch_up is not None:  # missed runs first, keyed by their nominal time like any run
                for u in catch_up.dates_us(sched.schedule, now_us):
                    yield index, u, _run(deployment, sched, creator, to_pendulum(u, key), prefix + utc_iso(u), catch_up=True)
            dates = _standard_dates_us(sched, now_us, s).tolist()
            if jitter_us and dates:
                from .jitter import jittered

                moved = jittered(sched.schedule, np.array(dates, np.int64), timedelta(microseconds=jitter_us), key=prefix.strip())
                for u, m in zip(dates, moved.view(np.int64).tolist()):
                    extra = {"jitter": timedelta(microseconds=m - u)}
                    yield index, m, _run(deployment, sched, creator, to_pendulum(m, key), prefix + utc_iso(u), **extra)
                continue
            for u in dates:
                yield index, u, _run(deployment, sched, creator, to_pendulum(u, key), prefix + utc_iso(u))


# ------------------------------------------------------------------ public


def plan_runs(
    deployment: Deployment,
    now: object,
    *,
    min_runs: int = 3,
    max_runs: int = 100,
    min_time: timedelta = timedelta(hours=1),
    max_time: timedelta = timedelta(days=100),
    profile: Profile = "standard",
    catch_up: Any = None,
    jitter: timedelta | None = None,
    limit: int = DEFAULT_LIST_LIMIT,
) -> list[ScheduledRun]:
    """The runs the scheduler creates for *deployment* at *now* (see the module docstring for the rules).

    *now* is an instant: an aware datetime, an ISO-8601 string with an offset
    or ``Z``, or a ``numpy.datetime64`` (UTC).  Nothing is planned for a
    paused deployment or an inactive schedule.  A deployment to plan needs an
    ``id``.

    *catch_up*: a :class:`~interval_schedule.missed.CatchUp`; each schedule's
    runs missed in ``(last_run, now)`` that its policy and grace keep come
    first, in time order, with ``catch_up=True`` and the usual key of their
    nominal time (so a run that was in fact created before the downtime is
    deduplicated by its key).  They do not count towards the limits.
    *jitter*: a ``timedelta``; each regular run's ``scheduled_time`` moves
    later by its deterministic offset (:mod:`interval_schedule.jitter`, keyed
    by the run's key prefix ``scheduled {deployment id} {schedule id}``), its
    key and the stopping rule keep the nominal time, and ``run.jitter`` holds
    the offset.  Both need ``profile="standard"`` (Prefect has neither).

    A plan of more than *limit* runs (default 100 000: each
    :class:`ScheduledRun` costs about a kilobyte) raises
    :class:`~interval_schedule.errors.LimitExceededError` before any date is
    computed; the count is exact in the "standard" profile (closed form); the
    Prefect profiles count a bound, ``min(max_runs, 1002, dates the window
    can hold)`` per schedule (Prefect's engine never computes more than 1002).

    >>> from interval_schedule.deployment import Deployment
    >>> d = Deployment(id="6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", name="every-5-min",
    ...                flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
    ...                schedules=[{"schedule": {"interval": 300, "anchor_date": "2024-01-01T00:00:00Z"}}])
    >>> runs = plan_runs(d, "2024-06-01T10:00:00Z")
    >>> len(runs), runs[-1].idempotency_key
    (13, 'scheduled 6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f schedules[0] 2024-06-01T11:00:00Z')
    """
    s = _settings(min_runs, max_runs, min_time, max_time, profile, "plan_runs")
    limit = check_count(limit, "limit")
    now_us = _instant_us(now, "now")
    deployment = _check_deployment(deployment)
    jitter_us = _operations(catch_up, jitter, s.engine)
    _check_limit(_active(deployment), now_us, s, limit, "plan_runs")
    return [run for _, _, run in _plan_deployment(deployment, now_us, s, catch_up, jitter_us)]


def _operations(catch_up: object, jitter: object, engine: DateProfile) -> int:
    """Check ``catch_up=`` and ``jitter=``; the jitter in microseconds."""
    from .jitter import check_jitter
    from .missed import CatchUp

    if catch_up is not None and not isinstance(catch_up, CatchUp):
        raise ScheduleTypeError(f"catch_up must be a CatchUp or None, not {type(catch_up).__name__} ({shorten(catch_up)})")
    jitter_us = 0 if jitter is None else check_jitter(jitter)
    if engine.prefect is not None and (catch_up is not None or jitter is not None):
        raise InvalidQueryError("catch_up= and jitter= need profile='standard' (Prefect's scheduler has neither)")
    return jitter_us


def _active(deployment: Deployment) -> list[DeploymentSchedule]:
    """The schedules that get runs: the active ones of a deployment that is not paused."""
    return [] if deployment.paused else [sc for sc in deployment.schedules if sc.active]


def needs_scheduling(
    deployment: Deployment,
    future_runs: Iterable[ScheduledRun],
    now: object,
    *,
    min_runs: int = 3,
    min_time: timedelta = timedelta(hours=1),
) -> bool:
    """The scheduler's test: does *deployment* need new runs at *now*?

    True when the deployment is not paused and some active schedule has fewer
    than *min_runs* future runs, or its latest future run is before
    ``now + min_time``.  *future_runs* are the runs already scheduled (any
    objects with ``deployment_id``, ``schedule_id`` and an aware
    ``scheduled_time``, such as :class:`ScheduledRun`); a run counts for the
    schedule whose id it names when it belongs to this deployment and is at or
    after *now*.  A schedule without an id (a local document) owns the runs
    whose ``idempotency_key`` names it the way :func:`plan_runs` writes it
    (:func:`schedule_key_part`), so two id-less schedules do not count each
    other's runs; an id-less run with no such key counts for the deployment's
    only id-less schedule, and for none when there are several.

    >>> from interval_schedule.deployment import Deployment
    >>> d = Deployment(id="6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", name="hourly",
    ...                flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
    ...                schedules=[{"schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z"}}])
    >>> needs_scheduling(d, [], "2024-06-01T10:30:00Z")
    True
    >>> needs_scheduling(d, plan_runs(d, "2024-06-01T10:30:00Z"), "2024-06-01T10:30:00Z")
    False
    """
    deployment = _check_deployment(deployment)
    n_min = check_count(min_runs, "min_runs")
    now_us = _instant_us(now, "now")
    threshold = now_us + _duration_us(min_time, "min_time")
    if deployment.paused:
        return False
    # Runs are bucketed by schedule id, or for an id-less schedule by its index.
    idless = [j for j, s in enumerate(deployment.schedules) if s.id is None]
    prefixes = [(j, _key_prefix(deployment, j)) for j in idless]
    per_schedule: dict[uuid.UUID | int, list[int]] = {}
    for i, run in enumerate(items_of(future_runs, "future_runs must be an iterable of ScheduledRun objects")):
        try:
            dep_id, sched_id, when = run.deployment_id, run.schedule_id, run.scheduled_time
        except AttributeError:
            raise ScheduleTypeError(
                f"future_runs[{i}] must have deployment_id, schedule_id and scheduled_time, got {shorten(run)}"
            ) from None
        if dep_id != deployment.id:
            continue
        u = _instant_us(when, f"future_runs[{i}].scheduled_time")
        if u < now_us:
            continue
        owner: uuid.UUID | int | None = sched_id
        if sched_id is None:
            key = getattr(run, "idempotency_key", None)
            named = [j for j, prefix in prefixes if isinstance(key, str) and key.startswith(prefix)]
            owner = named[0] if named else idless[0] if len(idless) == 1 else None
        if owner is not None:
            per_schedule.setdefault(owner, []).append(u)
    for j, sched in enumerate(deployment.schedules):
        if not sched.active:
            continue
        times = per_schedule.get(j if sched.id is None else sched.id, [])
        if not times or len(times) < n_min or max(times) < threshold:
            return True
    return False


class PlannedRuns(Sequence[list[ScheduledRun]]):
    """The plans of many deployments: item ``i`` equals ``plan_runs(deployments[i], now, ...)``.

    Also columnar, one row per run, ordered by deployment, then schedule, then time:

    * ``deployment_index``: int64, the index into :attr:`deployments`;
    * ``schedule_index``: int64, the index into that deployment's ``schedules``;
    * ``scheduled_utc``: ``datetime64[us]``, the run's instant in UTC.

    ``ScheduledRun`` objects cost microseconds each (an aware datetime, dicts);
    in the "standard" profile they are built when an item is read (iteration
    and :meth:`runs` build them all in bulk, equal field by field to
    :func:`plan_runs`'s), so code that needs only the arrays (or
    :meth:`idempotency_keys`) never pays for them.
    """

    __slots__ = ("deployments", "profile", "deployment_index", "schedule_index", "scheduled_utc", "_starts", "_lists")

    def __init__(
        self,
        deployments: tuple[Deployment, ...],
        profile: str,
        deployment_index: np.ndarray,
        schedule_index: np.ndarray,
        scheduled_utc_us: np.ndarray,
        lists: list[list[ScheduledRun]] | None = None,
    ) -> None:
        self.deployments = deployments
        self.profile = profile
        self.deployment_index = deployment_index
        self.schedule_index = schedule_index
        self.scheduled_utc = scheduled_utc_us.view("datetime64[us]")
        for a in (deployment_index, schedule_index, self.scheduled_utc):
            a.flags.writeable = False
        # Rows of deployment i are _starts[i]:_starts[i + 1].
        self._starts = np.searchsorted(deployment_index, np.arange(len(deployments) + 1), side="left")
        self._lists = lists

    @property
    def n_runs(self) -> int:
        """How many runs in all."""
        return len(self.deployment_index)

    def __len__(self) -> int:
        return len(self.deployments)

    @overload
    def __getitem__(self, i: int) -> list[ScheduledRun]: ...

    @overload
    def __getitem__(self, i: slice) -> list[list[ScheduledRun]]: ...

    def __getitem__(self, i: int | slice) -> list[ScheduledRun] | list[list[ScheduledRun]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = operator.index(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"deployment index {i} out of range for {len(self)} deployments")
        if self._lists is not None:
            return list(self._lists[i])
        deployment = self.deployments[i]
        lo, hi = int(self._starts[i]), int(self._starts[i + 1])
        runs: list[ScheduledRun] = []
        made: dict[int, tuple[DeploymentSchedule, CreatedBy, str]] = {}
        for j, u in zip(self.schedule_index[lo:hi].tolist(), self.scheduled_utc[lo:hi].view(np.int64).tolist()):
            if j not in made:
                sched = deployment.schedules[j]
                made[j] = (sched, _creator(sched), _key_prefix(deployment, j))
            sched, creator, prefix = made[j]
            runs.append(_run(deployment, sched, creator, to_pendulum(u, sched.schedule.timezone), prefix + utc_iso(u)))
        return runs

    def __iter__(self) -> Iterator[list[ScheduledRun]]:
        """The plans in order; all run objects are built in bulk (zone by zone), then yielded."""
        return iter(self._build_all())

    def runs(self) -> list[ScheduledRun]:
        """Every run, flattened in row order."""
        return [run for runs in self._build_all() for run in runs]

    def _groups(self) -> tuple[list[int], np.ndarray, list[tuple[int, int]]]:
        """(first row of each (deployment, schedule) group and the end, group of each row, (d, j) of each group)."""
        dep, sched = self.deployment_index, self.schedule_index
        starts = np.flatnonzero(np.r_[True, (dep[1:] != dep[:-1]) | (sched[1:] != sched[:-1])])
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(dep)]))
        return starts.tolist() + [len(dep)], group, list(zip(dep[starts].tolist(), sched[starts].tolist()))

    def idempotency_keys(self) -> list[str]:
        """The runs' idempotency keys in row order, without building ScheduledRun objects."""
        if self._lists is not None:
            return [r.idempotency_key for runs in self._lists for r in runs]
        if not self.n_runs:
            return []
        _, group, pairs = self._groups()
        prefixes = self._prefixes(pairs)
        return list(map(operator.add, map(prefixes.__getitem__, group.tolist()), _row_texts(_distinct(self.scheduled_utc))))

    def _prefixes(self, pairs: list[tuple[int, int]]) -> list[str]:
        """Each (deployment, schedule) group's key prefix, :func:`_key_prefix`'s text with the ids written in bulk."""
        deps = self.deployments
        # Deployments have ids (checked); a schedule without one is named by schedule_key_part.
        dep_rows = sorted({d for d, _ in pairs})
        sched_ids = [deps[d].schedules[j].id for d, j in pairs]
        named = [u for u in sched_ids if u is not None]
        text = _uuid_strs([deps[d].id for d in dep_rows] + named)  # type: ignore[arg-type]  # checked: not None
        dep_text = dict(zip(dep_rows, text))
        sched_text = iter(text[len(dep_rows):])
        return [
            f"scheduled {dep_text[d]} {next(sched_text) if u is not None else schedule_key_part(deps[d], j)} "
            for (d, j), u in zip(pairs, sched_ids)
        ]

    def _build_all(self) -> list[list[ScheduledRun]]:
        if self._lists is not None:
            return [list(runs) for runs in self._lists]
        if not self.n_runs:
            return [[] for _ in self.deployments]
        bounds, group, pairs = self._groups()
        deps = self.deployments
        scheds = [deps[d].schedules[j] for d, j in pairs]
        instants = _distinct(self.scheduled_utc)
        times = _pendulum_rows(self.scheduled_utc.view(np.int64), group, [s.schedule.timezone for s in scheds], instants)
        rows = zip(times, _row_texts(instants))  # each row's (DateTime, UTC text of its key)
        prefixes = self._prefixes(pairs)
        # Group by group, with what every run of a group shares in locals: the
        # values _run gives (equal tag tuples shared, the parameters a template
        # copied per run, the schedule's creator).  Each run is a _RunFiller
        # filled by plain slot stores and then turned into a ScheduledRun.
        # Each deployment's list is made first, then filled: no list of all runs to slice.
        out: list[list[ScheduledRun]] = [[] for _ in deps]
        new, filler, run_class, no_jitter = _new_object, _RunFiller, ScheduledRun, _NO_JITTER
        tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        for g, ((d, _), sched) in enumerate(zip(pairs, scheds)):
            deployment = deps[d]
            try:
                run_tags = tags[deployment.tags]
            except KeyError:
                run_tags = tags[deployment.tags] = ("auto-scheduled", *deployment.tags)
            parameters = deployment.parameters
            if sched.parameters or type(parameters) is not dict:
                parameters = {**parameters, **sched.parameters}
            copy = parameters.copy  # a new dict per run, as _run builds
            dep_id, sched_id, flow_id, creator = deployment.id, sched.id, deployment.flow_id, _creator(sched)
            queue, pool, prefix = deployment.work_queue_name, deployment.work_pool_name, prefixes[g]
            append = out[d].append
            for when, text in islice(rows, bounds[g + 1] - bounds[g]):
                run = new(filler)
                run.deployment_id = dep_id  # type: ignore[assignment]  # checked by _check_deployment
                run.schedule_id = sched_id
                run.flow_id = flow_id
                run.scheduled_time = when
                run.parameters = copy()
                run.tags = run_tags
                run.idempotency_key = prefix + text
                run.work_queue_name = queue
                run.work_pool_name = pool
                run.created_by = creator
                run.catch_up = False
                run.jitter = no_jitter
                run.__class__ = run_class  # type: ignore[assignment]
                append(run)  # type: ignore[arg-type]  # now a ScheduledRun
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(self[i] == list(other[i]) for i in range(len(self)))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<PlannedRuns: {self.n_runs} runs for {len(self)} deployments, profile {self.profile!r}>"


def _need_estimate(interval_us: np.ndarray, s: _Settings) -> np.ndarray:
    """How many dates each schedule probably needs: enough to reach now + min_time.

    Elapsed series (< 24 h) have at most ``ceil(min_time / I)`` dates in
    ``[now, now + min_time)``.  Wall-clock series can come closer in UTC across
    an offset change, so they get the bound of half the interval.  A wrong
    estimate only costs a scalar fallback for that schedule.
    """
    step = np.where(interval_us >= DAY_US, interval_us // 2, interval_us)
    # Bounds kept within int64: the whole range of years 1-9999 is the most
    # any window can cover (min_time=timedelta.max would overflow otherwise).
    span = min(s.min_time_us, MAX_INTERVAL_US)
    need = -(-span // step) + 1
    # No window holds more than (max_time + 2 days) / I + 2 dates: wall-clock
    # instants sit within a day or so of I apart.  Asking for more only
    # allocates (min_runs=10**12 must not ask the batch for 10**12 dates).
    window = (min(s.max_time_us, MAX_INTERVAL_US) + 2 * DAY_US) // interval_us + 2
    need = np.minimum(need, window)
    runs: np.ndarray = np.minimum(np.maximum(need, np.minimum(s.min_runs, window)), max(min(s.max_runs, MAX_INTERVAL_US), 1))
    return runs


def _select(dates: np.ndarray, now_us: int, end_us: int, threshold_us: int, min_runs: int, limit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(take, resolved) per row of *dates*, the (rows, N) int64 first N dates >= now (NaT-padded).

    ``take[r]`` runs are planned for row r when ``resolved[r]``; a row is
    unresolved when all N dates are in the window and none stops the rule
    (more dates are needed than were asked for).  Temporaries: booleans only.
    """
    n = dates.shape[1]
    valid = (dates != _NAT) & (dates <= end_us)  # a prefix of each row: dates ascend, NaT pads the end
    available = valid.sum(axis=1)
    stop = valid & (dates >= threshold_us)
    stop[:, : max(min_runs - 1, 0)] = False  # the rule stops at the i-th date only when i >= min_runs
    has_stop = stop.any(axis=1)
    take = np.where(has_stop, stop.argmax(axis=1) + 1, available)
    resolved = has_stop | (available < n) | (take >= limit)
    return np.minimum(take, limit), resolved


def _plan_many_standard(deps: tuple[Deployment, ...], now_us: int, s: _Settings, limit: int) -> PlannedRuns:
    """Memory: the result's three columns (24 bytes a run) and about as much again, at the peak."""
    # One pass over the schedules gathers every column the batch needs.
    rows: list[tuple[int, int, DeploymentSchedule, Any]] = []
    caps: list[int] = []
    intervals: list[int] = []
    anchors: list[int] = []
    keys: list[str] = []
    skips: list[bool] = []
    laters: list[bool] = []
    zones: dict[int, Any] = {}
    max_runs = s.max_runs
    for i, d in enumerate(deps):
        if d.paused:
            continue
        for j, sched in enumerate(d.schedules):
            if not sched.active:
                continue
            sc = sched.schedule
            rows.append((i, j, sched, sc))
            m = sched.max_scheduled_runs  # _cap
            caps.append(max_runs if m is None else min(max_runs, m))
            intervals.append(sc.interval_us)
            anchors.append(sc.anchor_utc_us)
            keys.append(sc.timezone)
            skips.append(sc.gap == "skip")
            laters.append(sc.fold == "later")
            zone = sc.zone
            zones[id(zone)] = zone
    n_rows = len(rows)
    row_dep = np.array([r[0] for r in rows], np.int64)
    row_sched = np.array([r[1] for r in rows], np.int64)
    cap = np.array(caps, np.int64)
    interval_us = np.array(intervals, np.int64)
    need = _need_estimate(interval_us, s) if n_rows else np.empty(0, np.int64)
    if sum(np.minimum(need, np.maximum(cap, 0)).tolist()) > limit:  # the bound is over: count exactly
        _check_limit([r[2] for r in rows], now_us, s, limit, "plan_many")
    # Pieces of the result: (rows, runs of each, their dates row after row).
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    scalar_rows: list[int] = []
    if n_rows:
        end_us = min(now_us + s.max_time_us, MAX_US)
        anchor_us = np.array(anchors, np.int64)
        skip = np.array(skips, bool)
        later = np.array(laters, bool)
        sources = {TzSource.of(zone) for zone in zones.values()}  # a schedule's tz_source
        source = sources.pop() if len(sources) == 1 else _MIXED
        plannable = cap > 0
        # One batch per power-of-two bucket of the estimate, so a few 1-minute
        # schedules do not make every row ask for 60 dates.  Each is built from
        # the columns (no objects, no validation: the schedules are checked).
        bucket = np.where(plannable, np.int64(1) << np.ceil(np.log2(np.maximum(need, 1))).astype(np.int64), 0)
        for b in np.unique(bucket[plannable]).tolist():
            idx = np.flatnonzero(bucket == b)
            n = int(min(b, max(s.max_runs, 1)))
            if source is not _MIXED:
                columns = (interval_us[idx], anchor_us[idx], [keys[k] for k in idx.tolist()], skip[idx], later[idx])
                batch = ScheduleBatch._from_columns(*columns) if source.is_default else ScheduleBatch._from_columns(*columns, source)
            else:  # schedules of several tzdata sources: the batch refuses them as it documents
                batch = ScheduleBatch([rows[k][3] for k in idx.tolist()])
            # An array of instants: the batch takes one outside years 1-9999 (now at
            # 0001-01-01T00:00+14:00 is in year 0 UTC), as plan_runs does.
            after = np.full(len(idx), now_us, np.int64).view("datetime64[us]")
            # The plan's limit was checked above; the batch's own default must not refuse it.
            dates = np.asarray(batch.next_runs(after, n=n, limit=idx.size * n)).view(np.int64)
            take, resolved = _select(dates, now_us, end_us, now_us + s.min_time_us, s.min_runs, cap[idx])
            keep = resolved & (take > 0)
            mask = np.zeros(dates.shape, dtype=bool)
            mask[keep] = np.arange(n) < take[keep, None]
            pieces.append((idx[keep], take[keep], dates[mask]))  # row-major: each row's prefix in turn
            del dates, mask
            scalar_rows.extend(idx[~resolved].tolist())
    for k in scalar_rows:
        us = _standard_dates_us(rows[k][2], now_us, s)
        pieces.append((np.array([k]), np.array([us.size]), us))
    # Rows in order, each row's dates ascending: every piece is scattered into place.
    counts = np.zeros(n_rows, np.int64)
    for piece_rows, takes, _ in pieces:
        counts[piece_rows] = takes
    starts = np.cumsum(counts) - counts
    utc_us = np.empty(int(counts.sum()), np.int64)
    while pieces:
        piece_rows, takes, values = pieces.pop()
        if not piece_rows.size:
            continue
        ends = np.cumsum(takes)
        per = max(1, CHUNK // max(int(takes.max()), 1))  # rows per step: index arrays of about CHUNK runs
        for r0 in range(0, piece_rows.size, per):
            r1 = min(r0 + per, piece_rows.size)
            lo, hi = int(ends[r0] - takes[r0]), int(ends[r1 - 1])
            if r1 - r0 == 1:
                first = int(starts[piece_rows[r0]])
                utc_us[first : first + hi - lo] = values[lo:hi]
            else:
                shift = np.repeat(starts[piece_rows[r0:r1]] - (ends[r0:r1] - takes[r0:r1]), takes[r0:r1])
                utc_us[np.arange(lo, hi) + shift] = values[lo:hi]
        del values
    row_of_run = np.repeat(np.arange(n_rows), counts)
    return PlannedRuns(deps, s.profile, row_dep[row_of_run], row_sched[row_of_run], utc_us)


def plan_many(
    deployments: Iterable[Deployment],
    now: object,
    *,
    min_runs: int = 3,
    max_runs: int = 100,
    min_time: timedelta = timedelta(hours=1),
    max_time: timedelta = timedelta(days=100),
    profile: Profile = "standard",
    catch_up: Any = None,
    jitter: timedelta | None = None,
    limit: int = DEFAULT_PLAN_LIMIT,
) -> PlannedRuns:
    """:func:`plan_runs` for many deployments at once, as a :class:`PlannedRuns`.

    ``plan_many(ds, now)[i] == plan_runs(ds[i], now)`` for every ``i``, with
    the same keyword arguments.  The "standard" profile computes every
    schedule's dates in a few vectorized
    :class:`~interval_schedule.batch.ScheduleBatch` queries (one per size
    bucket) and builds run objects only when they are read; the Prefect
    profiles, and *catch_up* / *jitter* (as in :func:`plan_runs`: missed runs
    first, regular runs moved by their deterministic offsets), loop over the
    deployments as :func:`plan_runs` does and hold the runs built.

    *limit* caps the runs of all deployments together (default 10 000 000,
    24 bytes each in the arrays); a larger plan raises
    :class:`~interval_schedule.errors.LimitExceededError` before any date is
    computed, counted as in :func:`plan_runs`.

    >>> from interval_schedule.deployment import Deployment
    >>> mk = lambda name, every: Deployment(
    ...     id=uuid.uuid5(uuid.NAMESPACE_DNS, name), name=name, flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
    ...     schedules=[{"schedule": {"interval": every, "anchor_date": "2024-01-01T00:00:00Z"}}])
    >>> plans = plan_many([mk("a", 3600), mk("b", 900)], "2024-06-01T10:30:00Z")
    >>> plans.n_runs, [len(p) for p in plans]
    (8, [3, 5])
    >>> plans.scheduled_utc[:2]
    array(['2024-06-01T11:00:00.000000', '2024-06-01T12:00:00.000000'],
          dtype='datetime64[us]')
    """
    s = _settings(min_runs, max_runs, min_time, max_time, profile, "plan_many")
    limit = check_count(limit, "limit")
    now_us = _instant_us(now, "now")
    deps = tuple(items_of(deployments, "deployments must be an iterable of Deployment objects"))
    for i, d in enumerate(deps):
        _check_deployment(d, f"deployments[{i}]")
    jitter_us = _operations(catch_up, jitter, s.engine)
    if s.engine.batch_native and catch_up is None and not jitter_us:  # ScheduleBatch computes the dates vectorized
        return _plan_many_standard(deps, now_us, s, limit)
    _check_limit([sc for d in deps for sc in _active(d)], now_us, s, limit, "plan_many")
    lists: list[list[ScheduledRun]] = []
    dep_idx: list[int] = []
    sched_idx: list[int] = []
    utc: list[int] = []
    for i, d in enumerate(deps):
        runs = []
        for j, u, run in _plan_deployment(d, now_us, s, catch_up, jitter_us):
            runs.append(run)
            dep_idx.append(i)
            sched_idx.append(j)
            utc.append(u)
        lists.append(runs)
    return PlannedRuns(
        deps, s.profile, np.array(dep_idx, np.int64), np.array(sched_idx, np.int64), np.array(utc, np.int64), lists
    )
