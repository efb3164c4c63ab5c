"""The IntervalSchedule model: input validation and inference, wire format, repr, equality,
immutability, limits, ``n`` checks and profile names.

Every refused input is checked for its exact exception class (from
:mod:`interval_schedule.errors`) and for a message that names the bad value.
"""

from __future__ import annotations

import copy
import io
import json
import pickle
import time
import tracemalloc
import zoneinfo
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

import numpy as np
import pendulum
import pytest

import oracle
from interval_schedule import IntervalSchedule, errors
from interval_schedule.errors import (
    IntervalScheduleError,
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidPolicyError,
    InvalidQueryError,
    InvalidScheduleError,
    LimitExceededError,
    ScheduleTypeError,
    ZoneNotFoundError,
)

US = 1_000_000
NY = "America/New_York"
ANCHOR = "2024-01-01T00:00:00Z"
DATA = Path(__file__).parent / "data"


def raises(cls, *fragments):
    """pytest.raises for exactly *cls* (not a subclass), checking the message names each fragment."""

    class _Check:
        def __enter__(self):
            self.ctx = pytest.raises(cls)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            suppressed = self.ctx.__exit__(*exc)
            assert type(self.info.value) is cls, f"{type(self.info.value).__name__} is not exactly {cls.__name__}"
            for fragment in fragments:
                assert fragment in str(self.info.value), f"{fragment!r} not in {str(self.info.value)!r}"
            return suppressed

    return _Check()


def us(iso: str) -> int:
    return oracle.aware_to_us(datetime.fromisoformat(iso.replace("Z", "+00:00")))


# ------------------------------------------------------------------ interval


