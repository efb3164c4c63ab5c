"""The deployment model: the API seed round trip, legacy fields, field-path errors, the registry.

The seed (tests/data/deployment_seed.json) is the example response of Prefect's
REST reference for ``GET /api/deployments/name/{flow_name}/{deployment_name}``
(Prefect 3.0 docs, "Read Deployment By Name"): every string "<string>", every
UUID 3c90c3cc-..., interval 123, timestamps with Z.  It carries both the modern
fields and the 2.x legacy ones (``schedule``, ``is_schedule_active``), and its
schedule has ``max_active_runs``/``catchup`` but no ``parameters``/``slug``.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.deployment import (
    CreatedBy,
    Deployment,
    DeploymentFieldError,
    DeploymentRegistry,
    DeploymentSchedule,
)
from interval_schedule.errors import (
    DeploymentNotFoundError,
    IntervalScheduleError,
    InvalidDocumentError,
    UnsupportedScheduleError,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "tests" / "data" / "deployment_seed.json").read_text())
SEED_UUID = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
FLOW = "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c"
HOURLY = {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}


def normalize(value):
    """Timestamps -> UTC instants, numbers -> float, recursively (what "after normalizing" allows)."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and "T" in value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        if parsed.tzinfo is not None:
            return ("instant", parsed.astimezone(timezone.utc))
    return value


def minimal(**fields) -> dict:
    return {"name": "etl", "flow_id": FLOW, **fields}


class TestSeedRoundTrip:
    def test_to_dict_of_from_dict_is_the_seed_after_normalizing(self):
        out = Deployment.from_dict(copy.deepcopy(SEED)).to_dict()
        assert normalize(out) == normalize(SEED)

    def test_key_order_is_kept(self):
        out = Deployment.from_dict(SEED).to_dict()
        assert list(out) == list(SEED)
        assert list(out["schedules"][0]) == list(SEED["schedules"][0])

    def test_only_the_documented_normalizations_happen(self):
        out = Deployment.from_dict(SEED).to_dict()
        # 123 -> 123.0 (JSON-equal); the anchor keeps the offset it was written with, as Prefect does.
        assert out["schedule"] == {"interval": 123.0, "anchor_date": "2020-01-01T00:00:00Z", "timezone": "America/New_York"}
        assert out == SEED
        assert out["created"] == "2023-11-07T05:31:56Z"  # timestamps with Z stay byte-identical
        rest = {k: v for k, v in out.items() if k not in ("schedule", "schedules")}
        assert rest == {k: v for k, v in SEED.items() if k not in ("schedule", "schedules")}

    def test_values(self):
        d = Deployment.from_dict(SEED)
        assert d.id == SEED_UUID and d.flow_id == SEED_UUID
        assert d.created == datetime(2023, 11, 7, 5, 31, 56, tzinfo=timezone.utc)
        assert d.name == "<string>" and d.status == "READY" and d.enforce_parameter_schema is True
        assert d.tags == ("tag-1", "tag-2") and d.pull_steps == ({},) and d.parameter_openapi_schema == {}
        assert d.created_by == CreatedBy(id=SEED_UUID, type="<string>", display_value="<string>")
        (s,) = d.schedules
        assert s.schedule.interval == timedelta(seconds=123) and s.schedule.timezone == "America/New_York"
        assert s.max_active_runs == 1 and s.max_scheduled_runs == 1 and s.catchup is False
        assert s.parameters == {} and s.slug is None and s.active is True
        assert d.schedule == s.schedule and d.is_schedule_active is True and d.paused is False

    def test_json_round_trip(self):
        d = Deployment.from_dict(SEED)
        again = Deployment.from_json(d.to_json())
        assert again == d and again.to_dict() == d.to_dict()

    def test_twice_is_stable(self):
        once = Deployment.from_dict(SEED).to_dict()
        assert Deployment.from_dict(once).to_dict() == once


