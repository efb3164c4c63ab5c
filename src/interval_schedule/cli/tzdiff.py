"""``interval-schedule tzdiff``: which planned runs of deployments move between two tzdata releases (docs/operations.md).

FILE is read like ``plan FILE`` (one deployment document, or JSON Lines of
``{"flow_name": ..., "deployment": {...}}``, bounded by ``--max-bytes``).
``--old-tzdata`` and ``--new-tzdata`` are directories
:meth:`~interval_schedule.tz.TzSource.from_path` accepts (an unpacked tzdata
wheel or a compiled zoneinfo tree); the new one defaults to the bundled
``tzdata`` package.  User errors raise
:class:`~interval_schedule.errors.IntervalScheduleError` subclasses, which
``cli.main`` prints on one line (exit status 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from .._convert import utc_iso
from .._limits import check_count, now_utc_us
from .._units import MAX_US as _MAX_US
from ..deployment import DEFAULT_MAX_BYTES, load_deployments
from ..errors import InvalidQueryError, shorten
from ..tz import TzSource, default_source
from ..tzimpact import _instant, tzdata_impact
from ._common import parse_every
from ._common import table as _table
from .plan import _label, _pick, _schedule_label

__all__ = ["add_tzdiff_command", "cmd_tzdiff"]


def add_tzdiff_command(subparsers: Any) -> None:
    """Register ``tzdiff`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser(
        "tzdiff",
        help="list the runs of deployments that move between two tzdata releases",
        description="Compute every run of the deployments' active schedules in the window under two tzdata "
        "releases and list those whose instant or existence differs (moved, added, removed), with old and new "
        "local times and idempotency keys.",
    )
    p.add_argument("file", metavar="FILE", help="a deployment JSON document, or JSON Lines of many; - reads stdin")
    p.add_argument("--old-tzdata", required=True, metavar="PATH", help="the release the runs were planned with (a directory)")
    p.add_argument("--new-tzdata", default=None, metavar="PATH", help="the release to compare with (default: the bundled tzdata package)")
    p.add_argument("--window", default="100d", help="how far from --start to look: 100d, 12w, 48h (default 100d, Prefect's horizon)")
    p.add_argument("--start", default=None, help="the window's first instant, ISO-8601 with an offset or Z (default: now)")
    p.add_argument("--name", metavar="FLOW/DEPLOYMENT", default=None, help="only this deployment (JSON Lines)")
    p.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
        help=f"refuse a FILE longer than N bytes (default {DEFAULT_MAX_BYTES}, 64 MiB)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_tzdiff)


def cmd_tzdiff(a: argparse.Namespace) -> int:
    window_us = parse_every(a.window)
    old = TzSource.from_path(a.old_tzdata)
    new = default_source() if a.new_tzdata is None else TzSource.from_path(a.new_tzdata)
    entries, registry = load_deployments(a.file, check_count(a.max_bytes, "--max-bytes"))
    if a.name is not None:
        entries = _pick(a.name, a.file, registry)
    start_us = now_utc_us() if a.start is None else _instant(a.start, "--start")
    end_us = start_us + window_us
    if end_us > _MAX_US:
        raise InvalidQueryError(f"--start {shorten(a.start)} plus --window {shorten(a.window)} is past year 9999")
    impact = tzdata_impact([d for _, d in entries], old, new, utc_iso(start_us), utc_iso(end_us))
    # Which entry and schedule each compared row came from (tzdata_impact takes the active schedules in order).
    origin = [(flow, d, j) for flow, d in entries if not d.paused for j, s in enumerate(d.schedules) if s.active]
    rows = impact.rows()
    if a.json:
        runs = []
        for r in rows:
            flow, d, j = origin[r.pop("schedule")]
            runs.append({"flow_name": flow, "deployment_name": d.name, "schedule_index": j, **r})
        out = {
            "old_tzdata": old.version,
            "new_tzdata": new.version,
            "start": utc_iso(start_us),
            "end": utc_iso(end_us),
            "changed_zones": list(impact.changed_zones),
            "runs": runs,
        }
        print(json.dumps(out, indent=2))
        return 0
    print(impact.summary())
    if rows:
        table = []
        for r in rows:
            flow, d, j = origin[r["schedule"]]
            table.append(
                {
                    "label": _label(flow, d),
                    "schedule": _schedule_label(d, j),
                    "zone": r["zone"],
                    "change": r["change"],
                    "old": r["old_local"] or "-",
                    "new": r["new_local"] or "-",
                }
            )
        print(
            _table(
                table,
                [("label", "DEPLOYMENT"), ("schedule", "SCHEDULE"), ("zone", "ZONE"), ("change", "CHANGE"),
                 ("old", f"OLD LOCAL ({old.version})"), ("new", f"NEW LOCAL ({new.version})")],
            )
        )
    return 0
