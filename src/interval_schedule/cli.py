"""Command line: ``interval-schedule preview | compare | plan`` (also ``python -m interval_schedule``).

User errors print one line on stderr and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import cast

import numpy as np

from . import errors
from .errors import LimitExceededError
from ._convert import parse_interval, seconds_to_us, utc_iso
from .columnar_cli import add_next_runs_command
from .deployment_cli import add_plan_command
from ._profiles import PREFECT_PROFILES, PROFILES
from .explain import explain_us, skipped_walls
from .ops_cli import add_explain_command, add_timeline_command
from .prefect_cli import add_prefect_commands
from .schedule import IntervalSchedule, Profile, check_count
from .tzdiff_cli import add_tzdiff_command

__all__ = ["main", "build_parser"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class UsageError(errors.IntervalScheduleError, ValueError):
    """A command-line argument that cannot be used."""


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


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line: the CLI's errors are one line on stderr, status 2."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _schedule_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--every", required=True, help="interval: 15m, 1h, 1d, 2w, seconds, or ISO-8601 (PT1H30M)")
    p.add_argument("--anchor", required=True, help="anchor date, ISO-8601 (naive = wall time in --timezone)")
    p.add_argument("--timezone", default=None, help="IANA time zone (default: inferred from the anchor, else UTC)")
    p.add_argument("--gap", default="shift", help="gap policy: shift | skip")
    p.add_argument("--fold", default="earlier", help="fold policy: earlier | later")
    p.add_argument("--start", default=None, help="first instant to consider (default: the anchor)")
    p.add_argument("--count", type=int, default=10, help="how many dates (default 10)")


def _schedule(a: argparse.Namespace) -> IntervalSchedule:
    interval = timedelta(microseconds=parse_every(a.every))
    return IntervalSchedule(interval, a.anchor, a.timezone, gap=a.gap, fold=a.fold)


def _preview_rows(schedule: IntervalSchedule, start, count: int, profile: str = "standard") -> list[dict]:
    """One row per date: local time, UTC, offset, and the DST note :func:`~interval_schedule.explain.explain` gives.

    With a Prefect profile the dates are that Prefect's (in its order) and only
    folds are noted; a naive --start is wall time in the schedule's zone for
    every profile, so all of them answer for the same instant.
    """
    core = schedule._core
    start_us = schedule.anchor_utc_us if start is None else schedule._instant(start, "start")
    if profile != "standard":
        chosen = cast(Profile, profile)
        dates = schedule.dates_array(count, start=np.datetime64(start_us, "us"), profile=chosen).astype(np.int64).tolist()
    else:
        dates = core.window(start_us, None, count)
    rows = []
    for u in dates:
        e = explain_us(schedule, u, u, compare_prefect=False)
        note = e.note if profile == "standard" or e.fold_pass is not None else ""
        offset = e.occurrence.strftime("%z")
        rows.append({"local": e.occurrence.isoformat(), "utc": utc_iso(u), "offset": f"{offset[:3]}:{offset[3:]}", "note": note})
    if dates and core.wall and schedule.gap == "skip" and profile == "standard":
        for wall in skipped_walls(core, core.first_index(start_us), core.last_index(dates[-1])):
            rows.append({"local": wall, "utc": "", "offset": "", "note": "skipped (DST gap)"})
        rows.sort(key=lambda r: r["local"][:19])
    return rows


def _table(rows: list[dict], columns: Sequence[str]) -> str:
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in columns}
    lines = ["  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip()]
    lines += ["  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns).rstrip() for r in rows]
    return "\n".join(lines)


def cmd_preview(a: argparse.Namespace) -> int:
    schedule = _schedule(a)
    count, limit = check_count(a.count, "--count"), check_count(a.limit, "--limit")
    if count > limit:
        raise LimitExceededError(f"--count {count} is more than --limit {limit}")
    rows = _preview_rows(schedule, a.start, count, a.profile)
    if a.json:
        print(json.dumps({"schedule": schedule.to_dict(), "dates": rows}, indent=2))
    else:
        print(f"{schedule!r}")
        print(_table(rows, ["local", "utc", "offset", "note"]))
    return 0


def cmd_compare(a: argparse.Namespace) -> int:
    schedule = _schedule(a)
    # Both profiles get the same instants: a naive --start/--end is wall time in
    # the schedule's zone here, though Prefect alone would read it as UTC.
    start = np.datetime64(schedule.anchor_utc_us if a.start is None else schedule._instant(a.start, "--start"), "us")
    end = None if a.end is None else np.datetime64(schedule._instant(a.end, "--end"), "us")
    n = None if end is not None else a.count
    other = a.profile
    std = schedule.get_dates(n, start=start, end=end, limit=a.limit)
    pre = schedule.get_dates(n, start=start, end=end, profile=other, limit=a.limit)
    s_std, s_pre = {d.isoformat() for d in std}, {d.isoformat() for d in pre}
    only_std = sorted(s_std - s_pre)
    only_pre = sorted(s_pre - s_std)
    diffs = []
    for i in range(max(len(std), len(pre))):
        a_, b_ = (std[i].isoformat() if i < len(std) else ""), (pre[i].isoformat() if i < len(pre) else "")
        if a_ != b_:
            diffs.append({"index": i, "standard": a_, other: b_})
    result = {
        "standard": len(std),
        other: len(pre),
        "only_standard": len(only_std),
        f"only_{other}": len(only_pre),
        "first_differences": diffs[: check_count(a.show, "--show")],
    }
    if a.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{schedule!r}")
        print(
            f"standard: {len(std)} dates, {other}: {len(pre)} dates; "
            f"{len(only_std)} only in standard, {len(only_pre)} only in {other}"
        )
        if diffs:
            print(_table(diffs[: a.show], ["index", "standard", other]))
        else:
            print("identical")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="interval-schedule", description="When interval schedules fire.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("preview", help="list the next dates of a schedule, with DST notes")
    _schedule_args(p)
    p.add_argument("--limit", type=int, default=100_000, help="most dates to list (default 100000)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--profile", choices=PROFILES, default="standard", help="whose dates to list (default: standard)")
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser("compare", help="compare the 'standard' profile with a Prefect profile on one schedule")
    _schedule_args(p)
    p.add_argument(
        "--profile", choices=tuple(PREFECT_PROFILES), default="prefect",
        help="the Prefect profile to compare with (default: prefect, i.e. Prefect 3.9.1 on Python <= 3.12)",
    )
    p.add_argument("--end", default=None, help="end of the window (inclusive); without it --count dates")
    p.add_argument("--show", type=int, default=10, help="how many differences to print (default 10)")
    p.add_argument("--limit", type=int, default=100_000, help="most dates per profile (default 100000)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_compare)

    add_plan_command(sub)
    add_explain_command(sub)
    add_timeline_command(sub)
    add_prefect_commands(sub)
    add_next_runs_command(sub)
    add_tzdiff_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        a = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line error (or --help)
        return int(exc.code or 0)
    try:
        return a.func(a)
    except (errors.IntervalScheduleError, NotImplementedError) as exc:
        print(f"interval-schedule: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
