"""Profile ``"prefect-py313"``: Prefect 3.9.1's interval dates on Python >= 3.13 (its whenever engine).

On Python 3.13 and later Prefect 3.9.1 computes interval dates with
``whenever.ZonedDateTime`` instead of pendulum.  The algorithm is the same
(first candidate, then up to 1002 steps, see :mod:`interval_schedule.compat.prefect`);
what the engine does differently, in our words (../shared/REFERENCE.md section 1,
docs/prefect.md):

* Naive anchors, starts and ends are wall time in the schedule's zone (a gap
  time moves forward, a fold time takes the earlier instant), not UTC.
* Adding days to a date keeps its time of day on the new date; a time in a
  fold keeps the date's current offset when that offset is one of the fold's
  two, and otherwise takes the **earlier** instant; a gap moves it forward.
  The seconds part of an interval (the ``1 h`` of ``25 h``) is then added as
  exact elapsed time, so ``25 h`` is "tomorrow, same time, plus an hour".
* Every comparison (start, end, the duplicate check) is between instants, so
  an hourly schedule keeps both passes through a fold.  ``get_dates`` still
  sorts its stdlib datetimes by wall clock (Python's rule for datetimes sharing
  a tzinfo), so in a fold the two passes interleave (01:00-04, 01:00-05,
  01:30-04, ...); the scheduler takes the dates in time order.
* Seconds are floats turned into nanoseconds by truncation
  (``int(seconds * 1e9)``), and dates keep those nanoseconds while stepping;
  the returned datetimes drop them (microseconds, truncated).  So an interval
  of ``1.000001 s`` steps ``1.000000999 s``.

Everything else (n defaults, the 1002-candidate stop, ``end`` inclusive, the
seek over DST gaps for day intervals, dates before the anchor by direct jumps)
is shared with the pendulum engine.  Where Prefect raises (a series running
past year 9999) this profile ends the series.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import pendulum

from .._convert import parse_moment, pendulum_list
from .._units import DAY_US, US
from ..tz import LocalKind
from .prefect import _MAX_ADJUST, MAX_CANDIDATES, PrefectSeries, check_result_size, query_bounds

if TYPE_CHECKING:
    from ..schedule import IntervalSchedule

__all__ = ["WheneverSeries", "dates_us", "from_inputs", "get_dates"]

NS_PER_US = 1_000
NS_PER_S = 1_000_000_000


class WheneverSeries(PrefectSeries):
    """One schedule's date generator with the rules of Prefect 3.9.1's whenever engine.

    Instants are Python ints: microseconds for wall-clock work (shared with the
    pendulum engine), nanoseconds (``*_ns``) where whenever keeps them.
    """

    FOLD = "earlier"

    def __init__(self, schedule: IntervalSchedule) -> None:
        super().__init__(schedule)
        # As Prefect computes them: float seconds, their sum with the days, whenever's truncation.
        self.approx = self.days * 86400 + self.secs
        self.step_ns = int(self.secs * NS_PER_S)
        self.anchor_ns = self.anchor * NS_PER_US
        self.anchor_offset = self.anchor_wall - self.anchor

    # ------------------------------------------------------------ primitives

    def _localize_from(self, local_us: int, prev_us: int) -> int:
        """``prev.add(days=...)`` landing on wall time *local_us*: a fold keeps prev's offset if it can."""
        info = self.zone.classify_us(local_us)
        if info.kind is LocalKind.FOLD and self.wall(prev_us) - prev_us == info.offset_after * US:
            return local_us - info.offset_after * US  # the later instant, at the offset prev already has
        return self._localize(local_us)

    def _point(self, base: int, j: int, x0: int) -> int:
        if j == 0:
            return x0
        local = base + j * self.step_us
        if self.zone.classify_us(local).kind is LocalKind.FOLD:
            return self._localize_from(local, self._point(base, j - 1, x0))
        return self._localize(local)

    def _localize_many(self, local: np.ndarray, prev: int, chained: bool) -> np.ndarray:
        out = self.zone.to_utc_us(local, "shift", "earlier", assume_sorted=True)
        later = self.zone.to_utc_us(local, "shift", "later", assume_sorted=True)
        for i in np.flatnonzero(out != later).tolist():  # in a fold: rare, and each depends on the one before
            before = prev if not chained or i == 0 else int(out[i - 1])
            out[i] = self._localize_from(int(local[i]), before)
        return out

    def _in_domain_ns(self, u_ns: int) -> int | None:
        return u_ns if self.lo * NS_PER_US <= u_ns <= self.hi * NS_PER_US + NS_PER_US - 1 else None

    def jump_ns(self, k: int) -> int | None:
        """``anchor.add(...)`` k intervals away, by Prefect's direct-jump rule (nanoseconds)."""
        try:
            if self.days == 0:
                return self._in_domain_ns(self.anchor_ns + int(self.secs * k * NS_PER_S))
            if self.secs == 0:
                if k == 0:
                    return self.anchor_ns
                local = self.anchor_wall + self.days * k * DAY_US
                if not self.lo - 2 * DAY_US <= local <= self.hi + 2 * DAY_US:
                    return None
                return self._in_domain_ns(self._localize_from(local, self.anchor) * NS_PER_US)
            return self._in_domain_ns(self.anchor_ns + int(self.approx * k * NS_PER_S))
        except OverflowError:  # float seconds beyond any date
            return None

    def step_ns_from(self, x_ns: int) -> int | None:
        """The date after *x_ns*: days on the wall clock (offset kept in a fold), then exact seconds."""
        if self.days == 0:
            return self._in_domain_ns(x_ns + self.step_ns)
        us, rem = divmod(x_ns, NS_PER_US)
        local = self.wall(us) + self.days * DAY_US
        if local > self.hi + 2 * DAY_US:
            return None
        return self._in_domain_ns(self._localize_from(local, us) * NS_PER_US + rem + self.step_ns)

    # --------------------------------------------------------- first candidate

    def first_ns(self, start_us: int) -> tuple[int | None, int, bool]:
        """(first candidate, jump offset, before-anchor mode): every comparison is between instants."""
        start_ns = start_us * NS_PER_US
        offset = 0
        x: int | None
        if start_us >= self.anchor and self.pure_days and self.key != "UTC":
            x = self._seek(start_us) * NS_PER_US
        else:
            diff_secs = (start_ns - self.anchor_ns) / NS_PER_S
            offset = int(diff_secs / self.approx)
            x = self.jump_ns(offset)
            for _ in range(len(self.zone.offsets) + _MAX_ADJUST):
                if x is None or x <= start_ns:
                    break
                offset -= 1
                x = self.jump_ns(offset)
            else:  # pragma: no cover
                raise RuntimeError("step-back did not converge (internal error)")
        return x, offset, start_us < self.anchor and self.pure_days

    def _next_ns(self, x_ns: int, offset: int, before_anchor: bool) -> tuple[int | None, int]:
        if before_anchor and offset < 0:
            return self.jump_ns(offset + 1), offset + 1
        return self.step_ns_from(x_ns), offset

    # -------------------------------------------------------------- candidates

    def candidates_ns(self, x_ns: int, offset: int, before_anchor: bool, m: int) -> tuple[np.ndarray, np.ndarray]:
        """Up to *m* candidates from *x_ns*, as (UTC microseconds, nanosecond remainders 0..999)."""
        if self.days != 0 and self.secs != 0:  # never before-anchor mode: that needs whole days
            return self._scalar_candidates(x_ns, offset, before_anchor, m)
        us0, rem0 = divmod(x_ns, NS_PER_US)
        if self.days == 0:
            js = np.arange(m, dtype=np.int64)
            total = rem0 + js * self.step_ns  # < 1002 * 86400e9: no int64 overflow
            us = us0 + total // NS_PER_US
            rem = total % NS_PER_US
        else:  # pure days: microsecond dates (the anchor has no nanoseconds)
            us = self.candidates(us0, offset, before_anchor, m)
            rem = np.zeros(us.size, dtype=np.int64)
        keep = (us >= self.lo) & (us <= self.hi)
        cut = np.flatnonzero(~keep)
        n = cut[0] if cut.size else us.size
        return us[:n], rem[:n]

    def _scalar_candidates(self, x_ns: int, offset: int, before_anchor: bool, m: int) -> tuple[np.ndarray, np.ndarray]:
        """Mixed intervals (days and seconds), at most 1002 dates, stretch by stretch.

        While a date's offset ``o`` is the offset of both the date and the wall
        time a day-step lands on, the step is ``+ days + seconds`` of elapsed
        time (a fold keeps ``o``; see :meth:`_localize_from`).  So each stretch
        is an arithmetic series, checked with two vectorized offset lookups; the
        date where the check fails is stepped by the scalar rule (:meth:`_next_ns`).
        """
        step = self.days * DAY_US * NS_PER_US + self.step_ns
        parts: list[tuple[np.ndarray, np.ndarray]] = []  # (microseconds, nanosecond remainders)
        count = 0
        x: int | None = x_ns
        for _ in range(m + 1):  # each round keeps at least one date
            if x is None or count >= m:
                break
            us0, rem0 = divmod(x, NS_PER_US)
            o = self.wall(us0) - us0
            js = np.arange(m - count, dtype=np.int64)
            total = rem0 + js * step  # < 1002 * (days + seconds): no int64 overflow for intervals the domain allows
            xs = us0 + total // NS_PER_US
            inside = np.flatnonzero((xs < self.lo) | (xs > self.hi))
            if inside.size:
                xs, total = xs[: inside[0]], total[: inside[0]]
            if not xs.size:
                break
            landed = xs + self.days * DAY_US  # where the day-step lands, were the offset still o
            ok = (self.zone.offsets_us(xs) == o) & (self.zone.offsets_us(landed) == o)
            bad = np.flatnonzero(~ok)
            keep = int(bad[0]) + 1 if bad.size else xs.size  # the failing date itself is right (made by a good step)
            parts.append((xs[:keep], total[:keep] % NS_PER_US))
            count += keep
            if not bad.size:
                break
            x, offset = self._next_ns(int(xs[keep - 1]) * NS_PER_US + int(total[keep - 1] % NS_PER_US), offset, before_anchor)
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return np.concatenate([p[0] for p in parts])[:m], np.concatenate([p[1] for p in parts])[:m]

    # ------------------------------------------------------------------ query

    def dates(self, n: int, start: int, end: int | None) -> np.ndarray:
        """Prefect's ``get_dates(n, start, end)`` as int64 UTC microseconds, in its order (by wall clock)."""
        empty = np.empty(0, dtype=np.int64)
        start_ns = start * NS_PER_US
        x, offset, before_anchor = self.first_ns(start)
        for _ in range(len(self.zone.offsets) + _MAX_ADJUST):
            if x is None or x >= start_ns:
                break
            x, offset = self._next_ns(x, offset, before_anchor)
        else:  # pragma: no cover
            raise RuntimeError("advance to start did not converge (internal error)")
        if x is None:
            return empty
        us, rem = self.candidates_ns(x, offset, before_anchor, MAX_CANDIDATES)
        if end is not None:  # instant comparison: x_ns > end_ns
            over = np.flatnonzero((us > end) | ((us == end) & (rem > 0)))
            if over.size:
                us, rem = us[: over[0]], rem[: over[0]]
        # The duplicate check compares instants; the candidates strictly increase
        # in time (every step moves forward), so each is new: keep the first n.
        us = us[: max(n, 1)]
        walls = us + self.zone.offsets_us(us)
        return us[np.argsort(walls, kind="stable")]


