"""IntervalSchedule against the zoneinfo oracle (tests/schedule_oracle.py), and its properties.

Inputs mix a few readable fixed values (failures shrink to them), the ordinary
range, and tricky values: anchors and query windows near real DST transitions
of DST-heavy zones, intervals of exactly 24 h, 24 h +- 1 us, 23:59:59,
fractional seconds.  The default run keeps example counts moderate; the
``slow`` versions run the same checks with many more examples.

Transition instants (used only to *choose* inputs near them) come from the
library's zone table, which tests/test_tz_oracle.py checks against zoneinfo.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import oracle
from interval_schedule import IntervalSchedule
from interval_schedule._series import window_us
from interval_schedule.tz import available_zones, get_zone
from interval_schedule.testing import FAVOURITE_ZONES
from schedule_oracle import MAX_US, MIN_US, OracleSchedule, wall_time_us

US = 1_000_000
MIN = 60 * US
HOUR = 3600 * US
DAY = 86_400 * US
Y1800 = -5364662400 * US
Y1900 = -2208988800 * US
Y2100 = 4102444800 * US
Y2400 = 13569465600 * US

ZONES = list(FAVOURITE_ZONES)  # REFERENCE.md section 4

#: Every key, for the slow runs.
ALL_ZONES = sorted(available_zones())

SPECIAL_INTERVALS = [
    US,  # 1 s
    3 * US // 2,  # 1.5 s
    59 * US,
    15 * MIN,
    30 * MIN,
    HOUR,
    HOUR + US // 4,  # 3600.25 s
    90 * MIN,
    12 * HOUR,
    DAY - US,  # 23:59:59
    DAY - MIN,  # 23:59
    DAY - 1,  # 24 h - 1 us: still elapsed
    DAY,  # exactly 24 h: wall clock
    DAY + 1,  # 24 h + 1 us: wall clock
    DAY + 3 * US // 4,
    25 * HOUR,
    36 * HOUR,
    2 * DAY,
    7 * DAY,
    30 * DAY,
    400 * DAY,
]

DEFAULT = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIGHT = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def transitions(key: str) -> tuple[int, ...]:
    """UTC microseconds of the zone's transitions in 1900-2100 (probe points)."""
    starts = get_zone(key).utc_starts.astype(np.int64) * US
    inside = starts[(starts >= Y1900) & (starts <= Y2100)]
    return tuple(int(t) for t in inside) or (0,)


# ---------------------------------------------------------------- strategies

intervals = st.one_of(
    st.sampled_from(SPECIAL_INTERVALS),
    st.integers(1, 400 * 86_400).map(lambda s: s * US),  # whole seconds
    st.integers(US, 400 * DAY),  # any microsecond count, 1 s .. 400 days
)
deltas = st.one_of(
    st.sampled_from([0, 1, -1, 30 * MIN, -30 * MIN, HOUR, -HOUR, 90 * MIN, -90 * MIN, DAY, -DAY]),
    st.integers(-3 * DAY, 3 * DAY).map(lambda d: d - d % MIN),  # whole minutes, as people write them
    st.integers(-3 * DAY, 3 * DAY),
)


def near_transition(key: str) -> st.SearchStrategy[int]:
    return st.one_of(
        st.tuples(st.sampled_from(transitions(key)), deltas).map(sum),
        st.integers(Y1800, Y2400),
    )


@st.composite
def schedules(draw, keys=st.sampled_from(ZONES), ivals=intervals):
    """(IntervalSchedule, OracleSchedule) with the same inputs."""
    key = draw(keys)
    interval_us = draw(ivals)
    anchor = draw(near_transition(key))
    gap = draw(st.sampled_from(["shift", "skip"]))
    fold = draw(st.sampled_from(["earlier", "later"]))
    sched = IntervalSchedule(
        timedelta(microseconds=interval_us), np.datetime64(anchor, "us"), key, gap=gap, fold=fold
    )
    return sched, OracleSchedule(timedelta(microseconds=interval_us), anchor, key, gap, fold)