class TestDefaults:
    def test_minimal_document(self):
        d = Deployment.from_dict(minimal())
        assert (d.id, d.paused, d.schedules, d.parameters, d.job_variables, d.tags) == (None, False, (), {}, {}, ())
        assert d.status == "NOT_READY" and d.enforce_parameter_schema is True
        assert d.schedule is None and d.is_schedule_active is True
        assert d.to_dict() == minimal()  # nothing is added to a document

    def test_schedule_defaults(self):
        s = DeploymentSchedule.from_dict({"schedule": HOURLY})
        assert (s.active, s.parameters, s.max_scheduled_runs, s.max_active_runs, s.catchup, s.slug) == (True, {}, None, None, False, None)

    def test_built_in_code_writes_every_field(self):
        out = Deployment(name="etl", flow_id=FLOW).to_dict()
        assert list(out) == [
            "id", "created", "updated", "name", "version", "description", "flow_id", "paused", "schedules",
            "job_variables", "parameters", "tags", "work_queue_name", "last_polled", "parameter_openapi_schema",
            "path", "pull_steps", "entrypoint", "storage_document_id", "infrastructure_document_id", "created_by",
            "updated_by", "work_pool_name", "status", "enforce_parameter_schema",
        ]
        assert out["status"] == "NOT_READY" and out["enforce_parameter_schema"] is True and out["tags"] == []

    def test_changed_fields_are_written_even_if_the_source_lacked_them(self):
        d = dataclasses.replace(Deployment.from_dict(minimal()), paused=True, tags=["x"])
        assert d.to_dict() == {**minimal(), "paused": True, "tags": ["x"]}

    def test_null_optional_fields_round_trip(self):
        doc = minimal(version=None, last_polled=None, pull_steps=None, created_by=None, parameter_openapi_schema=None)
        assert Deployment.from_dict(doc).to_dict() == doc


class TestLegacyFields:
    def test_legacy_only_document_loads_into_the_modern_fields(self):
        d = Deployment.from_dict(minimal(schedule=HOURLY, is_schedule_active=False))
        assert d.paused is True
        assert [s.schedule for s in d.schedules] == [IntervalSchedule.from_dict(HOURLY)]
        assert d.schedules[0].active is True and d.schedules[0].id is None

    def test_legacy_only_document_writes_both_forms(self):
        out = Deployment.from_dict(minimal(schedule=HOURLY, is_schedule_active=True)).to_dict()
        assert list(out) == ["name", "flow_id", "schedule", "schedules", "is_schedule_active", "paused"]
        assert out["schedules"] == [{"schedule": {"interval": 3600.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}}]
        assert out["is_schedule_active"] is True and out["paused"] is False

    def test_null_legacy_schedule_means_no_schedule(self):
        d = Deployment.from_dict(minimal(schedule=None))
        assert d.schedules == () and d.to_dict()["schedule"] is None

    def test_legacy_views_follow_the_modern_fields(self):
        d = Deployment(name="x", flow_id=FLOW, paused=True, schedules=[{"schedule": HOURLY}, {"schedule": {**HOURLY, "interval": 60}}])
        assert d.is_schedule_active is False and d.schedule.interval == timedelta(hours=1)

    def test_disagreeing_is_schedule_active_is_refused(self):
        with pytest.raises(DeploymentFieldError, match=r"^is_schedule_active: must be the opposite of paused") as e:
            Deployment.from_dict(minimal(is_schedule_active=False, paused=False))
        assert e.value.path == "is_schedule_active"

    def test_disagreeing_schedule_is_refused(self):
        other = {**HOURLY, "interval": 60}
        with pytest.raises(DeploymentFieldError, match=r"^schedule: must equal schedules\[0\]\.schedule"):
            Deployment.from_dict(minimal(schedule=other, schedules=[{"schedule": HOURLY}]))
        with pytest.raises(DeploymentFieldError, match=r"^schedule: "):
            Deployment.from_dict(minimal(schedule=None, schedules=[{"schedule": HOURLY}]))

    def test_same_schedule_written_differently_agrees(self):
        # 3600 seconds and "PT1H" are the same interval; 2024-01-01T00:00Z is 2023-12-31T19:00-05:00.
        same = {"interval": "PT1H", "anchor_date": "2023-12-31T19:00:00-05:00", "timezone": "UTC"}
        assert Deployment.from_dict(minimal(schedule=same, schedules=[{"schedule": HOURLY}])).schedule.interval == timedelta(hours=1)


