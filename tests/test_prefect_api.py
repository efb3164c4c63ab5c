"""PrefectAPI's error paths and wire format against a real local HTTP server (http.server in a thread).

Real sockets on 127.0.0.1, no mocking of httpx: the server answers 404/401/403/422/503,
HTML, garbage, slow and dripping answers, and resets connections. The live Prefect
server tests are in tests_prefect/ (``make test-prefect``).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from interval_schedule import cli
from interval_schedule.deployment import Deployment
from interval_schedule.errors import (
    DeploymentNotFoundError,
    InvalidQueryError,
    LimitExceededError,
    PrefectAuthError,
    PrefectConnectionError,
    PrefectRequestError,
    PrefectResponseError,
    PrefectServerError,
    PrefectTimeoutError,
)
from interval_schedule.planner import plan_runs
from interval_schedule.prefect_api import PrefectAPI, RemoteDeployment

DEP_ID = "8f3c2a61-4b7d-4e2a-9c15-6d0b7e9a1f42"
FLOW_ID = "c1a7e5d2-93b4-4f08-8e6a-2b5d9c3f7a10"
SCHED_ID = "5e2b9c71-0d3a-4f6e-b8c4-1a7d2e9f3b60"

# A deployment as Prefect 3.9.1 returns it (fields copied from a real server's answer's shape):
# nulls, Z timestamps with microseconds, fields this library does not model, and a cron schedule.
DEPLOYMENT = {
    "id": DEP_ID, "created": "2026-12-01T18:57:43.742271Z", "updated": "2026-12-01T18:57:43.737405Z",
    "name": "daily report", "version": None, "description": None, "flow_id": FLOW_ID, "paused": False,
    "schedules": [
        {"id": "fba470e9-36d3-42b3-8674-65b74d45f4ca", "created": "2026-12-01T18:57:43.765744Z", "updated": None,
         "deployment_id": DEP_ID, "schedule": {"cron": "0 9 * * *", "timezone": "UTC", "day_or": True},
         "active": True, "max_scheduled_runs": None, "parameters": {}, "slug": None},
        {"id": SCHED_ID, "created": "2026-12-01T18:57:43.765662Z", "updated": "2026-12-01T18:57:43.765718Z",
         "deployment_id": DEP_ID,
         "schedule": {"interval": 86400.0, "anchor_date": "2027-03-01T09:00:00-05:00", "timezone": "America/New_York"},
         "active": True, "max_scheduled_runs": None, "parameters": {"b": 2}, "slug": "d9", "replaces": None},
    ],
    "concurrency_limit": None, "global_concurrency_limit": None, "concurrency_options": None, "job_variables": {},
    "parameters": {"a": 1}, "tags": ["sales"], "labels": {"prefect.flow.id": FLOW_ID}, "work_queue_name": None,
    "work_queue_id": None, "last_polled": None, "parameter_openapi_schema": {}, "path": None, "pull_steps": [],
    "entrypoint": None, "storage_document_id": None, "infrastructure_document_id": None, "created_by": None,
    "updated_by": None, "work_pool_name": None, "status": "NOT_READY", "enforce_parameter_schema": True,
}


def flow_run(n: int, when: str, key: str | None) -> dict:
    return {
        "id": f"01a232f8-4f7f-7a14-b773-9cd83b8{n:05x}", "name": f"run-{n}", "flow_id": FLOW_ID, "deployment_id": DEP_ID,
        "parameters": {"a": 1, "b": 2}, "idempotency_key": key, "tags": ["auto-scheduled", "sales"],
        "state_type": "SCHEDULED", "expected_start_time": when, "next_scheduled_start_time": when,
        "auto_scheduled": True, "created_by": {"id": SCHED_ID, "type": "SCHEDULE", "display_value": "d9"},
        "state": {"type": "SCHEDULED", "name": "Scheduled", "timestamp": "2026-12-01T18:57:43.807572Z",
                  "state_details": {"scheduled_time": when, "pause_key": None}},
        "some_new_field": {"kept": True},
    }


class Handler(BaseHTTPRequestHandler):
    """Dispatch on the first path segment (the scenario); the rest is the Prefect route."""

    server: "FakeServer"

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: object, ctype: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle(json.loads(self.rfile.read(length) or b"null"))

    def _handle(self, body: object) -> None:
        _, scenario, route = self.path.split("/", 2)
        route = route.removeprefix("api/")
        state = self.server
        with state.lock:
            state.requests.append((self.command, scenario, route, body, dict(self.headers)))
            state.count[scenario] = state.count.get(scenario, 0) + 1
            count = state.count[scenario]
        if scenario == "ok":
            self._ok(route, body)
        elif scenario == "missing":
            self._send(404, {"detail": "Deployment not found"})
        elif scenario == "noroute":
            self._send(404, {"detail": "Not Found"})
        elif scenario in ("401", "403"):
            self._send(int(scenario), {"detail": "Unauthorized"})
        elif scenario == "invalid":
            self._send(422, {"detail": [{"loc": ["body", "state"], "msg": "field required"}]})
        elif scenario == "locked":  # 503 twice, then fine
            if count <= 2:
                self._send(503, {"exception_message": "(sqlite3.OperationalError) database is locked"})
            else:
                self._ok(route, body)
        elif scenario == "down":
            self._send(503, {"exception_message": "database is locked"})
        elif scenario == "html":
            self._send(200, b"<!doctype html><html><body>Welcome to nginx</body></html>", "text/html")
        elif scenario == "garbage":
            self._send(200, b"{not json", "application/json")
        elif scenario == "list":
            self._send(200, [1, 2, 3])
        elif scenario == "slow":
            time.sleep(3)
            self._ok(route, body)
        elif scenario == "drip":  # headers at once, then a byte every 0.3 s for 6 s
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "20")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.3)
        elif scenario in ("reset", "resetonce"):
            if scenario == "reset" or count == 1:
                # close without answering: the client sees the connection end mid-request
                self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.close_connection = True
                self.request.close()
                return
            self._ok(route, body)
        elif scenario == "endless":  # a filter that always returns a full page of new ids
            self._send(200, [dict(DEPLOYMENT, id=f"{count:08x}-0000-4000-8000-{i:012x}") for i in range(200)])
        else:
            self._send(500, {"detail": "unknown scenario"})

    def _ok(self, route: str, body: object) -> None:
        if route.startswith("deployments/name/"):
            self._send(200, DEPLOYMENT)
        elif route == "deployments/filter":
            offset = body["offset"]  # type: ignore[index]
            # 450 deployments in pages: the client must ask for 3 pages of 200.
            page = [dict(DEPLOYMENT, id=f"00000000-0000-4000-8000-{i:012x}", name=f"d{i:03d}") for i in range(offset, min(offset + 200, 450))]
            self._send(200, page)
        elif route == "flows/filter":
            self._send(200, [{"id": FLOW_ID, "name": "sales flow", "tags": []}])
        elif route == "flow_runs/filter":
            if body["offset"] == 0:  # type: ignore[index]
                self._send(200, [
                    flow_run(2, "2027-03-14T04:00:00-04:00", f"scheduled {DEP_ID} {SCHED_ID} 2027-03-14 04:00:00-04:00"),
                    flow_run(1, "2027-03-13T09:00:00.000001Z", None),
                ])
            else:
                self._send(200, [])
        elif route.endswith("/create_flow_run"):
            state = body["state"]  # type: ignore[index]
            self._send(201, flow_run(7, state["state_details"]["scheduled_time"], body["idempotency_key"]))  # type: ignore[index]
        elif route == "health":
            self._send(200, True)
        else:
            self._send(404, {"detail": "Not Found"})


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple] = []
        self.count: dict[str, int] = {}
        self.errors: list[BaseException | None] = []

    def handle_error(self, request: object, client_address: object) -> None:
        # Recorded, not printed: a handler of the "slow"/"drip" scenarios outlives the test whose client
        # timed out, and its late write fails; the default handler would print that traceback into whatever
        # test's captured stderr is current then (it broke test_errors_are_one_line once in CI).
        with self.lock:
            self.errors.append(sys.exc_info()[1])

    def url(self, scenario: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{scenario}/api"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    srv = FakeServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def api(server: FakeServer, scenario: str, **kwargs: object) -> PrefectAPI:
    return PrefectAPI(server.url(scenario), **kwargs)  # type: ignore[arg-type]


class TestReading:
    def test_deployment_by_name_keeps_every_field(self, server: FakeServer) -> None:
        with api(server, "ok") as a:
            d = a.read_deployment_by_name("sales flow", "daily report/é")
        method, _, route, _, _ = server.requests[-1]
        assert (method, route) == ("GET", "deployments/name/sales%20flow/daily%20report%2F%C3%A9")
        assert isinstance(d, RemoteDeployment) and isinstance(d, Deployment)
        assert d.flow_name == "sales flow" and str(d.id) == DEP_ID
        assert [s.slug for s in d.schedules] == ["d9"]
        assert d.schedules[0].extra == {"replaces": None}
        assert d.extra["labels"] == {"prefect.flow.id": FLOW_ID} and d.extra["concurrency_options"] is None
        (u,) = d.unsupported_schedules
        assert (u.index, u.kind, u.id) == (0, "CronSchedule", "fba470e9-36d3-42b3-8674-65b74d45f4ca")
        assert "CronSchedule (cron='0 9 * * *') is not supported" in u.message
        # the interval schedule is still planned
        assert [str(r.scheduled_time) for r in plan_runs(d, "2027-03-12T12:00:00Z")] == [
            "2027-03-12 09:00:00-05:00", "2027-03-13 09:00:00-05:00", "2027-03-14 09:00:00-04:00"]  # 14 March: spring-forward

    def test_deployments_filter_is_paginated(self, server: FakeServer) -> None:
        with api(server, "ok") as a:
            ds = a.read_deployments()
        pages = [body["offset"] for m, _, route, body, _ in server.requests if route == "deployments/filter"]
        assert pages == [0, 200, 400]
        assert len(ds) == 450 and {d.flow_name for d in ds} == {"sales flow"}
        assert [d.name for d in ds[:2]] == ["d000", "d001"]

    def test_paging_is_bounded(self, server: FakeServer) -> None:
        with api(server, "endless") as a, pytest.raises(LimitExceededError, match="more than 1000 deployments"):
            a.read_deployments(limit=1000)

    def test_scheduled_runs(self, server: FakeServer) -> None:
        with api(server, "ok") as a:
            runs = a.read_scheduled_runs(DEP_ID, "2027-03-12T12:00:00Z", "2027-06-20T12:00:00+00:00")
        body = next(b for m, _, route, b, _ in server.requests if route == "flow_runs/filter")
        assert body["flow_runs"] == {
            "deployment_id": {"any_": [DEP_ID]},
            "state": {"type": {"any_": ["SCHEDULED"]}},
            "expected_start_time": {"after_": "2027-03-12T12:00:00Z", "before_": "2027-06-20T12:00:00Z"},
        }
        assert [r.name for r in runs] == ["run-1", "run-2"]  # sorted by time
        assert runs[0].scheduled_time.microsecond == 1 and runs[0].idempotency_key is None
        assert str(runs[1].schedule_id) == SCHED_ID and runs[1].data["some_new_field"] == {"kept": True}

    def test_create_is_a_dry_run_unless_applied(self, server: FakeServer) -> None:
        d = Deployment.from_dict({k: v for k, v in DEPLOYMENT.items() if k != "schedules"} | {"schedules": DEPLOYMENT["schedules"][1:]})
        runs = plan_runs(d, "2027-03-12T12:00:00Z", profile="prefect")
        with api(server, "ok", api_key="secret") as a:
            dry = a.create_scheduled_runs(runs)
            assert [c.flow_run for c in dry] == [None] * 3 and not server.requests
            done = a.create_scheduled_runs(runs[:1], apply=True)
        method, _, route, body, headers = server.requests[-1]
        assert (method, route) == ("POST", f"deployments/{DEP_ID}/create_flow_run")
        assert body == {
            "state": {"type": "SCHEDULED", "state_details": {"scheduled_time": "2027-03-12T09:00:00-05:00"}},
            "idempotency_key": f"scheduled {DEP_ID} {SCHED_ID} 2027-03-12 09:00:00-05:00",
            "parameters": {"a": 1, "b": 2},
            "tags": ["auto-scheduled", "sales"],
        }
        assert headers["Authorization"] == "Bearer secret"
        assert done[0].flow_run is not None and done[0].flow_run.idempotency_key == body["idempotency_key"]


class TestErrors:
    def test_not_found_names_flow_and_deployment(self, server: FakeServer) -> None:
        with api(server, "missing") as a, pytest.raises(DeploymentNotFoundError) as info:
            a.read_deployment_by_name("sales", "nightly")
        assert str(info.value).startswith("no deployment named 'nightly' for flow 'sales' (GET http://127.0.0.1:")
        assert info.value.status == 404 and info.value.url.endswith("/missing/api/deployments/name/sales/nightly")
        assert isinstance(info.value, KeyError)

    def test_a_missing_route_is_not_a_missing_deployment(self, server: FakeServer) -> None:
        with api(server, "noroute") as a, pytest.raises(PrefectRequestError, match=r"HTTP 404 'Not Found'; is .* a Prefect API URL"):
            a.read_deployment_by_name("sales", "nightly")

    @pytest.mark.parametrize("status", ["401", "403"])
    def test_auth(self, server: FakeServer, status: str) -> None:
        with api(server, status) as a, pytest.raises(PrefectAuthError, match=f"HTTP {status} 'Unauthorized'; check the API key") as info:
            a.read_deployments()
        assert info.value.status == int(status) and "/deployments/filter" in str(info.value.url)

    def test_unprocessable(self, server: FakeServer) -> None:
        with api(server, "invalid") as a, pytest.raises(PrefectRequestError, match="HTTP 422: .*field required") as info:
            a.read_scheduled_runs(DEP_ID, "2027-01-01T00:00Z", "2027-02-01T00:00Z")
        assert info.value.status == 422

    def test_503_is_retried(self, server: FakeServer) -> None:
        with api(server, "locked") as a:
            assert a.read_deployment_by_name("f", "d").name == "daily report"
        assert server.count["locked"] == 3

    def test_503_retries_are_bounded(self, server: FakeServer) -> None:
        with api(server, "down", retries=2) as a, pytest.raises(PrefectServerError, match="HTTP 503 after 3 tries") as info:
            a.health()
        assert server.count["down"] == 3 and info.value.status == 503

    def test_reset_is_retried(self, server: FakeServer) -> None:
        with api(server, "resetonce") as a:
            assert a.health() is True
        assert server.count["resetonce"] == 2

    def test_resets_are_bounded(self, server: FakeServer) -> None:
        with api(server, "reset", retries=1) as a, pytest.raises(PrefectConnectionError, match="connection reset 2 times"):
            a.health()
        assert server.count["reset"] == 2

    def test_html(self, server: FakeServer) -> None:
        with api(server, "html") as a, pytest.raises(PrefectResponseError, match=r"HTTP 200 answered HTML .*nginx.*it usually ends in /api"):
            a.read_deployment_by_name("f", "d")

    def test_garbage(self, server: FakeServer) -> None:
        with api(server, "garbage") as a, pytest.raises(PrefectResponseError, match=r"answered text that is not JSON \('\{not json'\)"):
            a.read_deployments()

    def test_json_that_is_not_a_deployment(self, server: FakeServer) -> None:
        with api(server, "list") as a, pytest.raises(PrefectResponseError, match=r"expected a deployment object with 'name' and 'flow_id', got \[1, 2, 3\]"):
            a.read_deployment_by_name("f", "d")

    def test_slow_answer_times_out(self, server: FakeServer) -> None:
        start = time.monotonic()
        with api(server, "slow", timeout=0.5) as a, pytest.raises(PrefectTimeoutError, match="no complete answer within 0.5 s"):
            a.health()
        assert time.monotonic() - start < 2.5  # bounded by the timeout, not by the server (memory-free sanity bound)

    def test_dripping_answer_times_out(self, server: FakeServer) -> None:
        with api(server, "drip", timeout=1) as a, pytest.raises(PrefectTimeoutError, match="within 1 s"):
            a.health()

    def test_connection_refused(self) -> None:
        with socket.socket() as s:  # a port nobody listens on: bind, never listen
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            with PrefectAPI(f"http://127.0.0.1:{port}/api") as a, pytest.raises(PrefectConnectionError, match=r"cannot connect .*refused.*PREFECT_API_URL") as info:
                a.health()
        assert info.value.url == f"http://127.0.0.1:{port}/api/health" and info.value.status is None

    @pytest.mark.parametrize(("url", "message"), [("ftp://x/api", "must start with http"), ("", "non-empty")])
    def test_bad_url(self, url: str, message: str) -> None:
        with pytest.raises(InvalidQueryError, match=message):
            PrefectAPI(url)

    def test_bad_window(self, server: FakeServer) -> None:
        with api(server, "ok") as a, pytest.raises(InvalidQueryError, match="has no offset"):
            a.read_scheduled_runs(DEP_ID, "2027-01-01T00:00", "2027-02-01T00:00Z")


def test_module_needs_httpx() -> None:
    code = "import sys; sys.modules['httpx'] = None\ntry:\n import interval_schedule.prefect_api\nexcept ImportError as e: print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "interval_schedule.prefect_api needs httpx: pip install 'interval_schedule[prefect-api]'"


class TestCommandLine:
    def test_check_reads_prefect_api_url(self, server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        monkeypatch.setenv("PREFECT_API_URL", server.url("ok"))
        monkeypatch.setenv("PREFECT_API_KEY", "k")
        status = cli.main(["check", "--name", "sales flow/daily report", "--now", "2027-03-12T12:00:00Z"])
        out = capsys.readouterr().out
        # The fake server has two runs of the schedule, neither at a planned time; the plan has
        # 09:00 New York on 12, 13 and 14 March: by rank, run-1 (13 March 09:00Z, no key) moved to
        # 12 March 14:00Z, run-2 (14 March 04:00 EDT) to 13 March 14:00Z, and 14 March is missing.
        assert status == 1
        assert "sales flow/daily report: 0 matching, 2 moved, 1 missing, 0 extra" in out
        assert "CronSchedule (cron='0 9 * * *') is not supported" in out
        assert server.requests[0][4]["Authorization"] == "Bearer k"

    def test_errors_are_one_line(self, server: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
        assert cli.main(["plan", "--api", server.url("html"), "--name", "a/b"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "answered HTML" in err and "Traceback" not in err

    def test_fake_server_errors_stay_out_of_stderr(self, server: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
        # the harness itself: a handler thread failing late must not write into a test's captured stderr
        try:
            raise BrokenPipeError("client gone")
        except BrokenPipeError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == "" and isinstance(server.errors[-1], BrokenPipeError)

    def test_plan_needs_a_source(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
        assert cli.main(["plan"]) == 2
        assert "no Prefect API URL: pass --api URL or set PREFECT_API_URL" in capsys.readouterr().err