@st.composite
def starts(draw, sched: IntervalSchedule) -> int:
    """A query start near the anchor or a few intervals before some transition of the zone."""
    step = sched.interval_us
    near_anchor = st.integers(-6 * step - 2 * DAY, 6 * step + 2 * DAY).map(lambda d: sched.anchor_utc_us + d)
    before_transition = st.tuples(
        st.sampled_from(transitions(sched.timezone)), st.integers(0, 4), st.integers(0, step)
    ).map(lambda t: t[0] - t[1] * step - t[2])
    return draw(st.one_of(near_anchor, before_transition))


counts = st.one_of(st.integers(0, 8), st.integers(60, 70), st.integers(0, 150))  # get_dates switches at 64


@st.composite
def queries(draw, keys=st.sampled_from(ZONES)):
    """(schedule, oracle, n, start, end) with a window of at most ~200 occurrences."""
    sched, orc = draw(schedules(keys=keys))
    start = draw(starts(sched))
    if draw(st.booleans()):
        end = start + draw(st.integers(-sched.interval_us, 130 * sched.interval_us))
        n = draw(st.none() | counts)
    else:
        end, n = None, draw(counts)
    return sched, orc, n, start, end


def dt64(u: int | None):
    return None if u is None else np.datetime64(u, "us")


def pendulum_us(d) -> int:
    """UTC microseconds of a pendulum DateTime, from its fields and offset (no pendulum arithmetic)."""
    local = datetime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond)
    return oracle.naive_to_us(local) - d.utcoffset() // timedelta(microseconds=1)


def expected(orc: OracleSchedule, n, start, end) -> list[int]:
    if n is None and end is None:
        n = 1
    return orc.window(start, end, n)


def iso_us(iso: str) -> int:
    return oracle.aware_to_us(datetime.fromisoformat(iso))


def make_case(key, interval_us, anchor, n, start, end=None, gap="shift", fold="earlier"):
    """A fixed query for @example: ISO strings with offsets for anchor/start/end."""
    a = iso_us(anchor)
    sched = IntervalSchedule(timedelta(microseconds=interval_us), np.datetime64(a, "us"), key, gap=gap, fold=fold)
    orc = OracleSchedule(timedelta(microseconds=interval_us), a, key, gap, fold)
    return sched, orc, n, iso_us(start), None if end is None else iso_us(end)


#: Readable fixed cases every differential test also runs.
EXAMPLES = [
    # Apia skipped 2011-12-30: daily occurrences coincide (shift) or vanish (skip).
    make_case("Pacific/Apia", DAY, "2011-12-28T10:00:00-10:00", 4, "2011-12-28T00:00:00-10:00"),
    make_case("Pacific/Apia", DAY, "2011-12-28T10:00:00-10:00", None, "2011-12-28T00:00:00-10:00",
              "2012-01-02T00:00:00+14:00", gap="skip"),
    # New York daily 02:30 across spring-forward, n beyond the 64 switch.
    make_case("America/New_York", DAY, "2024-03-08T02:30:00-05:00", 70, "2024-03-01T00:00:00-05:00"),
    # Hourly across fall-back, window given.
    make_case("America/New_York", HOUR, "2024-01-01T00:00:00-05:00", None, "2024-11-03T00:00:00-04:00",
              "2024-11-03T03:00:00-05:00"),
    # Lord Howe 30-minute DST, 25 h wall clock, fold later.
    make_case("Australia/Lord_Howe", 25 * HOUR, "2024-04-05T23:45:00+11:00", 5, "2024-04-05T00:00:00+11:00",
              fold="later"),
    # 24 h + 1 us: wall clock, drifting by a microsecond a day.
    make_case("Europe/Dublin", DAY + 1, "2024-03-29T01:30:00+00:00", 80, "2024-03-01T00:00:00+00:00"),
    # The end of the range: 9999-12-31 exists in UTC, 10000-01-01 does not.
    make_case("UTC", DAY, "2024-01-01T00:00:00+00:00", 5, "9999-12-29T12:00:00+00:00"),
    make_case("Pacific/Kiritimati", HOUR, "2024-01-01T00:00:00+14:00", 5, "9999-12-31T09:00:00+00:00"),
]