class TestInterval:
    @pytest.mark.parametrize(
        "value, expected_us",
        [
            (timedelta(hours=1), 3600 * US),
            (timedelta(microseconds=1), 1),  # the smallest interval
            (3600, 3600 * US),
            (np.int64(60), 60 * US),
            (0.5, 500_000),
            (0.1, 100_000),  # decimal seconds are exact microseconds
            (3600.25, 3_600_250_000),
            (86400.000001, 86_400_000_001),
            (1.2345674, 1_234_567),  # rounded to the nearest microsecond ...
            (1.2345676, 1_234_568),  # ... up as well as down
            (6e-7, 1),
            ("PT1H30M", 5400 * US),
            ("P1D", 86_400 * US),
            ("P2W", 14 * 86_400 * US),
            ("PT0.5S", 500_000),
            ("PT1.000001S", 1_000_001),
            ("P1DT12H", 36 * 3600 * US),
            ("PT1M", 60 * US),  # minutes after T, not months
            ("01:30:00", 5400 * US),
            ("00:00:00.25", 250_000),
            ("25:00:00", 25 * 3600 * US),
            ("3600", 3600 * US),
            # the last whole second of the datetime range (.999999 more cannot be float seconds: see TestWireFormat)
            (timedelta(days=3652058, seconds=86399), (3652058 * 86400 + 86399) * US),
        ],
    )
    def test_accepted(self, value, expected_us):
        assert IntervalSchedule(value, ANCHOR).interval_us == expected_us

    def test_interval_property_is_a_timedelta(self):
        assert IntervalSchedule("PT1H30M", ANCHOR).interval == timedelta(hours=1, minutes=30)

    @pytest.mark.parametrize("value", ["P1M", "P1Y", "P1Y2M", "P1MT1H", "P0.5M"])
    def test_calendar_months_refused(self, value):
        with raises(InvalidIntervalError, repr(value), "calendar months are not supported"):
            IntervalSchedule(value, ANCHOR)

    @pytest.mark.parametrize(
        "value, shown",
        [
            (0, "0"),
            (0.0, "0.0"),
            (-1, "-1"),
            (-0.5, "-0.5"),
            (timedelta(0), "timedelta(0)"),
            (timedelta(seconds=-1), "timedelta(days=-1, seconds=86399)"),
            (4e-7, "4e-07"),  # rounds to zero microseconds
            ("PT0S", "'PT0S'"),
            ("P0D", "'P0D'"),
            ("00:00:00", "'00:00:00'"),
            ("-3600", "'-3600'"),
        ],
    )
    def test_zero_and_negative_refused(self, value, shown):
        with raises(InvalidIntervalError, "positive", shown):
            IntervalSchedule(value, ANCHOR)

    @pytest.mark.parametrize(
        "value, shown",
        [(float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"), ("nan", "'nan'"), ("inf", "'inf'")],
    )
    def test_non_finite_refused(self, value, shown):
        with raises(InvalidIntervalError, "finite", shown):
            IntervalSchedule(value, ANCHOR)

    @pytest.mark.parametrize(
        "value, shown",
        [
            (timedelta.max, "999999999"),
            (datetime.max - datetime.min + timedelta(microseconds=1), "3652059"),
            (10**20, "100000000000000000000"),
            (1e300, "1e+300"),
            ("P9999999D", "'P9999999D'"),
            ("1e400", "'1e400'"),
        ],
    )
    def test_beyond_the_datetime_range_refused(self, value, shown):
        with raises(InvalidIntervalError, "longer than the datetime range", shown):
            IntervalSchedule(value, ANCHOR)

    @pytest.mark.parametrize("value", [True, False, np.bool_(True)])
    def test_booleans_refused(self, value):
        with raises(ScheduleTypeError, "bool", repr(value)):
            IntervalSchedule(value, ANCHOR)

    @pytest.mark.parametrize("value, shown", [(None, "None"), ([3600], "[3600]"), (b"PT1H", "b'PT1H'")])
    def test_wrong_types_refused(self, value, shown):
        with raises(ScheduleTypeError, shown):
            IntervalSchedule(value, ANCHOR)

    @pytest.mark.parametrize("value", ["one hour", "P", "PT", "1h", "PT1H30", "-PT1H", "1:2:3"])
    def test_unparseable_refused(self, value):
        with raises(InvalidIntervalError, repr(value)):
            IntervalSchedule(value, ANCHOR)

    def test_24_hours_is_a_day_and_23_59_is_not(self):
        assert IntervalSchedule(timedelta(hours=24), ANCHOR).is_wall_clock
        assert IntervalSchedule(timedelta(hours=23, minutes=59), ANCHOR).is_wall_clock is False
        assert IntervalSchedule(86_400 - 1e-6, ANCHOR).is_wall_clock is False
        assert IntervalSchedule("PT24H", ANCHOR).is_wall_clock

    def test_the_longest_interval_spans_the_whole_range(self):
        # The whole range less its last .999999 s (which float seconds cannot carry, see
        # test_the_whole_range_is_refused_by_the_wire_format): from 0001-01-01 the next date is 9999-12-31T23:59:59.
        s = IntervalSchedule(datetime.max - datetime.min - timedelta(microseconds=999_999), "0001-01-01T00:00:00Z")
        got = s.get_dates(5, start="0001-01-01T00:00:00Z")
        assert [d.isoformat() for d in got] == ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"]

    def test_the_whole_range_is_refused_by_the_wire_format(self):
        # 315537897599.999999 s: the nearest float is 61 us away, so to_dict() could not write it.
        with raises(InvalidIntervalError, "cannot be written as float seconds exactly"):
            IntervalSchedule(datetime.max - datetime.min, "0001-01-01T00:00:00Z")


# ------------------------------------------------------- anchor and timezone


def _tzdata_bytes(key: str) -> bytes:
    area, name = key.split("/")
    return resources.files(f"tzdata.zoneinfo.{area}").joinpath(name).read_bytes()


class TestAnchorAndTimezoneInference:
    @pytest.mark.parametrize(
        "anchor, timezone_, expected_iso",
        [
            # stdlib with zoneinfo: the key is the timezone.
            (datetime(2024, 7, 1, 9, tzinfo=zoneinfo.ZoneInfo("Europe/London")), "Europe/London", "2024-07-01T09:00:00+01:00"),
            # An alias is an IANA key too.
            (datetime(2024, 7, 1, 9, tzinfo=zoneinfo.ZoneInfo("US/Eastern")), "US/Eastern", "2024-07-01T09:00:00-04:00"),
            # pendulum: its timezone name.
            (pendulum.datetime(2024, 7, 1, 9, tz="Australia/Lord_Howe"), "Australia/Lord_Howe", "2024-07-01T09:00:00+10:30"),
            (pendulum.datetime(2024, 7, 1, 9), "UTC", "2024-07-01T09:00:00+00:00"),
            # Fixed offsets have no zone name: UTC; the anchor keeps its offset (as Prefect does).
            (datetime(2024, 7, 1, 9, tzinfo=timezone(timedelta(hours=-4))), "UTC", "2024-07-01T09:00:00-04:00"),
            (pendulum.datetime(2024, 7, 1, 9, tz=pendulum.fixed_timezone(-4 * 3600)), "UTC", "2024-07-01T09:00:00-04:00"),
            (datetime(2024, 7, 1, 9, tzinfo=timezone.utc), "UTC", "2024-07-01T09:00:00+00:00"),
            ("2024-07-01T09:00:00-04:00", "UTC", "2024-07-01T09:00:00-04:00"),
            ("2024-07-01T09:00:00Z", "UTC", "2024-07-01T09:00:00+00:00"),
            ("2024-07-01T09:00:00.000001+05:45", "UTC", "2024-07-01T09:00:00.000001+05:45"),
            # Naive: wall time in the schedule's zone, UTC when none is given.
            ("2024-07-01T09:00:00", "UTC", "2024-07-01T09:00:00+00:00"),
            (datetime(2024, 7, 1, 9), "UTC", "2024-07-01T09:00:00+00:00"),
            (pendulum.naive(2024, 7, 1, 9), "UTC", "2024-07-01T09:00:00+00:00"),
            # numpy datetime64: UTC.
            (np.datetime64("2024-07-01T09:00:00"), "UTC", "2024-07-01T09:00:00+00:00"),
            (np.datetime64("2024-07-01T09:00:00.123456", "us"), "UTC", "2024-07-01T09:00:00.123456+00:00"),
        ],
    )
    def test_inferred(self, anchor, timezone_, expected_iso):
        s = IntervalSchedule(3600, anchor)
        assert s.timezone == timezone_
        assert s.anchor_date.isoformat() == expected_iso

    def test_zoneinfo_without_a_key_is_utc(self):
        tz = zoneinfo.ZoneInfo.from_file(io.BytesIO(_tzdata_bytes(NY)))
        s = IntervalSchedule(3600, datetime(2024, 7, 1, 9, tzinfo=tz))
        assert (s.timezone, s.anchor_date.isoformat()) == ("UTC", "2024-07-01T09:00:00-04:00")

    @pytest.mark.parametrize(
        "anchor, own",
        [
            (datetime(2024, 7, 1, 9, tzinfo=zoneinfo.ZoneInfo("Europe/London")), "2024-07-01T09:00:00+01:00"),
            ("2024-07-01T08:00:00Z", "2024-07-01T08:00:00+00:00"),
            (np.datetime64("2024-07-01T08:00:00"), "2024-07-01T08:00:00+00:00"),
        ],
    )
    def test_explicit_timezone_keeps_the_instant_and_the_anchors_own_zone(self, anchor, own):
        s = IntervalSchedule(3600, anchor, NY)
        assert (s.timezone, s.anchor_date.isoformat()) == (NY, own)
        assert s.anchor_date.in_timezone(NY).isoformat() == "2024-07-01T04:00:00-04:00"

    @pytest.mark.parametrize("anchor", ["2024-07-01T09:00:00", datetime(2024, 7, 1, 9), pendulum.naive(2024, 7, 1, 9)])
    def test_naive_anchor_is_wall_time_in_the_timezone(self, anchor):
        assert IntervalSchedule(3600, anchor, NY).anchor_date.isoformat() == "2024-07-01T09:00:00-04:00"

    @pytest.mark.parametrize("fold, expected", [(0, "2024-11-03T01:30:00-04:00"), (1, "2024-11-03T01:30:00-05:00")])
    def test_zoneinfo_anchor_in_a_fold_is_the_instant_its_fold_names(self, fold, expected):
        anchor = datetime(2024, 11, 3, 1, 30, tzinfo=zoneinfo.ZoneInfo(NY), fold=fold)
        assert IntervalSchedule(86400, anchor).anchor_date.isoformat() == expected

    def test_default_anchor_is_now_in_utc(self):
        before = datetime.now(timezone.utc)
        s = IntervalSchedule(3600)
        after = datetime.now(timezone.utc)
        assert s.timezone == "UTC"
        assert oracle.aware_to_us(before) <= s.anchor_utc_us <= oracle.aware_to_us(after)

    def test_default_anchor_takes_an_explicit_timezone(self):
        assert IntervalSchedule(3600, None, NY).timezone == NY

    @pytest.mark.parametrize("key", ["EST", "US/Eastern", "Etc/GMT+5", "UTC", "Pacific/Apia"])
    def test_aliases_and_keys_accepted(self, key):
        assert IntervalSchedule(3600, ANCHOR, key).timezone == key

    @pytest.mark.parametrize("key", ["Mars/Olympus", "", "america/new_york", "../../etc/passwd", "/usr/share/zoneinfo/UTC"])
    def test_unknown_timezone_refused(self, key):
        with raises(ZoneNotFoundError, repr(key)):
            IntervalSchedule(3600, ANCHOR, key)

    def test_non_string_timezone_refused(self):
        with raises(ZoneNotFoundError, "123"):
            IntervalSchedule(3600, ANCHOR, 123)

    @pytest.mark.parametrize(
        "anchor, shown",
        [
            ("yesterday", "'yesterday'"),
            ("2024-13-01T00:00:00", "'2024-13-01T00:00:00'"),
            ("2024-01-01T25:00:00Z", "'2024-01-01T25:00:00Z'"),
            (np.datetime64("NaT", "us"), "NaT"),
            (np.datetime64("10000-01-01T00:00:00"), "10000-01-01"),
        ],
    )
    def test_bad_anchor_refused(self, anchor, shown):
        with raises(InvalidDatetimeError, "anchor_date", shown):
            IntervalSchedule(3600, anchor)

    @pytest.mark.parametrize("anchor, shown", [(1_700_000_000, "1700000000"), (1.5, "1.5"), ([2024, 1, 1], "[2024, 1, 1]")])
    def test_anchor_of_wrong_type_refused(self, anchor, shown):
        with raises(ScheduleTypeError, "anchor_date", shown):
            IntervalSchedule(3600, anchor)

    @pytest.mark.parametrize(
        "anchor, key",
        [
            # 0001-01-01T00:00Z is 0000-12-31 19:03:58 in New York (LMT -04:56:02).
            ("0001-01-01T00:00:00Z", NY),
            # 9999-12-31T23:00Z is 10000-01-01 08:18:59 in Tokyo.
            ("9999-12-31T23:00:00Z", "Asia/Tokyo"),
            # 0001-01-01 00:00 in Tokyo (+09:18:59) is 0000-12-31T14:41:01Z.
            ("0001-01-01T00:00:00", "Asia/Tokyo"),
            (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), None),
        ],
    )
    def test_anchor_that_does_not_exist_refused(self, anchor, key):
        # Regression: these were accepted, then repr(), to_dict() and anchor_date
        # raised OverflowError.
        with raises(InvalidDatetimeError, "anchor_date", "outside years 1-9999"):
            IntervalSchedule(86400, anchor, key)

    def test_anchor_at_the_first_instant_that_exists(self):
        # 04:56:02Z is 0001-01-01 00:00:00 in New York: it exists.
        s = IntervalSchedule(86400, "0001-01-01T04:56:02Z", NY)
        assert s.anchor_date.isoformat() == "0001-01-01T04:56:02+00:00"  # kept as given
        assert s.get_dates(1, start=s.anchor_date)[0].isoformat() == "0001-01-01T00:00:00-04:56:02"
        assert IntervalSchedule.from_json(s.to_json()) == s


class TestPendulumInputs:
    """Regression: pendulum DateTime inputs raised AttributeError (pendulum's Interval // timedelta)."""

    def test_pendulum_anchor(self):
        s = IntervalSchedule(3600, pendulum.datetime(2024, 7, 1, 9, 30, tz=NY))
        assert (s.timezone, s.anchor_date.isoformat()) == (NY, "2024-07-01T09:30:00-04:00")

    def test_pendulum_anchor_in_a_fold_is_the_instant_pendulum_names(self):
        # pendulum resolves an ambiguous 01:30 itself; the schedule takes that instant as it is.
        p = pendulum.datetime(2024, 11, 3, 1, 30, tz=NY)
        assert IntervalSchedule(3600, p).anchor_date.isoformat() == p.isoformat()

    def test_pendulum_start_end_from_get_dates(self):
        s = IntervalSchedule(3600, "2024-11-03T00:00:00-04:00", NY)
        first, second, third = s.get_dates(3, start="2024-11-03T00:00:00-04:00")
        # Feeding the library's own output back in: 01:00-05:00 is the second pass (fold=1).
        assert third.isoformat() == "2024-11-03T01:00:00-05:00"
        assert s.get_dates(start=second, end=third) == [second, third]
        assert s.next_date(third) == third
        assert s.previous_date(third) == second
        assert s.count(first, third) == 3


# ------------------------------------------------------------------ policies


class TestPolicies:
    @pytest.mark.parametrize("gap", ["forward", "SHIFT", None, "raise"])
    def test_bad_gap(self, gap):
        with raises(InvalidPolicyError, repr(gap), "'shift'", "'skip'"):
            IntervalSchedule(3600, ANCHOR, gap=gap)

    @pytest.mark.parametrize("fold", ["first", "Earlier", None, 0])
    def test_bad_fold(self, fold):
        with raises(InvalidPolicyError, repr(fold), "'earlier'", "'later'"):
            IntervalSchedule(3600, ANCHOR, fold=fold)

    def test_policies_are_keyword_only(self):
        with pytest.raises(TypeError):
            IntervalSchedule(3600, ANCHOR, "UTC", "skip")  # type: ignore[misc]

    @pytest.mark.parametrize("profile", ["cron", "Standard", "", None])
    def test_unknown_profile(self, profile):
        s = IntervalSchedule(3600, ANCHOR)
        for method in (s.get_dates, s.dates_array):
            with raises(InvalidPolicyError, repr(profile), "'standard'", "'prefect'"):
                method(1, start=ANCHOR, profile=profile)


# ---------------------------------------------------------------- wire format


class TestWireFormat:
    def test_prefect_shape(self):
        s = IntervalSchedule(timedelta(days=1), "2020-01-01T02:30:00-05:00", NY)
        assert s.to_dict() == {"interval": 86400.0, "anchor_date": "2020-01-01T02:30:00-05:00", "timezone": NY}
        assert s.to_json() == '{"interval": 86400.0, "anchor_date": "2020-01-01T02:30:00-05:00", "timezone": "America/New_York"}'
        assert type(s.to_dict()["interval"]) is float

    @pytest.mark.parametrize(
        "schedule, anchor_text",
        [
            (IntervalSchedule(3600, "2024-01-01T00:00:00+00:00"), "2024-01-01T00:00:00Z"),
            (IntervalSchedule(3600, "2024-01-01T00:00:00.000001Z"), "2024-01-01T00:00:00.000001Z"),
            # A zero offset is written Z in any zone, as Prefect does.
            (IntervalSchedule(3600, "2024-01-15T09:00:00", "Europe/London"), "2024-01-15T09:00:00Z"),
            (IntervalSchedule(3600, "2024-07-15T09:00:00", "Europe/London"), "2024-07-15T09:00:00+01:00"),
            (IntervalSchedule(3600, "2024-07-15T09:00:00", "Asia/Kathmandu"), "2024-07-15T09:00:00+05:45"),
            # Historical offsets with seconds (LMT).
            (IntervalSchedule(3600, "1850-01-01T00:00:00", NY), "1850-01-01T00:00:00-04:56:02"),
        ],
    )
    def test_anchor_with_its_own_offset(self, schedule, anchor_text):
        assert schedule.to_dict()["anchor_date"] == anchor_text
        assert IntervalSchedule.from_json(schedule.to_json()) == schedule

    def test_policies_written_only_when_not_default(self):
        base = {"interval": 3600.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}
        assert IntervalSchedule(3600, ANCHOR, gap="skip").to_dict() == {**base, "gap": "skip"}
        assert IntervalSchedule(3600, ANCHOR, fold="later").to_dict() == {**base, "fold": "later"}
        both = IntervalSchedule(3600, ANCHOR, gap="skip", fold="later")
        assert both.to_dict() == {**base, "gap": "skip", "fold": "later"}
        assert IntervalSchedule.from_dict(both.to_dict()) == both

    # Float seconds hold every microsecond count below 2**33 s (about 272 years): the float
    # spacing there is at most 2**-20 s < 1 us, so the shortest repr is the exact decimal.
    @pytest.mark.parametrize(
        "interval_us", [1, 100_000, 3_600_250_000, 86_400_000_001, 400 * 86_400 * US + 1, 2**33 * US - 1, 2**33 * US - 999_999]
    )
    def test_interval_round_trip_to_the_microsecond(self, interval_us):
        s = IntervalSchedule(timedelta(microseconds=interval_us), "2024-03-10T02:30:00.123456-05:00", NY)
        assert IntervalSchedule.from_json(s.to_json()).interval_us == interval_us

    def test_prefect_documents(self):
        # 2430 schedule documents written by Prefect 3.9.1 (tests/data/prefect_cases.json).
        # Every one reads as the same interval, instant and zone.  Prefect writes the anchor
        # with the offset it was given; we write it in the schedule's zone.  So the document
        # comes back unchanged exactly when its anchor's offset is the zone's at that instant.
        cases = json.loads((DATA / "prefect_cases.json").read_text())["cases"]
        unchanged = 0
        for case in cases:
            doc = case["schedule_json"]
            s = IntervalSchedule.from_dict(doc)
            anchor = datetime.fromisoformat(doc["anchor_date"].replace("Z", "+00:00"))
            assert s.anchor_utc_us == oracle.aware_to_us(anchor)
            assert s.interval_us == case["interval_us"]
            assert s.timezone == doc["timezone"]
            if anchor.utcoffset().total_seconds() == oracle.offset_seconds(doc["timezone"], s.anchor_utc_us):
                assert s.to_dict() == doc
                assert json.loads(IntervalSchedule.from_json(json.dumps(doc)).to_json()) == doc
                unchanged += 1
            assert IntervalSchedule.from_dict(s.to_dict()) == s
        assert unchanged > 1000

    def test_missing_keys_take_defaults(self):
        s = IntervalSchedule.from_dict({"interval": 60, "anchor_date": "2024-07-01T09:00:00-04:00"})
        assert (s.timezone, s.gap, s.fold) == ("UTC", "shift", "earlier")
        assert IntervalSchedule.from_dict({"interval": 60}).timezone == "UTC"

    @pytest.mark.parametrize("extra", [{"foo": 1}, {"cron": "* * * * *"}, {"max_active_runs": 1}])
    def test_unknown_keys_refused(self, extra):
        doc = {"interval": 60, "anchor_date": ANCHOR, "timezone": "UTC", **extra}
        (key,) = extra
        with raises(InvalidScheduleError, repr(key)):
            IntervalSchedule.from_dict(doc)
        with raises(InvalidScheduleError, repr(key)):
            IntervalSchedule.from_json(json.dumps(doc))

    def test_missing_interval_refused(self):
        with raises(InvalidScheduleError, "'interval'"):
            IntervalSchedule.from_dict({"anchor_date": ANCHOR})

    @pytest.mark.parametrize("doc, shown", [([1, 2], "[1, 2]"), ("PT1H", "'PT1H'"), (None, "None")])
    def test_not_a_dict_refused(self, doc, shown):
        with raises(ScheduleTypeError, shown):
            IntervalSchedule.from_dict(doc)

    @pytest.mark.parametrize("text", ["{", "interval: 60", ""])
    def test_bad_json_refused(self, text):
        with raises(InvalidScheduleError, repr(text)):
            IntervalSchedule.from_json(text)

    def test_bad_values_in_documents_keep_their_own_errors(self):
        with raises(InvalidIntervalError, "'P1M'"):
            IntervalSchedule.from_dict({"interval": "P1M"})
        with raises(ZoneNotFoundError, "'Nowhere/Land'"):
            IntervalSchedule.from_dict({"interval": 60, "timezone": "Nowhere/Land"})
        with raises(InvalidPolicyError, "'sometimes'"):
            IntervalSchedule.from_dict({"interval": 60, "gap": "sometimes"})


# ------------------------------------------------------ repr, equality, hashing


class TestValueSemantics:
    def test_repr(self):
        s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30:00-05:00", NY)
        assert repr(s) == (
            "IntervalSchedule(interval=datetime.timedelta(days=1), "
            "anchor_date='2024-03-08T02:30:00-05:00', timezone='America/New_York')"
        )
        t = IntervalSchedule(90, "2024-03-08T02:30:00-05:00", NY, gap="skip", fold="later")
        assert repr(t).endswith("timezone='America/New_York', gap='skip', fold='later')")

    @pytest.mark.parametrize(
        "s",
        [
            IntervalSchedule(timedelta(days=1), "2024-11-03T01:30:00-05:00", NY, fold="later"),
            IntervalSchedule(0.000001, "2024-01-01T00:00:00.000001Z", "UTC", gap="skip"),
            IntervalSchedule(3600, "1850-01-01T00:00:00", NY),
        ],
    )
    def test_repr_evaluates_to_an_equal_schedule(self, s):
        assert eval(repr(s), {"IntervalSchedule": IntervalSchedule, "datetime": __import__("datetime")}) == s

    def test_equal_by_value_whatever_the_input_form(self):
        forms = [
            IntervalSchedule(timedelta(hours=1), "2024-07-01T09:00:00-04:00", NY),
            IntervalSchedule(3600, "2024-07-01T13:00:00Z", NY),
            IntervalSchedule(3600.0, datetime(2024, 7, 1, 9), NY),
            IntervalSchedule("PT1H", pendulum.datetime(2024, 7, 1, 9, tz=NY)),
            IntervalSchedule("01:00:00", np.datetime64("2024-07-01T13:00"), NY),
        ]
        assert all(f == forms[0] for f in forms)
        assert len({hash(f) for f in forms}) == 1
        assert len(set(forms)) == 1

    @pytest.mark.parametrize(
        "other",
        [
            IntervalSchedule(3601, ANCHOR, "UTC"),
            IntervalSchedule(3600, "2024-01-01T00:00:00.000001Z", "UTC"),
            IntervalSchedule(3600, ANCHOR, "Etc/UTC"),  # another key, although the same rules
            IntervalSchedule(3600, ANCHOR, "UTC", gap="skip"),
            IntervalSchedule(3600, ANCHOR, "UTC", fold="later"),
        ],
    )
    def test_differs_in_any_field(self, other):
        assert IntervalSchedule(3600, ANCHOR, "UTC") != other

    def test_not_equal_to_other_types(self):
        s = IntervalSchedule(3600, ANCHOR)
        assert s != s.to_dict()
        assert s != "IntervalSchedule"
        assert (s == object()) is False

    def test_immutable(self):
        s = IntervalSchedule(3600, ANCHOR)
        for name in ("interval", "anchor_date", "timezone", "gap", "fold", "_interval_us", "new_attribute"):
            with pytest.raises(AttributeError):
                setattr(s, name, None)
            with pytest.raises(AttributeError):
                delattr(s, name)
        assert s == IntervalSchedule(3600, ANCHOR)

    @pytest.mark.parametrize(
        "s",
        [
            IntervalSchedule(timedelta(days=1), "2024-11-03T01:30:00-05:00", NY, gap="skip", fold="later"),
            IntervalSchedule(3600.000001, "0001-01-01T00:00:00Z"),
        ],
    )
    def test_copy_and_pickle(self, s):
        for other in (copy.copy(s), copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
            assert other == s and hash(other) == hash(s)
            assert other.get_dates(3, start=s.anchor_date) == s.get_dates(3, start=s.anchor_date)


# ------------------------------------------------------------ query arguments


class TestQueryArguments:
    s = IntervalSchedule(1, ANCHOR)  # every second

    @pytest.mark.parametrize("n", [-1, -100])
    def test_negative_n(self, n):
        for method in (self.s.get_dates, self.s.dates_array):
            with raises(InvalidQueryError, str(n)):
                method(n, start=ANCHOR)

    @pytest.mark.parametrize("n, shown", [(1.5, "1.5"), (2.0, "2.0"), (True, "True"), ("3", "'3'"), (np.float64(3), "3.0")])
    def test_n_of_wrong_type(self, n, shown):
        for method in (self.s.get_dates, self.s.dates_array):
            with raises(ScheduleTypeError, "n must be a non-negative int", shown):
                method(n, start=ANCHOR)

    def test_n_numpy_integer_accepted(self):
        assert len(self.s.get_dates(np.int64(3), start=ANCHOR)) == 3

    def test_n_zero(self):
        assert self.s.get_dates(0, start=ANCHOR) == []
        got = self.s.dates_array(0, start=ANCHOR)
        assert got.size == 0 and got.dtype == np.dtype("datetime64[us]")

    def test_n_none(self):
        # One date without end; every date of the window with it.
        assert len(self.s.get_dates(start=ANCHOR)) == 1
        assert len(self.s.get_dates(start=ANCHOR, end="2024-01-01T00:01:00Z")) == 61
        assert len(self.s.dates_array(start=ANCHOR, end="2024-01-01T00:01:00Z")) == 61

    def test_n_with_end_takes_the_first_n(self):
        got = self.s.get_dates(2, start=ANCHOR, end="2024-01-01T00:01:00Z")
        assert [d.isoformat() for d in got] == ["2024-01-01T00:00:00+00:00", "2024-01-01T00:00:01+00:00"]

    def test_start_defaults_to_now(self):
        hourly = IntervalSchedule(3600, ANCHOR)
        before = oracle.aware_to_us(datetime.now(timezone.utc))
        (d,) = hourly.get_dates()
        after = oracle.aware_to_us(datetime.now(timezone.utc))
        u = us(d.isoformat())
        assert before <= u <= after + 3600 * US
        assert (u - hourly.anchor_utc_us) % (3600 * US) == 0

    @pytest.mark.parametrize(
        "bound, exc, shown",
        [
            ("tomorrow", InvalidDatetimeError, "'tomorrow'"),
            (np.datetime64("NaT", "us"), InvalidDatetimeError, "NaT"),
            (1_700_000_000, ScheduleTypeError, "1700000000"),
        ],
    )
    def test_bad_bounds(self, bound, exc, shown):
        with raises(exc, "start", shown):
            self.s.get_dates(1, start=bound)
        with raises(exc, "end", shown):
            self.s.get_dates(1, start=ANCHOR, end=bound)
        with raises(exc, "after", shown):
            self.s.next_date(bound)
        with raises(exc, "before", shown):
            self.s.previous_date(bound)
        with raises(exc, "start", shown):
            self.s.count(bound, ANCHOR)


class TestLimits:
    s = IntervalSchedule(1, ANCHOR)  # every second

    def test_get_dates_default_limit(self):
        with raises(LimitExceededError, "n=100001", "limit=100000"):
            self.s.get_dates(100_001, start=ANCHOR)

    def test_dates_array_default_limit(self):
        with raises(LimitExceededError, "n=100000001", "limit=100000000"):
            self.s.dates_array(100_000_001, start=ANCHOR)

    def test_explicit_limit(self):
        assert len(self.s.get_dates(5, start=ANCHOR, limit=5)) == 5
        assert len(self.s.dates_array(5, start=ANCHOR, limit=5)) == 5
        with raises(LimitExceededError, "n=5", "limit=4"):
            self.s.get_dates(5, start=ANCHOR, limit=4)
        with raises(LimitExceededError, "n=5", "limit=4"):
            self.s.dates_array(5, start=ANCHOR, limit=4)
        assert len(self.s.get_dates(1000, start=ANCHOR, limit=1000)) == 1000

    def test_window_larger_than_the_limit(self):
        # [00:00:00, 00:00:10] holds 11 dates.
        assert len(self.s.get_dates(start=ANCHOR, end="2024-01-01T00:00:10Z", limit=11)) == 11
        with raises(LimitExceededError, "11", "limit=10"):
            self.s.get_dates(start=ANCHOR, end="2024-01-01T00:00:10Z", limit=10)
        with raises(LimitExceededError, "11", "limit=10"):
            self.s.dates_array(start=ANCHOR, end="2024-01-01T00:00:10Z", limit=10)

    @pytest.mark.parametrize("method", ["get_dates", "dates_array"])
    def test_refused_before_anything_is_allocated(self, method):
        # Every second for 8000 years: about 2.5e11 dates.  The check must come first.
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            with raises(LimitExceededError, "limit="):
                getattr(self.s, method)(start="1000-01-01T00:00:00Z", end="9000-01-01T00:00:00Z")
            with raises(LimitExceededError, "limit="):
                getattr(self.s, method)(10**15, start=ANCHOR)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 1_000_000
        assert time.perf_counter() - t0 < 1.0

    @pytest.mark.parametrize("method", ["get_dates", "dates_array"])
    def test_limit_zero(self, method):
        # Without end, n=None means one date: limit=0 refuses it as it refuses n=1; n=0 fits.
        call = getattr(self.s, method)
        with raises(LimitExceededError, "n=1", "limit=0"):
            call(start=ANCHOR, limit=0)
        with raises(LimitExceededError, "n=1", "limit=0"):
            call(1, start=ANCHOR, limit=0)
        assert len(call(0, start=ANCHOR, limit=0)) == 0
        assert len(call(start=ANCHOR, end="2023-01-01T00:00:00Z", limit=0)) == 0  # an empty window fits
        assert len(call(start=ANCHOR, limit=1)) == 1

    @pytest.mark.parametrize("limit, exc, shown", [(-1, InvalidQueryError, "-1"), (1.5, ScheduleTypeError, "1.5"), ("10", ScheduleTypeError, "'10'")])
    def test_bad_limit(self, limit, exc, shown):
        with raises(exc, "limit", shown):
            self.s.get_dates(1, start=ANCHOR, limit=limit)

    def test_errors_are_value_errors(self):
        # LimitExceededError is a ValueError and an IntervalScheduleError.
        assert issubclass(LimitExceededError, ValueError)
        assert issubclass(LimitExceededError, IntervalScheduleError)
        assert errors.InvalidPolicyError is InvalidPolicyError
