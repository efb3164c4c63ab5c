"""Which runs to keep, delete and create so that the runs that exist become a plan.

:func:`reconcile` compares the runs that exist (on a Prefect server, say) with
the runs planned for them, for any number of deployments at once.  A run is
identified by its idempotency key and its instant (UTC).  Matching happens in
three passes, each on the runs the previous passes left over:

1. **keep**: an existing run whose key *and* instant equal a planned run's;
2. **moved, same key**: an existing run whose key equals a planned run's but
   whose instant differs;
3. **moved, same series**: in each series (a deployment's schedule: the
   ``(deployment_id, schedule_id)`` of the run), the leftover existing runs
   and the leftover planned runs paired by rank in time order (the first
   leftover existing run with the first leftover planned run, ...).  This is
   what a schedule edit looks like: the series' runs moved, and their keys
   changed with their dates.

Pass 3 pairs any leftovers of a series, so compare runs of the same window:
a run that already happened and a new one at the end of the plan would pair
as a move (:func:`check` leaves out existing runs before ``now`` for this
reason).  Everything else is **extra** (exists, not planned) or **missing** (planned,
does not exist).  Applying the result, i.e. deleting ``delete`` (extra and
moved-from runs) and creating ``create`` (missing and moved-to runs), turns
the existing runs into the plan.  Duplicates count: two existing runs with the
same key and instant match two planned ones, not one.

Inputs are a :class:`~interval_schedule.planner.PlannedRuns` (read from its
arrays, no run objects built), a :class:`RunTable` (columns), or any iterable
of objects with ``idempotency_key`` and ``scheduled_time`` (an aware datetime)
and optionally ``deployment_id`` and ``schedule_id`` (such as
:class:`~interval_schedule.planner.ScheduledRun`).  The matching is sorting on
integer codes (``numpy.lexsort``), O((n + m) log(n + m)), not a Python loop
over pairs.

>>> import numpy as np
>>> existing = RunTable(["k1", "k2", "k3"], np.array(["2024-03-10T13:00", "2024-03-11T13:00", "2024-03-12T13:00"], "datetime64[us]"),
...                     series=["a", "a", "a"])
>>> planned = RunTable(["k1", "k2", "k4"], np.array(["2024-03-10T13:00", "2024-03-11T14:00", "2024-03-12T13:30"], "datetime64[us]"),
...                    series=["a", "a", "a"])
>>> r = reconcile(existing, planned)
>>> r.keep.tolist(), r.delete.tolist(), r.create.tolist()
([0], [1, 2], [1, 2])
>>> r.moved.tolist(), r.extra.tolist(), r.missing.tolist()
([[1, 1], [2, 2]], [], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._convert import instant_us, items_of, utc_iso
from ._units import MAX_US, MIN_US, ONE_US
from .errors import InvalidDatetimeError, InvalidQueryError, ScheduleTypeError, shorten
from .tz._zone import as_us_array

__all__ = ["RunTable", "Reconciliation", "reconcile", "CheckReport", "check"]


@dataclass(frozen=True)
class RunTable:
    """Runs as columns: idempotency keys, UTC instants and (optionally) series labels.

    ``keys`` are strings (``None``, a run without a key, matches no key); ``utc`` is converted to ``datetime64[us]`` (UTC);
    ``series`` are hashable labels (``None``: every run is its own series, so
    the third matching pass pairs nothing).  All three have one row per run.
    """

    keys: Sequence[str | None]
    utc: Any
    series: Sequence[object] | None = None
    _instants_us: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = list(items_of(self.keys, "RunTable keys must be an iterable of strings"))
        for i, k in enumerate(keys):
            if not (k is None or isinstance(k, str)):
                raise ScheduleTypeError(f"RunTable keys[{i}] must be a string or None, not {type(k).__name__} ({shorten(k)})")
        utc = np.asarray(self.utc)
        if utc.dtype.kind != "M":
            raise ScheduleTypeError(f"RunTable utc must be numpy datetime64 values (UTC), got dtype {utc.dtype}")
        utc_us = as_us_array(utc, "RunTable utc").astype(np.int64, copy=False).reshape(-1)  # refuses what wraps in us
        if np.any(np.isnat(utc.reshape(-1))):
            raise InvalidQueryError("RunTable utc holds NaT; every run needs an instant")
        outside = np.flatnonzero((utc_us < MIN_US) | (utc_us > MAX_US))
        if outside.size:
            i = int(outside[0])
            raise InvalidDatetimeError(f"RunTable utc[{i}] = {shorten(utc.reshape(-1)[i])} is outside years 1-9999")
        series = None if self.series is None else list(items_of(self.series, "RunTable series must be an iterable"))
        if len(utc_us) != len(keys) or (series is not None and len(series) != len(keys)):
            raise InvalidQueryError(
                f"RunTable columns differ in length: {len(keys)} keys, {len(utc_us)} instants"
                + ("" if series is None else f", {len(series)} series labels")
            )
        object.__setattr__(self, "keys", tuple(keys))
        object.__setattr__(self, "series", None if series is None else tuple(series))
        object.__setattr__(self, "utc", utc_us.view("datetime64[us]"))
        object.__setattr__(self, "_instants_us", utc_us)

    def __len__(self) -> int:
        return len(self.keys)


def _table(runs: object, what: str) -> RunTable:
    """Any accepted input as a RunTable (PlannedRuns from its arrays)."""
    if isinstance(runs, RunTable):
        return runs
    from .planner import PlannedRuns  # the planner imports nothing from here

    if isinstance(runs, PlannedRuns):
        deps = runs.deployments
        # One label per (deployment, schedule) group, not per run: str(UUID) is slow.
        width = max((len(d.schedules) for d in deps), default=1)
        pair = runs.deployment_index * width + runs.schedule_index
        groups, inverse = np.unique(pair, return_inverse=True)
        group_labels = np.empty(len(groups), object)
        for g, code in enumerate(groups.tolist()):
            dep, sched = deps[code // width], deps[code // width].schedules[code % width]
            group_labels[g] = (str(dep.id), None if sched.id is None else str(sched.id))
        return RunTable(runs.idempotency_keys(), runs.scheduled_utc, group_labels[inverse.reshape(-1)].tolist())
    keys: list[str | None] = []
    utc_us: list[int] = []
    series: list[tuple[str, str | None] | None] = []
    for i, run in enumerate(items_of(runs, f"{what} must be a PlannedRuns, a RunTable or an iterable of runs")):
        try:
            key, when = run.idempotency_key, run.scheduled_time
        except AttributeError:
            raise ScheduleTypeError(
                f"{what}[{i}] must have idempotency_key and scheduled_time, got {shorten(run)}"
            ) from None
        if not (key is None or isinstance(key, str)):
            raise ScheduleTypeError(f"{what}[{i}].idempotency_key must be a string or None, got {shorten(key)}")
        keys.append(key)
        utc_us.append(instant_us(when, f"{what}[{i}].scheduled_time", "runs need instants"))
        dep, sched = getattr(run, "deployment_id", None), getattr(run, "schedule_id", None)
        series.append(None if dep is None else (str(dep), None if sched is None else str(sched)))
    # A run without a deployment id is a series of its own (never paired by rank).
    own: list[object] = [("run", i) if s is None else s for i, s in enumerate(series)]
    return RunTable(keys, np.array(utc_us, np.int64).view("datetime64[us]"), own)


def _codes(left: Sequence[object], right: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for labels, equal codes for equal labels across both sides; each ``None`` a code of its own."""
    if any(x is None for x in left) or any(x is None for x in right):
        left = [object() if x is None else x for x in left]
        right = [object() if x is None else x for x in right]
    try:
        index = {label: i for i, label in enumerate(dict.fromkeys([*left, *right]))}
    except TypeError:
        bad = next(x for x in [*left, *right] if not _hashable(x))
        raise ScheduleTypeError(f"run labels (keys, series) must be hashable, got {shorten(bad)}") from None
    return (
        np.fromiter(map(index.__getitem__, left), np.int64, len(left)),
        np.fromiter(map(index.__getitem__, right), np.int64, len(right)),
    )


