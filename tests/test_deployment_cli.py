"""``interval-schedule plan``: tables, JSON, --name through the registry, and one-line errors.

Expected times are worked out by hand from examples/deployment.json: a daily
09:00 America/New_York schedule and a 15-minute UTC one, planned at
2026-10-31T12:00Z (08:00 EDT), the day before New York falls back
(2026-11-01 06:00 UTC).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interval_schedule.cli import main
from interval_schedule.deployment import DeploymentRegistry
from interval_schedule.planner import plan_runs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "deployment.json")
EXAMPLES = str(ROOT / "examples" / "deployments.jsonl")
NOW = "2026-10-31T12:00:00Z"
DEP = "8f3c2a61-4b7d-4e2a-9c15-6d0b7e9a1f42"
DAILY = "5e2b9c71-0d3a-4f6e-b8c4-1a7d2e9f3b60"
QUARTER = "b7d41e08-2c9f-4a53-9e61-f0a8c3d5e217"


def run(capsys, *argv):
    code = main(["plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def error_of(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("interval-schedule: error: ")
    return err


class TestTable:
    def test_example_at_the_fixed_now(self, capsys):
        code, out, err = run(capsys, EXAMPLE, "--now", NOW)
        assert code == 0 and err == ""
        lines = out.splitlines()
        assert lines[0] == "8 runs for 1 deployment at 2026-10-31T12:00:00Z (profile standard)"
        assert lines[1].split() == ["DEPLOYMENT", "SCHEDULE", "LOCAL", "TIME", "UTC", "IDEMPOTENCY", "KEY"]
        rows = [line.split() for line in lines[2:]]
        # Daily 09:00 New York: 09:00 EDT (13:00Z) on the 31st, then 09:00 EST (14:00Z) after the change.
        assert rows[:3] == [
            ["sales-report", "daily-0900-new-york", "2026-10-31", "09:00:00-04:00", "2026-10-31T13:00:00Z", "scheduled", DEP, DAILY, "2026-10-31T13:00:00Z"],
            ["sales-report", "daily-0900-new-york", "2026-11-01", "09:00:00-05:00", "2026-11-01T14:00:00Z", "scheduled", DEP, DAILY, "2026-11-01T14:00:00Z"],
            ["sales-report", "daily-0900-new-york", "2026-11-02", "09:00:00-05:00", "2026-11-02T14:00:00Z", "scheduled", DEP, DAILY, "2026-11-02T14:00:00Z"],
        ]
        # Every 15 minutes UTC from 12:00 (inclusive) until the first at or after 13:00: 5 runs.
        assert [r[4] for r in rows[3:]] == [f"2026-10-31T{t}:00Z" for t in ("12:00", "12:15", "12:30", "12:45", "13:00")]
        assert {r[1] for r in rows[3:]} == {"every-15-minutes"}
        assert len(rows) == 8

    def test_prefect_profile_keys(self, capsys):
        code, out, _ = run(capsys, EXAMPLE, "--now", NOW, "--profile", "prefect")
        assert code == 0 and "(profile prefect)" in out
        assert out.splitlines()[2].endswith(f"scheduled {DEP} {DAILY} 2026-10-31 09:00:00-04:00")

    def test_default_now(self, capsys):
        code, out, _ = run(capsys, EXAMPLE)
        assert code == 0 and out.startswith("8 runs for 1 deployment at ")


class TestJson:
    def test_json(self, capsys):
        code, out, _ = run(capsys, EXAMPLE, "--now", NOW, "--json")
        assert code == 0
        doc = json.loads(out)
        assert doc["now"] == NOW and doc["profile"] == "standard" and len(doc["runs"]) == 8
        first = doc["runs"][0]
        assert first["deployment_name"] == "sales-report" and first["flow_name"] is None
        assert first["scheduled_time"] == "2026-10-31T09:00:00-04:00" and first["scheduled_time_utc"] == "2026-10-31T13:00:00Z"
        # parameters: the deployment's {"region", "report": "daily", "full": true} with the schedule's on top.
        assert first["parameters"] == {"region": "us-east", "report": "daily", "full": True}
        assert doc["runs"][3]["parameters"] == {"region": "us-east", "report": "cache-refresh", "full": False}
        assert first["tags"] == ["auto-scheduled", "sales", "reporting"]
        assert first["created_by"] == {"id": DAILY, "type": "SCHEDULE", "display_value": "daily-0900-new-york"}
        assert doc["runs"][3]["schedule_id"] == QUARTER and first["work_pool_name"] == "k8s-east"


class TestJsonLines:
    def test_name_picks_one(self, capsys):
        registry = DeploymentRegistry.from_jsonl(Path(EXAMPLES).read_text())
        flow, deployment = next((f, d) for f, d in registry.items() if not d.paused and d.schedules)
        code, out, _ = run(capsys, EXAMPLES, "--now", NOW, "--name", f"{flow}/{deployment.name}", "--json")
        assert code == 0
        runs = json.loads(out)["runs"]
        assert [r["idempotency_key"] for r in runs] == [r.idempotency_key for r in plan_runs(deployment, NOW)]
        assert {r["flow_name"] for r in runs} <= {flow}

    def test_all_deployments(self, capsys):
        registry = DeploymentRegistry.from_jsonl(Path(EXAMPLES).read_text())
        expected = sum(len(plan_runs(d, NOW)) for d in registry)
        code, out, _ = run(capsys, EXAMPLES, "--now", NOW)
        assert code == 0
        assert out.splitlines()[0].startswith(f"{expected} runs for 300 deployments at {NOW} (profile standard); paused, nothing planned: ")
        assert len(out.splitlines()) == expected + 2

    def test_unknown_name(self, capsys):
        err = error_of(capsys, EXAMPLES, "--name", "sales-report/nope")
        assert "no deployment named 'nope' for flow 'sales-report'" in err

    @pytest.mark.parametrize("name", ["sales-report", "/x", "x/"])
    def test_name_must_be_flow_slash_deployment(self, capsys, name):
        assert "--name must be FLOW/DEPLOYMENT" in error_of(capsys, EXAMPLES, "--name", name)

    def test_name_needs_json_lines(self, capsys):
        assert "--name needs JSON Lines" in error_of(capsys, EXAMPLE, "--name", "a/b")


class TestErrors:
    def test_missing_file(self, capsys, tmp_path):
        path = tmp_path / "nope.json"
        assert f"{path}: no such file" in error_of(capsys, str(path))

    def test_directory(self, capsys, tmp_path):
        assert "is a directory" in error_of(capsys, str(tmp_path))

    def test_not_utf8(self, capsys, tmp_path):
        path = tmp_path / "bin.json"
        path.write_bytes(b"\xff\xfe{")
        assert "not UTF-8" in error_of(capsys, str(path))

    def test_empty(self, capsys, tmp_path):
        path = tmp_path / "empty.json"
        path.write_text("\n")
        assert "empty file" in error_of(capsys, str(path))

    def test_not_json(self, capsys, tmp_path):
        path = tmp_path / "x.json"
        path.write_text("{oops")
        assert f"{path} line 1: not valid JSON" in error_of(capsys, str(path))

    def test_json_array(self, capsys, tmp_path):
        path = tmp_path / "x.json"
        path.write_text("[1, 2]")
        assert "expected a deployment object or JSON Lines" in error_of(capsys, str(path))

    def test_field_error_names_file_and_path(self, capsys, tmp_path):
        doc = json.loads(Path(EXAMPLE).read_text())
        doc["schedules"][1]["schedule"]["interval"] = -900
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(doc))
        err = error_of(capsys, str(path))
        assert f"{path}: schedules[1].schedule.interval: " in err and "-900" in err

    def test_cron_is_unsupported(self, capsys, tmp_path):
        doc = json.loads(Path(EXAMPLE).read_text())
        doc["schedules"][0]["schedule"] = {"cron": "0 9 * * *", "timezone": "America/New_York"}
        path = tmp_path / "cron.json"
        path.write_text(json.dumps(doc))
        assert "schedules[0].schedule: CronSchedule" in error_of(capsys, str(path))

    def test_naive_now(self, capsys):
        assert "has no offset" in error_of(capsys, EXAMPLE, "--now", "2026-10-31T08:00")

    def test_bad_profile_is_a_usage_error(self, capsys):
        assert main(["plan", EXAMPLE, "--profile", "cron"]) == 2
        assert "invalid choice" in capsys.readouterr().err

    def test_paused_single_deployment(self, capsys, tmp_path):
        doc = json.loads(Path(EXAMPLE).read_text())
        doc["paused"] = True
        path = tmp_path / "paused.json"
        path.write_text(json.dumps(doc))
        code, out, _ = run(capsys, str(path), "--now", NOW)
        assert code == 0 and out == f"0 runs for 1 deployment at {NOW} (profile standard); paused, nothing planned: sales-report\n"