def naive_is_wall_time(schedule: IntervalSchedule, value: object, what: str) -> int:
    """A query bound as whenever's engine reads it: a naive value is wall time in the zone (fold: earlier)."""
    m = parse_moment(value, what)
    if m.utc_us is not None:
        return m.utc_us
    return schedule._core.zone.instant_us(cast(int, m.local_us), "earlier")


# ------------------------------------------------------------ the engine's interface


def dates_us(
    schedule: IntervalSchedule, n: int | None = None, start: object = None, end: object = None, *, limit: int
) -> np.ndarray:
    """The "prefect-py313" profile's dates as int64 UTC microseconds (in Prefect's order: by wall clock)."""
    n, start_us, end_us, limit = query_bounds(schedule, n, start, end, limit, naive_is_wall_time)
    return check_result_size(WheneverSeries(schedule).dates(n, start_us, end_us), limit)


def get_dates(
    schedule: IntervalSchedule, n: int | None = None, start: object = None, end: object = None, *, limit: int
) -> list[pendulum.DateTime]:
    """The "prefect-py313" profile's dates as pendulum DateTimes in the schedule's zone.

    Prefect returns stdlib datetimes with a ``ZoneInfo`` here; their
    ``isoformat()``, ``str()`` and instants are the same.
    """
    return pendulum_list(dates_us(schedule, n, start, end, limit=limit), schedule.timezone)


def from_inputs(cls: type[IntervalSchedule], interval: object, anchor_date: object, timezone: str | None) -> IntervalSchedule:
    """Prefect on Python 3.13 reads an anchor as the constructor does: naive is wall time in *timezone*."""
    return cls(interval, anchor_date, timezone)