def seed_with(path: str, value) -> dict:
    """The seed with the field at *path* (dots and [i]) set to *value*, or removed when value is REMOVE."""
    doc = copy.deepcopy(SEED)
    doc["schedules"].append(copy.deepcopy(doc["schedules"][0]))  # so that schedules[1] exists
    parts = path.replace("[", ".").replace("]", "").split(".")
    target = doc
    for p in parts[:-1]:
        target = target[int(p)] if isinstance(target, list) else target[p]
    last = parts[-1]
    if value is REMOVE:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    doc.pop("schedule")  # keep the legacy alias out of the way of schedules[0] edits
    return doc


REMOVE = object()


class TestFieldErrors:
    @pytest.mark.parametrize(
        "path, value, error_path",
        [
            ("schedules.1.schedule.interval", -5, "schedules[1].schedule.interval"),  # must be positive
            ("schedules.1.schedule.interval", "soon", "schedules[1].schedule.interval"),  # not a duration
            ("schedules.1.schedule.interval", None, "schedules[1].schedule.interval"),
            ("schedules.0.schedule.timezone", "Mars/Olympus_Mons", "schedules[0].schedule.timezone"),  # a KeyError inside
            ("schedules.0.schedule.anchor_date", "yesterday", "schedules[0].schedule.anchor_date"),
            ("schedules.0.schedule.every", 5, "schedules[0].schedule"),  # unknown key: the message names 'every' 
            ("schedules.0.schedule", "hourly", "schedules[0].schedule"),
            ("schedules.0.active", 1, "schedules[0].active"),  # 1 is not a JSON boolean
            ("schedules.1.max_scheduled_runs", 0, "schedules[1].max_scheduled_runs"),  # must be positive
            ("schedules.1.max_scheduled_runs", 2.5, "schedules[1].max_scheduled_runs"),
            ("schedules.0.id", "123", "schedules[0].id"),
            ("schedules.0.deployment_id", 7, "schedules[0].deployment_id"),
            ("schedules.0.created", "2023-11-07T05:31:56", "schedules[0].created"),  # naive: no offset
            ("schedules.0.parameters", [], "schedules[0].parameters"),
            ("schedules.1", "daily", "schedules[1]"),
            ("schedules", {}, "schedules"),
            ("id", "not-a-uuid", "id"),
            ("flow_id", REMOVE, "flow_id"),
            ("flow_id", None, "flow_id"),
            ("name", REMOVE, "name"),
            ("name", 42, "name"),
            ("created", "11/07/2023", "created"),
            ("last_polled", 1699335116, "last_polled"),
            ("status", "RUNNING", "status"),
            ("tags", "tag-1,tag-2", "tags"),
            ("tags.1", 3, "tags[1]"),
            ("parameters", None, "parameters"),
            ("job_variables", "{}", "job_variables"),
            ("parameter_openapi_schema", [], "parameter_openapi_schema"),
            ("pull_steps.0", "git clone", "pull_steps[0]"),
            ("paused", "false", "paused"),
            ("enforce_parameter_schema", None, "enforce_parameter_schema"),
            ("version", 3, "version"),
            ("created_by.id", "someone", "created_by.id"),
            ("updated_by", "someone", "updated_by"),
            ("storage_document_id", "x", "storage_document_id"),
        ],
    )
    def test_error_names_the_path_and_the_value(self, path, value, error_path):
        with pytest.raises(DeploymentFieldError) as e:
            Deployment.from_dict(seed_with(path, value))
        assert isinstance(e.value, ValueError) and isinstance(e.value, InvalidDocumentError)
        assert e.value.path == error_path
        assert str(e.value).startswith(f"{error_path}: ")
        if error_path == "schedules[0].schedule" and path.endswith("every"):
            assert "unknown key(s) 'every'" in str(e.value)
        elif value is not REMOVE:
            assert repr(value) in str(e.value)
        else:
            assert "required" in str(e.value)

    def test_interval_message_is_specific(self):
        with pytest.raises(ValueError, match=r"^schedules\[1\]\.schedule\.interval: interval must be positive.*, got -5$"):
            Deployment.from_dict(seed_with("schedules.1.schedule.interval", -5))

    def test_document_must_be_an_object(self):
        with pytest.raises(DeploymentFieldError, match="a deployment must be a JSON object"):
            Deployment.from_dict(["not", "a", "deployment"])

    def test_invalid_json(self):
        with pytest.raises(InvalidDocumentError, match="not valid JSON"):
            Deployment.from_json("{")

    def test_direct_construction_is_checked_too(self):
        with pytest.raises(DeploymentFieldError, match=r"^flow_id: expected a UUID"):
            Deployment(name="x", flow_id="nope")
        with pytest.raises(DeploymentFieldError, match=r"^schedules\[0\]\.schedule\.interval: "):
            Deployment(name="x", flow_id=FLOW, schedules=[{"schedule": {"interval": 0}}])
        with pytest.raises(DeploymentFieldError, match=r"^extra: holds known field"):
            Deployment(name="x", flow_id=FLOW, extra={"paused": True})