def _hashable(x: object) -> bool:
    try:
        hash(x)
    except TypeError:
        return False
    return True


def _rank(group: list[np.ndarray], order: np.ndarray) -> np.ndarray:
    """The rank of each row among the rows with equal *group* columns, sorted by *order* (ties: row order)."""
    n = len(order)
    if not n:
        return np.empty(0, np.int64)
    idx = np.lexsort((np.arange(n), order, *reversed(group)))
    new_group = np.zeros(n, bool)
    new_group[0] = True
    for g in group:
        s = g[idx]
        new_group[1:] |= s[1:] != s[:-1]
    starts = np.flatnonzero(new_group)
    position = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    rank = np.empty(n, np.int64)
    rank[idx] = position
    return rank


def _pair(left: list[np.ndarray], right: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rows (i, j) with equal columns, where the columns identify a row within each side (no duplicates)."""
    nl, nr = len(left[0]), len(right[0])
    if not nl or not nr:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cols = [np.concatenate([a, b]) for a, b in zip(left, right)]
    side = np.r_[np.zeros(nl, np.int64), np.ones(nr, np.int64)]
    row = np.r_[np.arange(nl), np.arange(nr)]
    idx = np.lexsort((side, *reversed(cols)))
    same = np.ones(len(idx) - 1, bool)
    for c in cols:
        s = c[idx]
        same &= s[1:] == s[:-1]
    first = np.flatnonzero(same)  # side 0 sorts before side 1 within equal columns
    return row[idx[first]], row[idx[first + 1]]


@dataclass(frozen=True)
class Reconciliation:
    """The result of :func:`reconcile`: row indices into the existing and planned runs.

    * ``keep`` (existing rows) matched ``keep_planned`` (planned rows), pairwise;
    * ``delete``: existing rows to delete (``extra`` and the moved-from runs), ascending;
    * ``create``: planned rows to create (``missing`` and the moved-to runs), ascending;
    * ``moved``: ``(k, 2)`` pairs ``[existing row, planned row]``, by existing row;
    * ``extra`` / ``missing``: deleted / created rows that are not part of a move.

    :attr:`differs` is true when anything is to be deleted or created.
    """

    existing: RunTable
    planned: RunTable
    keep: np.ndarray
    keep_planned: np.ndarray
    delete: np.ndarray
    create: np.ndarray
    moved: np.ndarray

    @property
    def extra(self) -> np.ndarray:
        return np.setdiff1d(self.delete, self.moved[:, 0])

    @property
    def missing(self) -> np.ndarray:
        return np.setdiff1d(self.create, self.moved[:, 1])

    @property
    def differs(self) -> bool:
        return bool(len(self.delete) or len(self.create))

    def apply(self) -> list[tuple[str, str]]:
        """``(key, UTC ISO)`` of the existing runs after deleting ``delete`` and creating ``create``, sorted.

        Equal to the planned runs' pairs, sorted (the defining property).
        """
        gone = set(self.delete.tolist())
        e, p = self.existing, self.planned
        out = [(e.keys[i] or "", utc_iso(int(u))) for i, u in enumerate(e._instants_us.tolist()) if i not in gone]
        out += [(p.keys[j] or "", utc_iso(int(p._instants_us[j]))) for j in self.create.tolist()]
        return sorted(out)

    def summary(self) -> dict[str, int]:
        """Counts: ``{"keep", "moved", "extra", "missing"}``."""
        return {"keep": len(self.keep), "moved": len(self.moved), "extra": len(self.extra), "missing": len(self.missing)}


def reconcile(existing: object, planned: object) -> Reconciliation:
    """Match *existing* runs with *planned* runs (see the module docstring for the three passes).

    Each argument is a :class:`~interval_schedule.planner.PlannedRuns`, a
    :class:`RunTable`, or an iterable of run objects (``idempotency_key``,
    aware ``scheduled_time``, optional ``deployment_id``/``schedule_id``).

    >>> from interval_schedule.deployment import Deployment
    >>> from interval_schedule.planner import plan_runs
    >>> d = Deployment(id="6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", name="hourly", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
    ...                schedules=[{"id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
    ...                            "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z"}}])
    >>> before = plan_runs(d, "2024-06-01T10:30:00Z")
    >>> r = reconcile(before, plan_runs(d, "2024-06-01T10:30:00Z"))
    >>> r.summary(), r.differs
    ({'keep': 3, 'moved': 0, 'extra': 0, 'missing': 0}, False)

    After an edit that moves the anchor to :30, every run moved (and got a new key):

    >>> edited = Deployment.from_dict({**d.to_dict(), "schedules": [{**d.schedules[0].to_dict(),
    ...     "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:30:00Z", "timezone": "UTC"}}]})
    >>> r = reconcile(before, plan_runs(edited, "2024-06-01T10:30:00Z"))
    >>> r.summary(), r.moved.tolist()
    ({'keep': 0, 'moved': 3, 'extra': 0, 'missing': 0}, [[0, 0], [1, 1], [2, 2]])
    >>> [(before[i].scheduled_time.isoformat(), r.planned.keys[j][-20:]) for i, j in r.moved]
    [('2024-06-01T11:00:00+00:00', '2024-06-01T10:30:00Z'), ('2024-06-01T12:00:00+00:00', '2024-06-01T11:30:00Z'), ('2024-06-01T13:00:00+00:00', '2024-06-01T12:30:00Z')]
    """
    e, p = _table(existing, "existing"), _table(planned, "planned")
    ne, np_ = len(e), len(p)
    ek, pk = _codes(e.keys, p.keys)
    eu, pu = e._instants_us, p._instants_us
    # Pass 1: same key and instant (the rank tells duplicates apart).
    e_left = np.ones(ne, bool)
    p_left = np.ones(np_, bool)
    ei, pj = _pair([ek, eu, _rank([ek, eu], eu)], [pk, pu, _rank([pk, pu], pu)])
    e_left[ei] = False
    p_left[pj] = False
    keep, keep_planned = ei, pj
    moves: list[tuple[np.ndarray, np.ndarray]] = []
    # Pass 2: same key, another instant; pass 3: same series, paired by rank in time.
    es_codes, ps_codes = _codes(
        e.series if e.series is not None else [("row", i) for i in range(ne)],
        p.series if p.series is not None else [("planned row", j) for j in range(np_)],
    )
    for e_col, p_col in ((ek, pk), (es_codes, ps_codes)):
        er, pr = np.flatnonzero(e_left), np.flatnonzero(p_left)
        a, b = _pair([e_col[er], _rank([e_col[er]], eu[er])], [p_col[pr], _rank([p_col[pr]], pu[pr])])
        a, b = er[a], pr[b]
        e_left[a] = False
        p_left[b] = False
        moves.append((a, b))
    moved_e = np.concatenate([m[0] for m in moves])
    moved_p = np.concatenate([m[1] for m in moves])
    order = np.argsort(moved_e, kind="stable")
    moved = np.stack([moved_e[order], moved_p[order]], axis=1).astype(np.int64).reshape(-1, 2)
    k_order = np.argsort(keep, kind="stable")
    return Reconciliation(
        existing=e,
        planned=p,
        keep=keep[k_order],
        keep_planned=keep_planned[k_order],
        delete=np.sort(np.r_[np.flatnonzero(e_left), moved_e]).astype(np.int64),
        create=np.sort(np.r_[np.flatnonzero(p_left), moved_p]).astype(np.int64),
        moved=moved,
    )


# ------------------------------------------------------------------ audit


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check` found for one deployment: lists of run objects.

    ``matching`` and ``moved`` hold ``(existing run, planned run)`` pairs;
    ``missing`` planned runs, ``extra`` existing runs.  :attr:`ok` is true when
    nothing is missing, extra or moved.
    """

    deployment: Any
    now: str
    profile: str
    matching: list[tuple[Any, Any]]
    moved: list[tuple[Any, Any]]
    missing: list[Any]
    extra: list[Any]

    @property
    def ok(self) -> bool:
        return not (self.moved or self.missing or self.extra)

    def summary(self) -> dict[str, int]:
        """Counts: ``{"matching", "moved", "missing", "extra"}``."""
        return {"matching": len(self.matching), "moved": len(self.moved), "missing": len(self.missing), "extra": len(self.extra)}


