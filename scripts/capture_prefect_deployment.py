"""Capture deployment documents from a real Prefect 3.9.1 server (for tests/data/).

This script is NOT part of the library and is not run by the test suite.  It
starts ``prefect server start`` from the venv it runs in (``.venv-prefect``:
prefect==3.9.1 on Python 3.11) on 127.0.0.1 and a free port, with a temporary
PREFECT_HOME and SQLite database, telemetry and UI off; creates a flow and
deployments with interval schedules through the REST API; reads each back with
``GET /api/deployments/name/{flow}/{deployment}``; and stops the server by its
PID (its process group) in a ``finally``.

Run (from the repository root)::

    make capture-deployment

Output: ``tests/data/prefect_deployment_responses.json``: the versions, the
request bodies, and each response exactly as the server sent it (``"responses"``,
one per deployment).  The ids and timestamps are the server's own, so the file
changes on every run; its shape does not.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "prefect_deployment_responses.json"
FLOW = "capture-flow"
STARTUP_TIMEOUT_S = 120

# What is sent: interval schedules as a client would write them (float and ISO
# intervals, naive and offset anchors, with and without timezone), plus the
# deployment fields a newer server adds.
DEPLOYMENTS: dict[str, dict[str, Any]] = {
    "interval-schedules": {
        "name": "interval-schedules",
        "tags": ["team-a", "nightly"],
        "parameters": {"x": 1, "y": 2},
        "work_queue_name": "default",
        "schedules": [
            # a naive anchor with a timezone: the server stores it as UTC ("...T09:00:00Z")
            {"schedule": {"interval": 86400, "anchor_date": "2024-07-01T09:00:00", "timezone": "America/New_York"},
             "active": True},
            # an offset anchor without a timezone: kept with its offset, timezone "UTC" inferred
            {"schedule": {"interval": 3600.0, "anchor_date": "2024-07-01T09:00:00+02:00"}, "active": True,
             "parameters": {"y": 3}},
            # an ISO-8601 interval: stored as seconds (7200.0)
            {"schedule": {"interval": "PT2H", "anchor_date": "2024-03-10T02:30:00-05:00",
                          "timezone": "America/New_York"}, "active": False, "max_scheduled_runs": 5},
        ],
    },
    "paused-weekly": {
        "name": "paused-weekly",
        "paused": True,
        "description": "captured by scripts/capture_prefect_deployment.py",
        "schedules": [
            {"schedule": {"interval": 604800, "anchor_date": "2009-10-25T01:00:00+01:00", "timezone": "Europe/London"}},
        ],
    },
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(base: str, method: str, path: str, body: Any = None) -> Any:
    """One JSON request; retried while SQLite answers 503 "database is locked"."""
    data = None if body is None else json.dumps(body).encode()
    for attempt in range(20):
        req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as e:
            if e.code == 503 and attempt < 19:
                time.sleep(0.5)
                continue
            raise SystemExit(f"{method} {path}: HTTP {e.code}: {e.read()[:500]!r}") from None
    raise AssertionError("unreachable")


def _wait_healthy(base: str, proc: subprocess.Popen) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < STARTUP_TIMEOUT_S:
        if proc.poll() is not None:
            raise SystemExit(f"prefect server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as resp:
                if resp.status == 200:
                    return time.monotonic() - t0
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"prefect server not healthy after {STARTUP_TIMEOUT_S} s")


def main() -> None:
    if version("prefect") != "3.9.1":
        sys.exit(f"expected prefect 3.9.1, found {version('prefect')}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    prefect = Path(sys.executable).with_name("prefect")
    with tempfile.TemporaryDirectory(prefix="prefect-capture-") as home:
        env = {
            **os.environ,
            "PREFECT_HOME": home,
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_ENABLED": "false",
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",  # nothing but our requests touches the database
            "PREFECT_API_URL": f"{base}/api",
        }
        log = open(Path(home) / "server.log", "w")
        proc = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            startup_s = _wait_healthy(base, proc)
            flow = _request(base, "POST", "/api/flows/", {"name": FLOW})
            responses = {}
            for key, body in DEPLOYMENTS.items():
                _request(base, "POST", "/api/deployments/", {**body, "flow_id": flow["id"]})
                responses[key] = _request(base, "GET", f"/api/deployments/name/{FLOW}/{body['name']}")
            server_version = _request(base, "GET", "/api/admin/version")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)  # the server and its workers: one process group, ours
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()
    doc = {
        "generator": {
            "script": "scripts/capture_prefect_deployment.py",
            "prefect": version("prefect"),
            "server_version": server_version,
            "python": platform.python_version(),
            "pydantic": version("pydantic"),
            "database": "SQLite (temporary PREFECT_HOME)",
            "route": "GET /api/deployments/name/{flow_name}/{deployment_name}",
        },
        "requests": DEPLOYMENTS,
        "responses": responses,
    }
    OUT.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"server healthy after {startup_s:.1f} s; {len(responses)} deployments -> {OUT}")


if __name__ == "__main__":
    main()
