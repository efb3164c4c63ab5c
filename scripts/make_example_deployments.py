"""Write examples/deployments.jsonl: a few hundred varied deployments, deterministically.

Each line is ``{"flow_name": ..., "deployment": {...}}`` with the deployment in
the shape of Prefect's REST API.  The mix: 1-3 interval schedules in 14 zones
(intervals from 1 minute to 30 days, some anchored inside a DST gap or fold),
some paused deployments, inactive schedules, ``max_scheduled_runs`` caps,
schedule parameters overriding the deployment's, deployments without
schedules, and a few written with the Prefect 2.x legacy fields only
(``schedule`` and ``is_schedule_active``).

Usage::

    python scripts/make_example_deployments.py [--count 300] [--seed 6] [--out examples/deployments.jsonl]

The same arguments always give the same bytes (``random.Random(seed)``; no clock).
The file is read back with ``DeploymentRegistry.from_jsonl`` before it is written.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from interval_schedule.deployment import DeploymentRegistry  # noqa: E402

FLOWS = [
    "sales-report", "ingest-orders", "sync-crm", "train-model", "refresh-dashboards", "backup-db",
    "send-digest", "score-leads", "reconcile-payments", "crawl-prices", "rotate-logs", "export-ledger",
]
ENVIRONMENTS = ["prod", "staging", "dev", "eu", "us", "apac"]
ZONES = [
    "America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe", "Pacific/Apia",
    "Africa/Casablanca", "America/Sao_Paulo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham",
    "Europe/Moscow", "Asia/Tokyo", "Europe/Amsterdam", "UTC",
]
# Seconds: 1, 5, 15, 30 min; 1, 1.5, 6, 12 h; 1, 2, 7, 30 days; 25 h and 36 h (mixed day + seconds).
INTERVALS = [60, 300, 900, 1800, 3600, 5400, 21600, 43200, 86400, 172800, 604800, 2592000, 90000, 129600]
# Wall-clock anchor times; 02:30 falls in many zones' spring-forward gap, 01:30 in New York's fold.
ANCHOR_TIMES = ["00:00", "01:30", "02:30", "06:15", "09:00", "12:00", "17:45", "23:30"]
TAGS = ["nightly", "critical", "finance", "ml", "team-a", "team-b", "experimental", "customer-facing"]
POOLS = ["k8s-east", "k8s-west", "ecs-default", "process-pool", None]
QUEUES = ["default", "high-priority", "batch"]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _timestamp(rng: random.Random, start: datetime, span_days: int) -> str:
    t = start + timedelta(seconds=rng.randrange(span_days * 86400), microseconds=rng.randrange(1_000_000))
    return t.isoformat().replace("+00:00", "Z")


def _anchor(rng: random.Random, zone: str) -> str:
    day = datetime(2020, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    hh, mm = map(int, rng.choice(ANCHOR_TIMES).split(":"))
    wall = day.replace(hour=hh, minute=mm)
    if zone == "UTC":
        return wall.isoformat() + "Z"
    return wall.isoformat()  # naive: wall time in the schedule's timezone


def _schedule(rng: random.Random, deployment_id: str, created: str) -> dict:
    zone = rng.choice(ZONES)
    doc = {
        "id": _uuid(rng),
        "created": created,
        "updated": created,
        "deployment_id": deployment_id,
        "schedule": {"interval": float(rng.choice(INTERVALS)), "anchor_date": _anchor(rng, zone), "timezone": zone},
        "active": rng.random() > 0.1,
        "max_scheduled_runs": rng.choice([None, None, None, 1, 2, 5, 50]),
        "parameters": {},
        "slug": None,
    }
    if rng.random() < 0.3:
        doc["parameters"] = {"mode": rng.choice(["full", "incremental"]), "batch_size": rng.choice([100, 500, 1000])}
    if rng.random() < 0.5:
        doc["slug"] = f"every-{int(doc['schedule']['interval'])}s-{zone.split('/')[-1].lower()}"
    return doc


def _deployment(rng: random.Random, name: str) -> dict:
    deployment_id = _uuid(rng)
    created = _timestamp(rng, datetime(2025, 1, 1, tzinfo=timezone.utc), 365)
    schedules = [_schedule(rng, deployment_id, created) for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3]))]
    user = {"id": _uuid(rng), "type": "USER", "display_value": rng.choice(["maria", "sam", "li.wei", "ci-bot"])}
    doc = {
        "id": deployment_id,
        "created": created,
        "updated": created,
        "name": name,
        "version": f"{rng.randrange(1, 5)}.{rng.randrange(20)}.{rng.randrange(10)}",
        "description": None,
        "flow_id": _uuid(rng),
        "paused": rng.random() < 0.08,
        "schedules": schedules,
        "job_variables": {"env": {"LOG_LEVEL": rng.choice(["INFO", "DEBUG"])}} if rng.random() < 0.4 else {},
        "parameters": {"region": rng.choice(["us", "eu", "apac"]), "mode": "full"} if rng.random() < 0.6 else {},
        "tags": sorted(rng.sample(TAGS, rng.randrange(4))),
        "work_queue_name": rng.choice(QUEUES),
        "last_polled": None,
        "parameter_openapi_schema": {"title": "Parameters", "type": "object", "properties": {}},
        "path": None,
        "pull_steps": None,
        "entrypoint": f"flows/{name.split('-')[0]}.py:main",
        "storage_document_id": None,
        "infrastructure_document_id": None,
        "created_by": user,
        "updated_by": user,
        "work_pool_name": rng.choice(POOLS),
        "status": rng.choice(["READY", "NOT_READY"]),
        "enforce_parameter_schema": True,
    }
    if rng.random() < 0.03 and len(schedules) == 1:
        # Prefect 2.x shape: one legacy schedule and is_schedule_active instead of schedules and paused.
        doc["schedule"] = schedules[0]["schedule"]
        doc["is_schedule_active"] = not doc.pop("paused")
        del doc["schedules"]
    return doc


def make(count: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        flow = FLOWS[i % len(FLOWS)]
        name = f"{flow}-{ENVIRONMENTS[(i // len(FLOWS)) % len(ENVIRONMENTS)]}-{i // (len(FLOWS) * len(ENVIRONMENTS)) + 1}"
        lines.append(json.dumps({"flow_name": flow, "deployment": _deployment(rng, name)}) + "\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--out", type=Path, default=ROOT / "examples" / "deployments.jsonl")
    a = p.parse_args(argv)
    text = make(a.count, a.seed)
    registry = DeploymentRegistry.from_jsonl(text, source="generated")  # refuse to write a file we cannot read
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text, encoding="utf-8")
    print(f"{len(registry)} deployments -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
