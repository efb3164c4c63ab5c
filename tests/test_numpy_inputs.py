"""numpy inputs in any unit: exact when they fit, a clear error when they do not (numpy itself wraps silently)."""

from __future__ import annotations

import numpy as np
import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch
from interval_schedule.errors import InvalidDatetimeError, InvalidIntervalError
from interval_schedule.tz import get_zone
from interval_schedule.tz._zone import as_us_array

HOURLY = IntervalSchedule(3600, "2024-01-01T00:00:00Z")


@pytest.mark.parametrize(
    "value, us",
    [
        (np.timedelta64(90, "m"), 5_400_000_000),
        (np.timedelta64(2, "W"), 14 * 86_400_000_000),
        (np.timedelta64(1500, "ns"), 1),  # finer units are truncated to the microsecond
    ],
)
def test_interval_units(value, us):
    assert IntervalSchedule(value, "2024-01-01T00:00:00Z").interval_us == us


@pytest.mark.parametrize("unit", ["Y", "M"])
def test_interval_in_years_or_months_refused(unit):
    with pytest.raises(InvalidIntervalError, match="calendar months are not supported"):
        IntervalSchedule(np.timedelta64(1, unit))


def test_interval_that_would_wrap_refused():
    # 2**58 s + 1 h scaled to microseconds wraps to exactly one hour in numpy
    with pytest.raises(InvalidIntervalError, match="longer than the datetime range"):
        IntervalSchedule(np.timedelta64(2**58 + 3600, "s"))


def test_datetime_that_would_wrap_refused():
    # numpy turns datetime64('586512-01-01') into 1957 when cast to microseconds
    with pytest.raises(InvalidDatetimeError, match="does not fit in microseconds"):
        HOURLY.next_date(np.datetime64("586512-01-01"))


def test_coarse_datetime_units_are_exact():
    assert HOURLY.next_date(np.datetime64("2024-03", "M")).isoformat() == "2024-03-01T00:00:00+00:00"
    assert get_zone("UTC").utcoffset(np.array(["2024-03-01"], "datetime64[D]")).tolist() == [0]


@pytest.mark.parametrize("text", ["1_000", "\u0661\u0662", "NaN", "PT\u0661H", "\u0661:30:00"])
def test_interval_text_takes_ascii_digits_only(text):
    # Decimal() and re's \d accept other scripts' digits and underscores; durations are ASCII
    with pytest.raises(InvalidIntervalError, match="interval"):
        IntervalSchedule(text)


class TestUnitCastOverflow:
    """Casting a coarse unit to microseconds multiplies: numpy <= 2.4 wraps silently, numpy >= 2.5 raises
    OverflowError.  The value is checked against the int64 range in its own unit before the cast, so every
    numpy release gives the same documented error, naming the value in one spelling."""

    HUGE_INSTANT = np.datetime64(2**62, "s")  # year 146138514283
    HUGE_TEXT = "numpy.datetime64('146138514283-06-19T07:45:04')"

    @pytest.mark.parametrize(
        "call",
        [
            pytest.param(lambda v: IntervalSchedule(3600, v), id="anchor"),
            pytest.param(lambda v: HOURLY.get_dates(1, start=v), id="start"),
            pytest.param(lambda v: HOURLY.dates_array(1, start=v), id="start-array"),
            pytest.param(lambda v: HOURLY.next_date(v), id="after"),
            pytest.param(lambda v: _plan(v), id="now"),
            pytest.param(lambda v: ScheduleBatch.from_arrays([3600 * 10**6], np.array([v]), "UTC"), id="from-arrays-anchor"),
            pytest.param(lambda v: ScheduleBatch([HOURLY]).next_runs(np.array([v])), id="batch-after"),
            pytest.param(lambda v: get_zone("Europe/Paris").utcoffset(np.array([v])), id="zone"),
        ],
    )
    @pytest.mark.parametrize("sign", [1, -1])
    def test_huge_instant(self, call, sign):
        value = np.datetime64(sign * 2**62, "s")
        with pytest.raises(InvalidDatetimeError) as info:
            call(value)
        if sign > 0:
            assert self.HUGE_TEXT in str(info.value)
        assert "np." not in str(info.value)

    def test_huge_interval(self):
        with pytest.raises(InvalidIntervalError, match=r"numpy\.timedelta64\(4611686018427387904,'D'\)"):
            IntervalSchedule(np.timedelta64(2**62, "D"))

    @pytest.mark.parametrize("unit, us", [("W", 7 * 86400 * 10**6), ("D", 86400 * 10**6), ("h", 3600 * 10**6),
                                          ("m", 60 * 10**6), ("s", 10**6), ("ms", 1000), ("10s", 10**7)])
    def test_bound_is_exact(self, unit, us):
        # The largest magnitude that fits converts exactly; one more is refused (Python ints as the oracle).
        bound = (2**63 - 1) // us
        for kind in ("m8", "M8"):
            got = as_us_array(np.array([bound, -bound], f"{kind}[{unit}]"))
            assert got.tolist() == [bound * us, -bound * us]
            with pytest.raises(InvalidDatetimeError, match="does not fit in microseconds"):
                as_us_array(np.array([0, bound + 1], f"{kind}[{unit}]"))
            assert as_us_array(np.array(["NaT"], f"{kind}[{unit}]")).tolist() == [-(2**63)]


def _plan(now):
    from interval_schedule.deployment import Deployment
    from interval_schedule.planner import plan_runs

    d = Deployment(id="6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", name="hourly", flow_id="2f1e8c9a-6f0e-4f6c-9d61-7b0e1f2a3b4c",
                   schedules=[{"schedule": {"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z"}}])
    return plan_runs(d, now)
