"""``interval-schedule explain | timeline``: the operations commands (docs/operations.md).

Registered on the main parser by :func:`interval_schedule.cli.build_parser`;
user errors raise :class:`~interval_schedule.errors.IntervalScheduleError`
subclasses, which ``cli.main`` prints on one line (exit status 2).  The
timeline needs the ``plot`` extra (matplotlib), imported only by the command.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import InvalidQueryError, shorten
from ..explain import explain
from ._common import import_extra, schedule_from_args, schedule_options

__all__ = ["add_explain_command", "add_timeline_command"]


def add_explain_command(subparsers: Any) -> None:
    """Register ``explain`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser(
        "explain",
        help="explain why a schedule runs when it does (DST gaps, folds, the prefect profile)",
        description="Explain the first run at or after --at: its occurrence index, stepping, DST classification, "
        "the policy applied, and what Prefect 3.9.1 would do instead.",
    )
    schedule_options(p)
    p.add_argument("--at", required=True, help="the instant to explain, ISO-8601 (naive = wall time in the zone)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_explain)


def cmd_explain(a: argparse.Namespace) -> int:
    schedule = schedule_from_args(a)
    e = explain(schedule, a.at)
    if a.json:
        print(json.dumps({"schedule": schedule.to_dict(), **e.to_dict()}, indent=2))
    else:
        print(f"{schedule!r}")
        print(e)
    return 0


def add_timeline_command(subparsers: Any) -> None:
    """Register ``timeline`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser(
        "timeline",
        help="draw each run's local clock time by date (SVG or PNG; needs the 'plot' extra)",
        description="Draw each run's local clock time by date across DST changes, gaps and folds shaded, "
        "the standard and prefect profiles side by side, 23 h and 25 h days marked.",
    )
    schedule_options(p)
    p.add_argument("--start", required=True, help="first instant to draw, ISO-8601 (naive = wall time in the zone)")
    p.add_argument("--end", required=True, help="last instant to draw (inclusive)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="output file: .svg or .png")
    p.add_argument("--title", default=None, help="title (default: the schedule)")
    p.set_defaults(func=cmd_timeline)


def cmd_timeline(a: argparse.Namespace) -> int:
    if not a.output.lower().endswith((".svg", ".png")):
        raise InvalidQueryError(f"-o {shorten(a.output)}: the file name must end in .svg or .png")
    schedule = schedule_from_args(a)
    timeline = import_extra(".timeline")  # its ImportError names the extra to install
    info = timeline.draw_timeline(schedule, a.start, a.end, a.output, title=a.title)
    print(f"wrote {a.output}: {info.standard_runs} standard runs, {info.prefect_runs} prefect runs, {info.days} days")
    return 0
