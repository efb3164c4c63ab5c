"""Profile ``"prefect"``: Prefect 3.9.1's interval dates (its pendulum engine, Python <= 3.12), quirks included.

The behaviour reproduced, in our words (../shared/REFERENCE.md section 1 and
docs/prefect.md):

* ``n`` defaults to 1, or 1000 when ``end`` is given; ``n=0`` still yields one date;
  the emit loop stops after 1002 candidates (``n=5000`` gives at most 1002 dates).
* Naive ``start``/``end`` are UTC.  ``end`` is inclusive.
* The interval is split into whole ``days`` and float ``secs``.  A step adds exact
  elapsed seconds when ``days == 0``; otherwise it adds days and seconds to the
  wall clock and re-localizes (a gap moves the time forward by its length, a
  fold takes the *later* instant).  Each step starts from the previous date,
  so a gap shift carries forward to every later date.
* The first candidate: for pure-day intervals outside UTC with the start at or
  after the anchor, the first date of that sequential series at or after the
  start (found one DST gap at a time, not by replaying every date);
  otherwise the anchor plus ``int(elapsed / interval)`` intervals, stepped back
  while after the start.  Mixed intervals (25 h) jump by elapsed seconds, so
  their dates depend on the start.
* Comparisons with ``start``/``end``, the duplicate check and the final sort use
  the *wall clock*, as Python does for aware datetimes sharing a tzinfo: a
  sub-day schedule loses the second pass through a fold.
* Float arithmetic is reproduced: seconds are normalized into minutes, hours
  and days with ``divmod`` and rounded to microseconds by ``timedelta``, as
  pendulum's ``add()`` does.

Where Prefect raises ``OverflowError`` (a series running past year 9999) this
profile simply ends the series.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, cast

import numpy as np
import pendulum

from .._convert import parse_moment, pendulum_list
from .._limits import check_count, now_utc_us
from .._units import DAY_US, US
from ..errors import InvalidQueryError, LimitExceededError
from ..tz import FoldPolicy, LocalKind, Zone, get_zone

if TYPE_CHECKING:
    from ..schedule import AnchorTz, IntervalSchedule

__all__ = ["PrefectSeries", "dates_us", "from_inputs", "get_dates", "prefect_anchor_us"]

MAX_ITERATIONS = 1000
#: Candidates one call examines at most: counter values 0..1001 (the loop
#: breaks once ``counter > 1000``).
MAX_CANDIDATES = MAX_ITERATIONS + 2
# Stepping back from the elapsed-time estimate, or forward to the start, takes
# one or two steps in practice (a DST change, a float rounding); the bound
# turns a logic error into an exception instead of a hang.
_MAX_ADJUST = 64
_ONE_US = timedelta(microseconds=1)


def _sign(x: float) -> int:
    return -1 if math.copysign(1.0, x) < 0 else 1


def pendulum_delta_us(days: float, seconds: float) -> int | None:
    """Microseconds pendulum's ``add(days=..., seconds=...)`` adds (None when out of range).

    pendulum folds seconds into minutes, minutes into hours and hours into
    days with ``divmod`` before building one ``timedelta``; this reproduces
    its float rounding.

    >>> pendulum_delta_us(0, 0.75), pendulum_delta_us(1, 3600.25)
    (750000, 90000250000)
    """
    minutes = hours = 0.0
    if abs(seconds) > 59:
        s = _sign(seconds)
        div, mod = divmod(seconds * s, 60)
        seconds, minutes = mod * s, minutes + div * s
    if abs(minutes) > 59:
        s = _sign(minutes)
        div, mod = divmod(minutes * s, 60)
        minutes, hours = mod * s, hours + div * s
    if abs(hours) > 23:
        s = _sign(hours)
        div, mod = divmod(hours * s, 24)
        hours, days = mod * s, days + div * s
    try:
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds) // _ONE_US
    except OverflowError:
        return None


class PrefectSeries:
    """One schedule's date generator with Prefect 3.9.1's rules, on integer microseconds.

    This is the pendulum engine; :class:`~interval_schedule.compat.prefect313.WheneverSeries`
    (Python >= 3.13) shares the wall-clock machinery below and overrides what
    its engine does differently.
    """

    #: How a wall-clock step landing in a fold is resolved (pendulum: the later instant).
    FOLD: FoldPolicy = "later"

    def __init__(self, schedule: IntervalSchedule) -> None:
        interval = schedule.interval
        self.key = schedule.timezone
        self.zone: Zone = get_zone(self.key)
        core = schedule._core
        self.lo, self.hi = core.lo, core.hi
        self.anchor = schedule.anchor_utc_us
        self.anchor_wall = self.wall(self.anchor)
        self.days = interval.days
        self.total = interval.total_seconds()
        self.secs = self.total - self.days * 86400  # float, as Prefect computes it
        self.pure_days = self.days != 0 and self.secs == 0
        step = pendulum_delta_us(self.days, self.secs)
        if step is None:  # pragma: no cover - parse_interval bounds the interval
            raise InvalidQueryError(f"interval {interval} is out of range")
        self.step_us = step  # elapsed (days == 0) or wall-clock (days != 0)

    # ------------------------------------------------------------ primitives

    def wall(self, u: int) -> int:
        return u + self.zone.offset_at_us(u)

    def _localize(self, local_us: int) -> int:
        """pendulum ``create(..., tz)``: a gap shifts forward, a fold takes the :attr:`FOLD` instant."""
        return self.zone.instant_us(local_us, self.FOLD)

    def in_range(self, u: int | None) -> bool:
        return u is not None and self.lo <= u <= self.hi

    def jump(self, k: int) -> int | None:
        """``anchor.add(...)`` k intervals away, by Prefect's direct-jump rule."""
        if self.days == 0:
            delta = pendulum_delta_us(0, self.secs * k)
            return None if delta is None else self.anchor + delta
        if self.secs == 0:
            if k == 0:
                return self.anchor
            local = self.anchor_wall + self.days * k * DAY_US
            return self._localize(local) if abs(local) < 2**62 else None
        delta = pendulum_delta_us(0, self.total * k)
        return None if delta is None else self.anchor + delta

    def step(self, u: int) -> int | None:
        """The date after *u*: elapsed seconds, or the wall clock plus days and seconds."""
        if self.days == 0:
            return u + self.step_us
        return self._localize(self.wall(u) + self.step_us)

    # --------------------------------------------------------- first candidate

    def _seek(self, start: int) -> int:
        """First date of the sequential wall-clock series (x0 = anchor) at or after *start*.

        The series starts with the anchor *instant* itself (in a fold it may be
        either pass; re-localizing its wall time could pick the other one).
        Within a stretch free of DST gaps the series is ``base + j*step`` on the
        wall clock; a date landing in a gap is moved forward by the gap and the
        series continues from there.  Only gaps up to the start are visited.
        """
        base, step = self.anchor_wall, self.step_us
        x0 = self.anchor  # date j = 0 of the current stretch
        start_wall = self.wall(start)
        for _ in range(self.zone.max_transitions + 2):
            # first j >= 0 with point(j) >= start, were there no gaps
            j = max(0, (start_wall - base) // step - 2)
            for _ in range(_MAX_ADJUST):
                u = self._point(base, j, x0)
                if u >= start or u > self.hi:
                    break
                j += 1
            else:  # pragma: no cover
                raise RuntimeError("seek did not converge (internal error)")
            hit = None
            for gap_start, gap_end in self.zone.gaps_us(base + step, base + j * step):
                first = max(1, -((base - gap_start) // step))
                if base + first * step < gap_end:
                    hit = (first, gap_end - gap_start)
                    break
            if hit is None or hit[0] > j:
                return u
            x0 = self._point(base, hit[0], x0)  # the date in the gap, moved forward by the gap
            base = base + hit[0] * step + hit[1]
            if x0 >= start:
                return x0
        raise RuntimeError("seek visited more gaps than the zone has (internal error)")  # pragma: no cover

    def _point(self, base: int, j: int, x0: int) -> int:
        """Date *j* of a gap-free stretch of the sequential series starting at *x0* (wall time *base*)."""
        return x0 if j == 0 else self._localize(base + j * self.step_us)

    def first(self, start: int) -> tuple[int | None, int, bool]:
        """(first candidate, jump offset, before-anchor mode) for a query starting at *start*."""
        start_wall = self.wall(start)
        offset = 0
        if start_wall >= self.anchor_wall and self.pure_days and self.key != "UTC":
            x: int | None = self._seek(start)
        else:
            diff = timedelta(seconds=(start - self.anchor) / US).total_seconds()
            offset = int(diff / self.total)
            x, offset = self._step_back(self.jump(offset), offset, start_wall)
        before_anchor = start_wall < self.anchor_wall and self.pure_days
        return x, offset, before_anchor

    # Prefect steps back one interval at a time while the candidate's wall
    # time is after the start's, and forward while it is before.  Inside a
    # fold that can take (fold length / interval) steps: an hour of 1-second
    # steps.  For elapsed series the same answer is found from the zone's
    # rows: the nearest instant whose wall time passes the test, then the
    # lattice point next to it.

    def _last_wall_at_most(self, u: int, wall: int) -> int | None:
        """The largest instant <= u whose wall time is <= *wall*."""
        period = self.zone.period_at_us(u)
        for _ in range(self.zone.max_transitions + 1):  # back one period at a time
            top = min(u, wall - period.offset_us, period.utc_end_us - 1)
            if top >= period.utc_start_us:
                return top
            if self.zone.previous_transition(period.utc_start_us) is None:
                return None  # the first period
            period = self.zone.period_at_us(period.utc_start_us - 1)
        return None  # pragma: no cover - the loop bound exceeds the number of periods

    def _first_wall_at_least(self, u: int, wall: int) -> int:
        """The smallest instant >= u whose wall time is >= *wall*."""
        period = self.zone.period_at_us(u)
        for _ in range(self.zone.max_transitions + 1):  # forward one period at a time
            bottom = max(u, period.utc_start_us, wall - period.offset_us)
            if bottom < period.utc_end_us:
                return bottom
            period = self.zone.period_at_us(period.utc_end_us)
        raise RuntimeError("no instant found for the wall time (internal error)")  # pragma: no cover

    def _step_back(self, x: int | None, offset: int, start_wall: int) -> tuple[int | None, int]:
        """``while next_date > start: offset -= 1; next_date = jump(offset)`` (wall clock)."""
        for _ in range(self.zone.max_transitions + _MAX_ADJUST):
            if x is None or self.wall(x) <= start_wall:
                return x, offset
            if self.days != 0:
                offset -= 1
                x = self.jump(offset)
                continue
            target = self._last_wall_at_most(x - 1, start_wall)
            if target is None:
                return None, offset
            k = (target - self.anchor) // max(self.step_us, 1)
            for _ in range(_MAX_ADJUST):  # the float jump may sit a step off the estimate
                nxt = self.jump(k + 1)
                if nxt is None or nxt > target:
                    break
                k += 1
            for _ in range(_MAX_ADJUST):
                cur = self.jump(k)
                if cur is None or cur <= target:
                    break
                k -= 1
            offset, x = k, self.jump(k)
        raise RuntimeError("step-back did not converge (internal error)")  # pragma: no cover

    def _advance(self, x: int | None, offset: int, before_anchor: bool, start_wall: int) -> tuple[int | None, int]:
        """``while next_date < start: next_date = next(next_date)`` (wall clock)."""
        for _ in range(self.zone.max_transitions + _MAX_ADJUST):
            if x is None or not self.in_range(x) or self.wall(x) >= start_wall:
                return x, offset
            if before_anchor and offset < 0:
                offset += 1
                x = self.jump(offset)
            elif self.days != 0:
                x = self.step(x)
            else:
                target = self._first_wall_at_least(x + 1, start_wall)
                x = x + -((x - target) // self.step_us) * self.step_us
        raise RuntimeError("advance to start did not converge (internal error)")  # pragma: no cover

    # -------------------------------------------------------------- candidates

    def candidates(self, x: int, offset: int, before_anchor: bool, m: int) -> np.ndarray:
        """Up to *m* candidates starting with *x* (int64 UTC us), cut at the end of the domain."""
        out: list[np.ndarray] = [np.array([x], dtype=np.int64)]
        count = 1
        if before_anchor and offset < 0 and count < m:
            ks = np.arange(offset + 1, min(0, offset + m - count) + 1, dtype=np.int64)
            local = self.anchor_wall + self.days * ks * DAY_US
            jumped = self._localize_many(local, self.anchor, chained=False)
            if ks.size and ks[-1] == 0:
                jumped[-1] = self.anchor
            out.append(jumped)
            count += ks.size
            if ks.size:
                x = int(jumped[-1])
        rest = m - count
        if rest > 0:
            if self.days == 0:
                out.append(x + self.step_us * np.arange(1, rest + 1, dtype=np.int64))
            else:
                out.append(self._wall_steps(x, rest))
        c = np.concatenate(out)
        bad = np.flatnonzero((c < self.lo) | (c > self.hi))
        return c[: bad[0]] if bad.size else c

    def _wall_steps(self, x: int, m: int) -> np.ndarray:
        """m sequential wall-clock steps from the date *x*, each gap shift carried to later steps."""
        step, wall0 = self.step_us, self.wall(x)
        # Stop generating wall times past the domain (the rest would be cut anyway).
        m = int(min(m, max(0, (self.hi + 2 * DAY_US - wall0) // step + 1)))
        walls = wall0 + step * np.arange(1, m + 1, dtype=np.int64)
        if not m:
            return walls
        done: int | None = None  # start of the last gap handled
        for _ in range(self.zone.max_transitions + 1):
            gaps = [
                g for g in self.zone.gaps_us(int(walls[0]), int(walls[-1])) if done is None or g[0] > done
            ]
            if not gaps:
                break
            for gap_start, gap_end in gaps:
                i = int(np.searchsorted(walls, gap_start, "left"))
                if i < m and walls[i] < gap_end:
                    walls[i:] += gap_end - gap_start
                done = gap_start
        return self._localize_many(walls, x, chained=True)

    def _localize_many(self, local: np.ndarray, prev: int, chained: bool) -> np.ndarray:
        """:meth:`_localize` of sorted wall times reached by adding days to *prev* (each to the one
        before when *chained*); pendulum ignores where a date came from."""
        return self.zone.to_utc_us(local, "shift", self.FOLD, assume_sorted=True)

    # ------------------------------------------------------------------ query

    def dates(self, n: int, start: int, end: int | None) -> np.ndarray:
        """Prefect's ``get_dates(n, start, end)`` as sorted int64 UTC microseconds."""
        empty = np.empty(0, dtype=np.int64)
        x, offset, before_anchor = self.first(start)
        start_wall = self.wall(start)
        x, offset = self._advance(x, offset, before_anchor, start_wall)
        if x is None or not self.in_range(x):
            return empty
        c = self.candidates(x, offset, before_anchor, MAX_CANDIDATES)
        if not c.size:
            return empty
        walls = c + self.zone.offsets_us(c)
        if end is not None:
            over = np.flatnonzero(walls > self.wall(end))
            if over.size:
                c, walls = c[: over[0]], walls[: over[0]]
        # Emit each wall time once (seen-set by wall clock); stop once n are out.
        first_seen = np.zeros(c.size, dtype=bool)
        first_seen[np.unique(walls, return_index=True)[1]] = True
        done = np.flatnonzero(np.cumsum(first_seen) >= max(n, 1))
        cut = done[0] + 1 if done.size else c.size
        c, walls = c[:cut][first_seen[:cut]], walls[:cut][first_seen[:cut]]
        return c[np.argsort(walls, kind="stable")]


def prefect_anchor_us(value: object) -> tuple[int, str | None, AnchorTz]:
    """An anchor as Prefect 3.9.1's pendulum engine reads it: (UTC us, inferred zone key, its own zone or offset).

    Naive anchors are UTC (and kept in UTC, as Prefect stores them).  A stdlib
    ``datetime`` with a ``ZoneInfo`` whose wall time lies in a DST gap is
    converted the way ``pendulum.instance`` does it, which is the opposite of
    Python's own rule: ``fold=0`` gives the wall time minus the gap at the old
    offset (02:30 -> 01:30-05:00), ``fold=1`` the wall time plus the gap at the
    new offset (03:30-04:00).
    """
    import zoneinfo
    from datetime import datetime

    from ..schedule import anchor_tz

    m = parse_moment(value, "anchor_date")
    if m.utc_us is None:
        return cast(int, m.local_us), None, "UTC"
    tz = anchor_tz(m, "UTC")
    if (
        isinstance(value, datetime)
        and not isinstance(value, pendulum.DateTime)
        and isinstance(value.tzinfo, zoneinfo.ZoneInfo)
        and m.zone_key is not None
    ):
        zone = get_zone(m.zone_key)
        local = m.utc_us + cast(timedelta, value.utcoffset()) // _ONE_US
        info = zone.classify_us(local)
        if info.kind is LocalKind.GAP:
            chosen = info.offset_before if value.fold else info.offset_after
            return local - chosen * US, m.zone_key, m.zone_key  # pendulum normalizes the wall time in the zone
    return m.utc_us, m.zone_key, tz


def naive_is_utc(schedule: IntervalSchedule, value: object, what: str) -> int:
    """A query bound as pendulum's engine reads it: UTC microseconds, a naive value being UTC."""
    m = parse_moment(value, what)
    return m.utc_us if m.utc_us is not None else cast(int, m.local_us)


def query_bounds(
    schedule: IntervalSchedule, n: object, start: object, end: object, limit: object,
    instant: Callable[[IntervalSchedule, object, str], int],
) -> tuple[int, int, int | None, int]:
    """(n, start, end, limit) with Prefect's defaults; an explicit n over the limit is refused at once.

    *instant* reads ``start``/``end`` as the engine does (naive values differ).
    """
    limit = check_count(limit, "limit")
    if n is None:
        n = MAX_ITERATIONS if end is not None else 1  # implied: checked against the result instead
    else:
        n = check_count(n)
        if n > limit:
            raise LimitExceededError(f"n={n} is more than limit={limit}; pass a larger limit to allow it")
    start_us = now_utc_us() if start is None else instant(schedule, start, "start")
    end_us = None if end is None else instant(schedule, end, "end")
    return n, start_us, end_us, limit


def check_result_size(out: np.ndarray, limit: int) -> np.ndarray:
    """At most 1002 dates are ever computed, so a window holding more than *limit* is refused after the fact."""
    if len(out) > limit:
        raise LimitExceededError(f"the window holds {len(out)} dates, more than limit={limit}; pass n= or a larger limit")
    return out


# ------------------------------------------------------------ the engine's interface
#
# Each Prefect profile module offers these three functions; interval_schedule._profiles
# maps profile names to modules.


def dates_us(
    schedule: IntervalSchedule, n: int | None = None, start: object = None, end: object = None, *, limit: int
) -> np.ndarray:
    """The "prefect" profile's dates as int64 UTC microseconds (in Prefect's order: by wall clock)."""
    n, start_us, end_us, limit = query_bounds(schedule, n, start, end, limit, naive_is_utc)
    return check_result_size(PrefectSeries(schedule).dates(n, start_us, end_us), limit)


def get_dates(
    schedule: IntervalSchedule, n: int | None = None, start: object = None, end: object = None, *, limit: int
) -> list[pendulum.DateTime]:
    """The "prefect" profile's dates as pendulum DateTimes in the schedule's zone."""
    return pendulum_list(dates_us(schedule, n, start, end, limit=limit), schedule.timezone)


def from_inputs(cls: type[IntervalSchedule], interval: object, anchor_date: object, timezone: str | None) -> IntervalSchedule:
    """A schedule built from Prefect's inputs as this engine reads them (see :func:`prefect_anchor_us`)."""
    from .._convert import parse_interval

    if anchor_date is None:
        return cls(interval, None, timezone)
    utc_us, inferred, tz = prefect_anchor_us(anchor_date)
    key = timezone if timezone is not None else (inferred or "UTC")
    return cls._from_parts(parse_interval(interval), utc_us, key, tz=tz)