def with_examples(test):
    for case in EXAMPLES:
        test = example(case)(test)
    return test


# ------------------------------------------------------- differential tests


def check_get_dates(case):
    sched, orc, n, start, end = case
    got = sched.get_dates(n, dt64(start), dt64(end))
    assert [pendulum_us(d) for d in got] == expected(orc, n, start, end)
    for d in got:
        assert d.timezone_name == sched.timezone
        # The DateTime shows the wall time zoneinfo gives for that instant, fold included.
        zi = oracle.us_to_utc(pendulum_us(d)).astimezone(oracle.zi(sched.timezone))
        assert (d.replace(tzinfo=None), d.fold) == (zi.replace(tzinfo=None), zi.fold)


def check_dates_array(case):
    sched, orc, n, start, end = case
    got = sched.dates_array(n, dt64(start), dt64(end))
    assert got.dtype == np.dtype("datetime64[us]")
    assert got.astype(np.int64).tolist() == expected(orc, n, start, end)


def check_point_queries(case):
    sched, orc, _, start, end = case
    got_next = sched.next_date(dt64(start))
    assert (None if got_next is None else pendulum_us(got_next)) == orc.next_date(start)
    got_prev = sched.previous_date(dt64(start))
    assert (None if got_prev is None else pendulum_us(got_prev)) == orc.previous_date(start)
    if end is not None:
        assert sched.count(dt64(start), dt64(end)) == orc.count(start, end)


@st.composite
def edge_queries(draw):
    """Queries at the ends of years 1-9999, where a series simply stops."""
    # At least a minute: the oracle walks over the nonexistent instants one by one.
    sched, orc = draw(schedules(ivals=intervals.filter(lambda i: i >= MIN)))
    step = sched.interval_us
    start = draw(
        st.one_of(
            st.tuples(st.integers(0, 5), st.integers(0, step)).map(lambda t: MAX_US - t[0] * step - t[1]),
            st.integers(MIN_US, MIN_US + 5 * step),
        )
    )
    end = draw(st.none() | st.integers(start - step, start + 8 * step).map(lambda e: min(max(e, MIN_US), MAX_US)))
    n = draw(st.integers(0, 10)) if end is None else None
    return sched, orc, n, start, end


@st.composite
def huge_queries(draw):
    """Intervals from 400 days to the whole of years 1-9999, any zone, windows anywhere."""
    huge = st.integers(400 * DAY, MAX_US - MIN_US)
    sched, orc = draw(schedules(keys=st.sampled_from(ALL_ZONES), ivals=huge))
    start = draw(st.integers(MIN_US, MAX_US))
    end = draw(st.none() | st.integers(start, MAX_US))
    n = draw(st.integers(0, 30)) if end is None or draw(st.booleans()) else None
    return sched, orc, n, start, end


