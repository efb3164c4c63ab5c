"""Start and stop a real Prefect 3.9.1 server for the live tests (SQLite, temporary PREFECT_HOME, loopback).

Used by conftest.py; also runnable by hand (``python tests_prefect/server.py``) to get a
server for trying the CLI: it prints the API URL and stops on Ctrl-C.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFECT = ROOT / ".venv-prefect" / "bin" / "prefect"
START_TIMEOUT_S = 120  # measured 11-26 s on a fresh database; generous for a loaded 2-core machine
STOP_TIMEOUT_S = 15


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on 127.0.0.1:*port* (from /proc/net/tcp)."""
    inodes = set()
    want = f"0100007F:{port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == want and fields[3] == "0A":  # 0A: LISTEN
            inodes.add(fields[9])
    return inodes


def _group_inodes(pgid: int) -> set[str]:
    """Socket inodes held by the processes of process group *pgid*."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pgid:
                continue
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    found.add(target[8:-1])
        except (OSError, ProcessLookupError):
            continue
    return found


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return json.loads(r.read()) is True
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def prefect_server() -> Iterator[str]:
    """A running server; yields its API URL (``http://127.0.0.1:PORT/api``). Stopped by PID on exit."""
    if not PREFECT.exists():
        raise RuntimeError(f"{PREFECT} not found: run `make test-prefect` (it creates .venv-prefect)")
    with tempfile.TemporaryDirectory(prefix="prefect-home-") as home:
        port = free_port()
        env = {
            k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")
        } | {
            "PREFECT_HOME": home,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_ENABLED": "false",
            # Runs come from POST /deployments/{id}/schedule with explicit times, not from the clock.
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
            "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
            "PYTHONTZPATH": "",  # the tzdata package's zones, as this library uses
        }
        log = open(Path(home) / "server.log", "wb")
        proc = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/api"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _healthy(url):
                if proc.poll() is not None:
                    raise RuntimeError(f"prefect server exited with {proc.returncode}:\n{Path(home, 'server.log').read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"prefect server not healthy after {START_TIMEOUT_S} s:\n{Path(home, 'server.log').read_text()[-3000:]}")
                time.sleep(0.5)
            listening = _listening_inodes(port)
            if not listening or not listening <= _group_inodes(proc.pid):
                raise RuntimeError(f"port {port} is not (only) served by our server (pid {proc.pid})")
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(STOP_TIMEOUT_S)
            log.close()


if __name__ == "__main__":
    with prefect_server() as api_url:
        print(api_url, flush=True)
        try:
            if len(sys.argv) > 1:
                time.sleep(float(sys.argv[1]))
            else:
                signal.pause()
        except KeyboardInterrupt:
            pass