class TestUnsupportedSchedules:
    @pytest.mark.parametrize(
        "schedule, kind",
        [
            ({"cron": "0 9 * * *", "timezone": "America/New_York", "day_or": True}, "CronSchedule"),
            ({"rrule": "FREQ=DAILY;BYHOUR=9", "timezone": "UTC"}, "RRuleSchedule"),
        ],
    )
    def test_cron_and_rrule_are_refused_by_name(self, schedule, kind):
        with pytest.raises(UnsupportedScheduleError) as e:
            Deployment.from_dict(minimal(schedules=[{"schedule": HOURLY}, {"schedule": schedule}]))
        assert isinstance(e.value, ValueError)
        assert str(e.value).startswith(f"schedules[1].schedule: {kind}")
        assert "only interval schedules" in str(e.value)

    def test_legacy_cron_is_refused(self):
        with pytest.raises(UnsupportedScheduleError, match=r"^schedule: CronSchedule"):
            Deployment.from_dict(minimal(schedule={"cron": "* * * * *"}))


class TestUnknownFields:
    def test_newer_server_fields_are_kept_in_place(self):
        doc = copy.deepcopy(SEED)
        doc = {**{k: doc[k] for k in list(doc)[:8]}, "concurrency_limit": 5, **{k: doc[k] for k in list(doc)[8:]}}
        doc["labels"] = {"key": "value1", "key2": 42}
        doc["schedules"][0]["future_field"] = [1, {"a": None}]
        doc["created_by"]["avatar"] = "x.png"
        d = Deployment.from_dict(doc)
        assert d.extra == {"concurrency_limit": 5, "labels": {"key": "value1", "key2": 42}}
        assert d.schedules[0].extra == {"future_field": [1, {"a": None}]}
        assert d.created_by.extra == {"avatar": "x.png"}
        out = d.to_dict()
        assert list(out) == list(doc)
        assert normalize(out) == normalize(doc)

    def test_extra_fields_take_part_in_equality(self):
        assert Deployment.from_dict(minimal(a=1)) != Deployment.from_dict(minimal(a=2))
        assert Deployment.from_dict(minimal(a=1)) == Deployment.from_dict({"a": 1, **minimal()})  # key order does not


class TestImmutability:
    def test_frozen(self):
        d = Deployment.from_dict(SEED)
        with pytest.raises(dataclasses.FrozenInstanceError):
            d.name = "other"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            d.schedules[0].active = False  # type: ignore[misc]

    def test_input_and_output_are_not_shared(self):
        doc = minimal(parameters={"a": [1]}, extra_field={"b": 1})
        d = Deployment.from_dict(doc)
        doc["parameters"]["a"].append(2)
        doc["extra_field"]["b"] = 2
        assert d.parameters == {"a": [1]} and d.extra == {"extra_field": {"b": 1}}
        out = d.to_dict()
        out["parameters"]["a"].append(3)
        assert d.parameters == {"a": [1]}


class TestConstruction:
    def test_json_forms_are_converted(self):
        d = Deployment(name="x", flow_id=FLOW, tags=["a"], created="2024-01-01T00:00:00+01:00", schedules=[{"schedule": HOURLY}])
        assert d.flow_id == uuid.UUID(FLOW) and d.tags == ("a",)
        assert d.created == datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=1)))
        assert isinstance(d.schedules[0], DeploymentSchedule)

    def test_timestamps_keep_their_offset(self):
        d = Deployment.from_dict(minimal(created="2024-01-01T00:00:00.250000+01:00"))
        assert d.to_dict()["created"] == "2024-01-01T00:00:00.250000+01:00"