class TestAgainstOracle:
    @DEFAULT
    @given(queries())
    @with_examples
    def test_get_dates(self, case):
        check_get_dates(case)

    @DEFAULT
    @given(queries())
    @with_examples
    def test_dates_array(self, case):
        check_dates_array(case)

    @DEFAULT
    @given(queries())
    @with_examples
    def test_next_previous_count(self, case):
        check_point_queries(case)

    @LIGHT
    @given(edge_queries())
    def test_ends_of_the_range(self, case):
        check_get_dates(case)
        check_dates_array(case)
        check_point_queries(case)

    @pytest.mark.slow
    @SLOW
    @given(queries(keys=st.sampled_from(ALL_ZONES)))
    def test_get_dates_many(self, case):
        check_get_dates(case)

    @pytest.mark.slow
    @SLOW
    @given(queries(keys=st.sampled_from(ALL_ZONES)))
    def test_dates_array_many(self, case):
        check_dates_array(case)

    @pytest.mark.slow
    @SLOW
    @given(queries(keys=st.sampled_from(ALL_ZONES)))
    def test_next_previous_count_many(self, case):
        check_point_queries(case)

    @pytest.mark.slow
    @SLOW
    @given(huge_queries())
    def test_intervals_up_to_the_whole_range(self, case):
        check_get_dates(case)
        check_dates_array(case)
        check_point_queries(case)

    @pytest.mark.slow
    @SLOW
    @given(edge_queries())
    def test_ends_of_the_range_many(self, case):
        check_get_dates(case)
        check_dates_array(case)
        check_point_queries(case)


# ----------------------------------------------------------------- properties


@st.composite
def windows(draw):
    """(schedule, oracle, start, end): a window of at most ~80 occurrences."""
    sched, orc = draw(schedules())
    start = draw(starts(sched))
    end = start + draw(st.integers(0, 80 * sched.interval_us))
    return sched, orc, start, end


def instants(dates) -> list[int]:
    return [pendulum_us(d) for d in dates]


class TestProperties:
    @DEFAULT
    @given(windows(), st.data())
    def test_dates_do_not_depend_on_the_window_asked(self, w, data):
        sched, orc, start, end = w
        step = sched.interval_us
        before = data.draw(st.integers(0, 40 * step), label="before")
        after = data.draw(st.integers(0, 40 * step), label="after")
        small = sched.dates_array(None, dt64(start), dt64(end)).astype(np.int64).tolist()
        big = sched.dates_array(None, dt64(start - before), dt64(end + after)).astype(np.int64).tolist()
        assert small == [u for u in big if start <= u <= end]
        # The first n from start are those of a query that starts earlier.
        n = data.draw(counts, label="n")
        earlier = orc.count(start - before, start - 1)
        first = instants(sched.get_dates(n, dt64(start)))
        wider = instants(sched.get_dates(n + earlier, dt64(start - before)))
        assert first == [u for u in wider if u >= start][:n]

    @DEFAULT
    @given(windows())
    def test_strictly_increasing(self, w):
        sched, _, start, end = w
        got = instants(sched.get_dates(None, dt64(start), dt64(end)))
        assert all(a < b for a, b in zip(got, got[1:]))

    @DEFAULT
    @given(windows())
    def test_each_date_exists_in_the_zone(self, w):
        sched, _, start, end = w
        z = oracle.zi(sched.timezone)
        for d in sched.get_dates(None, dt64(start), dt64(end)):
            u = pendulum_us(d)
            wall = datetime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond)
            # Local round trip through zoneinfo: the wall time (with its fold) is this instant ...
            assert oracle.aware_to_us(wall.replace(tzinfo=z, fold=d.fold)) == u
            # ... and this instant shows that wall time: it is not in a gap.
            assert oracle.us_to_utc(u).astimezone(z).replace(tzinfo=None) == wall
            assert oracle.kind(sched.timezone, oracle.naive_to_us(wall)) != "GAP"

    @DEFAULT
    @given(windows())
    def test_wall_clock_dates_keep_the_anchor_wall_time(self, w):
        sched, orc, start, end = w
        if not sched.is_wall_clock:
            return
        key, step = sched.timezone, sched.interval_us
        w_us = oracle.naive_to_us(orc.W)
        for u in sched.dates_array(None, dt64(start), dt64(end)).astype(np.int64).tolist():
            local = wall_time_us(key, u)
            k, off_grid = divmod(local - w_us, step)
            if off_grid == 0:
                # On the grid W + k*I, resolved by the fold policy.  (Apia's 24-hour gap shifts
                # a daily run exactly onto the next grid point, where it is that day's own run.)
                assert oracle.resolve(key, local, sched.gap, sched.fold) == u
            else:
                # Off the grid only on a gap day: W + k*I was skipped by the clocks and shifted.
                assert sched.gap == "shift"
                assert oracle.kind(key, w_us + k * step) == "GAP"
                assert oracle.resolve(key, w_us + k * step, "shift") == u

    @DEFAULT
    @given(windows())
    def test_elapsed_dates_are_exactly_one_interval_apart(self, w):
        sched, _, start, end = w
        if sched.is_wall_clock:
            return
        got = sched.dates_array(None, dt64(start), dt64(end)).astype(np.int64)
        assert ((got - sched.anchor_utc_us) % sched.interval_us == 0).all()
        assert (np.diff(got) == sched.interval_us).all()

    @DEFAULT
    @given(queries())
    def test_dates_array_equals_get_dates(self, case):
        sched, _, n, start, end = case
        listed = instants(sched.get_dates(n, dt64(start), dt64(end)))
        assert sched.dates_array(n, dt64(start), dt64(end)).astype(np.int64).tolist() == listed

    @DEFAULT
    @given(windows())
    def test_count_is_the_length_of_the_window(self, w):
        sched, _, start, end = w
        assert sched.count(dt64(start), dt64(end)) == len(sched.get_dates(None, dt64(start), dt64(end)))

    @DEFAULT
    @given(
        schedules(
            ivals=st.one_of(intervals, st.integers(US, 200 * 365 * DAY)),
        ),
        st.data(),
    )
    def test_json_round_trip(self, pair, data):
        sched, _ = pair
        # Anchors anywhere in years 2-9998, microseconds and historical (LMT) offsets included.
        anchor = data.draw(st.integers(MIN_US + 2 * DAY, MAX_US - 2 * DAY), label="anchor")
        sched = IntervalSchedule(sched.interval, np.datetime64(anchor, "us"), sched.timezone, gap=sched.gap, fold=sched.fold)
        back = IntervalSchedule.from_json(sched.to_json())
        assert back == sched
        assert (back.interval_us, back.anchor_utc_us, back.timezone) == (sched.interval_us, anchor, sched.timezone)
        assert IntervalSchedule.from_dict(sched.to_dict()) == sched
        start = dt64(anchor - 3 * sched.interval_us if anchor - 3 * sched.interval_us >= MIN_US else anchor)
        assert back.dates_array(5, start).tolist() == sched.dates_array(5, start).tolist()


