"""tzdata-change impact: the runs that move, appear or disappear between two IANA releases.

A scheduler such as Prefect stores its future runs as instants and never
revisits them.  When a government changes its clock rules, a new tzdata
release moves the instants of every wall-clock run after the change (British
Columbia's 2026 decision moves each America/Vancouver run after 2026-11-01 by
an hour), and the stored runs are silently off.  :func:`tzdata_impact`
computes every schedule's occurrences in a window under both releases and
lists the runs whose instant or existence differs.

What is compared (the "standard" semantics, docs/semantics.md):

* a run is identified by its occurrence index ``k`` (its nominal wall time
  ``W + k*I``): the same ``k`` at two instants is a **moved** run, a ``k`` in
  one release only (a gap that appeared under ``gap="skip"``, or a shift
  that now lands on the next occurrence) is **added** or **removed**;
* schedules with an interval under 24 hours step in exact elapsed time, so
  their runs are the same instants under every release (only their local
  labels change): they are never reported;
* a zone whose offsets are the same in both releases over the window (and at
  each anchor) is skipped without computing its schedules;
* the window is ``[start, end]`` (both inclusive) on either release: a run is
  reported when its old *or* new instant lies in it.

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> from interval_schedule.tz import default_source
>>> s = IntervalSchedule(timedelta(days=1), "2026-10-01T09:00", "Europe/Paris")
>>> tzdata_impact([s], default_source(), default_source(), "2026-10-01T00:00Z", "2027-01-01T00:00Z").n_runs
0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._convert import instant_us, items_of
from ._limits import check_count
from ._units import DAY_US, NAT, US
from .batch import ScheduleBatch
from .deployment import Deployment
from .errors import InvalidQueryError, ScheduleTypeError, shorten
from .schedule import IntervalSchedule
from .tz import FoldPolicy, GapPolicy, TzSource, Zone

__all__ = ["TzImpact", "tzdata_impact", "CHANGES", "DEFAULT_IMPACT_LIMIT"]

#: The kinds of change, as :attr:`TzImpact.change` names them.
CHANGES: tuple[str, ...] = ("moved", "added", "removed")
#: The most runs (in both releases together) :func:`tzdata_impact` lists unless ``limit=`` says otherwise.
DEFAULT_IMPACT_LIMIT = 10_000_000
# Offsets differ by less than a day between any two releases (|offset| <= 15 h
# in tzdata, LMT included), so a run whose instant moves into the window was,
# under the other release, less than three days outside it.
_MARGIN_US = 3 * DAY_US


@dataclass(frozen=True, eq=False)
class TzImpact:
    """The runs that differ between two tzdata releases, as parallel arrays (one element per run).

    Per compared schedule (index ``i`` into :attr:`schedules`):
    :attr:`schedules`, :attr:`deployment_ids`, :attr:`schedule_ids` and
    :attr:`key_prefixes` (the idempotency key's prefix of the "standard"
    planner, ``None`` for a plain schedule).

    Per run (read-only arrays of equal length, ordered by schedule, then time,
    the old instant where there is one):

    * ``schedule_row``: intp, index into :attr:`schedules`;
    * ``old_utc`` / ``new_utc``: ``datetime64[us]`` instants, ``NaT`` where the
      run does not exist in that release;
    * ``old_offset`` / ``new_offset``: ``timedelta64[s]`` UTC offsets there
      (``NaT`` likewise); ``old_local``/``new_local`` are the wall clocks.

    :meth:`rows` gives one dict per run for display or JSON.
    """

    old_version: str
    new_version: str
    start_utc: np.datetime64
    end_utc: np.datetime64
    schedules: tuple[IntervalSchedule, ...]
    deployment_ids: tuple[str | None, ...]
    schedule_ids: tuple[str | None, ...]
    key_prefixes: tuple[str | None, ...]
    schedule_row: np.ndarray
    old_utc: np.ndarray
    new_utc: np.ndarray
    old_offset: np.ndarray
    new_offset: np.ndarray
    #: Keys of the zones whose rules differ in the window (the others were skipped), sorted.
    changed_zones: tuple[str, ...]

    @property
    def n_runs(self) -> int:
        """How many runs differ."""
        return len(self.schedule_row)

    def __len__(self) -> int:
        return self.n_runs

    @property
    def change(self) -> np.ndarray:
        """Per run ``"moved"``, ``"added"`` (new release only) or ``"removed"`` (old release only), an object array."""
        out = np.full(self.n_runs, "moved", dtype=object)
        out[np.isnat(self.old_utc)] = "added"
        out[np.isnat(self.new_utc)] = "removed"
        return out

    @property
    def zone(self) -> np.ndarray:
        """Per run the IANA key of its schedule's zone, an object array."""
        keys = np.array([s.timezone for s in self.schedules] or [""], dtype=object)
        zones: np.ndarray = keys[self.schedule_row]
        return zones

    @property
    def old_local(self) -> np.ndarray:
        """Wall clock (``datetime64[us]``) of each run under the old release, ``NaT`` where it does not exist."""
        local: np.ndarray = self.old_utc + self.old_offset
        return local

    @property
    def new_local(self) -> np.ndarray:
        """Wall clock (``datetime64[us]``) of each run under the new release, ``NaT`` where it does not exist."""
        local: np.ndarray = self.new_utc + self.new_offset
        return local

    @property
    def shift(self) -> np.ndarray:
        """``new_utc - old_utc`` (``timedelta64[us]``), ``NaT`` for added and removed runs."""
        shift: np.ndarray = self.new_utc - self.old_utc
        return shift

    def idempotency_keys(self, which: str = "old") -> list[str | None]:
        """The "standard" planner's idempotency key of each run under the ``"old"`` or ``"new"`` release.

        ``None`` for plain schedules (no deployment) and where the run does not exist.
        """
        if which not in ("old", "new"):
            raise InvalidQueryError(f"which must be 'old' or 'new', got {shorten(which)}")
        utc = self.old_utc if which == "old" else self.new_utc
        return _keys(self.key_prefixes, self.schedule_row, utc)

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per run: ids, zone, change, old/new local time (ISO-8601 with offset), UTC and keys."""
        old_local, new_local = _iso_local(self.old_utc, self.old_offset), _iso_local(self.new_utc, self.new_offset)
        old_utc, new_utc = _iso_utc(self.old_utc), _iso_utc(self.new_utc)
        old_keys, new_keys = self.idempotency_keys("old"), self.idempotency_keys("new")
        shift = self.shift.astype("timedelta64[us]").view(np.int64)
        out = []
        for r, (i, change, zone) in enumerate(zip(self.schedule_row.tolist(), self.change.tolist(), self.zone.tolist())):
            out.append(
                {
                    "schedule": i,
                    "deployment_id": self.deployment_ids[i],
                    "schedule_id": self.schedule_ids[i],
                    "zone": zone,
                    "change": change,
                    "old_local": old_local[r],
                    "new_local": new_local[r],
                    "old_utc": old_utc[r],
                    "new_utc": new_utc[r],
                    "shift_seconds": None if change != "moved" else int(shift[r]) / US,
                    "old_idempotency_key": old_keys[r],
                    "new_idempotency_key": new_keys[r],
                }
            )
        return out

    to_dicts = rows

    def summary(self) -> str:
        """One line: how many runs moved, were added or removed, in which zones.

        >>> from interval_schedule.tz import default_source
        >>> tzdata_impact([], default_source(), default_source(), "2026-01-01T00:00Z", "2026-02-01T00:00Z").summary().partition(", ")[2]
        '2026-01-01T00:00:00Z .. 2026-02-01T00:00:00Z: no run changes (0 schedules compared)'
        """
        window = f"{_iso_utc(np.array([self.start_utc]))[0]} .. {_iso_utc(np.array([self.end_utc]))[0]}"
        head = f"tzdata {self.old_version} -> {self.new_version}, {window}"
        if not self.n_runs:
            return f"{head}: no run changes ({len(self.schedules)} schedules compared)"
        counts = {c: int((self.change == c).sum()) for c in CHANGES}
        zones = sorted(set(self.zone.tolist()))
        hit = len(set(self.schedule_row.tolist()))
        return (
            f"{head}: {self.n_runs} runs change ({counts['moved']} moved, {counts['added']} added, "
            f"{counts['removed']} removed) in {hit} of {len(self.schedules)} schedules; zones: {', '.join(zones)}"
        )


def tzdata_impact(
    schedules_or_deployments: object,
    old_source: TzSource,
    new_source: TzSource,
    start: object,
    end: object,
    *,
    limit: int = DEFAULT_IMPACT_LIMIT,
) -> TzImpact:
    """The runs in ``[start, end]`` whose instant or existence differs between *old_source* and *new_source*.

    *schedules_or_deployments*: an :class:`~interval_schedule.IntervalSchedule`,
    a :class:`~interval_schedule.deployment.Deployment` (its active schedules,
    nothing when paused), or an iterable of them (a
    :class:`~interval_schedule.deployment.DeploymentRegistry` too).  Each
    schedule is recomputed from its interval, anchor instant, zone key and
    policies in both sources (whatever source it was built in).
    *start*, *end*: instants (aware datetimes, ISO-8601 with an offset or ``Z``,
    UTC ``datetime64``).  Every zone key is checked against **both** sources'
    own lists before any zone file opens
    (:class:`~interval_schedule.errors.ZoneNotFoundError` naming the key and the
    source).  More than *limit* occurrences to compare raise
    :class:`~interval_schedule.errors.LimitExceededError` before they are listed.

    Vectorized: both plans are :class:`~interval_schedule.batch.ScheduleBatch`
    ``dates_between`` arrays (one batch per source, only the wall-clock
    schedules of changed zones), matched by occurrence index with numpy.

    A real release pair (tzdata 2025.2 = IANA 2025b, downloaded by ``make
    test``, and the bundled 2026f): a daily 09:00 run in Vancouver falls back
    to UTC-08:00 in November 2026 under 2025b, not under 2026f.

    >>> from datetime import timedelta
    >>> from interval_schedule import IntervalSchedule
    >>> from interval_schedule.tz import TzSource, default_source
    >>> old, new = TzSource.from_path("build/tzdata-2025.2"), default_source()   # the old one is pinned by the Makefile
    >>> old.version
    '2025b'
    >>> daily = IntervalSchedule(timedelta(days=1), "2026-10-01T09:00", "America/Vancouver")
    >>> impact = tzdata_impact([daily], old, new, "2026-10-30T00:00Z", "2026-11-04T00:00Z")
    >>> impact.summary()  # tzdata 2026f
    'tzdata 2025b -> 2026f, 2026-10-30T00:00:00Z .. 2026-11-04T00:00:00Z: 3 runs change (3 moved, 0 added, 0 removed) in 1 of 1 schedules; zones: America/Vancouver'
    >>> [(r["old_local"], r["new_local"]) for r in impact.rows()]  # tzdata 2026f
    [('2026-11-01T09:00:00-08:00', '2026-11-01T09:00:00-07:00'), ('2026-11-02T09:00:00-08:00', '2026-11-02T09:00:00-07:00'), ('2026-11-03T09:00:00-08:00', '2026-11-03T09:00:00-07:00')]
    >>> import numpy as np
    >>> (impact.shift // np.timedelta64(1, "m")).tolist()  # tzdata 2026f
    [-60, -60, -60]
    """
    for name, src in (("old_source", old_source), ("new_source", new_source)):
        if not isinstance(src, TzSource):
            raise ScheduleTypeError(f"{name} must be a TzSource (TzSource.from_path(...)), not {type(src).__name__} ({shorten(src)})")
    limit = check_count(limit, "limit")
    start_us, end_us = _instant(start, "start"), _instant(end, "end")
    if end_us < start_us:
        raise InvalidQueryError(f"end {shorten(end)} is before start {shorten(start)}")
    scheds, dep_ids, sched_ids, prefixes = _collect(schedules_or_deployments)
    index: dict[str, int] = {}
    zone_code = np.fromiter((index.setdefault(s.timezone, len(index)) for s in scheds), np.intp, len(scheds))
    keys = list(index)
    for key in keys:  # both lists, before any file of either source opens
        old_source.validate_key(key)
        new_source.validate_key(key)

    wall = np.fromiter((s.is_wall_clock for s in scheds), bool, len(scheds))
    anchors = np.fromiter((s.anchor_utc_us for s in scheds), np.int64, len(scheds))
    lo, hi = start_us - _MARGIN_US, end_us + _MARGIN_US
    compute = np.zeros(len(scheds), dtype=bool)
    changed: list[str] = []
    for c in np.unique(zone_code[wall]).tolist():
        key = keys[c]
        a_zone, b_zone = old_source.get_zone(key), new_source.get_zone(key)
        mine = np.flatnonzero(wall & (zone_code == c))
        if _same_offsets(a_zone, b_zone, lo, hi):
            # Equal in the window, but a different offset at an anchor shifts that whole series.
            mine = mine[a_zone.offsets_us(anchors[mine]) != b_zone.offsets_us(anchors[mine])]
        if mine.size:
            compute[mine] = True
            changed.append(key)
    rows = np.flatnonzero(compute)
    changed_set = set(changed)

    result = _empty(old_source, new_source, start_us, end_us, scheds, dep_ids, sched_ids, prefixes, sorted(changed_set))
    if not rows.size:
        return result
    sub = [scheds[i] for i in rows.tolist()]
    old_b, new_b = ScheduleBatch(sub, tz_source=old_source), ScheduleBatch(sub, tz_source=new_source)
    window = (np.datetime64(max(lo, -(2**62)), "us"), np.datetime64(min(hi, 2**62), "us"))
    o_idx, o_us = old_b.dates_between(*window, limit=limit)
    n_idx, n_us = new_b.dates_between(*window, limit=max(limit - len(o_idx), 0))
    o_us, n_us = o_us.view(np.int64), n_us.view(np.int64)
    o_k, n_k = _occurrence_index(old_b, o_idx, o_us), _occurrence_index(new_b, n_idx, n_us)

    # Match (schedule, k) across the releases.  Both lists ascend by (schedule, k)
    # (dates_between sorts by schedule, then time, and k ascends with time), so
    # one int64 key per run, schedule-major, is sorted too and searchsorted pairs them.
    k_base = np.full(len(rows), np.iinfo(np.int64).max, np.int64)
    np.minimum.at(k_base, o_idx, o_k)
    np.minimum.at(k_base, n_idx, n_k)
    width = int(max((o_k - k_base[o_idx]).max(initial=0), (n_k - k_base[n_idx]).max(initial=0))) + 1
    o_key = o_idx.astype(np.int64) * width + (o_k - k_base[o_idx])
    n_key = n_idx.astype(np.int64) * width + (n_k - k_base[n_idx])
    at = np.searchsorted(n_key, o_key)
    found = at < len(n_key)
    found[found] = n_key[at[found]] == o_key[found]
    new_only = np.ones(len(n_key), dtype=bool)
    new_only[at[found]] = False
    # One entry per run: every old run (with its new instant when matched), then the new-only runs.
    run_row = np.concatenate([o_idx, n_idx[new_only]])
    old_u = np.concatenate([o_us, np.full(int(new_only.sum()), NAT, np.int64)])
    matched_new = np.full(len(o_us), NAT, np.int64)
    matched_new[found] = n_us[at[found]]
    new_u = np.concatenate([matched_new, n_us[new_only]])
    inside = ((old_u != NAT) & (old_u >= start_us) & (old_u <= end_us)) | (
        (new_u != NAT) & (new_u >= start_us) & (new_u <= end_us)
    )
    differs = old_u != new_u
    keep = inside & differs
    run_row, old_u, new_u = run_row[keep], old_u[keep], new_u[keep]
    if (old_u == NAT).any():  # new-only runs were appended: put them in (schedule, time) order
        order = np.lexsort((np.where(old_u == NAT, new_u, old_u), run_row))
        run_row, old_u, new_u = run_row[order], old_u[order], new_u[order]
    old_off = _offsets(old_b, run_row, old_u)
    new_off = _offsets(new_b, run_row, new_u)
    return TzImpact(
        result.old_version, result.new_version, result.start_utc, result.end_utc, result.schedules,
        result.deployment_ids, result.schedule_ids, result.key_prefixes,
        _read_only(rows[run_row].astype(np.intp)),
        _read_only(old_u.view("datetime64[us]")), _read_only(new_u.view("datetime64[us]")),
        _read_only(old_off), _read_only(new_off), result.changed_zones,
    )


# ------------------------------------------------------------------ helpers


def _instant(value: object, what: str) -> int:
    return instant_us(value, what, "the schedules may be in several zones")


def _collect(items: object) -> tuple[list[IntervalSchedule], list[str | None], list[str | None], list[str | None]]:
    """The schedules to compare, with their deployment id, schedule id and key prefix (None for plain schedules)."""
    from .planner import _check_deployment, _key_prefix

    if isinstance(items, (IntervalSchedule, Deployment)):
        items = [items]
    values = items_of(items, "tzdata_impact needs an IntervalSchedule, a Deployment, or an iterable of them")
    scheds: list[IntervalSchedule] = []
    dep_ids: list[str | None] = []
    sched_ids: list[str | None] = []
    prefixes: list[str | None] = []
    for i, item in enumerate(values):
        if isinstance(item, IntervalSchedule):
            scheds.append(item)
            dep_ids.append(None)
            sched_ids.append(None)
            prefixes.append(None)
        elif isinstance(item, Deployment):
            _check_deployment(item, f"item {i}")
            if item.paused:
                continue
            for j, ds in enumerate(item.schedules):
                if not ds.active:
                    continue
                scheds.append(ds.schedule)
                dep_ids.append(str(item.id))
                sched_ids.append(None if ds.id is None else str(ds.id))
                prefixes.append(_key_prefix(item, j))
        else:
            raise ScheduleTypeError(
                f"item {i} must be an IntervalSchedule or a Deployment, not {type(item).__name__} ({shorten(item)})"
            )
    return scheds, dep_ids, sched_ids, prefixes


def _same_offsets(a: Zone, b: Zone, lo: int, hi: int) -> bool:
    """True when zones *a* and *b* have the same offset at every instant of ``[lo, hi)`` (the cheap skip)."""
    if a.offset_at_us(lo) != b.offset_at_us(lo):
        return False
    ta, tb = a.transitions(lo, hi), b.transitions(lo, hi)
    return all(np.array_equal(x, y) for x, y in zip(ta, tb))


def _occurrence_index(batch: ScheduleBatch, idx: np.ndarray, utc_us: np.ndarray) -> np.ndarray:
    """The occurrence index k of each run (wall-clock rows): the first k whose ``W + k*I`` resolves to the run.

    The run's wall time is ``W + k*I`` exactly, or that plus the length of the
    DST gap it was shifted out of (shorter than the interval, or equal to it
    when the shift lands on the next occurrence, Apia 2011: then the run is
    the earlier k's, as the batch keeps the first of equal instants).
    """
    k = np.zeros(len(idx), np.int64)
    w, step = batch.anchor_local_us, batch.interval_us
    group = batch.zone_index[idx] * 4 + batch.skip[idx] * 2 + batch.later[idx]  # (zone, gap, fold) of each run
    for g in np.unique(group).tolist():
        mine = np.flatnonzero(group == g)
        zone = batch.zones[g // 4]
        gap: GapPolicy = "skip" if g & 2 else "shift"
        fold: FoldPolicy = "later" if g & 1 else "earlier"
        r = idx[mine]
        wall = utc_us[mine] + zone.offsets_us(utc_us[mine])
        est = (wall - w[r]) // step[r]
        earlier = zone.to_utc_us(w[r] + (est - 1) * step[r], gap, fold)
        k[mine] = np.where(earlier == utc_us[mine], est - 1, est)
    return k


def _offsets(batch: ScheduleBatch, run_row: np.ndarray, utc_us: np.ndarray) -> np.ndarray:
    """UTC offsets (``timedelta64[s]``) of each run in *batch*'s zones; NaT where the run is missing."""
    out = np.full(len(run_row), NAT, np.int64)
    zone_of = batch.zone_index[run_row]
    live = utc_us != NAT
    for z, zone in enumerate(batch.zones):
        mine = np.flatnonzero((zone_of == z) & live)
        if mine.size:
            out[mine] = zone.offsets_us(utc_us[mine]) // US
    return out.view("timedelta64[s]")


def _empty(
    old: TzSource, new: TzSource, start_us: int, end_us: int, scheds: Sequence[IntervalSchedule],
    dep_ids: Sequence[str | None], sched_ids: Sequence[str | None], prefixes: Sequence[str | None], changed: Sequence[str],
) -> TzImpact:
    none = np.empty(0, np.int64)
    return TzImpact(
        old.version, new.version, np.datetime64(start_us, "us"), np.datetime64(end_us, "us"), tuple(scheds),
        tuple(dep_ids), tuple(sched_ids), tuple(prefixes), _read_only(none.astype(np.intp)),
        _read_only(none.view("datetime64[us]")), _read_only(none.view("datetime64[us]").copy()),
        _read_only(none.view("timedelta64[s]")), _read_only(none.view("timedelta64[s]").copy()), tuple(changed),
    )


def _read_only(a: np.ndarray) -> np.ndarray:
    a = np.array(a)  # a private copy
    a.flags.writeable = False
    return a


def _iso_utc(utc: np.ndarray) -> list[str | None]:
    """ISO-8601 UTC with ``Z`` (microseconds only when non-zero); None for NaT."""
    if not len(utc):
        return []
    us = utc.astype("datetime64[us]")
    whole = np.datetime_as_string(us.astype("datetime64[s]"), timezone="UTC")
    fine = np.datetime_as_string(us, timezone="UTC")
    text = np.where(us.view(np.int64) % US == 0, whole, fine)
    return [None if n else t for t, n in zip(text.tolist(), np.isnat(us).tolist())]


def _iso_local(utc: np.ndarray, offset: np.ndarray) -> list[str | None]:
    """ISO-8601 wall clock with its offset (``2026-11-01T09:00:00-08:00``); None for NaT."""
    if not len(utc):
        return []
    local = (utc + offset).astype("datetime64[us]")
    whole = np.datetime_as_string(local.astype("datetime64[s]"))
    text = np.where(local.view(np.int64) % US == 0, whole, np.datetime_as_string(local)).astype(object)
    off = offset.astype(np.int64)
    sign = np.where(off < 0, "-", "+").astype(object)
    a = np.abs(off)
    hh, mm, ss = a // 3600, a // 60 % 60, a % 60
    parts = []
    for t, s, h, m, sec, n in zip(text.tolist(), sign.tolist(), hh.tolist(), mm.tolist(), ss.tolist(), np.isnat(local).tolist()):
        parts.append(None if n else f"{t}{s}{h:02d}:{m:02d}" + (f":{sec:02d}" if sec else ""))
    return parts


def _keys(prefixes: tuple[str | None, ...], schedule_row: np.ndarray, utc: np.ndarray) -> list[str | None]:
    text = _iso_utc(utc)
    return [None if (p := prefixes[i]) is None or t is None else p + t for i, t in zip(schedule_row.tolist(), text)]
