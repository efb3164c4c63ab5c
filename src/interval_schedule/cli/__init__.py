"""Command line: ``interval-schedule <command>`` (also ``python -m interval_schedule``).

Each command is a thin module that turns arguments into library calls and
results into text: ``preview``/``compare`` (:mod:`.schedule_cmds`), ``plan``
(:mod:`.plan`), ``explain``/``timeline`` (:mod:`.ops`), ``check``/``sync``
(:mod:`.prefect`), ``next-runs`` (:mod:`.columnar`) and ``tzdiff`` (:mod:`.tzdiff`).  User errors print one
line on stderr and exit with status 2, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .. import errors
from ._common import Parser, parse_every
from .columnar import add_next_runs_command
from .ops import add_explain_command, add_timeline_command
from .plan import add_plan_command
from .prefect import add_prefect_commands
from .schedule_cmds import add_schedule_commands
from .tzdiff import add_tzdiff_command

__all__ = ["main", "build_parser", "parse_every"]


def build_parser() -> Parser:
    """The ``interval-schedule`` argument parser, every command registered."""
    parser = Parser(prog="interval-schedule", description="When interval schedules fire.")
    sub = parser.add_subparsers(dest="command", required=True)
    add_schedule_commands(sub)
    add_plan_command(sub)
    add_explain_command(sub)
    add_timeline_command(sub)
    add_prefect_commands(sub)
    add_next_runs_command(sub)
    add_tzdiff_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status: 0 done, 1 ``check`` found differences, 2 a user error."""
    parser = build_parser()
    try:
        a = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line error (or --help)
        return int(exc.code or 0)
    try:
        status: int = a.func(a)
        return status
    except errors.IntervalScheduleError as exc:
        print(f"interval-schedule: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