class TestCoreEqualsSeries:
    """The scalar core (``Core.window``) and the vectorized path (``window_us``) give the same dates."""

    @DEFAULT
    @given(queries(), st.one_of(counts, st.integers(65, 300)))
    def test_same_window(self, case, n):
        sched, _, _, start, end = case
        core = sched._core
        assert core.window(start, end, n) == window_us(core, start, end, n).tolist()

    @LIGHT
    @given(edge_queries(), st.integers(0, 100))
    def test_same_window_at_the_ends_of_the_range(self, case, n):
        sched, _, _, start, end = case
        core = sched._core
        assert core.window(start, end, n) == window_us(core, start, end, n).tolist()

    @pytest.mark.slow
    @SLOW
    @given(queries(), st.one_of(counts, st.integers(65, 1000)))
    def test_same_window_many(self, case, n):
        sched, _, _, start, end = case
        core = sched._core
        assert core.window(start, end, n) == window_us(core, start, end, n).tolist()


class TestPropertiesSlow:
    """The property tests above with many more examples."""

    @pytest.mark.slow
    @SLOW
    @given(windows())
    def test_window_properties(self, w):
        sched, orc, start, end = w
        props = TestProperties()
        for name in (
            "test_strictly_increasing",
            "test_each_date_exists_in_the_zone",
            "test_wall_clock_dates_keep_the_anchor_wall_time",
            "test_elapsed_dates_are_exactly_one_interval_apart",
            "test_count_is_the_length_of_the_window",
        ):
            getattr(props, name).hypothesis.inner_test(props, w)
