"""Counts, default limits and the clock: what every query checks, below the schedule model.

Here rather than in ``schedule.py`` so that the profiles (``compat/``) and the
batch use them without importing the model that dispatches to them.
"""

from __future__ import annotations

import operator
from datetime import datetime, timezone

import numpy as np

from ._units import EPOCH_UTC, ONE_US
from .errors import InvalidQueryError, ScheduleTypeError, shorten

__all__ = ["DEFAULT_ARRAY_LIMIT", "DEFAULT_LIST_LIMIT", "check_count", "now_utc_us"]

#: The most dates a list query returns unless told otherwise (``limit=``): 100 000
#: pendulum DateTimes hold 9.6 MB (tracemalloc, 100 000 hourly dates in Europe/Berlin).
DEFAULT_LIST_LIMIT = 100_000
#: The most dates an array query returns unless told otherwise: 100 million int64 are 800 MB.
DEFAULT_ARRAY_LIMIT = 100_000_000


def check_count(n: object, what: str = "n") -> int:
    """A non-negative int (numpy integers accepted, bools refused).

    >>> check_count(3)
    3
    >>> check_count(-1)
    Traceback (most recent call last):
    ...
    interval_schedule.errors.InvalidQueryError: n must be a non-negative int, got -1
    """
    if isinstance(n, (bool, np.timedelta64)) or not isinstance(n, (int, np.integer)):  # timedelta64 is an np.integer
        raise ScheduleTypeError(f"{what} must be a non-negative int, not {type(n).__name__} ({shorten(n)})")
    n = operator.index(n)
    if n < 0:
        raise InvalidQueryError(f"{what} must be a non-negative int, got {n}")
    return n


def now_utc_us() -> int:
    """The current instant in UTC microseconds (the only clock read in the library)."""
    return (datetime.now(timezone.utc) - EPOCH_UTC) // ONE_US
