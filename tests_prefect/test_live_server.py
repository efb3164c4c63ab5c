"""The Prefect bridge against a real Prefect 3.9.1 server (``make test-prefect``).

One server for the module (SQLite in a temporary PREFECT_HOME, 127.0.0.1, a free port,
stopped by PID at the end). Deployments with DST-stressing interval schedules are created
through the REST API; the server schedules their runs with ``POST /deployments/{id}/schedule``
at explicit start times just before a DST change (its scheduler service is off, so the clock
plays no part). Expected values come from the server: the planner must reproduce the runs
Prefect made, field by field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from interval_schedule import cli
from interval_schedule.planner import plan_runs
from interval_schedule.prefect_api import FlowRun, PrefectAPI, RemoteDeployment
from interval_schedule.reconcile import check

from server import prefect_server

pytestmark = pytest.mark.prefect_server

WINDOW_S = 100 * 86400  # the scheduler's default max_scheduled_time


@dataclass(frozen=True)
class Case:
    """A deployment to create, and the instant to schedule its runs from (just before a DST change)."""

    name: str
    start: str
    schedules: list[dict[str, Any]]
    paused: bool = False
    tags: tuple[str, ...] = ("dst",)
    parameters: dict[str, Any] | None = None


def interval(seconds: int, anchor: str, zone: str, **extra: Any) -> dict[str, Any]:
    return {"schedule": {"interval": seconds, "anchor_date": anchor, "timezone": zone}, **extra}


# 2027: New York springs forward on 14 March (02:00 -> 03:00), Amsterdam on 28 March,
# London and Amsterdam fall back on 31 October (London 02:00 BST -> 01:00 GMT at 01:00 UTC).
CASES = [
    Case("ny-daily-0900", "2027-03-12T12:00:00Z", [interval(86400, "2027-03-01T09:00:00-05:00", "America/New_York", slug="ny-0900")]),
    # 02:30 does not exist on 14 March: Prefect shifts it to 03:30 and keeps the shift on later days.
    Case("ny-daily-0230", "2027-03-12T12:00:00Z", [interval(86400, "2027-03-01T02:30:00-05:00", "America/New_York", slug="ny-0230")]),
    Case("london-hourly", "2027-10-31T00:00:00Z", [interval(3600, "2027-10-30T00:00:00+01:00", "Europe/London")]),
    Case("london-30min", "2027-10-30T23:40:00Z", [interval(1800, "2027-10-30T00:15:00+01:00", "Europe/London", slug="half-hourly")]),
    Case("amsterdam-2day", "2027-03-25T00:00:00Z", [interval(172800, "2027-03-20T02:30:00+01:00", "Europe/Amsterdam")]),
    Case("ny-25h", "2027-03-12T00:00:00Z", [interval(90000, "2027-03-10T00:00:00-05:00", "America/New_York")]),
    Case("paused", "2027-03-12T12:00:00Z", [interval(86400, "2027-03-01T09:00:00-05:00", "America/New_York")], paused=True),
    Case("inactive", "2027-03-12T12:00:00Z", [
        interval(86400, "2027-03-01T09:00:00-05:00", "America/New_York", slug="on"),
        interval(3600, "2027-03-01T00:00:00Z", "UTC", slug="off", active=False),
    ]),
    Case("two-with-parameters", "2027-10-31T00:00:00Z", [
        interval(3600, "2027-10-01T00:00:00+01:00", "Europe/London", slug="quick", parameters={"mode": "quick"}),
        interval(7200, "2027-10-01T00:30:00+01:00", "Europe/London", slug="extra", parameters={"extra": 1}),
    ], tags=("dst", "team-a"), parameters={"region": "eu", "mode": "full"}),
    # A cron schedule beside an interval one: the server schedules both; we plan and check the interval one.
    Case("with-cron", "2027-03-12T12:00:00Z", [
        {"schedule": {"cron": "0 9 * * *", "timezone": "America/New_York"}, "slug": "cron"},
        interval(86400, "2027-03-01T09:00:00-05:00", "America/New_York", slug="interval"),
    ]),
]
FLOW = "dst flow"


def post(client: httpx.Client, path: str, body: object, ok: tuple[int, ...] = (200, 201, 204)) -> Any:
    for _ in range(10):  # SQLite answers 503 "database is locked" now and then
        r = client.post(path, json=body)
        if r.status_code != 503:
            break
    assert r.status_code in ok, (path, r.status_code, r.text)
    return r.json() if r.content else None


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    with prefect_server() as url, httpx.Client(base_url=url, timeout=60) as client:
        flow = post(client, "/flows/", {"name": FLOW})
        made = {}
        for case in CASES:
            dep = post(client, "/deployments/", {
                "name": case.name, "flow_id": flow["id"], "paused": case.paused, "tags": list(case.tags),
                "parameters": case.parameters or {}, "schedules": case.schedules,
            })
            if not case.paused:  # /schedule ignores `paused`; the scheduler service would not schedule it
                end = _plus(case.start, WINDOW_S)
                post(client, f"/deployments/{dep['id']}/schedule",
                     {"start_time": case.start, "end_time": end, "min_runs": 3, "max_runs": 100, "min_time": 3600.0})
            made[case.name] = dep
        yield {"url": url, "client": client, "deployments": made, "flow": flow}


def _plus(iso: str, seconds: int) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(iso) + timedelta(seconds=seconds)).isoformat()


@pytest.fixture
def api(server: dict[str, Any]) -> Iterator[PrefectAPI]:
    with PrefectAPI(server["url"]) as a:
        yield a


def comparable(runs: list[Any]) -> list[tuple]:
    """(UTC instant, key, tags, parameters, schedule id) of runs, sorted: planned and server runs alike."""
    return sorted(
        (r.scheduled_time.timestamp(), r.idempotency_key, tuple(sorted(r.tags)), json.dumps(r.parameters, sort_keys=True), str(r.schedule_id))
        for r in runs
    )


def server_runs(api: PrefectAPI, d: RemoteDeployment, start: str) -> list[FlowRun]:
    cron = {u.id for u in d.unsupported_schedules}
    return [r for r in api.read_scheduled_runs(d.id, start, _plus(start, WINDOW_S)) if str(r.schedule_id) not in cron]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_plan_equals_the_servers_runs(api: PrefectAPI, case: Case) -> None:
    d = api.read_deployment_by_name(FLOW, case.name)
    planned = plan_runs(d, case.start, profile="prefect")
    runs = server_runs(api, d, case.start)
    assert comparable(planned) == comparable(runs)
    # the same local offsets as the server's state (it writes UTC as Z, so compare parsed)
    assert sorted((p.scheduled_time.timestamp(), p.scheduled_time.utcoffset()) for p in planned) == sorted(
        (r.scheduled_time.timestamp(), r.scheduled_time.utcoffset()) for r in runs
    )
    if case.paused:
        assert planned == [] and runs == []
    else:
        assert len(runs) >= 3 * sum(1 for s in d.schedules if s.active)
    assert all(r.auto_scheduled and r.created_by is not None and r.created_by.type == "SCHEDULE" for r in runs)
    assert check(d, runs, case.start, profile="prefect").ok


def test_the_dst_cases_are_real(api: PrefectAPI) -> None:
    """Hand-worked local times of the server's runs: the cases do cross the DST changes."""
    def local(name: str) -> list[str]:
        d = api.read_deployment_by_name(FLOW, name)
        return [r.data["state"]["state_details"]["scheduled_time"] for r in server_runs(api, d, next(c.start for c in CASES if c.name == name))]

    # from 07:00 EST on 12 March: 09:00 stays 09:00 across the change
    assert local("ny-daily-0900") == ["2027-03-12T09:00:00-05:00", "2027-03-13T09:00:00-05:00", "2027-03-14T09:00:00-04:00"]
    # 02:30 on 14 March does not exist: 03:30 EDT, and Prefect keeps 03:30 the next day
    assert local("ny-daily-0230") == ["2027-03-13T02:30:00-05:00", "2027-03-14T03:30:00-04:00", "2027-03-15T03:30:00-04:00"]
    # hourly from 00:00 UTC: 01:00 BST, then Prefect drops the second pass through the repeated
    # hour (01:00 GMT, 01:00 UTC; docs/prefect.md) and goes on at 02:00 GMT
    assert local("london-hourly") == ["2027-10-31T01:00:00+01:00", "2027-10-31T02:00:00Z", "2027-10-31T03:00:00Z"]
    d = api.read_deployment_by_name(FLOW, "london-hourly")
    assert [str(r.scheduled_time) for r in plan_runs(d, "2027-10-31T00:00:00Z")] == [  # the standard profile keeps it
        "2027-10-31 01:00:00+01:00", "2027-10-31 01:00:00+00:00", "2027-10-31 02:00:00+00:00"]


