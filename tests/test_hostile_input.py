"""Hostile input: every public entry point, each bad input, the exact error it must raise (docs/errors.md).

One table, one parametrized test.  A row is an entry point (a small function
applying the bad value to one argument of one public call), the bad value, the
exact exception class, and a fragment of the message that names the value.
Each row must:

* raise exactly that class, an ``IntervalScheduleError`` that is also a
  ``ValueError``, ``KeyError`` or ``TypeError``, with a short message
  containing the fragment;
* do so within a second (a watchdog turns a hang into a failure after 10 s);
* open no file outside the tzdata package (the audit hook of
  tests/test_tz_keys.py records every ``open``).

CLI rows call ``cli.main`` and must return 2 with exactly one line on stderr.

A second table holds *valid* extreme inputs (series running past year 9999,
huge limits, ...): they must answer, or raise a library error, within a second.
"""

from __future__ import annotations

import dataclasses
import doctest
import io
import json
import os
import re
import signal
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import numpy.ma  # noqa: F401  (np.unique imports it lazily: import before recording opens)
import pandas as pd
import pendulum
import pytest

import interval_schedule.compat.prefect  # noqa: F401  (imported lazily by the library: import before recording opens)
import interval_schedule.deployment_cli  # noqa: F401
from interval_schedule import IntervalSchedule, errors
from interval_schedule.batch import ScheduleBatch
from interval_schedule.cli import main
from interval_schedule.deployment import Deployment, DeploymentFieldError, DeploymentRegistry, DeploymentSchedule
from interval_schedule.errors import (
    DeploymentNotFoundError,
    IntervalScheduleError,
    InvalidDatetimeError,
    InvalidDocumentError,
    InvalidIntervalError,
    InvalidPolicyError,
    InvalidQueryError,
    InvalidScheduleError,
    LimitExceededError,
    ScheduleTypeError,
    UnsupportedScheduleError,
    ZoneNotFoundError,
)
from interval_schedule.jitter import check_jitter
from interval_schedule.missed import missed_runs
from interval_schedule.planner import needs_scheduling, plan_many, plan_runs
from interval_schedule.tz import get_zone
from test_tz_keys import TZDATA_DIR, inside_tzdata, recording_opens  # the one audit hook of the test session

DOCS = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
TIME_BOUND = 1.0  # seconds per row
WATCHDOG = 10  # seconds: a hang fails the row instead of the run

ANCHOR = "2024-01-01T00:00:00Z"
NOW = "2024-06-01T10:30:00Z"
FLOW = "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c"
DEP_ID = "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f"
HOURLY = IntervalSchedule(3600, ANCHOR)
DAILY_NY = IntervalSchedule(timedelta(days=1), "2024-01-01T09:00", "America/New_York")
BATCH = ScheduleBatch([HOURLY, DAILY_NY])
DEEP_JSON = "[" * 100_000 + "]" * 100_000  # nesting beyond the interpreter's recursion limit
LONG = "x" * 100_000  # a 100 000-character value: every message must shorten it


