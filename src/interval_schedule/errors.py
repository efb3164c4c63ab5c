"""The library's exceptions.

Every error a caller can provoke with bad input derives from
:class:`IntervalScheduleError` *and* from the builtin whose meaning it carries
(``ValueError``, ``KeyError`` or ``TypeError``), so ``except ValueError`` keeps
working for code that does not know this library.

>>> from interval_schedule.errors import ZoneNotFoundError
>>> issubclass(ZoneNotFoundError, KeyError)
True
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "IntervalScheduleError",
    "ZoneNotFoundError",
    "InvalidTZifError",
    "InvalidIntervalError",
    "InvalidDatetimeError",
    "InvalidPolicyError",
    "InvalidQueryError",
    "LimitExceededError",
    "InvalidScheduleError",
    "InvalidDocumentError",
    "UnsupportedScheduleError",
    "DeploymentNotFoundError",
    "ScheduleTypeError",
    "shorten",
]


def shorten(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to *limit* characters so hostile input cannot flood a message.

    >>> shorten("x" * 100, limit=12)
    "'xxxxxx...(102 chars)"

    numpy scalars are written the same way on every numpy release (numpy 2
    changed ``numpy.int64(5)``'s repr from ``5`` to ``np.int64(5)``):

    >>> shorten(np.timedelta64(1, "M")), shorten(np.datetime64("2024-01-01")), shorten(np.int64(5))
    ("numpy.timedelta64(1,'M')", "numpy.datetime64('2024-01-01')", 'numpy.int64(5)')
    """
    text = numpy_repr(value) if isinstance(value, np.generic) else repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 5]}...({len(text)} chars)"


def numpy_repr(value: np.generic) -> str:
    """A numpy scalar's repr in one style for every numpy release (numpy 1.x's, with ``numpy.``)."""
    if isinstance(value, np.timedelta64):
        unit, count = np.datetime_data(value.dtype)
        unit_text = unit if count == 1 else f"{count}{unit}"
        amount = "'NaT'" if np.isnat(value) else str(int(value.view(np.int64)))
        return f"numpy.timedelta64({amount},'{unit_text}')"
    if isinstance(value, np.datetime64):
        return f"numpy.datetime64('{value}')"
    if isinstance(value, (np.str_, np.bytes_)):
        return repr(value.item())
    return f"numpy.{value.dtype.name}({value.item()!r})"


class IntervalScheduleError(Exception):
    """Base class of every error raised on purpose by interval_schedule."""


class ZoneNotFoundError(IntervalScheduleError, KeyError):
    """A time-zone key that is not in the tzdata package's key list."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidTZifError(IntervalScheduleError, ValueError):
    """Bytes that are not a well-formed TZif file (RFC 9636), or a bad POSIX TZ footer."""


class InvalidIntervalError(IntervalScheduleError, ValueError):
    """An interval that is not a positive duration within the supported range."""


class InvalidDatetimeError(IntervalScheduleError, ValueError):
    """A datetime that cannot be parsed or lies outside years 1-9999."""


class InvalidPolicyError(IntervalScheduleError, ValueError):
    """An unknown gap/fold policy or profile name."""


class InvalidQueryError(IntervalScheduleError, ValueError):
    """A query argument with a wrong value (a negative ``n``, say)."""


class LimitExceededError(IntervalScheduleError, ValueError):
    """A query that would return more dates than its ``limit`` allows."""


class InvalidScheduleError(IntervalScheduleError, ValueError):
    """A schedule document (dict/JSON) with unknown keys or wrong values."""


class InvalidDocumentError(IntervalScheduleError, ValueError):
    """A deployment document with a wrong field; the message names the field path."""


class UnsupportedScheduleError(IntervalScheduleError, ValueError):
    """A cron or rrule schedule: only interval schedules are supported."""


class DeploymentNotFoundError(IntervalScheduleError, KeyError):
    """No deployment with this flow name and deployment name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ScheduleTypeError(IntervalScheduleError, TypeError):
    """A value of the wrong Python type where a schedule input was expected."""
