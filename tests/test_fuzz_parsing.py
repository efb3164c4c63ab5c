"""Fuzzing the parsers with hypothesis: only the documented errors (docs/errors.md), never anything else.

Targets: ISO-8601 datetimes (anchors and query bounds), intervals (ISO-8601
durations, ``HH:MM:SS``, seconds, ``timedelta``, ``numpy.timedelta64``), schedule
documents (``IntervalSchedule.from_dict``/``from_json``) and deployment documents
(``Deployment.from_dict``).  The TZif parser is fuzzed in tests/test_tz_tzif.py.

Inputs mix arbitrary text and values with near-valid ones (a grammar with
out-of-range fields, a valid document with one field replaced at any depth),
because arbitrary text rarely gets past the first check.  Where an input is
accepted, the result is checked too: parsed values round-trip and agree with
an independent computation.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interval_schedule import IntervalSchedule
from interval_schedule.deployment import Deployment
from interval_schedule.errors import IntervalScheduleError, InvalidIntervalError

US = 1_000_000
MAX_INTERVAL_US = (253402300800 - -62135596800) * US - 1
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def json_carries(us: int) -> bool:
    """Whether *us* microseconds survive Prefect's wire format: float seconds written to JSON and read back."""
    seconds = json.loads(json.dumps(us / 10**6))  # int / int: the float nearest the exact quotient
    return round(Decimal(repr(seconds)) * 10**6) == us
ANCHOR = "2024-01-01T00:00:00Z"
HOURLY = IntervalSchedule(3600, ANCHOR)
FLOW = "2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c"

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def documented(call, *args, **kwargs):
    """Call; return the result, or the documented error it raised.  Any other exception fails the test."""
    try:
        return call(*args, **kwargs)
    except IntervalScheduleError as exc:
        assert isinstance(exc, (ValueError, KeyError, TypeError)), f"{type(exc).__name__} has no builtin base"
        assert str(exc) and len(str(exc)) < 2000, "an error message is empty or floods"
        return exc


# ------------------------------------------------------------------ strategies

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**40), 10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)