class TestRegistry:
    def entries(self):
        a = Deployment(name="hourly", flow_id=FLOW)
        b = Deployment(name="daily", flow_id=FLOW)
        c = Deployment(name="hourly", flow_id=FLOW, tags=["other flow"])
        return [("etl", a), ("etl", b), ("report", c)]

    def test_read_by_name_iteration_len(self):
        entries = self.entries()
        reg = DeploymentRegistry(entries)
        assert len(reg) == 3
        assert reg.read_by_name("etl", "hourly") is entries[0][1]
        assert reg.read_by_name("report", "hourly") is entries[2][1]
        assert list(reg) == [d for _, d in entries]
        assert list(reg.items()) == entries
        assert ("etl", "daily") in reg and ("etl", "weekly") not in reg

    def test_unknown_pair(self):
        reg = DeploymentRegistry(self.entries())
        with pytest.raises(DeploymentNotFoundError) as e:
            reg.read_by_name("report", "daily")
        assert isinstance(e.value, KeyError)
        assert str(e.value) == "no deployment named 'daily' for flow 'report'"

    @pytest.mark.parametrize("flow, name, error", [("", "x", ValueError), ("etl", "", ValueError), (None, "x", TypeError), ("etl", 3, TypeError)])
    def test_names_must_be_non_empty_strings(self, flow, name, error):
        with pytest.raises(error) as e:
            DeploymentRegistry(self.entries()).read_by_name(flow, name)
        assert isinstance(e.value, IntervalScheduleError)

    def test_empty_names_are_refused_on_the_way_in(self):
        with pytest.raises(ValueError, match="flow name must be a non-empty string"):
            DeploymentRegistry([("", Deployment(name="x", flow_id=FLOW))])
        with pytest.raises(ValueError, match="deployment name must be a non-empty string"):
            DeploymentRegistry([("etl", Deployment(name="", flow_id=FLOW))])

    def test_duplicate_pairs_are_refused(self):
        with pytest.raises(InvalidDocumentError, match=r"entry 1: a second deployment named 'hourly' for flow 'etl'"):
            DeploymentRegistry([("etl", Deployment(name="hourly", flow_id=FLOW))] * 2)

    def test_jsonl_round_trip(self):
        reg = DeploymentRegistry(self.entries())
        again = DeploymentRegistry.from_jsonl(reg.to_jsonl())
        assert list(again.items()) == list(reg.items())

    def test_jsonl_errors_name_the_line_and_the_path(self):
        good = json.dumps({"flow_name": "etl", "deployment": minimal()})
        bad = json.dumps({"flow_name": "etl", "deployment": minimal(name="b", schedules=[{"schedule": {"interval": -1}}])})
        with pytest.raises(DeploymentFieldError) as e:
            DeploymentRegistry.from_jsonl(f"{good}\n\n{bad}\n", source="x.jsonl")
        assert str(e.value).startswith("x.jsonl line 3: deployment.schedules[0].schedule.interval: ")
        assert e.value.path == "schedules[0].schedule.interval"
        with pytest.raises(UnsupportedScheduleError, match=r"^x\.jsonl line 1: deployment\.schedules\[0\]\.schedule: CronSchedule"):
            DeploymentRegistry.from_jsonl(json.dumps({"flow_name": "f", "deployment": minimal(schedules=[{"schedule": {"cron": "* * * * *"}}])}), source="x.jsonl")
        with pytest.raises(InvalidDocumentError, match=r"^JSON Lines line 1: expected an object"):
            DeploymentRegistry.from_jsonl(json.dumps(minimal()))
        with pytest.raises(InvalidDocumentError, match=r"^JSON Lines line 2: not valid JSON"):
            DeploymentRegistry.from_jsonl(f"{good}\n{{oops\n")
        dup = json.dumps({"flow_name": "etl", "deployment": minimal()})
        with pytest.raises(InvalidDocumentError, match=r"^JSON Lines line 2: a second deployment"):
            DeploymentRegistry.from_jsonl(f"{good}\n{dup}\n")


