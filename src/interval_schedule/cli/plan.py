"""``interval-schedule plan``: the runs Prefect's scheduler would create for deployments in a file.

FILE holds one deployment document (the REST API's JSON), or JSON Lines with
one ``{"flow_name": ..., "deployment": {...}}`` object per line.  Without
``--name`` every deployment in the file is planned; ``--name FLOW/DEPLOYMENT``
picks one from JSON Lines (split at the first ``/``), as
``GET /api/deployments/name/{flow}/{deployment}`` would.  The file is read by
:func:`~interval_schedule.deployment.load_deployments` (bounded, regular files only).

User errors raise :class:`~interval_schedule.errors.IntervalScheduleError`
subclasses, which ``cli.main`` prints on one line (exit status 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from .._convert import parse_moment, utc_iso
from .._io import shown
from .._limits import check_count, now_utc_us
from .._profiles import PROFILES
from ..deployment import DEFAULT_MAX_BYTES, Deployment, DeploymentRegistry, load_deployments
from ..errors import InvalidQueryError
from ..planner import plan_many
from ._common import split_name, table
from .prefect import add_api_arguments, api_entries

__all__ = ["add_plan_command", "cmd_plan", "load_deployments"]

#: (flow name or None, deployment) pairs, in file order.
Entries = list[tuple[str | None, Deployment]]


def add_plan_command(subparsers: Any) -> None:
    """Register ``plan`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser(
        "plan",
        help="plan the runs Prefect's scheduler would create for deployments",
        description=(
            "Plan the flow runs of a deployment JSON document, or of JSON Lines of "
            '{"flow_name": ..., "deployment": {...}} objects, following Prefect\'s scheduler rules '
            "(3 runs at least, up to 100 days ahead, the last at least 1 hour ahead)."
        ),
    )
    p.add_argument("file", metavar="FILE", nargs="?", default=None, help="a deployment JSON document, or JSON Lines of many; - reads stdin")
    add_api_arguments(p, api_help="read the deployments from this Prefect API instead of FILE (default without FILE: $PREFECT_API_URL)")
    p.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
        help=f"refuse a FILE longer than N bytes (default {DEFAULT_MAX_BYTES}, 64 MiB)",
    )
    p.add_argument("--name", metavar="FLOW/DEPLOYMENT", default=None, help="plan only this deployment (JSON Lines)")
    p.add_argument("--now", default=None, help="the instant to plan from, ISO-8601 with an offset or Z (default: now)")
    p.add_argument("--profile", choices=PROFILES, default="standard", help="date semantics and key format (default: standard)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_plan)


def _pick(name: str, path: str, registry: DeploymentRegistry | None) -> Entries:
    flow, deployment = split_name(name)
    if registry is None:
        raise InvalidQueryError(
            f"--name needs JSON Lines with flow names; {shown(path)} holds a single deployment (drop --name to plan it)"
        )
    return [(flow, registry.read_by_name(flow, deployment))]


def _label(flow: str | None, deployment: Deployment) -> str:
    return deployment.name if flow is None else f"{flow}/{deployment.name}"


def _schedule_label(deployment: Deployment, index: int) -> str:
    return deployment.schedules[index].slug or f"schedules[{index}]"


def cmd_plan(a: argparse.Namespace) -> int:
    notes: list[str] = []
    if a.file is not None and a.api is not None:
        raise InvalidQueryError("give FILE or --api, not both")
    if a.file is None:
        entries, notes = api_entries(a)
    else:
        entries, registry = load_deployments(a.file, check_count(a.max_bytes, "--max-bytes"))
        if a.name is not None:
            entries = _pick(a.name, a.file, registry)
    now = utc_iso(now_utc_us()) if a.now is None else a.now
    # plan_many: its rows say which schedule made each run (schedules without ids share schedule_id None).
    plans = plan_many([d for _, d in entries], now, profile=a.profile)
    now_text = utc_iso(parse_moment(now, "now").utc_us or 0)  # plan_many accepted it: an instant
    # Each run's UTC instant comes from the planner's int64 column, never from re-parsing its date.
    utc = [utc_iso(u) for u in plans.scheduled_utc.view(np.int64).tolist()]
    planned = [
        (*entries[i], j, run, u)
        for i, j, run, u in zip(plans.deployment_index.tolist(), plans.schedule_index.tolist(), plans.runs(), utc)
    ]
    if a.json:
        out = {
            "now": now_text,
            "profile": a.profile,
            "runs": [
                {
                    "flow_name": flow,
                    "deployment_name": deployment.name,
                    **run.to_dict(),
                    "scheduled_time_utc": u,
                }
                for flow, deployment, _, run, u in planned
            ],
        }
        if notes:
            out["notes"] = notes
        print(json.dumps(out, indent=2))
        return 0
    paused = [_label(f, d) for f, d in entries if d.paused]
    note = f"; paused, nothing planned: {', '.join(paused[:5])}{' ...' if len(paused) > 5 else ''}" if paused else ""
    count = f"{len(entries)} deployment{'s' if len(entries) != 1 else ''}"
    print(f"{len(planned)} runs for {count} at {now_text} (profile {a.profile}){note}")
    if planned:
        rows = [
            {
                "label": _label(flow, deployment),
                "schedule": _schedule_label(deployment, j),
                "local": str(run.scheduled_time),
                "utc": u,
                "key": run.idempotency_key,
            }
            for flow, deployment, j, run, u in planned
        ]
        print(
            table(
                rows,
                [("label", "DEPLOYMENT"), ("schedule", "SCHEDULE"), ("local", "LOCAL TIME"), ("utc", "UTC"), ("key", "IDEMPOTENCY KEY")],
            )
        )
    for note in notes:
        print(f"note: {note}")
    return 0
