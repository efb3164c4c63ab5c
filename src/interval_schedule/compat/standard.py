"""Profile ``"standard"``: our own semantics (docs/semantics.md) behind the profile interface.

The rules themselves live in :mod:`interval_schedule._core` (scalar, the
reference) and :mod:`interval_schedule._series` (numpy); this profile answers
every query with them, in any tzdata release, honouring the gap/fold policies.
"""

from __future__ import annotations

from .._core import Core
from .._limits import DEFAULT_ARRAY_LIMIT, DEFAULT_LIST_LIMIT, check_count
from .._series import window_us
from ..errors import LimitExceededError
from .base import QUERIES, DateProfile, Dates, ScheduleParts

__all__ = ["PROFILE", "StandardProfile"]

#: Up to this many dates the scalar core lists them faster than numpy (its per-call overhead).
_SCALAR_MAX = 16


class StandardProfile(DateProfile):
    """The "standard" rules: elapsed steps under 24 h, wall-clock steps from the anchor at 24 h or more."""

    name = "standard"
    supports = frozenset(QUERIES)
    any_source = True
    policies = True
    batch_native = True

    def naive_us(self, core: Core, local_us: int) -> int:
        """A naive bound is wall time in the zone (a gap shifts it forward, a fold takes the *fold* policy's instant)."""
        return core.zone.instant_us(local_us, core.fold)

    def from_inputs(self, interval: object, anchor_date: object, timezone: str | None) -> ScheduleParts | None:
        return None  # the constructor's reading

    def dates(self, core: Core, n: object, start_us: int, end_us: int | None, limit: object) -> Dates:
        """The first *n* dates in ``[start, end]``; ``n=None`` means every date with *end*, one without.

        More than *limit* dates raise before anything is built.
        """
        # Our own defaults are not checked again (the scheduler's one-date call is hot).
        lim = limit if limit is DEFAULT_LIST_LIMIT or limit is DEFAULT_ARRAY_LIMIT else check_count(limit, "limit")
        count: int
        if n is None and end_us is not None:
            count = core.count(start_us, end_us)
            if count > lim:
                raise LimitExceededError(
                    f"the window holds {count} dates, more than limit={lim}; pass n=, a narrower window or a larger limit"
                )
        else:
            # Without end, n=None asks for one date: the limit counts it like an explicit n=1.
            count = 1 if n is None else check_count(n)
            if count > lim:
                raise LimitExceededError(f"n={count} is more than limit={lim}; pass a larger limit to allow it")
        if count <= _SCALAR_MAX:
            return core.window(start_us, end_us, count)
        return window_us(core, start_us, end_us, count)

    def next(self, core: Core, t: int) -> int | None:
        if core.wall:
            return core.next_at_or_after(t)
        if t > core.hi:
            return None
        a, step = core.anchor_utc_us, core.interval_us
        u = a - ((a - max(t, core.lo)) // step) * step  # A + ceil((t - A) / I) * I
        return u if u <= core.hi else None

    def previous(self, core: Core, t: int) -> int | None:
        return core.previous_before(t)

    def count(self, core: Core, start: int, end: int) -> int:
        return core.count(start, end)


PROFILE = StandardProfile()
