"""``interval-schedule preview | compare``: one schedule's dates, and the two profiles side by side."""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from .._limits import check_count
from .._profiles import PREFECT_PROFILES, PROFILES
from ..errors import LimitExceededError
from ..explain import preview_rows
from ._common import schedule_from_args, schedule_options, table

__all__ = ["add_schedule_commands", "cmd_compare", "cmd_preview"]


def _schedule_args(p: argparse.ArgumentParser) -> None:
    schedule_options(p)
    p.add_argument("--start", default=None, help="first instant to consider (default: the anchor)")
    p.add_argument("--count", type=int, default=10, help="how many dates (default 10)")


def add_schedule_commands(subparsers: Any) -> None:
    """Register ``preview`` and ``compare`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser("preview", help="list the next dates of a schedule, with DST notes")
    _schedule_args(p)
    p.add_argument("--limit", type=int, default=100_000, help="most dates to list (default 100000)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--profile", choices=PROFILES, default="standard", help="whose dates to list (default: standard)")
    p.set_defaults(func=cmd_preview)

    p = subparsers.add_parser("compare", help="compare the 'standard' profile with a Prefect profile on one schedule")
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


def cmd_preview(a: argparse.Namespace) -> int:
    schedule = schedule_from_args(a)
    count, limit = check_count(a.count, "--count"), check_count(a.limit, "--limit")
    if count > limit:
        raise LimitExceededError(f"--count {count} is more than --limit {limit}")
    rows = preview_rows(schedule, count, a.start, a.profile)
    if a.json:
        print(json.dumps({"schedule": schedule.to_dict(), "dates": rows}, indent=2))
    else:
        print(f"{schedule!r}")
        print(table(rows, [("local", "LOCAL"), ("utc", "UTC"), ("offset", "OFFSET"), ("note", "NOTE")]))
    return 0


def cmd_compare(a: argparse.Namespace) -> int:
    schedule = schedule_from_args(a)
    # Both profiles get the same instants: a naive --start/--end is wall time in
    # the schedule's zone here, though Prefect alone would read it as UTC.
    start = np.datetime64(schedule.anchor_utc_us if a.start is None else schedule.utc_us(a.start, "--start"), "us")
    end = None if a.end is None else np.datetime64(schedule.utc_us(a.end, "--end"), "us")
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
            print(table(diffs[: a.show], [("index", "INDEX"), ("standard", "STANDARD"), (other, other.upper())]))
        else:
            print("identical")
    return 0