def load_generator():
    spec = importlib.util.spec_from_file_location("make_example_deployments", ROOT / "scripts" / "make_example_deployments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestExamples:
    def test_example_deployment(self):
        d = Deployment.from_json((ROOT / "examples" / "deployment.json").read_text())
        daily, quarter = d.schedules
        assert daily.schedule.timezone == "America/New_York" and daily.schedule.interval == timedelta(days=1)
        assert daily.schedule.anchor_date.hour == 9
        assert quarter.schedule.timezone == "UTC" and quarter.schedule.interval == timedelta(minutes=15)
        assert d.parameters and set(d.extra) == {"concurrency_limit", "labels"}

    def test_jsonl_file_is_what_the_generator_writes(self):
        text = (ROOT / "examples" / "deployments.jsonl").read_text()
        assert text == load_generator().make(300, 6)  # regenerate with scripts/make_example_deployments.py

    def test_jsonl_file_loads(self):
        reg = DeploymentRegistry.from_jsonl((ROOT / "examples" / "deployments.jsonl").read_text())
        assert len(reg) == 300
        lines = [json.loads(x)["deployment"] for x in (ROOT / "examples" / "deployments.jsonl").read_text().splitlines()]
        legacy = [x for x in lines if "is_schedule_active" in x]
        assert legacy, "the example file should exercise the legacy fields"
        for doc in legacy:
            d = reg.read_by_name(next(f for f, dep in reg.items() if dep.name == doc["name"]), doc["name"])
            assert d.paused is (not doc["is_schedule_active"]) and d.schedule == IntervalSchedule.from_dict(doc["schedule"])


# --------------------------------------------------------------------------- a real 3.9.1 server's responses

CAPTURED = json.loads((Path(__file__).parent / "data" / "prefect_deployment_responses.json").read_text())


class TestPrefect391Responses:
    """Documents a real Prefect 3.9.1 server returned (scripts/capture_prefect_deployment.py)."""

    def test_provenance(self):
        gen = CAPTURED["generator"]
        assert gen["prefect"] == gen["server_version"] == "3.9.1"
        assert gen["route"] == "GET /api/deployments/name/{flow_name}/{deployment_name}"

    @pytest.mark.parametrize("name", sorted(CAPTURED["responses"]))
    def test_round_trip_is_byte_identical(self, name):
        doc = CAPTURED["responses"][name]
        d = Deployment.from_dict(doc)
        assert d.to_dict() == doc
        assert d.to_json() == json.dumps(doc)  # same keys, same order, same values
        assert Deployment.from_json(d.to_json()) == d

    @pytest.mark.parametrize("name", sorted(CAPTURED["responses"]))
    def test_the_3_9_1_shape(self, name):
        doc = CAPTURED["responses"][name]
        # No legacy fields, no schedule max_active_runs/catchup; the 3.x fields are kept in extra.
        assert "schedule" not in doc and "is_schedule_active" not in doc
        assert all("max_active_runs" not in s and "catchup" not in s for s in doc["schedules"])
        d = Deployment.from_dict(doc)
        new = ("concurrency_limit", "concurrency_options", "global_concurrency_limit", "labels", "work_queue_id")
        assert set(new) <= set(d.extra) and all(d.extra[k] == doc[k] for k in new)
        assert "schedule" not in d.to_dict() and "is_schedule_active" not in d.to_dict()

    def test_what_the_server_stored(self):
        """The server's answers to what was posted: naive anchor -> UTC, offset kept with timezone UTC, PT2H -> 7200.0."""
        by_interval = {s["schedule"]["interval"]: s["schedule"] for s in CAPTURED["responses"]["interval-schedules"]["schedules"]}
        assert by_interval[86400.0] == {"interval": 86400.0, "anchor_date": "2024-07-01T09:00:00Z", "timezone": "America/New_York"}
        assert by_interval[3600.0] == {"interval": 3600.0, "anchor_date": "2024-07-01T09:00:00+02:00", "timezone": "UTC"}
        assert by_interval[7200.0]["anchor_date"] == "2024-03-10T02:30:00-05:00"
        d = Deployment.from_dict(CAPTURED["responses"]["interval-schedules"])
        naive = next(s.schedule for s in d.schedules if s.schedule.interval == timedelta(days=1))
        # the stored UTC anchor means 05:00 in New York: the dates say so, the document keeps "Z"
        assert str(naive.get_dates(1, start="2024-07-01T00:00:00Z", profile="prefect")[0]) == "2024-07-01 05:00:00-04:00"
        assert naive.to_dict()["anchor_date"] == "2024-07-01T09:00:00Z"
