"""``interval-schedule check | sync`` and ``plan --api``: the planner against a live Prefect server.

``--api URL`` defaults to ``$PREFECT_API_URL`` and ``--api-key`` to
``$PREFECT_API_KEY``, as Prefect's own CLI reads them.  These commands need the
``prefect-api`` extra (httpx); without it they say which extra to install.

* ``check``: plan each deployment at ``--now``, read the server's SCHEDULED runs
  in the planner's window ``[now, now + 100 days]``, and report matching,
  moved, missing and extra runs (:func:`~interval_schedule.reconcile.check`).
  Exit status 1 when any deployment differs, 0 when none does.
* ``sync``: create the missing (and moved-to) runs of one deployment through
  ``create_flow_run``; a dry run unless ``--apply``.  Extra runs are reported,
  never deleted.

``check`` and ``sync`` default to ``--profile prefect``: runs in a Prefect
database should carry Prefect's dates and keys, or its scheduler and this
command would create duplicates of each other's runs.
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import Any

from .._convert import instant_us, utc_iso
from .._limits import now_utc_us
from .._profiles import PROFILES
from .._units import MAX_US, ONE_US
from ..deployment import Deployment
from ..reconcile import check
from ._common import import_extra, split_name, table

__all__ = ["add_api_arguments", "add_prefect_commands", "api_entries", "cmd_check", "cmd_sync"]

_WINDOW = timedelta(days=100)  # the planner's default max_time: the runs check reads


def _prefect_api() -> Any:
    """The client module; without httpx an error naming the extra to install (cli.main prints it on one line)."""
    return import_extra(".prefect_api")


def add_api_arguments(p: argparse.ArgumentParser, *, api_help: str = "Prefect API URL (default: $PREFECT_API_URL)") -> None:
    p.add_argument("--api", metavar="URL", default=None, help=api_help)
    p.add_argument("--api-key", default=None, help="API key (default: $PREFECT_API_KEY)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")


def api_entries(a: argparse.Namespace) -> tuple[list[tuple[str | None, Deployment]], list[str]]:
    """The deployments ``--api``/``--name`` select, as (flow name, deployment) pairs, and notes on unsupported schedules."""
    mod = _prefect_api()
    with mod.api_from_env(a.api, a.api_key, timeout=a.timeout) as api:
        if a.name is not None:
            deployments = [api.read_deployment_by_name(*split_name(a.name))]
        else:
            deployments = api.read_deployments()
    notes = [
        f"{d.flow_name}/{d.name}: {u.message}; its runs are not planned" for d in deployments for u in d.unsupported_schedules
    ]
    return [(d.flow_name, d) for d in deployments], notes


def _plan_arguments(p: Any) -> None:
    """--now and --profile, as check and sync plan with them."""
    p.add_argument("--now", default=None, help="the instant to plan from, ISO-8601 with an offset or Z (default: now)")
    p.add_argument("--profile", choices=PROFILES, default="prefect", help="date semantics and key format (default: prefect)")


def add_prefect_commands(subparsers: Any) -> None:
    """Register ``check`` and ``sync`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser(
        "check",
        help="compare a Prefect server's scheduled runs with the plan (exit 1 when they differ)",
        description="Compare the SCHEDULED runs of deployments on a Prefect server with the runs the planner gives at --now.",
    )
    add_api_arguments(p)
    p.add_argument("--name", metavar="FLOW/DEPLOYMENT", default=None, help="check only this deployment (default: all)")
    _plan_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_check)

    p = subparsers.add_parser(
        "sync",
        help="create a deployment's missing runs on a Prefect server (dry run unless --apply)",
        description="Create the planned runs a deployment lacks, with their idempotency keys; extra runs are only reported.",
    )
    add_api_arguments(p)
    p.add_argument("--name", metavar="FLOW/DEPLOYMENT", required=True, help="the deployment to sync")
    _plan_arguments(p)
    p.add_argument("--apply", action="store_true", help="create the runs (default: only show them)")
    p.set_defaults(func=cmd_sync)


def _utc(value: object, what: str = "time") -> str:
    """An instant as UTC ISO-8601; a naive value is refused, as the planner refuses it (it was read as 1970 before)."""
    return utc_iso(instant_us(value, what, "the planner needs instants"))


def _schedule_label(deployment: Deployment, schedule_id: object) -> str:
    for j, sched in enumerate(deployment.schedules):
        if str(sched.id) == str(schedule_id):
            return sched.slug or f"schedules[{j}]"
    return "?"


def _now(a: argparse.Namespace) -> str:
    return utc_iso(now_utc_us()) if a.now is None else _utc(a.now, "--now")


def _reports(a: argparse.Namespace) -> tuple[str, list[tuple[str | None, Deployment, Any]], list[str]]:
    mod = _prefect_api()
    now = _now(a)
    with mod.api_from_env(a.api, a.api_key, timeout=a.timeout) as api:
        if a.name is not None:
            deployments = [api.read_deployment_by_name(*split_name(a.name))]
        else:
            deployments = api.read_deployments()
        ids = [d.id for d in deployments if d.id is not None]
        end = utc_iso(min(instant_us(now, "now") + _WINDOW // ONE_US, MAX_US))  # not past year 9999
        runs = api.read_scheduled_runs(ids, now, end) if ids else []
    by_deployment: dict[str, list[Any]] = {}
    for run in runs:
        by_deployment.setdefault(str(run.deployment_id), []).append(run)
    out = [(d.flow_name, d, check(d, by_deployment.get(str(d.id), []), now, profile=a.profile)) for d in deployments]
    notes = [f"{d.flow_name}/{d.name}: {u.message}; its runs are not checked" for d in deployments for u in d.unsupported_schedules]
    return now, out, notes


def _run_row(label: str, deployment: Deployment, status: str, existing: Any, planned: Any) -> dict[str, str]:
    run = planned if planned is not None else existing
    return {
        "deployment": label,
        "schedule": _schedule_label(deployment, run.schedule_id),
        "status": status,
        "existing": "" if existing is None else _utc(existing.scheduled_time),
        "planned": "" if planned is None else _utc(planned.scheduled_time),
        "key": run.idempotency_key or "",
    }


def cmd_check(a: argparse.Namespace) -> int:
    now, reports, notes = _reports(a)
    differs = [r for _, _, r in reports if not r.ok]
    if a.json:
        print(json.dumps({
            "now": now,
            "profile": a.profile,
            "differs": bool(differs),
            "deployments": [
                {
                    "flow_name": flow,
                    "deployment_name": d.name,
                    "deployment_id": str(d.id),
                    "counts": r.summary(),
                    "moved": [{"from": _utc(e.scheduled_time), "to": _utc(p.scheduled_time), "from_key": e.idempotency_key,
                               "to_key": p.idempotency_key} for e, p in r.moved],
                    "missing": [{"scheduled_time": _utc(p.scheduled_time), "idempotency_key": p.idempotency_key} for p in r.missing],
                    "extra": [{"scheduled_time": _utc(e.scheduled_time), "idempotency_key": e.idempotency_key,
                               "flow_run_id": str(getattr(e, "id", ""))} for e in r.extra],
                    "unsupported_schedules": [u.message for u in getattr(d, "unsupported_schedules", ())],
                }
                for flow, d, r in reports
            ],
        }, indent=2))
        return 1 if differs else 0
    n = len(reports)
    print(f"checked {n} deployment{'s' if n != 1 else ''} at {now} (profile {a.profile}): "
          f"{len(differs) or 'none'} differ{'s' if len(differs) == 1 else ''}")
    rows = []
    for flow, d, r in reports:
        label = f"{flow}/{d.name}"
        s = r.summary()
        print(f"  {label}: {s['matching']} matching, {s['moved']} moved, {s['missing']} missing, {s['extra']} extra")
        rows += [_run_row(label, d, "moved", e, p) for e, p in r.moved]
        rows += [_run_row(label, d, "missing", None, p) for p in r.missing]
        rows += [_run_row(label, d, "extra", e, None) for e in r.extra]
    for note in notes:
        print(f"  note: {note}")
    if rows:
        print(table(rows, [("deployment", "DEPLOYMENT"), ("schedule", "SCHEDULE"), ("status", "STATUS"),
                            ("existing", "EXISTING (UTC)"), ("planned", "PLANNED (UTC)"), ("key", "PLANNED KEY")]))
    return 1 if differs else 0


def cmd_sync(a: argparse.Namespace) -> int:
    now, reports, notes = _reports(a)
    (flow, d, report), = reports
    to_create = [p for _, p in report.moved] + list(report.missing)
    to_create.sort(key=lambda p: (_utc(p.scheduled_time), p.idempotency_key))
    mod = _prefect_api()
    with mod.api_from_env(a.api, a.api_key, timeout=a.timeout) as api:
        done = api.create_scheduled_runs(to_create, apply=a.apply)
    label = f"{flow}/{d.name}"
    verb = "created" if a.apply else "would create (dry run; --apply creates them)"
    print(f"{label} at {now} (profile {a.profile}): {len(report.matching)} runs in place, {verb} {len(to_create)}")
    rows = [
        {
            "schedule": _schedule_label(d, p.schedule_id),
            "utc": _utc(p.scheduled_time),
            "local": str(p.scheduled_time),
            "run": "" if c.flow_run is None else f"{c.flow_run.name} {c.flow_run.id}",
            "key": p.idempotency_key,
        }
        for p, c in zip(to_create, done)
    ]
    if rows:
        columns = [("schedule", "SCHEDULE"), ("local", "LOCAL TIME"), ("utc", "UTC")]
        columns += [("run", "FLOW RUN")] if a.apply else []
        print(table(rows, columns + [("key", "IDEMPOTENCY KEY")]))
    stale = [e for e, _ in report.moved] + list(report.extra)
    if stale:
        print(f"not deleted: {len(stale)} scheduled run{'s' if len(stale) != 1 else ''} the plan does not have "
              f"(see `interval-schedule check --name {flow}/{d.name}`)")
    for note in notes:
        print(f"note: {note}")
    return 0
