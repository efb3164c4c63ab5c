"""``interval-schedule plan``: the runs Prefect's scheduler would create for deployments in a file.

FILE holds one deployment document (the REST API's JSON), or JSON Lines with
one ``{"flow_name": ..., "deployment": {...}}`` object per line.  Without
``--name`` every deployment in the file is planned; ``--name FLOW/DEPLOYMENT``
picks one from JSON Lines (split at the first ``/``), as
``GET /api/deployments/name/{flow}/{deployment}`` would.

User errors raise :class:`~interval_schedule.errors.IntervalScheduleError`
subclasses, which ``cli.main`` prints on one line (exit status 2).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ._convert import parse_moment, utc_iso
from .deployment import Deployment, DeploymentRegistry
from .errors import IntervalScheduleError, InvalidDocumentError, InvalidQueryError, shorten
from .planner import plan_many
from .prefect_cli import add_api_arguments, api_entries
from .schedule import PROFILES, check_count, now_utc_us

__all__ = ["add_plan_command", "cmd_plan", "load_deployments"]

#: (flow name or None, deployment) pairs, in file order.
Entries = list[tuple[str | None, Deployment]]
#: The most ``plan`` reads from FILE unless ``--max-bytes`` says otherwise: 64 MiB,
#: about 100 000 deployment documents of Prefect's size.
DEFAULT_MAX_BYTES = 64 * 2**20
_CHUNK = 2**20


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


def _read_bounded(read: Callable[[int], bytes], max_bytes: int, name: str) -> bytes:
    """At most *max_bytes* from *read*, in chunks; more is refused before it is all read."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InvalidDocumentError(
                f"{name}: larger than {max_bytes} bytes; pass --max-bytes to read a larger file"
            )


def _read_text(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The UTF-8 text of a regular file (or of stdin for ``-``), at most *max_bytes* long.

    Devices, FIFOs and sockets are refused from ``stat`` before anything is
    opened (``/dev/zero`` never ends, a FIFO without a writer never answers);
    the file is then opened without blocking and checked again, so a path
    swapped for a FIFO in between is refused too.
    """
    name = _shown(path)
    try:
        if path == "-":
            data = _read_bounded(sys.stdin.buffer.read, max_bytes, "stdin")
            name = "stdin"
        else:
            _check_regular(os.stat(path), path)
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                _check_regular(os.fstat(fd), path)
                data = _read_bounded(lambda n: os.read(fd, n), max_bytes, name)
            finally:
                os.close(fd)
    except IntervalScheduleError:
        raise
    except FileNotFoundError:
        raise InvalidDocumentError(f"{name}: no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise InvalidDocumentError(f"{name}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _shown(path: str) -> str:
    """A path as messages show it: as is when short and printable, else shortened."""
    return path if len(path) <= 200 and path.isprintable() else shorten(path)


def _check_regular(st: os.stat_result, path: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InvalidDocumentError(f"{_shown(path)}: is a directory, not a deployment file")
    if not stat.S_ISREG(st.st_mode):
        raise InvalidDocumentError(
            f"{_shown(path)}: not a regular file (a device, FIFO or socket); give a file, or - to read stdin"
        )


def load_deployments(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Entries, DeploymentRegistry | None]:
    """The deployments in *path* (``-``: stdin): (entries, registry); registry is ``None`` for a single deployment document.

    A file that parses as one JSON object is a single deployment, unless that
    object is a ``{"flow_name", "deployment"}`` line; anything else is read as
    JSON Lines.  Files longer than *max_bytes* are refused.
    """
    text = _read_text(path, max_bytes)
    if not text.strip():
        raise InvalidDocumentError(f"{_shown(path)}: empty file; expected a deployment JSON document or JSON Lines")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None  # not one JSON document: JSON Lines
    except RecursionError as exc:
        raise InvalidDocumentError(f"{_shown(path)}: not valid JSON ({exc})") from exc
    if isinstance(whole, dict) and set(whole) != {"flow_name", "deployment"}:
        try:
            return [(None, Deployment.from_dict(whole))], None
        except IntervalScheduleError as exc:
            wrapped = copy.copy(exc)  # same class and attributes (a field error keeps its path)
            wrapped.args = (f"{_shown(path)}: {exc}",)
            raise wrapped from exc
    if whole is not None and not isinstance(whole, dict):
        raise InvalidDocumentError(
            f"{_shown(path)}: expected a deployment object or JSON Lines of deployments, got {type(whole).__name__} ({shorten(whole)})"
        )
    registry = DeploymentRegistry.from_jsonl(text, source=_shown(path))
    return list(registry.items()), registry


def _pick(name: str, path: str, registry: DeploymentRegistry | None) -> Entries:
    flow, sep, deployment = name.partition("/")
    if not sep or not flow or not deployment:
        raise InvalidQueryError(f"--name must be FLOW/DEPLOYMENT, got {shorten(name)}")
    if registry is None:
        raise InvalidQueryError(
            f"--name needs JSON Lines with flow names; {_shown(path)} holds a single deployment (drop --name to plan it)"
        )
    return [(flow, registry.read_by_name(flow, deployment))]


def _label(flow: str | None, deployment: Deployment) -> str:
    return deployment.name if flow is None else f"{flow}/{deployment.name}"


def _schedule_label(deployment: Deployment, index: int) -> str:
    return deployment.schedules[index].slug or f"schedules[{index}]"


def _table(rows: list[dict[str, str]], columns: Sequence[tuple[str, str]]) -> str:
    widths = {k: max([len(title)] + [len(r[k]) for r in rows]) for k, title in columns}
    lines = ["  ".join(title.ljust(widths[k]) for k, title in columns).rstrip()]
    lines += ["  ".join(r[k].ljust(widths[k]) for k, _ in columns).rstrip() for r in rows]
    return "\n".join(lines)


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
    now_text = utc_iso(parse_moment(now, "now").utc_us or 0)
    planned = [
        (*entries[i], j, run)
        for i, j, run in zip(plans.deployment_index.tolist(), plans.schedule_index.tolist(), plans.runs())
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
                    "scheduled_time_utc": utc_iso(parse_moment(run.scheduled_time, "run").utc_us or 0),
                }
                for flow, deployment, _, run in planned
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
                "utc": utc_iso(parse_moment(run.scheduled_time, "run").utc_us or 0),
                "key": run.idempotency_key,
            }
            for flow, deployment, j, run in planned
        ]
        print(
            _table(
                rows,
                [("label", "DEPLOYMENT"), ("schedule", "SCHEDULE"), ("local", "LOCAL TIME"), ("utc", "UTC"), ("key", "IDEMPOTENCY KEY")],
            )
        )
    for note in notes:
        print(f"note: {note}")
    return 0