class AlwaysEqual(str):
    """A str subclass that claims to equal everything (issue 11: it once ran as gap="skip" and wrote "bogus")."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def schedule_doc(**changes) -> dict:
    doc = {"interval": 3600, "anchor_date": ANCHOR, "timezone": "UTC"}
    doc.update(changes)
    return doc


def deployment_doc(**changes) -> dict:
    doc = {"id": DEP_ID, "name": "hourly", "flow_id": FLOW, "schedules": [{"schedule": schedule_doc()}]}
    doc.update(changes)
    return doc


DEPLOYMENT = Deployment.from_dict(deployment_doc())


# ------------------------------------------------------------- entry points
# Each takes the bad value and puts it in one place of one public call.


def ctor_interval(v):
    return IntervalSchedule(v, ANCHOR, "UTC")


def ctor_anchor(v):
    return IntervalSchedule(3600, v, "UTC")


def ctor_timezone(v):
    return IntervalSchedule(3600, ANCHOR, v)


def ctor_gap(v):
    return IntervalSchedule(3600, ANCHOR, "UTC", gap=v)


def ctor_fold(v):
    return IntervalSchedule(3600, ANCHOR, "UTC", fold=v)


def prefect_anchor(v):
    return IntervalSchedule.from_prefect(3600, v, "UTC")


def dict_interval(v):
    return IntervalSchedule.from_dict(schedule_doc(interval=v))


def dict_anchor(v):
    return IntervalSchedule.from_dict(schedule_doc(anchor_date=v))


def dict_timezone(v):
    return IntervalSchedule.from_dict(schedule_doc(timezone=v))


def dict_prefect_interval(v):
    return IntervalSchedule.from_dict(schedule_doc(interval=v), profile="prefect")


def from_dict(v):
    return IntervalSchedule.from_dict(v)


def from_dict_profile(v):
    return IntervalSchedule.from_dict(schedule_doc(), profile=v)


def json_interval(v):
    return IntervalSchedule.from_json(json.dumps(schedule_doc(interval=v)))


def from_json(v):
    return IntervalSchedule.from_json(v)


def from_json_prefect(v):
    return IntervalSchedule.from_json(v, profile="prefect")


def get_zone_(v):
    return get_zone(v)


def dates_n(v):
    return HOURLY.get_dates(v, start=ANCHOR)


def dates_start(v):
    return HOURLY.get_dates(3, start=v)


def dates_end(v):
    return HOURLY.get_dates(start=ANCHOR, end=v)


def dates_limit(v):
    return HOURLY.get_dates(3, start=ANCHOR, limit=v)


def dates_profile(v):
    return HOURLY.get_dates(3, start=ANCHOR, profile=v)


def prefect_dates_n(v):
    return HOURLY.get_dates(v, start=ANCHOR, profile="prefect")


def array_n(v):
    return HOURLY.dates_array(v, start=ANCHOR)


def array_window_end(v):
    return IntervalSchedule(1, ANCHOR).dates_array(start="0001-01-01T00:00:00Z", end=v)


def array_profile(v):
    return HOURLY.dates_array(3, start=ANCHOR, profile=v)


def next_date(v):
    return DAILY_NY.next_date(v)


def previous_date(v):
    return DAILY_NY.previous_date(v)


def count_end(v):
    return HOURLY.count(ANCHOR, v)


def batch(v):
    return ScheduleBatch(v)


def arrays_interval(v):
    return ScheduleBatch.from_arrays(v, [0], "UTC")


def arrays_anchor(v):
    return ScheduleBatch.from_arrays([3_600_000_000], v, "UTC")


def arrays_timezones(v):
    return ScheduleBatch.from_arrays([3_600_000_000], [0], v)


def arrays_gap(v):
    return ScheduleBatch.from_arrays([3_600_000_000], [0], "UTC", gap=v)


def batch_next_n(v):
    return BATCH.next_runs(NOW, v)


def batch_previous_n(v):
    return BATCH.previous_runs(NOW, v)


def batch_after(v):
    return BATCH.next_runs(v, 1)


def batch_window_end(v):
    return ScheduleBatch([IntervalSchedule(1, ANCHOR)]).dates_between("0001-01-01T00:00:00Z", v)


def deployment(v):
    return Deployment.from_dict(v)


def deployment_field(name):
    def call(v):
        return Deployment.from_dict(deployment_doc(**{name: v}))

    call.__name__ = f"deployment_{name}"
    return call


def deployment_schedule_field(name):
    def call(v):
        return Deployment.from_dict(deployment_doc(schedules=[{"schedule": schedule_doc(), name: v}]))

    call.__name__ = f"deployment_schedules0_{name}"
    return call


def deployment_interval_field(name):
    def call(v):
        return Deployment.from_dict(deployment_doc(schedules=[{"schedule": schedule_doc(**{name: v})}]))

    call.__name__ = f"deployment_schedule_{name}"
    return call


def deployment_json(v):
    return Deployment.from_json(v)


def deployment_ctor_schedules(v):
    return Deployment(name="x", flow_id=FLOW, schedules=v)


def deployment_schedule_ctor(v):
    return DeploymentSchedule(schedule=v)


def registry_jsonl(v):
    return DeploymentRegistry.from_jsonl(v)


def registry_lookup(v):
    return DeploymentRegistry([("etl", DEPLOYMENT)]).read_by_name("etl", v)


def plan_deployment(v):
    return plan_runs(v, NOW)


def plan_now(v):
    return plan_runs(DEPLOYMENT, v)


def plan_setting(name):
    def call(v):
        return plan_runs(DEPLOYMENT, NOW, **{name: v})

    call.__name__ = f"plan_{name}"
    return call


def plan_many_deployments(v):
    return plan_many(v, NOW)


def plan_many_setting(name):
    def call(v):
        return plan_many([DEPLOYMENT], NOW, **{name: v})

    call.__name__ = f"plan_many_{name}"
    return call


def needs_runs(v):
    return needs_scheduling(DEPLOYMENT, v, NOW)


def needs_run_time(v):
    run = plan_runs(DEPLOYMENT, NOW)[0]
    return needs_scheduling(DEPLOYMENT, [dataclasses.replace(run, scheduled_time=v)], NOW)


def registry_ctor(v):
    return DeploymentRegistry(v)


def registry_duplicate(name):
    d = Deployment(name=name, flow_id=FLOW)
    return DeploymentRegistry([("etl", d), ("etl", d)])


def registry_lookup_flow(v):
    return DeploymentRegistry([("etl", DEPLOYMENT)]).read_by_name(v, "hourly")


def plan_unnamed(name):
    return plan_runs(Deployment.from_dict({k: v for k, v in deployment_doc(name=name).items() if k != "id"}), NOW)


def missed_policy(v):
    return missed_runs(HOURLY, "2024-01-01T00:00Z", "2024-01-02T00:00Z", v)


def missed_grace(v):
    return missed_runs(HOURLY, "2024-01-01T00:00Z", "2024-01-02T00:00Z", grace=v)


def jitter_(v):
    return check_jitter(v)


def zone_gap(v):
    return get_zone("America/New_York").to_utc(np.datetime64("2024-03-10T02:30", "us"), gap=v)


def zone_fold(v):
    return get_zone("America/New_York").to_utc_us(np.array([1730597400000000]), fold=v)


def zone_resolve_gap(v):
    return get_zone("America/New_York").resolve_us(1710037800000000, gap=v)  # 2024-03-10T02:30, in the gap


# ------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Row:
    call: Callable[[object], object]
    bad: object
    error: type[IntervalScheduleError]
    fragment: str  # a part of the message that names the bad value


@dataclass(frozen=True)
class Cli:
    """A command line (``{bad}`` marks the bad argument, ``{files}`` the directory of the fixture files)."""

    argv: tuple[str, ...]
    bad: str
    fragment: str


def row(call, bad, error, fragment, *, id: str | None = None):
    return pytest.param(Row(call, bad, error, fragment), id=id or f"{call.__name__}-{_short(bad)}")


def cli(*argv, bad, fragment, id: str):
    return pytest.param(Cli(argv, bad, fragment), id=f"cli-{id}")


def _short(value) -> str:
    if isinstance(value, int) and value.bit_length() > 1000:  # repr(10**5000) raises
        return f"int-of-{value.bit_length()}-bits"
    text = repr(value)
    return text if len(text) <= 30 else text[:24] + f"..{len(text)}"


DF = DeploymentFieldError
PREVIEW = ("preview", "--every", "1h", "--anchor", ANCHOR)
COMPARE = ("compare", "--every", "1h", "--anchor", ANCHOR)

# (bad interval, error, fragment) for every entry point that takes an interval
BAD_INTERVALS = [
    (0, InvalidIntervalError, "got 0"),
    (-3600, InvalidIntervalError, "-3600"),
    (float("nan"), InvalidIntervalError, "nan"),
    (float("inf"), InvalidIntervalError, "inf"),
    (float("-inf"), InvalidIntervalError, "-inf"),
    (True, ScheduleTypeError, "True"),
    ("every day", InvalidIntervalError, "'every day'"),
    ("P1M", InvalidIntervalError, "'P1M'"),  # calendar months
    ("P1Y", InvalidIntervalError, "'P1Y'"),
    ("PT", InvalidIntervalError, "'PT'"),
    ("", InvalidIntervalError, "''"),
    (1e30, InvalidIntervalError, "1e+30"),  # seconds beyond years 1-9999
    (10**30, InvalidIntervalError, "1000000000000000000000000000000"),
    (10**400, InvalidIntervalError, "...(401 digits)"),  # float(10**400) overflows
    (-(10**400), InvalidIntervalError, "-1000000000"),
    ("1e999999999", InvalidIntervalError, "'1e999999999'"),  # overflows decimal arithmetic
    ("9" * 5000, InvalidIntervalError, "'9999999999"),
    ("PT1H\x00", InvalidIntervalError, "\\x00"),
    (None, ScheduleTypeError, "None"),
    ([3600], ScheduleTypeError, "[3600]"),
    ({"seconds": 1}, ScheduleTypeError, "{'seconds': 1}"),
]
BAD_TIMEDELTAS = [
    (timedelta(0), InvalidIntervalError, "timedelta(0)"),
    (timedelta(hours=-1), InvalidIntervalError, "timedelta(days=-1, seconds=82800)"),
    (timedelta.max, InvalidIntervalError, "timedelta(days=999999999"),  # beyond the datetime range
    (timedelta(days=3652059), InvalidIntervalError, "timedelta(days=3652059)"),  # one day beyond
    (np.timedelta64(2**62, "D"), InvalidIntervalError, "4611686018427387904"),  # numpy would wrap it
    (np.timedelta64(-(2**62), "D"), InvalidIntervalError, "must be positive, got numpy.timedelta64(-4611686018427387904,'D')"),
    (np.timedelta64("NaT", "us"), InvalidIntervalError, "NaT"),
    (np.timedelta64(1, "M"), InvalidIntervalError, "numpy.timedelta64(1,'M')"),
    (10**5000, InvalidIntervalError, "an int of 5001 digits"),  # repr() itself would raise (int digit limit)
    (pendulum.duration(months=1), InvalidIntervalError, "Duration(months=1)"),  # months, not 30 days
    (pendulum.duration(years=1, days=2), InvalidIntervalError, "Duration(years=1"),
    (pendulum.duration(hours=-1), InvalidIntervalError, "Duration(hours=-1)"),
    (datetime.max - datetime.min, InvalidIntervalError, "cannot be written as float seconds"),  # 61 us off as a float
    (timedelta(seconds=2**33, microseconds=1), InvalidIntervalError, "cannot be written as float seconds"),
]

BAD_ZONES = [
    ("Mars/Olympus", "'Mars/Olympus'"),
    ("../../etc/passwd", "'../../etc/passwd'"),
    ("America/../../../etc/passwd", "'America/../../../etc/passwd'"),
    ("/etc/passwd", "'/etc/passwd'"),
    ("/usr/share/zoneinfo/UTC", "'/usr/share/zoneinfo/UTC'"),
    (f"{TZDATA_DIR}/zoneinfo/UTC", repr(f"{TZDATA_DIR}/zoneinfo/UTC")[:40]),  # the package's own file, by path
    ("", "''"),
    (" America/New_York", "' America/New_York'"),
    ("America/New_York ", "'America/New_York '"),
    ("UTC\x00", "'UTC\\x00'"),
    ("x" * 100_000, "(100002 chars)"),
    ("America", "'America'"),  # a directory of the package
    ("zones", "'zones'"),  # the package's key list
    ("__init__.py", "'__init__.py'"),
    ("zoneinfo/UTC", "'zoneinfo/UTC'"),
]
NON_STRING_ZONES = [(5, "int (5)"), (b"UTC", "b'UTC'"), (["UTC"], "['UTC']")]

BAD_DATETIMES = [
    ("yesterday", InvalidDatetimeError, "'yesterday'"),
    ("0000-01-01T00:00:00", InvalidDatetimeError, "'0000-01-01T00:00:00'"),  # year 0
    ("10000-01-01T00:00:00", InvalidDatetimeError, "'10000-01-01T00:00:00'"),  # year 10000
    ("2024-13-01", InvalidDatetimeError, "'2024-13-01'"),
    ("2024-01-01T24:30", InvalidDatetimeError, "'2024-01-01T24:30'"),
    ("2024-01-01T00:00+24:00", InvalidDatetimeError, "'2024-01-01T00:00+24:00'"),
    ("2" * 100_000, InvalidDatetimeError, "(100002 chars)"),
    ("2024-01-01\x00", InvalidDatetimeError, "\\x00"),
    (1_700_000_000, ScheduleTypeError, "int (1700000000)"),  # epoch seconds are not datetimes
    (1.5, ScheduleTypeError, "float (1.5)"),
    ([2024, 1, 1], ScheduleTypeError, "[2024, 1, 1]"),
    (np.datetime64("NaT", "us"), InvalidDatetimeError, "NaT"),
    (np.datetime64(2**62, "s"), InvalidDatetimeError, "146138514283-06-19"),  # numpy would wrap it to 1970
    (pd.NaT, InvalidDatetimeError, "NaT"),  # a datetime subclass whose fields are NaN
]
# Instants whose UTC time lies outside years 1-9999
OUT_OF_RANGE = [
    ("0001-01-01T00:00:00+05:00", InvalidDatetimeError, "'0001-01-01T00:00:00+05:00'"),
    ("9999-12-31T23:00:00-05:00", InvalidDatetimeError, "'9999-12-31T23:00:00-05:00'"),
]


def _interval_rows():
    rows = []
    for bad, error, fragment in BAD_INTERVALS + BAD_TIMEDELTAS:
        rows.append(row(ctor_interval, bad, error, fragment))
        rows.append(row(dict_interval, bad, error, fragment))
        rows.append(row(deployment_interval_field("interval"), bad, DF, fragment))
        if isinstance(bad, (bool, int, float, str, list, dict, type(None))):  # JSON values, not timedeltas
            rows.append(row(dict_prefect_interval, bad, error, fragment))
            too_long = isinstance(bad, int) and bad.bit_length() > 14_000  # json.dumps refuses to write it
            if not (isinstance(bad, float) and not np.isfinite(bad)) and not too_long:
                rows.append(row(json_interval, bad, error, fragment))
    return rows


def _zone_rows():
    rows = []
    for bad, fragment in BAD_ZONES + NON_STRING_ZONES:
        rows.append(row(ctor_timezone, bad, ZoneNotFoundError, fragment))
        rows.append(row(get_zone_, bad, ZoneNotFoundError, fragment))
        rows.append(row(dict_timezone, bad, ZoneNotFoundError, fragment))
        rows.append(row(arrays_timezones, [bad], ZoneNotFoundError, fragment if isinstance(bad, str) else repr(bad)))
        rows.append(row(deployment_interval_field("timezone"), bad, DF, fragment))
    rows.append(row(get_zone_, None, ZoneNotFoundError, "NoneType (None)"))  # None means "infer" elsewhere
    rows.append(row(arrays_timezones, 5, ScheduleTypeError, "5", id="arrays_timezones-not-iterable"))
    return rows


def _datetime_rows():
    rows = []
    for bad, error, fragment in OUT_OF_RANGE:  # an anchor must exist; query bounds outside 1-9999 are fine
        rows.append(row(ctor_anchor, bad, error, fragment))
        rows.append(row(dict_anchor, bad, error, fragment))
        rows.append(row(prefect_anchor, bad, error, "outside years 1-9999"))
        rows.append(row(deployment_interval_field("anchor_date"), bad, DF, fragment))
    for bad, error, fragment in BAD_DATETIMES:
        rows.append(row(ctor_anchor, bad, error, fragment))
        rows.append(row(dates_start, bad, error, fragment))
        rows.append(row(dates_end, bad, error, fragment))
        rows.append(row(next_date, bad, error, fragment))
        rows.append(row(plan_now, bad, error, fragment))
        rows.append(row(batch_after, bad, error, fragment))
        rows.append(row(dict_anchor, bad, error, fragment))
        rows.append(row(deployment_interval_field("anchor_date"), bad, DF, fragment))
    for bad, error, fragment in BAD_DATETIMES[:3]:
        rows.append(row(previous_date, bad, error, fragment))
        rows.append(row(count_end, bad, error, fragment))
        rows.append(row(prefect_anchor, bad, error, fragment))
    rows += [
        row(deployment_field("created"), "yesterday", DF, "'yesterday'"),
        row(deployment_field("created"), "2024-01-01T00:00", DF, "'2024-01-01T00:00'"),  # no offset
        row(deployment_field("last_polled"), 1_700_000_000, DF, "1700000000"),
        row(plan_now, "2024-06-01T10:30", InvalidDatetimeError, "'2024-06-01T10:30'"),  # naive
        row(batch_after, "2024-06-01T10:30", InvalidDatetimeError, "'2024-06-01T10:30'"),
        row(batch_after, np.array(["2024-01-01", "NaT"], "datetime64[us]"), InvalidDatetimeError, "NaT",
            id="batch_after-NaT-in-array"),
        row(batch_after, np.array(["2024-01-01"] * 3, "datetime64[us]"), InvalidDatetimeError, "3 values",
            id="batch_after-wrong-length"),
        row(arrays_anchor, np.array([2**62], "datetime64[s]"), InvalidDatetimeError, "146138514283-06-19",
            id="arrays_anchor-wraps"),
        row(arrays_anchor, [2**62], InvalidDatetimeError, "4611686018427387904"),
    ]
    return rows


def _query_rows():
    return [
        row(dates_n, -1, InvalidQueryError, "-1"),
        row(dates_n, 1.5, ScheduleTypeError, "float (1.5)"),
        row(dates_n, "3", ScheduleTypeError, "'3'"),
        row(dates_n, True, ScheduleTypeError, "True"),
        row(dates_n, 10**12, LimitExceededError, "n=1000000000000"),  # refused before allocating
        row(dates_n, 10**100, LimitExceededError, "n=1" + "0" * 100),
        row(prefect_dates_n, 10**12, LimitExceededError, "n=1000000000000"),
        row(prefect_dates_n, -1, InvalidQueryError, "-1"),
        row(array_n, 10**12, LimitExceededError, "n=1000000000000"),
        row(array_n, -5, InvalidQueryError, "-5"),
        row(array_n, np.float64(3), ScheduleTypeError, "float64"),
        # a 1-second series from year 1 to the end: 3e11 dates, counted in closed form
        row(array_window_end, "9999-12-31T00:00:00Z", LimitExceededError, "more than limit=100000000"),
        row(dates_end, "2099-01-01T00:00:00Z", LimitExceededError, "the window holds 657457 dates"),
        row(dates_limit, -1, InvalidQueryError, "-1"),
        row(dates_limit, 2.5, ScheduleTypeError, "2.5"),
        row(dates_profile, "pendulum", InvalidPolicyError, "'pendulum'"),
        row(dates_profile, None, InvalidPolicyError, "None"),
        row(dates_profile, ["prefect"], InvalidPolicyError, "['prefect']"),  # unhashable
        row(array_profile, "Prefect", InvalidPolicyError, "'Prefect'"),
        row(from_dict_profile, "pendulum", InvalidPolicyError, "'pendulum'"),
        row(ctor_gap, "forward", InvalidPolicyError, "'forward'"),
        row(ctor_gap, None, InvalidPolicyError, "None"),
        row(ctor_gap, ["shift"], InvalidPolicyError, "['shift']"),
        row(ctor_fold, "later ", InvalidPolicyError, "'later '"),
        row(ctor_fold, {}, InvalidPolicyError, "{}"),
        row(arrays_gap, "forward", InvalidPolicyError, "'forward'"),
        row(arrays_gap, ["skip", "skip"], ScheduleTypeError, "['skip', 'skip']"),  # one per schedule
        row(arrays_gap, None, ScheduleTypeError, "None"),
        row(arrays_interval, [0], InvalidIntervalError, "interval_us[0] = 0 us"),
        row(arrays_interval, [-1], InvalidIntervalError, "-1 us"),
        row(arrays_interval, [10**30], ScheduleTypeError, "1000000000000000000000000000000"),  # not an int64
        row(arrays_interval, ["1h"], ScheduleTypeError, "'1h'"),
        row(arrays_interval, [1, 2], ScheduleTypeError, "(2,) and (1,)"),
        row(batch, 5, ScheduleTypeError, "int (5)"),
        row(batch, None, ScheduleTypeError, "NoneType (None)"),
        row(batch, [3600], ScheduleTypeError, "int (3600)"),
        row(batch_next_n, 10**12, LimitExceededError, "1000000000000"),  # refused before allocating
        row(batch_previous_n, 10**12, LimitExceededError, "1000000000000"),
        row(batch_next_n, -1, InvalidQueryError, "-1"),
        row(batch_next_n, 0.5, ScheduleTypeError, "0.5"),
        row(batch_window_end, "9999-12-31T00:00:00Z", LimitExceededError, "more than limit=100000000"),
        row(plan_setting("profile"), "pendulum", InvalidPolicyError, "'pendulum'"),
        row(plan_setting("min_runs"), -1, InvalidQueryError, "-1"),
        row(plan_setting("max_runs"), 3.0, ScheduleTypeError, "3.0"),
        row(plan_setting("min_time"), 3600, ScheduleTypeError, "int (3600)"),
        row(plan_setting("max_time"), timedelta(days=-1), InvalidQueryError, "timedelta(days=-1)"),
        row(plan_many_setting("profile"), "x", InvalidPolicyError, "'x'"),
        row(plan_many_setting("min_runs"), -3, InvalidQueryError, "-3"),
        row(registry_lookup, "", InvalidQueryError, "''"),
        row(registry_lookup, 5, ScheduleTypeError, "int (5)"),
        row(registry_lookup, "nightly", DeploymentNotFoundError, "'nightly'"),
        # policies are the built-in strings only (issue 11)
        row(ctor_gap, np.array(["skip"]), InvalidPolicyError, "array(['skip']"),
        row(ctor_gap, np.array(["skip", "skip"]), InvalidPolicyError, "array(['skip', 'skip']"),
        row(ctor_gap, AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(ctor_fold, AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(ctor_fold, np.array("later"), InvalidPolicyError, "array('later'"),
        row(dates_profile, AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(dates_profile, np.array(["prefect", "standard"]), InvalidPolicyError, "array(['prefect', 'standard']"),
        row(plan_setting("profile"), AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(arrays_gap, [AlwaysEqual("bogus")], InvalidPolicyError, "'bogus'"),
        row(arrays_gap, np.array("skip"), ScheduleTypeError, "array('skip'"),  # 0-d: neither one name nor a list
        row(zone_gap, AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(zone_fold, np.array(["later"]), InvalidPolicyError, "array(['later']"),
        row(zone_resolve_gap, AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(missed_policy, AlwaysEqual("bogus"), InvalidPolicyError, "'bogus'"),
        row(missed_grace, pendulum.duration(months=1), InvalidQueryError, "Duration(months=1)"),
        row(jitter_, pendulum.duration(months=1), InvalidQueryError, "Duration(months=1)"),
        # messages shorten every value (issue 11)
        row(ctor_gap, LONG, InvalidPolicyError, "(100002 chars)"),
        row(ctor_fold, LONG, InvalidPolicyError, "(100002 chars)"),
        row(dates_profile, LONG, InvalidPolicyError, "(100002 chars)"),
        row(registry_lookup, LONG, DeploymentNotFoundError, "(100002 chars)"),
        row(registry_lookup_flow, LONG, DeploymentNotFoundError, "(100002 chars)"),
        row(registry_duplicate, LONG, InvalidDocumentError, "(100002 chars)"),
        row(plan_unnamed, LONG, InvalidDocumentError, "(100002 chars)"),
        row(plan_setting("min_time"), pendulum.duration(months=1), InvalidQueryError, "Duration(months=1)"),
        row(plan_setting("max_time"), pendulum.duration(hours=-1), InvalidQueryError, "Duration(hours=-1)"),
        row(plan_many_setting("min_time"), pendulum.duration(years=1), InvalidQueryError, "Duration(years=1)"),
    ]


def _document_rows():
    unique = str(uuid.uuid4())
    return [
        # schedule documents
        row(from_dict, [3600], ScheduleTypeError, "list ([3600])"),
        row(from_dict, None, ScheduleTypeError, "NoneType (None)"),
        row(from_dict, '{"interval": 3600}', ScheduleTypeError, "str"),
        row(from_dict, {}, InvalidScheduleError, "needs an 'interval'"),
        row(from_dict, schedule_doc(every="day"), InvalidScheduleError, "'every'"),
        row(from_dict, schedule_doc(cron="0 9 * * *"), InvalidScheduleError, "'cron'"),
        row(from_dict, {**schedule_doc(), 1: 2}, InvalidScheduleError, "'1'"),
        row(from_dict, schedule_doc(anchor_date={"year": 2024}), ScheduleTypeError, "{'year': 2024}"),
        row(from_json, "{", InvalidScheduleError, "'{'"),
        row(from_json, b"\xff\xfe", InvalidScheduleError, "b'\\xff\\xfe'"),
        row(from_json, None, InvalidScheduleError, "None"),
        row(from_json, "[3600]", ScheduleTypeError, "[3600]"),
        row(from_json, '{"interval": ' + "9" * 5000 + "}", InvalidScheduleError, "(5016 chars)"),
        row(from_json, DEEP_JSON, InvalidScheduleError, "[[[[[[", id="from_json-deeply-nested"),
        row(from_json_prefect, json.dumps(schedule_doc(gap="skip")), InvalidScheduleError, "'gap'"),  # Prefect has no gap
        # deployment documents: not a dict, wrong types at any depth
        row(deployment, [], DF, "[]"),
        row(deployment, None, DF, "None"),
        row(deployment, {"flow_id": FLOW}, DF, "name: required"),
        row(deployment_field("name"), 5, DF, "name"),
        row(deployment_field("paused"), "yes", DF, "paused: expected true or false, got 'yes'"),
        row(deployment_field("tags"), [1], DF, "tags[0]"),
        row(deployment_field("tags"), "etl", DF, "'etl'"),
        row(deployment_field("parameters"), [], DF, "parameters"),
        row(deployment_field("parameters"), {1: 2}, DF, "found 1"),
        row(deployment_field("schedules"), {}, DF, "schedules"),
        row(deployment_field("schedules"), [5], DF, "schedules[0]"),
        row(deployment_field("created_by"), {"id": "x"}, DF, "created_by.id"),
        row(deployment_field("created_by"), [], DF, "created_by"),
        row(deployment_field("pull_steps"), [1], DF, "pull_steps[0]"),
        row(deployment_field("schedule"), 5, DF, "schedule"),  # the legacy field
        row(deployment_field("schedule"), schedule_doc(interval=7200), DF, "'interval': 7200"),  # disagrees
        row(deployment_field("is_schedule_active"), "x", DF, "'x'"),
        row(deployment_schedule_field("active"), "no", DF, "schedules[0].active"),
        row(deployment_schedule_field("max_scheduled_runs"), -1, DF, "schedules[0].max_scheduled_runs"),
        row(deployment_schedule_field("parameters"), "x", DF, "schedules[0].parameters"),
        row(deployment_schedule_field("schedule"), None, DF, "schedules[0].schedule"),
        row(deployment_interval_field("every"), "day", DF, "'every'"),  # unknown key in a schedule
        row(deployment_interval_field("gap"), "forward", DF, "'forward'"),
        row(deployment_interval_field("fold"), [], DF, "schedules[0].schedule.fold"),
        # cron and rrule schedules
        row(deployment_field("schedules"), [{"schedule": {"cron": "0 9 * * *"}}], UnsupportedScheduleError, "'0 9 * * *'",
            id="deployment-cron"),
        row(deployment_field("schedules"), [{"schedule": {"rrule": "FREQ=DAILY"}}], UnsupportedScheduleError, "'FREQ=DAILY'",
            id="deployment-rrule"),
        row(deployment_field("schedule"), {"cron": "0 9 * * *"}, UnsupportedScheduleError, "'0 9 * * *'",
            id="deployment-legacy-cron"),
        # bad UUIDs and status
        row(deployment_field("id"), "not-a-uuid", DF, "'not-a-uuid'"),
        row(deployment_field("id"), 5, DF, "id: expected a UUID"),
        row(deployment_field("id"), unique[:-1], DF, unique[:-1]),  # one digit short
        row(deployment_field("id"), "x" * 100_000, DF, "(100002 chars)"),
        row(deployment_field("flow_id"), None, DF, "flow_id: required"),
        row(deployment_schedule_field("id"), "{" + unique + "}x", DF, "schedules[0].id"),
        row(deployment_schedule_field("deployment_id"), 12345, DF, "12345"),
        row(deployment_field("status"), "RUNNING", DF, "'RUNNING'"),
        row(deployment_field("status"), "ready", DF, "'ready'"),
        row(deployment_field("status"), None, DF, "None"),
        row(deployment_field("status"), [], DF, "[]"),
        row(deployment_json, "nope", InvalidDocumentError, "'nope'"),
        row(deployment_json, None, InvalidDocumentError, "None"),
        row(deployment_json, DEEP_JSON, InvalidDocumentError, "[[[[[[", id="deployment_json-deeply-nested"),
        row(deployment_ctor_schedules, [5], DF, "schedules[0]"),
        row(deployment_schedule_ctor, 5, DF, "schedule"),
        row(registry_jsonl, "not json", InvalidDocumentError, "line 1"),
        row(registry_jsonl, DEEP_JSON, InvalidDocumentError, "line 1", id="registry_jsonl-deeply-nested"),
        row(registry_jsonl, json.dumps({"flow_name": "etl"}), InvalidDocumentError, "{'flow_name': 'etl'}"),
        row(registry_jsonl, json.dumps({"flow_name": 5, "deployment": deployment_doc()}), InvalidDocumentError, "got 5"),
        # the planner's inputs
        row(plan_deployment, deployment_doc(), ScheduleTypeError, "dict"),
        row(plan_deployment, None, ScheduleTypeError, "NoneType (None)"),
        row(plan_deployment, Deployment.from_dict({k: v for k, v in deployment_doc().items() if k != "id"}),
            InvalidDocumentError, "'hourly' has no id", id="plan_deployment-no-id"),
        row(plan_many_deployments, [5], ScheduleTypeError, "deployments[0]"),
        row(plan_many_deployments, 5, ScheduleTypeError, "5"),
        row(needs_runs, [5], ScheduleTypeError, "future_runs[0]"),
        row(needs_runs, 5, ScheduleTypeError, "5"),
        row(needs_run_time, pd.NaT, InvalidDatetimeError, "NaT"),
        # what from_jsonl and the registry take (issue 11)
        row(registry_jsonl, None, ScheduleTypeError, "NoneType (None)"),
        row(registry_jsonl, 5, ScheduleTypeError, "int (5)"),
        row(registry_jsonl, [{"flow_name": "etl"}], ScheduleTypeError, "line 1 must be a str or bytes, not dict"),
        row(registry_jsonl, b"\xff\n", InvalidDocumentError, "not UTF-8"),
        row(registry_jsonl, [b"\n", b"\xff"], InvalidDocumentError, "line 2: not UTF-8"),
        row(registry_jsonl, json.dumps({"flow_name": "etl", "deployment": deployment_doc(
            schedules=[{"schedule": schedule_doc(interval=10**400)}])}), DF, "(401 digits)", id="registry_jsonl-10**400"),
        row(deployment_json, json.dumps(deployment_doc(schedules=[{"schedule": schedule_doc(interval=10**400)}])), DF,
            "(401 digits)", id="deployment_json-10**400"),
        row(registry_ctor, None, ScheduleTypeError, "NoneType (None)"),
        row(registry_ctor, 5, ScheduleTypeError, "int (5)"),
    ]


def _cli_rows():
    plan = ("plan", "{files}/ok.json")
    return [
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="0", fragment="'0'", id="every-0"),
        cli("preview", "--every={bad}", "--anchor", ANCHOR, bad="-1h", fragment="'-1h'", id="every-negative"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="nan", fragment="'nan'", id="every-nan"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="inf", fragment="'inf'", id="every-inf"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="P1M", fragment="'P1M'", id="every-P1M"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="1e30", fragment="'1e30'", id="every-1e30"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="9" * 5000 + "s", fragment="'9999", id="every-5000-digits"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="1e999999999", fragment="'1e999999999'", id="every-1e999999999"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="soon", fragment="'soon'", id="every-text"),
        cli("preview", "--every", "1h", "--anchor", "{bad}", bad="yesterday", fragment="'yesterday'", id="anchor-text"),
        cli("preview", "--every", "1h", "--anchor", "{bad}", bad="0000-01-01", fragment="'0000-01-01'", id="anchor-year-0"),
        cli("preview", "--every", "1h", "--anchor", "{bad}", bad="10000-01-01", fragment="'10000-01-01'", id="anchor-year-10000"),
        cli(*PREVIEW, "--timezone", "{bad}", bad="../../etc/passwd", fragment="'../../etc/passwd'", id="tz-traversal"),
        cli(*PREVIEW, "--timezone", "{bad}", bad="/etc/passwd", fragment="'/etc/passwd'", id="tz-absolute"),
        cli(*PREVIEW, "--timezone", "{bad}", bad="", fragment="''", id="tz-empty"),
        cli(*PREVIEW, "--timezone", "{bad}", bad="UTC\x00", fragment="'UTC\\x00'", id="tz-nul"),
        cli(*PREVIEW, "--timezone", "{bad}", bad="x" * 100_000, fragment="(100002 chars)", id="tz-100k"),
        cli(*PREVIEW, "--timezone", "{bad}", bad="America", fragment="'America'", id="tz-directory"),
        cli(*PREVIEW, "--gap", "{bad}", bad="forward", fragment="'forward'", id="gap"),
        cli(*PREVIEW, "--fold", "{bad}", bad="last", fragment="'last'", id="fold"),
        cli(*PREVIEW, "--count", "{bad}", bad="-1", fragment="-1", id="count-negative"),
        cli(*PREVIEW, "--count", "{bad}", bad=str(10**12), fragment="1000000000000", id="count-10**12"),
        cli(*PREVIEW, "--count", "{bad}", bad="many", fragment="'many'", id="count-text"),
        cli(*PREVIEW, "--start", "{bad}", bad="x", fragment="'x'", id="start-text"),
        cli(*COMPARE, "--count", "{bad}", bad=str(10**12), fragment="1000000000000", id="compare-count-10**12"),
        cli(*COMPARE, "--end", "{bad}", bad="9999-01-01T00:00:00Z", fragment="more than limit", id="compare-window"),
        cli(*COMPARE, "--limit", "{bad}", bad="-5", fragment="-5", id="compare-limit-negative"),
        cli("{bad}", bad="frobnicate", fragment="'frobnicate'", id="unknown-command"),
        cli("plan", "{bad}", bad="{files}/missing.json", fragment="missing.json", id="plan-missing-file"),
        cli("plan", "{bad}", bad="{files}", fragment="is a directory", id="plan-directory"),
        cli("plan", "{bad}", bad="{files}/binary.json", fragment="not UTF-8", id="plan-binary"),
        cli("plan", "{bad}", bad="{files}/list.json", fragment="[1, 2]", id="plan-not-an-object"),
        cli("plan", "{bad}", bad="{files}/cron.json", fragment="'0 9 * * *'", id="plan-cron"),
        cli("plan", "{bad}", bad="{files}/deep.json", fragment="deep.json", id="plan-deeply-nested"),
        cli(*plan, "--now", "{bad}", bad="x", fragment="'x'", id="plan-now-text"),
        cli(*plan, "--now", "{bad}", bad="2024-01-01T00:00", fragment="'2024-01-01T00:00'", id="plan-now-naive"),
        cli(*plan, "--profile", "{bad}", bad="pendulum", fragment="'pendulum'", id="plan-profile"),
        cli(*plan, "--name", "{bad}", bad="no-slash", fragment="'no-slash'", id="plan-name"),
        # issue 11
        cli(*plan, "--name", "{bad}", bad=LONG, fragment="(100002 chars)", id="plan-name-100k"),
        cli("plan", "{bad}", bad="{files}/huge-interval.json", fragment="(401 digits)", id="plan-interval-10**400"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="1" + "0" * 400 + "s", fragment="'1000000000",
            id="every-10**400-seconds"),
        cli("preview", "--every", "{bad}", "--anchor", ANCHOR, bad="1" + "0" * 400 + ".5m", fragment="'1000000000",
            id="every-10**400.5-minutes"),
        cli("plan", "{bad}", bad="/dev/zero", fragment="/dev/zero: not a regular file", id="plan-dev-zero"),
        cli("plan", "{bad}", bad="{files}/fifo", fragment="fifo: not a regular file", id="plan-fifo-without-writer"),
        cli(*plan, "--max-bytes", "{bad}", bad="10", fragment="larger than 10 bytes", id="plan-max-bytes"),
        cli(*plan, "--max-bytes", "{bad}", bad="-1", fragment="-1", id="plan-max-bytes-negative"),
    ]


TABLE = _interval_rows() + _zone_rows() + _datetime_rows() + _query_rows() + _document_rows() + _cli_rows()


# ------------------------------------------------------------------ running a row


@contextmanager
def watchdog(seconds: int):
    """Raise TimeoutError in the main thread after *seconds* (a hang fails one row, not the run)."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:  # pragma: no cover - Windows, or pytest run in a thread
        yield
        return

    def fire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    """Deployment files for the ``plan`` rows."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "ok.json").write_text(json.dumps(deployment_doc()))
    (d / "binary.json").write_bytes(b"\xff\xfe\x00{")
    (d / "list.json").write_text("[1, 2]")
    (d / "cron.json").write_text(json.dumps(deployment_doc(schedules=[{"schedule": {"cron": "0 9 * * *"}}])))
    (d / "deep.json").write_text(DEEP_JSON)
    (d / "huge-interval.json").write_text(json.dumps(deployment_doc(schedules=[{"schedule": schedule_doc(interval=10**400)}])))
    os.mkfifo(d / "fifo")  # no writer ever: opening it for reading would block forever
    return d


def _fill(text: str, files: Path, bad: str) -> str:
    return text.replace("{bad}", bad).replace("{files}", str(files))


@pytest.mark.parametrize("case", TABLE)
def test_hostile_input(case, files, capsys):
    def allowed(path: object) -> bool:
        # the plan rows open the file they are given, nothing else
        return isinstance(case, Cli) and isinstance(path, str) and path.startswith(str(files.resolve()))

    if isinstance(case, Cli):
        bad = _fill(case.bad, files, "")
        argv = [_fill(a, files, bad) for a in case.argv]
    with recording_opens() as opened, watchdog(WATCHDOG):
        t0 = time.perf_counter()
        try:
            if isinstance(case, Cli):
                outcome: object = main(argv)
            else:
                outcome = case.call(case.bad)
        except IntervalScheduleError as exc:
            outcome = exc
        elapsed = time.perf_counter() - t0
    assert elapsed < TIME_BOUND, f"took {elapsed:.2f} s"
    outside = [p for p in opened if not inside_tzdata(p) and not allowed(p)]
    assert outside == [], f"opened files outside the tzdata package: {outside}"

    if isinstance(case, Cli):
        out, err = capsys.readouterr()
        assert outcome == 2, f"exit status {outcome!r}, stdout {out[:200]!r}"
        lines = err.splitlines()
        assert len(lines) == 1, f"stderr has {len(lines)} lines: {err[:500]!r}"
        assert "Traceback" not in err and out == ""
        assert _fill(case.fragment, files, bad) in lines[0]
        assert len(lines[0]) < 1000
        return

    assert isinstance(outcome, BaseException), f"no error: returned {outcome!r:.200}"
    assert type(outcome) is case.error, f"{type(outcome).__name__} instead of {case.error.__name__}: {outcome}"
    assert isinstance(outcome, (ValueError, KeyError, TypeError))
    message = str(outcome)
    assert case.fragment in message
    assert len(message) < 1000  # a 100 000-character input does not flood the message


class TestTheTable:
    def test_every_error_class_is_documented_with_its_builtin_base(self):
        text = DOCS.read_text(encoding="utf-8")
        classes = [getattr(errors, name) for name in errors.__all__ if name != "shorten"] + [DeploymentFieldError]
        for cls in classes:
            if cls is errors.IntervalScheduleError:
                assert "`IntervalScheduleError`" in text
                continue
            assert f"`{cls.__name__}`" in text, f"{cls.__name__} is missing from docs/errors.md"
            assert issubclass(cls, errors.IntervalScheduleError)
            bases = [b for b in (ValueError, KeyError, TypeError) if issubclass(cls, b)]
            assert len(bases) == 1, cls
            # the hierarchy diagram: one line per class with its builtin base
            assert re.search(rf"── {cls.__name__} +{bases[0].__name__}\b", text), cls

    def test_every_error_row_expects_a_documented_class(self):
        documented = {getattr(errors, name) for name in errors.__all__ if name != "shorten"} | {DeploymentFieldError}
        for param in TABLE:
            case = param.values[0]
            if isinstance(case, Row):
                assert case.error in documented, case

    def test_docs_errors_md_examples_run(self):
        # every example message in docs/errors.md is the one the library prints
        flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        result = doctest.testfile(str(DOCS), module_relative=False, optionflags=flags)
        assert result.failed == 0 and result.attempted >= 20

    def test_the_table_covers_every_entry_point(self):
        names = {p.values[0].call.__name__ for p in TABLE if isinstance(p.values[0], Row)}
        for name in ("ctor_interval", "ctor_timezone", "ctor_anchor", "dict_interval", "json_interval", "from_dict",
                     "from_json", "dates_n", "array_n", "batch", "arrays_interval", "batch_next_n", "deployment",
                     "deployment_json", "plan_deployment", "plan_now", "plan_many_deployments", "needs_runs",
                     "registry_jsonl", "get_zone_", "next_date", "previous_date", "count_end"):
            assert name in names, name
        assert sum(isinstance(p.values[0], Cli) for p in TABLE) >= 30


# ----------------------------------------------------- valid but extreme inputs
# Not errors: each must answer (or raise a library error), quickly, opening nothing outside tzdata.

END = "9999-12-31T23:00:00Z"


def _nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


EXTREME = [
    pytest.param(lambda: HOURLY.get_dates(10, start=END), 1, id="hourly-past-9999"),
    pytest.param(lambda: HOURLY.get_dates(10, start=END, profile="prefect"), 1, id="hourly-past-9999-prefect"),
    pytest.param(lambda: DAILY_NY.get_dates(10, start="9999-12-25T00:00:00Z"), 7, id="daily-past-9999"),
    pytest.param(lambda: DAILY_NY.get_dates(10, start="9999-12-25T00:00:00Z", profile="prefect"), 7,
                 id="daily-past-9999-prefect"),
    pytest.param(lambda: DAILY_NY.dates_array(10, start="9999-12-25T00:00:00Z"), 7, id="array-past-9999"),
    pytest.param(lambda: IntervalSchedule(timedelta(days=3652058), "0001-01-01T00:00:00Z").get_dates(5, start="0001-01-01T00:00:00Z"),
                 2, id="longest-interval"),  # year 1 and year 9999
    pytest.param(lambda: HOURLY.get_dates(5, start=END, limit=10**12), 1, id="huge-limit"),
    pytest.param(lambda: HOURLY.get_dates(0, start=ANCHOR), 0, id="n-0"),
    pytest.param(lambda: HOURLY.get_dates(start="2024-01-02T00:00:00Z", end="2024-01-01T00:00:00Z"), 0, id="end-before-start"),
    pytest.param(lambda: DAILY_NY.next_date("9999-12-31T23:59:59.999999Z"), None, id="next-after-the-last"),
    pytest.param(lambda: DAILY_NY.previous_date("0001-01-01T00:00:00Z"), None, id="previous-before-the-first"),
    pytest.param(lambda: DAILY_NY.count("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"), 3652059, id="count-everything"),
    pytest.param(lambda: BATCH.next_runs(END, 3).shape, (2, 3), id="batch-past-9999"),
    pytest.param(lambda: BATCH.previous_runs("0001-01-02T00:00:00Z", 3).shape, (2, 3), id="batch-before-year-1"),
    pytest.param(lambda: BATCH.count_between("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z").tolist(),
                 [87649416, 3652059], id="batch-count-everything"),
    # legal JSON nested 600 deep (json.loads copes; copying it recursively does not)
    pytest.param(lambda: Deployment.from_json(json.dumps(deployment_doc(parameters=_nested(600)))), None,
                 id="deployment-deeply-nested-parameters"),
    pytest.param(lambda: plan_runs(DEPLOYMENT, "9999-12-31T23:59:59Z"), 0, id="plan-at-the-end"),
    pytest.param(lambda: plan_runs(DEPLOYMENT, "9999-12-31T23:59:59Z", profile="prefect"), 0, id="plan-at-the-end-prefect"),
    pytest.param(lambda: plan_runs(DEPLOYMENT, NOW, max_time=timedelta.max), 3, id="plan-max-time-max"),
    pytest.param(lambda: plan_runs(DEPLOYMENT, NOW, min_time=timedelta.max), None, id="plan-min-time-max"),
    pytest.param(lambda: plan_many([DEPLOYMENT], NOW, max_time=timedelta.max).n_runs, 3, id="plan-many-max-time-max"),
    pytest.param(lambda: plan_many([DEPLOYMENT], NOW, min_time=timedelta.max).n_runs, None, id="plan-many-min-time-max"),
    pytest.param(lambda: len(plan_runs(DEPLOYMENT, NOW, min_runs=10**12, max_runs=10**12)), 2400, id="plan-runs-huge"),
    pytest.param(lambda: plan_many([DEPLOYMENT], NOW, min_runs=10**12, max_runs=10**12).n_runs, 2400, id="plan-many-huge"),
]


@pytest.mark.parametrize("call, expected", EXTREME)
def test_extreme_valid_input(call, expected):
    with recording_opens() as opened, watchdog(WATCHDOG):
        t0 = time.perf_counter()
        try:
            result = call()
        except IntervalScheduleError as exc:  # a library error is an answer too ...
            assert expected is None, exc  # ... where no particular result is expected
            result = exc
        elapsed = time.perf_counter() - t0
    assert elapsed < TIME_BOUND, f"took {elapsed:.2f} s"
    assert [p for p in opened if not inside_tzdata(p)] == []
    if expected is None:
        return
    if isinstance(expected, int) and not isinstance(result, int):
        assert len(result) == expected
    else:
        assert result == expected


def test_dates_past_year_9999_are_not_invented():
    dates = DAILY_NY.get_dates(10, start="9999-12-25T00:00:00Z")
    assert [d.isoformat() for d in dates][-1] == "9999-12-31T09:00:00-05:00"
    arr = BATCH.next_runs(END, 3)
    assert str(arr[0, 0]) == "9999-12-31T23:00:00.000000" and np.isnat(arr[0, 1:]).all()
    assert np.isnat(arr[1]).all()  # the daily 09:00 New York run of 9999-12-31 is 14:00 UTC, before END


def test_aware_datetime_at_the_edge_of_time():
    # datetime.max in UTC is 9999-12-31T23:59:59.999999: a valid query bound
    assert HOURLY.next_date(datetime.max.replace(tzinfo=timezone.utc)) is None


class TestRegressions:
    """Library fixes made with this table (each was a crash or a hang before)."""

    def test_batch_queries_have_a_limit(self):
        assert BATCH.next_runs(NOW, 3, limit=6).shape == (2, 3)
        with pytest.raises(LimitExceededError, match="n=3 for 2 schedules is 6 dates, more than limit=5"):
            BATCH.next_runs(NOW, 3, limit=5)
        with pytest.raises(LimitExceededError, match="more than limit=5"):
            BATCH.previous_runs(NOW, 3, limit=5)
        with pytest.raises(InvalidQueryError):
            BATCH.next_runs(NOW, 3, limit=-1)
        assert ScheduleBatch([]).next_runs(NOW, 10**12).shape == (0, 10**12)  # nothing to allocate

    def test_batch_of_a_generator_still_works(self):
        assert len(ScheduleBatch(s for s in [HOURLY, DAILY_NY])) == 2
        assert len(ScheduleBatch.from_arrays([3_600_000_000], [0], (k for k in ["UTC"]))) == 1

    def test_cli_argparse_errors_are_one_line(self, capsys):
        assert main(["preview", "--every", "1h"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--anchor" in err and "see interval-schedule preview --help" in err

    def test_cli_help_still_prints_usage(self, capsys):
        assert main(["preview", "--help"]) == 0
        assert "usage: interval-schedule preview" in capsys.readouterr().out


class TestIssue11:
    """Defects of issue 11 that are about valid input answered right (the table holds the refusals)."""

    # -------------------------------------------------- pendulum durations
    def test_pendulum_durations_are_intervals_and_planner_times(self):
        # Duration subclasses timedelta but its // fails; its seconds field is signed (not timedelta's).
        assert IntervalSchedule(pendulum.duration(hours=1, microseconds=5), ANCHOR).interval_us == 3_600_000_005
        assert IntervalSchedule(pendulum.duration(days=1, hours=-1), ANCHOR).interval == timedelta(hours=23)
        expected = plan_runs(DEPLOYMENT, NOW, min_time=timedelta(hours=2), max_time=timedelta(days=3))
        got = plan_runs(DEPLOYMENT, NOW, min_time=pendulum.duration(hours=2), max_time=pendulum.duration(days=3))
        assert got == expected and len(got) == 3
        assert plan_many([DEPLOYMENT], NOW, min_time=pendulum.duration(hours=5)).n_runs == 6  # 11:00 to 16:00 (>= 15:30)
        assert needs_scheduling(DEPLOYMENT, [], NOW, min_time=pendulum.duration(hours=1))
        assert check_jitter(pendulum.duration(minutes=5)) == 300_000_000
        assert missed_runs(HOURLY, ANCHOR, "2024-01-02T00:00Z", grace=pendulum.duration(hours=2)).to_run == 3

    # --------------------------------------------------------- policies
    def test_policies_are_stored_as_the_built_in_strings(self):
        s = IntervalSchedule(86400, "2024-01-01T02:30", "America/New_York", gap=np.str_("skip"), fold=np.str_("later"))
        assert type(s.gap) is str and type(s.fold) is str
        assert s == IntervalSchedule(86400, "2024-01-01T02:30", "America/New_York", gap="skip", fold="later")
        hash(s)
        assert json.loads(s.to_json())["gap"] == "skip"
        b = ScheduleBatch.from_arrays([86_400_000_000], [0], "UTC", gap=np.array(["skip"]), fold=[np.str_("later")])
        assert b.schedule(0).gap == "skip" and b.schedule(0).fold == "later"
        assert HOURLY.get_dates(1, start=ANCHOR, profile=np.str_("prefect")) == HOURLY.get_dates(1, start=ANCHOR, profile="prefect")

    # --------------------------------------------------------- JSON Lines
    def test_json_lines_split_on_newlines_only(self):
        # U+2028, U+2029 and U+0085 are legal inside a JSON string; str.splitlines would cut there.
        tricky = "a\u2028b\u2029c\u0085d\x1c\x1d\x1ee\x0bf\x0cg"
        lines = [
            json.dumps({"flow_name": "etl", "deployment": deployment_doc(name=f"n{i}", description=tricky)}, ensure_ascii=False)
            for i in range(3)
        ]
        text = lines[0] + "\r\n" + lines[1] + "\n\n" + lines[2]
        for given in (text, text.encode("utf-8"), text.encode("utf-8").splitlines(keepends=True), io.StringIO(text)):
            reg = DeploymentRegistry.from_jsonl(given)
            assert [d.name for d in reg] == ["n0", "n1", "n2"]
            assert reg.read_by_name("etl", "n1").description == tricky

    def test_json_lines_errors_count_lines_at_newlines(self):
        text = json.dumps({"flow_name": "etl", "deployment": deployment_doc(description="\u2028")}, ensure_ascii=False)
        with pytest.raises(InvalidDocumentError, match="JSON Lines line 2: not valid JSON"):
            DeploymentRegistry.from_jsonl(text + "\n{oops")

    # -------------------------------------------------- idempotency keys
    TWO_WITHOUT_IDS = deployment_doc(schedules=[
        {"schedule": schedule_doc(interval=3600)},
        {"schedule": schedule_doc(interval=7200)},  # fires at 12:00 too
        {"schedule": schedule_doc(interval=3600), "slug": "hourly-b"},
    ])

    @pytest.mark.parametrize("profile", ["standard", "prefect"])
    def test_schedules_without_ids_get_distinct_keys(self, profile):
        d = Deployment.from_dict(self.TWO_WITHOUT_IDS)
        runs = plan_runs(d, NOW, profile=profile)
        keys = [r.idempotency_key for r in runs]
        assert len(runs) == 9 and len(set(keys)) == 9
        noon = [k for k in keys if "12:00:00" in k]
        parts = [k.split(" ")[2] for k in noon]
        assert parts == ["schedules[0]", "schedules[1]", "slug:hourly-b"]
        many = plan_many([d], NOW, profile=profile)
        assert many.idempotency_keys() == keys and [r.idempotency_key for r in many.runs()] == keys

    def test_a_shared_slug_falls_back_to_the_position(self):
        doc = deployment_doc(schedules=[{"schedule": schedule_doc(), "slug": "s"}, {"schedule": schedule_doc(), "slug": "s"}])
        keys = [r.idempotency_key for r in plan_runs(Deployment.from_dict(doc), NOW)]
        assert len(set(keys)) == 6 and {k.split(" ")[2] for k in keys} == {"schedules[0]", "schedules[1]"}

    def test_the_cli_labels_each_schedule_by_its_own_position(self, files, capsys):
        path = files / "two-without-ids.json"
        path.write_text(json.dumps(self.TWO_WITHOUT_IDS))
        assert main(["plan", str(path), "--now", NOW]) == 0
        table = capsys.readouterr().out.splitlines()[2:]
        assert [line.split()[1] for line in table] == ["schedules[0]"] * 3 + ["schedules[1]"] * 3 + ["hourly-b"] * 3

    # --------------------------------------------------------- the CLI
    def test_plan_at_the_start_of_time_prints(self, files, capsys):
        # --now in year 0 UTC (a valid query bound): printing used datetime, which stops at year 1.
        for extra in ([], ["--json"]):
            assert main(["plan", str(files / "ok.json"), "--now", "0001-01-01T00:00:00+14:00", *extra]) == 0
            out = capsys.readouterr().out
            assert "0000-12-31T10:00:00Z" in out and "0001-01-01T02:00:00Z" in out
        assert plan_many([DEPLOYMENT], "0001-01-01T00:00:00+14:00")[0] == plan_runs(DEPLOYMENT, "0001-01-01T00:00:00+14:00")

    def test_plan_reads_stdin_for_a_dash(self, files, capsys, monkeypatch):
        data = (files / "ok.json").read_bytes()
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert main(["plan", "-", "--now", NOW]) == 0
        assert capsys.readouterr().out.startswith(f"3 runs for 1 deployment at {NOW}")

    def test_plan_stops_reading_an_endless_stdin_at_max_bytes(self, capsys, monkeypatch):
        class Zeros(io.RawIOBase):
            """An endless stream (like /dev/zero through a pipe); counts what was read."""

            read_total = 0

            def readable(self):
                return True

            def readinto(self, buffer):
                Zeros.read_total += len(buffer)
                buffer[:] = b"\0" * len(buffer)
                return len(buffer)

        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Zeros())))
        assert main(["plan", "-", "--max-bytes", "1000000"]) == 2
        assert "stdin: larger than 1000000 bytes; pass --max-bytes" in capsys.readouterr().err
        assert Zeros.read_total < 2_000_000

    def test_plan_refuses_a_large_file_without_reading_it_all(self, tmp_path):
        import tracemalloc

        from interval_schedule.deployment_cli import load_deployments

        path = tmp_path / "big.json"
        path.write_bytes(b" " * 50_000_000)
        tracemalloc.start()
        try:
            with pytest.raises(InvalidDocumentError, match="larger than 1000 bytes"):
                load_deployments(str(path), max_bytes=1000)
            assert tracemalloc.get_traced_memory()[1] < 2_000_000
        finally:
            tracemalloc.stop()

    # ------------------------------------------------- legacy schedule
    def test_legacy_schedule_next_to_a_schedule_object(self):
        obj = DeploymentSchedule(schedule=HOURLY)
        d = Deployment.from_dict(deployment_doc(schedules=[obj], schedule=HOURLY.to_dict()))
        assert d.schedules == (obj,) and d.schedule == HOURLY
        with pytest.raises(DeploymentFieldError, match="must equal schedules"):
            Deployment.from_dict(deployment_doc(schedules=[obj], schedule=schedule_doc(interval=60)))

    # ------------------------------------------------ tz parser messages
    def test_tz_string_and_footer_messages_are_shortened(self):
        from interval_schedule.errors import InvalidTZifError
        from interval_schedule.tz import parse_posix_tz

        for bad in ("x" * 100_000, "EST5EDT,M3.2.0/" + "9" * 100_000):
            with pytest.raises(InvalidTZifError) as info:
                parse_posix_tz(bad)
            assert "chars)" in str(info.value) and len(str(info.value)) < 300