def test_unsupported_schedule_is_reported_not_fatal(api: PrefectAPI) -> None:
    d = api.read_deployment_by_name(FLOW, "with-cron")
    assert [s.slug for s in d.schedules] == ["interval"]
    assert [(u.kind, u.slug) for u in d.unsupported_schedules] == [("CronSchedule", "cron")]
    assert d.extra.keys() >= {"labels", "concurrency_limit", "work_queue_id"}  # unknown fields kept


def test_read_deployments_pages_and_names(api: PrefectAPI) -> None:
    ds = api.read_deployments()
    assert sorted(d.name for d in ds) == sorted(c.name for c in CASES)
    assert {d.flow_name for d in ds} == {FLOW}


def test_check_command_finds_no_difference(server: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    for case in CASES:
        status = cli.main(["check", "--api", server["url"], "--name", f"{FLOW}/{case.name}", "--now", case.start, "--json"])
        out = json.loads(capsys.readouterr().out)
        assert status == 0, out
        (dep,) = out["deployments"]
        assert dep["counts"]["moved"] == dep["counts"]["missing"] == dep["counts"]["extra"] == 0


def test_missing_deployment(server: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["plan", "--api", server["url"], "--name", f"{FLOW}/nope"]) == 2
    assert capsys.readouterr().err.startswith(f"interval-schedule: error: no deployment named 'nope' for flow '{FLOW}'")


def test_sync_then_edit_then_check_reports_the_moves(server: dict[str, Any], api: PrefectAPI, capsys: pytest.CaptureFixture[str]) -> None:
    client: httpx.Client = server["client"]
    # A deployment the server never scheduled: sync creates its runs.
    dep = post(client, "/deployments/", {
        "name": "synced", "flow_id": server["flow"]["id"], "tags": ["ops"],
        "schedules": [interval(86400, "2027-03-01T09:00:00-05:00", "America/New_York", slug="nine")],
    })
    now = "2027-03-12T12:00:00Z"
    name = f"{FLOW}/synced"
    args = ["--api", server["url"], "--name", name, "--now", now]
    assert cli.main(["sync", *args]) == 0  # a dry run
    assert "would create (dry run; --apply creates them) 3" in capsys.readouterr().out
    assert api.read_scheduled_runs(dep["id"], now, _plus(now, WINDOW_S)) == []

    assert cli.main(["sync", *args, "--apply"]) == 0
    capsys.readouterr()
    d = api.read_deployment_by_name(FLOW, "synced")
    runs = api.read_scheduled_runs(d.id, now, _plus(now, WINDOW_S))
    assert comparable(runs) == comparable(plan_runs(d, now, profile="prefect"))
    assert [r.scheduled_time.isoformat() for r in runs] == [  # sent with the local offset, kept by the server
        "2027-03-12T09:00:00-05:00", "2027-03-13T09:00:00-05:00", "2027-03-14T09:00:00-04:00"]
    assert not any(r.auto_scheduled for r in runs)

    assert cli.main(["sync", *args, "--apply"]) == 0  # idempotent: the same keys give the same runs
    assert "created 0" in capsys.readouterr().out
    assert [r.id for r in api.read_scheduled_runs(d.id, now, _plus(now, WINDOW_S))] == [r.id for r in runs]
    assert cli.main(["check", *args]) == 0
    capsys.readouterr()

    # Edit the schedule: 09:30 instead of 09:00. Prefect deletes only auto-scheduled runs; ours stay.
    r = client.patch(f"/deployments/{d.id}/schedules/{d.schedules[0].id}",
                     json={"schedule": {"interval": 86400, "anchor_date": "2027-03-01T09:30:00-05:00", "timezone": "America/New_York"}})
    assert r.status_code == 204, r.text
    assert cli.main(["check", *args, "--json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["deployments"]
    assert report["counts"] == {"matching": 0, "moved": 3, "missing": 0, "extra": 0}
    assert [(m["from"], m["to"]) for m in report["moved"]] == [  # hand-worked: 09:00 -> 09:30 local, EST then EDT
        ("2027-03-12T14:00:00Z", "2027-03-12T14:30:00Z"),
        ("2027-03-13T14:00:00Z", "2027-03-13T14:30:00Z"),
        ("2027-03-14T13:00:00Z", "2027-03-14T13:30:00Z"),
    ]

    # sync creates the moved-to runs and reports the old ones; check then sees 3 matching, 3 extra.
    assert cli.main(["sync", *args, "--apply"]) == 0
    out = capsys.readouterr().out
    assert "created 3" in out and "not deleted: 3 scheduled runs" in out
    assert len(api.read_scheduled_runs(d.id, now, _plus(now, WINDOW_S))) == 6
    assert cli.main(["check", *args, "--json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["deployments"]
    assert report["counts"] == {"matching": 3, "moved": 0, "missing": 0, "extra": 3}
