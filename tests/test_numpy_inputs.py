"""numpy inputs in any unit: exact when they fit, a clear error when they do not (numpy itself wraps silently)."""

from __future__ import annotations

import numpy as np
import pytest

from interval_schedule import IntervalSchedule
from interval_schedule.errors import InvalidDatetimeError, InvalidIntervalError
from interval_schedule.tz import get_zone

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
