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

__all__ = [
    "IntervalScheduleError",
    "ZoneNotFoundError",
    "InvalidTZifError",
    "TzSourceError",
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
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 5]}...({len(text)} chars)"


class IntervalScheduleError(Exception):
    """Base class of every error raised on purpose by interval_schedule."""


class ZoneNotFoundError(IntervalScheduleError, KeyError):
    """A time-zone key that is not in the tzdata package's key list."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidTZifError(IntervalScheduleError, ValueError):
    """Bytes that are not a well-formed TZif file (RFC 9636), or a bad POSIX TZ footer."""


class TzSourceError(IntervalScheduleError, ValueError):
    """A directory given to ``TzSource.from_path`` that is not a tzdata release, or a bad source option."""


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
