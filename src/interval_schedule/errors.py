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

import copy
from typing import TypeVar

import numpy as np

__all__ = [
    "IntervalScheduleError",
    "ZoneNotFoundError",
    "InvalidTZifError",
    "TzSourceError",
    "InvalidIntervalError",
    "InvalidDatetimeError",
    "InvalidPolicyError",
    "InvalidQueryError",
    "UnsupportedQueryError",
    "LimitExceededError",
    "InvalidScheduleError",
    "InvalidDocumentError",
    "DeploymentFieldError",
    "UnsupportedScheduleError",
    "DeploymentNotFoundError",
    "ScheduleTypeError",
    "PrefectAPIError",
    "PrefectConnectionError",
    "PrefectTimeoutError",
    "PrefectAuthError",
    "PrefectRequestError",
    "PrefectServerError",
    "PrefectResponseError",
    "shorten",
]

_E = TypeVar("_E", bound=BaseException)


def shorten(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to *limit* characters so hostile input cannot flood a message.

    >>> shorten("x" * 100, limit=12)
    "'xxxxxx...(102 chars)"
    >>> shorten(10**100)
    '1000000000000000000000000000000000000000000000000000000...(101 digits)'
    >>> shorten(10**5000)  # beyond the interpreter's int-to-text limit
    'an int of 5001 digits'

    numpy scalars are written the same way on every numpy release (numpy 2
    changed ``numpy.int64(5)``'s repr from ``5`` to ``np.int64(5)``):

    >>> shorten(np.timedelta64(1, "M")), shorten(np.datetime64("2024-01-01")), shorten(np.int64(5))
    ("numpy.timedelta64(1,'M')", "numpy.datetime64('2024-01-01')", 'numpy.int64(5)')
    """
    if isinstance(value, int) and value.bit_length() > 4 * limit:
        # repr() of an int above sys.get_int_max_str_digits() raises ValueError
        # (and is slow well below it): print the first digits only, or none.
        if value.bit_length() > 13_000:  # about 3900 digits
            digits = _digits(abs(value))
            return f"an int of {digits} digits" if value > 0 else f"a negative int of {digits} digits"
        text = str(value)
        digits = len(text.lstrip("-"))
        return f"{text[: limit - 5]}...({digits} digits)"
    text = numpy_repr(value) if isinstance(value, np.generic) else repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 5]}...({len(text)} chars)"


def with_context(exc: _E, prefix: str) -> _E:
    """A copy of *exc* whose message starts with *prefix* (``"file.json: "``): same class and attributes.

    Raise it ``from exc``; a field error keeps its :attr:`~DeploymentFieldError.path`.

    >>> e = with_context(DeploymentFieldError("flow_id: required", "flow_id"), "line 3: deployment.")
    >>> str(e), e.path
    ('line 3: deployment.flow_id: required', 'flow_id')
    """
    wrapped = copy.copy(exc)
    wrapped.args = (f"{prefix}{exc}",)
    return wrapped


def _digits(n: int) -> int:
    """The number of decimal digits of a positive int, without converting it to text."""
    digits = int(n.bit_length() * 0.30102999566398120)  # log10(2): exact or one short
    return digits + 1 if n >= 10**digits else digits


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


class TzSourceError(IntervalScheduleError, ValueError):
    """A directory given to ``TzSource.from_path`` that is not a tzdata release, or a bad source option."""


class InvalidIntervalError(IntervalScheduleError, ValueError):
    """An interval that is not a positive duration within the supported range."""


class InvalidPolicyError(IntervalScheduleError, ValueError):
    """An unknown gap/fold policy or profile name."""


class InvalidQueryError(IntervalScheduleError, ValueError):
    """A query argument with a wrong value (a negative ``n``, say)."""


class InvalidDatetimeError(InvalidQueryError):
    """A datetime that cannot be parsed or lies outside years 1-9999, or a naive one where an instant is needed.

    A kind of :class:`InvalidQueryError` (a datetime argument with a wrong
    value), so ``except InvalidQueryError`` also catches a bad query bound.
    """


class UnsupportedQueryError(InvalidQueryError):
    """A query the chosen profile does not answer (``previous_date(profile="prefect")``, say).

    The message names the profile, the query and the profiles that answer it.
    """


class LimitExceededError(IntervalScheduleError, ValueError):
    """A query that would return more dates than its ``limit`` allows."""


class InvalidScheduleError(IntervalScheduleError, ValueError):
    """A schedule document (dict/JSON) with unknown keys or wrong values."""


class InvalidDocumentError(IntervalScheduleError, ValueError):
    """A deployment document with a wrong field; the message names the field path."""


class DeploymentFieldError(InvalidDocumentError):
    """A deployment document field with a wrong type or value.

    ``str(error)`` names the field's path and the value; :attr:`path` is the
    path (``"schedules[1].schedule.interval"``) and :attr:`value` the value
    (absent fields have ``value`` ``None`` and say "required").  Also
    importable from :mod:`interval_schedule.deployment`.
    """

    def __init__(self, message: str, path: str = "", value: object = None) -> None:
        super().__init__(message)
        self.path = path
        self.value = value


class UnsupportedScheduleError(IntervalScheduleError, ValueError):
    """A cron or rrule schedule: only interval schedules are supported."""


class DeploymentNotFoundError(IntervalScheduleError, KeyError):
    """No deployment with this flow name and deployment name.

    From a Prefect server (HTTP 404), :attr:`url` and :attr:`status` say where.
    """

    url: str | None = None
    status: int | None = None

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ScheduleTypeError(IntervalScheduleError, TypeError):
    """A value of the wrong Python type where a schedule input was expected."""


class PrefectAPIError(IntervalScheduleError, ValueError):
    """A Prefect REST API request that failed (``interval_schedule.prefect_api``).

    :attr:`url` is the request's URL, :attr:`status` the HTTP status (``None``
    when there was no answer); both are in the message too.
    """

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class PrefectConnectionError(PrefectAPIError):
    """No connection to the server: refused, unknown host, or reset on every retry."""


class PrefectTimeoutError(PrefectAPIError):
    """The server did not answer (or finish answering) within the timeout."""


class PrefectAuthError(PrefectAPIError):
    """HTTP 401 or 403: a missing or wrong API key (``PREFECT_API_KEY``)."""


class PrefectRequestError(PrefectAPIError):
    """HTTP 422 or another 4xx: the server refused the request (its ``detail`` is in the message)."""


class PrefectServerError(PrefectAPIError):
    """HTTP 5xx, after the bounded retries for 503."""


class PrefectResponseError(PrefectAPIError):
    """An answer that is not what a Prefect API sends: HTML, malformed JSON, or JSON of the wrong shape."""