# An ISO-8601-like grammar with fields of any width and range: most values are
# near misses (month 13, hour 24, offset +25:00, year 0 or 10000) or valid.
iso_like = st.from_regex(
    r"\A[+-]?\d{1,6}-\d{1,3}-\d{1,3}"
    r"(?:[T t_]\d{1,3}(?::\d{1,3}(?::\d{1,3}(?:[.,]\d{1,9})?)?)?)?"
    r"(?:Z|z|[+-]\d{1,3}(?::?\d{1,3}(?::\d{1,3})?)?)?\s?\Z",
    fullmatch=True,
)
offsets = st.integers(-24 * 60 + 1, 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
aware_datetimes = st.datetimes(timezones=st.just(timezone.utc) | offsets)
any_datetimes = aware_datetimes | st.datetimes()
datetime_text = st.one_of(
    iso_like,
    any_datetimes.map(datetime.isoformat),
    any_datetimes.map(lambda d: d.isoformat(sep=" ", timespec="minutes")),
    st.text(max_size=40),
    st.text(alphabet="0123456789-:T+Z. ", max_size=40),
)

iso_durations = st.from_regex(
    r"\A[Pp](?:\d{1,12}(?:[.,]\d{1,9})?[YMWDymwd]){0,3}(?:[Tt](?:\d{1,12}(?:[.,]\d{1,9})?[HMShms]){0,3})?\Z",
    fullmatch=True,
)
clock_text = st.from_regex(r"\A(?:\d{1,9} days?, )?\d{1,12}:\d{1,3}:\d{1,3}(?:\.\d{1,9})?\Z", fullmatch=True)
number_text = st.from_regex(r"\A[+-]?\d{0,30}(?:\.\d{0,30})?(?:[eE][+-]?\d{1,12})?\Z", fullmatch=True)
interval_values = st.one_of(
    iso_durations,
    clock_text,
    number_text,
    st.text(max_size=40),
    st.text(alphabet="PTWDHMS0123456789.,:-+e ", max_size=30),
    st.integers(),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.timedeltas(),
    st.builds(
        lambda v, unit: np.timedelta64(v, unit),
        st.integers(-(2**63) + 1, 2**63 - 1),
        st.sampled_from(["W", "D", "h", "m", "s", "ms", "us", "ns", "Y", "M"]),
    ),
    json_values,
)


# --------------------------------------------------------------- datetimes


class TestDatetimeParsing:
    @FUZZ
    @given(datetime_text)
    @example("0000-01-01T00:00:00")
    @example("10000-01-01")
    @example("9999-12-31T23:59:59.999999-23:59")
    @example("0001-01-01T00:00:00+23:59")
    @example("2024-01-01T00:00:00+24:00")
    @example("2024-02-30")
    @example("٢٠٢٤-٠١-٠١")  # Arabic-Indic digits
    def test_anchor_text(self, text):
        result = documented(IntervalSchedule, 3600, text, "America/New_York")
        if isinstance(result, IntervalSchedule):
            # The anchor exists: within years 1-9999 in UTC and on New York's wall clock.
            assert -62135596800 * US <= result.anchor_utc_us <= 253402300800 * US - 1
            parsed = datetime.fromisoformat(text.strip())
            if parsed.tzinfo is not None:  # an instant: exactly that instant
                assert result.anchor_utc_us == (parsed - EPOCH) // timedelta(microseconds=1)

    @FUZZ
    @given(datetime_text)
    def test_query_bounds_text(self, text):
        for call in (
            lambda: HOURLY.next_date(text),
            lambda: HOURLY.previous_date(text),
            lambda: HOURLY.get_dates(2, start=text),
            lambda: HOURLY.count(ANCHOR, text),
        ):
            documented(call)

    @FUZZ
    @given(aware_datetimes)
    def test_aware_iso_round_trip(self, d):
        # Every aware datetime's ISO text names the same instant (when it exists in UTC).
        utc_us = (d - EPOCH) // timedelta(microseconds=1)
        result = documented(IntervalSchedule, 3600, d.isoformat())
        if -62135596800 * US <= utc_us <= 253402300800 * US - 1:
            assert isinstance(result, IntervalSchedule) and result.anchor_utc_us == utc_us
        else:
            assert isinstance(result, IntervalScheduleError)


# ---------------------------------------------------------------- intervals


class TestIntervalParsing:
    @FUZZ
    @given(interval_values)
    @example("1e999999999")
    @example("-1e999999999")
    @example("1e-999999999")
    @example("P" + "9" * 40 + "D")
    @example("9" * 5000)
    @example("sNaN")
    @example("PT0.0000001S")  # rounds to zero
    @example(np.timedelta64(2**58 + 3600, "s"))  # would wrap to one hour in numpy
    @example(timedelta.max)
    def test_any_value(self, value):
        result = documented(IntervalSchedule, value, ANCHOR)
        if isinstance(result, IntervalSchedule):
            assert 1 <= result.interval_us <= MAX_INTERVAL_US

    @FUZZ
    @given(
        st.integers(0, 10**6), st.integers(0, 10**7), st.integers(0, 10**8), st.integers(0, 10**9),
        st.integers(0, 10**10), st.integers(0, 999_999),
    )
    @example(0, 0, 0, 0, 0, 0)
    @example(0, 3652059, 0, 0, 0, 0)  # one day more than the datetime range
    def test_iso_duration_value(self, weeks, days, hours, minutes, seconds, micro):
        # An independent computation of the duration's length in microseconds.
        text = f"P{weeks}W{days}DT{hours}H{minutes}M{seconds}.{micro:06d}S"
        expected = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * US + micro
        result = documented(IntervalSchedule, text, ANCHOR)
        if 1 <= expected <= MAX_INTERVAL_US and json_carries(expected):
            assert isinstance(result, IntervalSchedule) and result.interval_us == expected
        else:
            assert isinstance(result, IntervalScheduleError)

    @FUZZ
    @given(st.floats(min_value=1e-6, max_value=3e11))
    @example(0.1)
    @example(3600.25)
    def test_float_seconds_round_to_the_microsecond(self, seconds):
        result = documented(IntervalSchedule, seconds, ANCHOR)
        exact = Decimal(repr(seconds)) * US
        if exact >= Decimal("0.5") and exact <= MAX_INTERVAL_US:
            assert isinstance(result, IntervalSchedule)
            assert abs(result.interval_us - exact) <= Decimal("0.5")
        else:
            assert isinstance(result, IntervalScheduleError) or result.interval_us >= 1

    @FUZZ
    @given(st.timedeltas(min_value=timedelta(microseconds=1)))
    def test_timedelta_is_exact(self, td):
        result = documented(IntervalSchedule, td, ANCHOR)
        us = td // timedelta(microseconds=1)
        if us <= MAX_INTERVAL_US and json_carries(us):
            assert isinstance(result, IntervalSchedule) and result.interval == td
        else:
            assert isinstance(result, IntervalScheduleError)


    @FUZZ
    @given(st.integers(1, MAX_INTERVAL_US) | st.integers(2**33 * US - 10, MAX_INTERVAL_US) | st.integers(1, 2**33 * US))
    @example(2**33 * US - 1)  # the last interval below 2**33 s: every microsecond fits in a float
    @example(2**33 * US + 1)  # the first that does not
    @example(2**33 * US + 500_000)  # .5 s: a float holds it
    @example(MAX_INTERVAL_US - 29)  # its float seconds once read back as more than the range
    @example(MAX_INTERVAL_US)
    @example(MAX_INTERVAL_US - 999_999)  # whole seconds
    def test_every_accepted_interval_survives_its_json(self, us):
        # Issue 11: accepted intervals are exactly those float seconds (Prefect's wire format) carry.
        result = documented(IntervalSchedule, timedelta(microseconds=us), "0001-01-01T00:00:00Z")
        if json_carries(us):
            assert isinstance(result, IntervalSchedule) and result.interval_us == us
            assert IntervalSchedule.from_json(result.to_json()) == result
            assert IntervalSchedule.from_dict(result.to_dict()) == result
        else:
            assert us >= 2**33 * US and us % US  # only long intervals with a sub-second part are refused
            assert isinstance(result, InvalidIntervalError) and "cannot be written as float seconds" in str(result)


# ------------------------------------------------------ schedule documents

SCHEDULE_KEYS = ["interval", "anchor_date", "timezone", "gap", "fold"]
good_parts = {
    "interval": st.sampled_from([3600, 86400.0, "PT1H30M", "P1D", "1:00:00", 0.5]) | interval_values,
    "anchor_date": st.sampled_from([ANCHOR, "2024-03-10T02:30", "2024-11-03T01:30:00-05:00", None]) | datetime_text,
    "timezone": st.sampled_from(["UTC", "America/New_York", "Europe/Dublin", "../../etc/passwd", "", None])
    | st.text(max_size=20),
    "gap": st.sampled_from(["shift", "skip", "shift", "skip", "SHIFT", None]),
    "fold": st.sampled_from(["earlier", "later", "earlier", "later", ""]),
}


@st.composite
def schedule_documents(draw):
    """A schedule document: a few known keys with good or bad values, sometimes an unknown key or a non-dict."""
    # hypothesis favours small integers (its shrink target), so rare branches test for the largest value
    if draw(st.integers(0, 9)) == 9:
        return draw(json_values)
    keys = draw(st.lists(st.sampled_from(SCHEDULE_KEYS[1:]), unique=True))
    if draw(st.integers(0, 5)) < 5:  # most documents have the required key
        keys.insert(0, "interval")
    doc = {k: draw(json_values) if draw(st.integers(0, 3)) == 3 else draw(good_parts[k]) for k in keys}
    if draw(st.integers(0, 4)) == 4:
        doc[draw(st.text(max_size=8))] = draw(json_values)
    return doc


class TestScheduleDocuments:
    @FUZZ
    @given(schedule_documents(), st.sampled_from(["standard", "prefect"]))
    @example({"interval": timedelta(days=99421, microseconds=1), "anchor_date": ANCHOR}, "standard")
    def test_from_dict(self, doc, profile):
        result = documented(IntervalSchedule.from_dict, doc, profile=profile)
        if isinstance(result, IntervalSchedule):
            # What was read writes back and reads again to the same schedule ...
            again = IntervalSchedule.from_dict(result.to_dict())
            assert IntervalSchedule.from_json(result.to_json()) == again
            if result.interval_us < 2**50:
                assert again == result
            else:
                # ... except that the wire format's float seconds (Prefect's) cannot hold every
                # microsecond of intervals over ~35 years (2**50 us): they come back within float precision.
                assert abs(again.interval_us - result.interval_us) <= result.interval_us * 2**-51
                assert (again.anchor_utc_us, again.timezone, again.gap, again.fold) == (
                    result.anchor_utc_us, result.timezone, result.gap, result.fold)
                assert IntervalSchedule.from_dict(again.to_dict()) == again  # stable after one round trip

    @FUZZ
    @given(schedule_documents() | st.text(max_size=60), st.sampled_from(["standard", "prefect"]))
    def test_from_json(self, doc, profile):
        text = doc if isinstance(doc, str) else json.dumps(doc, default=str)  # timedeltas as text
        documented(IntervalSchedule.from_json, text, profile=profile)
        documented(IntervalSchedule.from_json, text.encode("utf-8", "surrogatepass"), profile=profile)


# ---------------------------------------------------- deployment documents


def base_deployment() -> dict:
    return {
        "id": "6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f",
        "created": "2024-01-01T00:00:00Z",
        "name": "hourly",
        "flow_id": FLOW,
        "paused": False,
        "schedules": [
            {
                "id": "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
                "schedule": {"interval": 3600.0, "anchor_date": ANCHOR, "timezone": "America/New_York"},
                "active": True,
                "max_scheduled_runs": 50,
                "parameters": {"x": 1},
                "slug": "hourly",
            }
        ],
        "parameters": {"who": "world"},
        "tags": ["etl"],
        "created_by": {"id": None, "type": "USER", "display_value": "me"},
        "pull_steps": [{"step": {}}],
        "status": "READY",
        "enforce_parameter_schema": True,
        "schedule": {"interval": 3600.0, "anchor_date": ANCHOR, "timezone": "America/New_York"},
        "is_schedule_active": True,
    }


def _paths(value, prefix=()):
    """Every path (tuple of keys and indices) inside a JSON document."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _replace(doc, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {**doc, head: _replace(doc[head], rest, new)}
    out = list(doc)
    out[head] = _replace(doc[head], rest, new)
    return out


BASE_PATHS = list(_paths(base_deployment()))
field_values = json_values | st.sampled_from(
    ["not-a-uuid", "RUNNING", "ready", "2024-01-01T00:00", "yesterday", "", "0" * 40, "P1M", "../../etc/passwd"]
)


@st.composite
def deployment_documents(draw):
    """The base document with one to three values replaced at any depth, keys removed or added."""
    doc = base_deployment()
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "delete" and path:
            parent = doc
            for p in path[:-1]:
                parent = parent[p]
            if isinstance(parent, dict):
                parent = {k: v for k, v in parent.items() if k != path[-1]}
                doc = _replace(doc, path[:-1], parent)
            continue
        if action == "add":
            target = doc
            for p in path:
                target = target[p]
            if isinstance(target, dict):
                doc = _replace(doc, path, {**target, draw(st.text(max_size=8)): draw(json_values)})
            continue
        doc = _replace(doc, path, draw(field_values))
    return doc


class TestDeploymentDocuments:
    @FUZZ
    @given(deployment_documents())
    @example(_replace(base_deployment(), ("schedules", 0, "schedule"), {"cron": "* * * * *"}))
    @example(_replace(base_deployment(), ("schedules", 0, "schedule", "interval"), float("nan")))
    @example(_replace(base_deployment(), ("schedules", 0, "id"), "{" + "0" * 32 + "}"))
    @example(_replace(base_deployment(), ("schedules", 0, "parameters"), {"": float("nan")}))
    def test_from_dict(self, doc):
        result = documented(Deployment.from_dict, doc)
        if isinstance(result, Deployment):
            # A document that loads writes back to one that loads to the same deployment
            # (intervals within float precision: see TestScheduleDocuments.test_from_dict).
            # Compared as JSON text: a NaN parameter is not equal to itself.
            again = Deployment.from_dict(result.to_dict())
            assert Deployment.from_json(result.to_json()).to_json() == again.to_json()
            if all(s.schedule.interval_us < 2**50 for s in result.schedules):
                assert again.to_json() == result.to_json()
            assert Deployment.from_dict(again.to_dict()).to_json() == again.to_json()

    @FUZZ
    @given(json_values)
    def test_from_dict_any_json(self, value):
        documented(Deployment.from_dict, value)
        documented(Deployment.from_dict, {"name": "x", "flow_id": FLOW, "schedules": value})
        documented(Deployment.from_dict, {"name": "x", "flow_id": FLOW, "schedules": [{"schedule": value}]})


# ------------------------------------------------------------- heavier runs


@pytest.mark.slow
class TestSlow:
    @SLOW
    @given(interval_values)
    def test_intervals(self, value):
        documented(IntervalSchedule, value, ANCHOR)

    @SLOW
    @given(datetime_text)
    def test_datetimes(self, text):
        documented(IntervalSchedule, 3600, text, "America/New_York")

    @SLOW
    @given(schedule_documents(), st.sampled_from(["standard", "prefect"]))
    def test_schedule_documents(self, doc, profile):
        documented(IntervalSchedule.from_dict, doc, profile=profile)

    @SLOW
    @given(deployment_documents())
    def test_deployment_documents(self, doc):
        documented(Deployment.from_dict, doc)