def check(
    deployment: Any,
    existing_runs: Iterable[Any],
    now: object,
    *,
    profile: str = "standard",
    min_runs: int = 3,
    max_runs: int = 100,
    min_time: Any = None,
    max_time: Any = None,
) -> CheckReport:
    """Compare the runs a server has scheduled for *deployment* with its plan at *now*.

    *existing_runs* are run objects (``idempotency_key``, aware
    ``scheduled_time``, optionally ``deployment_id`` and ``schedule_id``; e.g.
    :class:`~interval_schedule.prefect_api.FlowRun` or
    :class:`~interval_schedule.planner.ScheduledRun`).  Those of other
    deployments, of schedules the deployment lists as unsupported (cron, rrule),
    and outside the planner's window ``[now, now + max_time]`` are left out.  The plan is :func:`~interval_schedule.planner.plan_runs`
    with the same keyword arguments; the matching is :func:`reconcile`'s.

    >>> from interval_schedule.deployment import Deployment
    >>> from interval_schedule.planner import plan_runs
    >>> d = Deployment(id="6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", name="hourly", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
    ...                schedules=[{"id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
    ...                            "schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z"}}])
    >>> runs = plan_runs(d, "2024-06-01T10:30:00Z")
    >>> check(d, runs, "2024-06-01T10:30:00Z").ok
    True
    >>> check(d, runs[:2], "2024-06-01T10:30:00Z").summary()
    {'matching': 2, 'moved': 0, 'missing': 1, 'extra': 0}
    """
    from datetime import timedelta

    from .planner import plan_runs

    limits: dict[str, Any] = {"min_runs": min_runs, "max_runs": max_runs}
    if min_time is not None:
        limits["min_time"] = min_time
    limits["max_time"] = timedelta(days=100) if max_time is None else max_time
    planned = plan_runs(deployment, now, profile=profile, **limits)  # type: ignore[arg-type]
    now_us = instant_us(now, "now")  # plan_runs has refused a naive one already
    end_us = now_us + limits["max_time"] // ONE_US
    runs = list(items_of(existing_runs, "existing_runs must be an iterable of runs"))
    table = _table(runs, "existing_runs")
    # Runs of cron/rrule schedules (a RemoteDeployment lists them) are not the plan's business.
    skip = {str(u.id) for u in getattr(deployment, "unsupported_schedules", ()) if u.id is not None}
    mine = np.array(
        [
            getattr(r, "deployment_id", deployment.id) in (deployment.id, str(deployment.id))
            and str(getattr(r, "schedule_id", None)) not in skip
            for r in runs
        ],
        bool,
    )
    window = (table._instants_us >= now_us) & (table._instants_us <= end_us)
    rows = np.flatnonzero(mine & window).tolist() if runs else []
    kept = [runs[i] for i in rows]
    r = reconcile(RunTable([table.keys[i] for i in rows], table.utc[rows] if rows else np.empty(0, "datetime64[us]"),
                           [table.series[i] for i in rows] if table.series is not None else None), planned)
    return CheckReport(
        deployment=deployment,
        now=utc_iso(now_us),
        profile=profile,
        matching=[(kept[i], planned[j]) for i, j in zip(r.keep.tolist(), r.keep_planned.tolist())],
        moved=[(kept[i], planned[j]) for i, j in r.moved.tolist()],
        missing=[planned[j] for j in r.missing.tolist()],
        extra=[kept[i] for i in r.extra.tolist()],
    )
