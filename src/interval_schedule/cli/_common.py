"""What the commands share: the one-line-error parser, schedule options, tables, optional extras.

Nothing here knows a schedule's semantics: each helper turns command-line text
into library calls or library results into text.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from types import ModuleType
from typing import NoReturn

from .._convert import parse_interval, seconds_to_us
from ..errors import InvalidQueryError, shorten
from ..schedule import IntervalSchedule

__all__ = ["Parser", "import_extra", "parse_every", "schedule_from_args", "schedule_options", "split_name", "table"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_every(text: str) -> int:
    """``--every`` values: ``90s``, ``15m``, ``1h``, ``1d``, ``2w``, or anything :func:`parse_interval` takes.

    >>> parse_every("15m"), parse_every("PT1H")
    (900000000, 3600000000)
    """
    t = text.strip()
    if len(t) > 1 and t[-1].lower() in _UNITS and t[:-1].isascii() and t[:-1].replace(".", "", 1).isdigit():
        # Decimal: exact at any length (int() stops at 4300 digits, float() overflows).
        return seconds_to_us(Decimal(t[:-1]) * _UNITS[t[-1].lower()], text)
    return parse_interval(t)


class Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line: the CLI's errors are one line on stderr, status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def schedule_options(p: argparse.ArgumentParser) -> None:
    """The options that define one schedule: ``--every --anchor --timezone --gap --fold``."""
    p.add_argument("--every", required=True, help="interval: 15m, 1h, 1d, 2w, seconds, or ISO-8601 (PT1H30M)")
    p.add_argument("--anchor", required=True, help="anchor date, ISO-8601 (naive = wall time in --timezone)")
    p.add_argument("--timezone", default=None, help="IANA time zone (default: inferred from the anchor, else UTC)")
    p.add_argument("--gap", default="shift", help="gap policy: shift | skip")
    p.add_argument("--fold", default="earlier", help="fold policy: earlier | later")


def schedule_from_args(a: argparse.Namespace) -> IntervalSchedule:
    """The schedule :func:`schedule_options` describe."""
    interval = timedelta(microseconds=parse_every(a.every))
    return IntervalSchedule(interval, a.anchor, a.timezone, gap=a.gap, fold=a.fold)


def table(rows: Sequence[Mapping[str, object]], columns: Sequence[tuple[str, str]]) -> str:
    """*rows* as a plain-text table: one ``(key, TITLE)`` per column, left-aligned, no trailing spaces.

    >>> print(table([{"a": 1, "b": "xy"}, {"a": 22}], [("a", "A"), ("b", "BEE")]))
    A   BEE
    1   xy
    22
    """
    cells = [[str(r.get(k, "")) for k, _ in columns] for r in rows]
    widths = [max([len(title)] + [len(c[i]) for c in cells]) for i, (_, title) in enumerate(columns)]
    lines = ["  ".join(title.ljust(w) for (_, title), w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def split_name(name: str) -> tuple[str, str]:
    """``--name FLOW/DEPLOYMENT`` split at the first ``/``; both parts non-empty."""
    flow, sep, deployment = name.partition("/")
    if not sep or not flow or not deployment:
        raise InvalidQueryError(f"--name must be FLOW/DEPLOYMENT, got {shorten(name)}")
    return flow, deployment


def import_extra(module: str, missing: str | None = None) -> ModuleType:
    """Import *module* (relative to the package when it starts with ``.``), or refuse the command.

    Without the package an optional extra provides, the command fails with
    :class:`~interval_schedule.errors.InvalidQueryError` (one line, status 2):
    *missing* when given, else the ImportError's own message (the modules of
    extras name the ``pip install`` line themselves).
    """
    try:
        return importlib.import_module(module, "interval_schedule")
    except ImportError as exc:
        raise InvalidQueryError(missing or str(exc)) from None
