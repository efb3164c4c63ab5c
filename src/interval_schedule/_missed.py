"""Missed-run policies and grace on integers: the checks and the arithmetic the batch and missed.py share.

The policies are explained in :mod:`interval_schedule.missed`, which re-exports
these names.  This module sits below the batch (:meth:`ScheduleBatch.missed_runs
<interval_schedule.batch.ScheduleBatch.missed_runs>` uses it) and knows no
schedule.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import numpy as np

from ._convert import timedelta_us
from ._units import MAX_US, MIN_US
from .errors import InvalidQueryError, ScheduleTypeError, shorten
from .tz._zone import policy_name

__all__ = ["MISSED_POLICIES", "MissedPolicy", "check_missed_policy", "check_grace", "eligible_start_us"]

MissedPolicy = Literal["all", "latest", "none"]
MISSED_POLICIES: tuple[str, ...] = ("all", "latest", "none")


def check_missed_policy(policy: object) -> str:
    return policy_name(policy, MISSED_POLICIES, "missed-run policy")  # the built-in string, as gap/fold


def check_grace(grace: object) -> int | None:
    """*grace* as microseconds (None for no limit): a non-negative timedelta."""
    if grace is None:
        return None
    if not isinstance(grace, timedelta):
        raise ScheduleTypeError(f"grace must be a timedelta or None, not {type(grace).__name__} ({shorten(grace)})")
    us = timedelta_us(grace, "grace", InvalidQueryError)  # a pendulum Duration too
    if us < 0:
        raise InvalidQueryError(f"grace must not be negative, got {shorten(grace)}")
    return min(us, MAX_US - MIN_US)


def eligible_start_us(last_us: np.ndarray, now_us: np.ndarray, grace_us: int | None) -> np.ndarray:
    """Per schedule, the first instant a missed occurrence may have and still run: ``max(last_run + 1 us, now - grace)``."""
    lo = last_us + 1
    return lo if grace_us is None else np.maximum(lo, now_us - grace_us)
