"""ScheduleBatch: every row equals the scalar core's answer (interval_schedule._core)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interval_schedule import IntervalSchedule, _series, batch as batch_module, planner
from interval_schedule.batch import Coded, ScheduleBatch, to_datetime_list, to_local, to_pendulum_list
from interval_schedule.errors import (
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidPolicyError,
    LimitExceededError,
    ScheduleTypeError,
    ZoneNotFoundError,
)
from interval_schedule.testing import FAVOURITE_ZONES

NAT = np.iinfo(np.int64).min
US = 1_000_000
DAY = 86400 * US
ZONES = list(FAVOURITE_ZONES)  # REFERENCE.md section 4
Y1990 = 631152000 * US
Y2040 = 2208988800 * US

intervals = st.one_of(
    st.sampled_from([1, 60, 900, 1800, 3600, 43200, 86399, 86400, 86401, 90000, 2 * 86400, 7 * 86400, 400 * 86400]).map(
        lambda s: s * US
    ),
    st.sampled_from([DAY - 1, DAY, DAY + 1]),
    st.integers(1, 400 * DAY),
)
schedules = st.builds(
    lambda iv, anchor, key, gap, fold: IntervalSchedule(
        timedelta(microseconds=iv), np.datetime64(anchor, "us"), key, gap=gap, fold=fold
    ),
    intervals,
    st.integers(Y1990, Y2040),
    st.sampled_from(ZONES),
    st.sampled_from(["shift", "skip"]),
    st.sampled_from(["earlier", "later"]),
)
instants = st.integers(Y1990, Y2040)


@st.composite
def dst_schedules(draw):
    """Schedules whose wall-clock occurrences land in a real gap or fold, with a query time next to it."""
    from interval_schedule.tz import get_zone

    key = draw(st.sampled_from([z for z in ZONES if z != "UTC"]))
    zone = get_zone(key)
    rows = [i for i in range(1, len(zone.utc_starts)) if Y1990 <= zone.utc_starts[i] * US <= Y2040]
    if not rows:
        rows = [len(zone.utc_starts) - 1]
    i = draw(st.sampled_from(rows))
    t = int(zone.utc_starts[i]) * US
    before, after = int(zone.offsets[i - 1]) * US, int(zone.offsets[i]) * US
    lo, hi = sorted((t + before, t + after))
    wall = draw(st.integers(lo, max(lo, hi - 1)))  # inside the gap or fold
    days = draw(st.integers(0, 20))
    step = draw(st.sampled_from([DAY, DAY, 2 * DAY, 7 * DAY, DAY + 3600 * US, 3600 * US, 1800 * US]))
    anchor_wall = wall - days * step
    s = IntervalSchedule(
        timedelta(microseconds=step),
        datetime(1970, 1, 1) + timedelta(microseconds=anchor_wall),  # naive: wall time in the zone
        key,
        gap=draw(st.sampled_from(["shift", "skip"])),
        fold=draw(st.sampled_from(["earlier", "later"])),
    )
    # whole days plus a part: hypothesis favours small integers, so a raw
    # microsecond range would mostly give windows of a few seconds
    query = t + draw(st.integers(-30, 1)) * DAY + draw(st.integers(0, DAY))
    return s, query
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _core_next(s, t, n):
    vals = s._core.window(t, None, n)
    return vals + [NAT] * (n - len(vals))


def _core_previous(s, t, n):
    vals, x = [], t
    while len(vals) < n and (x := s._core.previous_before(x)) is not None:
        vals.append(x)
    return [NAT] * (n - len(vals)) + vals[::-1]


class TestAgainstScalarCore:
    @FAST
    @given(st.lists(schedules, min_size=1, max_size=12), instants, st.integers(0, 12))
    @example([IntervalSchedule(timedelta(days=1), "2011-12-29T09:00", "Pacific/Apia")], 1325152800 * US, 4)
    @example([IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York", gap="skip")], 1709856000 * US, 5)
    # block of candidates whose last wall time is in the 2024-03-10 gap (after 03-07 12:00Z, n=1)
    @example([IntervalSchedule(timedelta(days=1), "2024-03-01T02:30", "America/New_York")], 1709812800 * US, 1)
    # block whose first candidate is in the 2024-11-03 fold (after 11-03 12:00Z)
    @example([IntervalSchedule(timedelta(days=1), "2024-10-01T01:30", "America/New_York", fold="later")], 1730635200 * US, 2)
    def test_next_runs(self, scheds, t, n):
        got = ScheduleBatch(scheds).next_runs(np.datetime64(t, "us"), n).view(np.int64)
        assert got.shape == (len(scheds), n)
        for row, s in zip(got, scheds):
            assert row.tolist() == _core_next(s, t, n)

    @FAST
    @given(st.lists(schedules, min_size=1, max_size=12), instants, st.integers(0, 12))
    @example([IntervalSchedule(timedelta(days=1), "2011-12-29T09:00", "Pacific/Apia")], 1325412000 * US, 4)
    def test_previous_runs(self, scheds, t, n):
        got = ScheduleBatch(scheds).previous_runs(np.datetime64(t, "us"), n).view(np.int64)
        for row, s in zip(got, scheds):
            assert row.tolist() == _core_previous(s, t, n)

    @FAST
    @given(st.lists(schedules, min_size=1, max_size=8), instants, st.integers(0, 3 * 365).map(lambda d: d * DAY))
    @example([IntervalSchedule(timedelta(days=1), "2011-12-29T09:00", "Pacific/Apia")], 1325000000 * US, 10 * DAY)
    def test_count_and_dates_between(self, scheds, start, length):
        end = start + length
        b = ScheduleBatch(scheds)
        counts = b.count_between(np.datetime64(start, "us"), np.datetime64(end, "us"))
        assert counts.tolist() == [s._core.count(start, end) for s in scheds]
        if counts.sum() > 200_000:  # tiny intervals over years: counts only
            with pytest.raises(LimitExceededError):
                b.dates_between(np.datetime64(start, "us"), np.datetime64(end, "us"), limit=200_000)
            return
        idx, dates = b.dates_between(np.datetime64(start, "us"), np.datetime64(end, "us"), limit=200_000)
        dates = dates.view(np.int64)
        for i, s in enumerate(scheds):
            window = dates[idx == i].tolist()
            assert len(window) == counts[i]
            if counts[i] <= 5000:
                assert window == s._core.window(start, end, 10**7)

    @FAST
    @given(st.lists(dst_schedules(), min_size=1, max_size=10), st.integers(1, 12), st.integers(0, 60), st.integers(0, DAY))
    def test_near_dst_transitions(self, pairs, n, days, part):
        length = days * DAY + part
        scheds = [s for s, _ in pairs]
        ts = np.array([q for _, q in pairs], dtype=np.int64)
        b = ScheduleBatch(scheds)
        nxt = b.next_runs(ts.view("datetime64[us]"), n).view(np.int64)
        prv = b.previous_runs(ts.view("datetime64[us]"), n).view(np.int64)
        ends = (ts + length).view("datetime64[us]")
        counts = b.count_between(ts.view("datetime64[us]"), ends)
        idx, dates = b.dates_between(ts.view("datetime64[us]"), ends, limit=10**6)
        for i, (s, q) in enumerate(pairs):
            assert nxt[i].tolist() == _core_next(s, q, n)
            assert prv[i].tolist() == _core_previous(s, q, n)
            assert counts[i] == s._core.count(q, q + length)
            assert dates.view(np.int64)[idx == i].tolist() == s._core.window(q, q + length, 10**7)

    @FAST
    @given(st.lists(schedules, min_size=2, max_size=6), st.lists(instants, min_size=6, max_size=6))
    def test_one_after_per_schedule(self, scheds, ts):
        after = np.array(ts[: len(scheds)], dtype="datetime64[us]")
        got = ScheduleBatch(scheds).next_runs(after, 3).view(np.int64)
        for row, s, t in zip(got, scheds, ts):
            assert row.tolist() == _core_next(s, t, 3)


@contextmanager
def small_chunks(size):
    """Long series are computed CHUNK dates at a time; a tiny CHUNK puts chunk boundaries everywhere."""
    with mock.patch.object(_series, "CHUNK", size), mock.patch.object(batch_module, "CHUNK", size), \
            mock.patch.object(planner, "CHUNK", size):
        yield


class TestInChunks:
    """The chunked paths (long rows, many rows, long flat outputs) give exactly the scalar core's answers."""

    @FAST
    @given(st.lists(schedules, min_size=1, max_size=6), instants, st.integers(0, 25), st.sampled_from([1, 2, 5, 7]))
    @example([IntervalSchedule(timedelta(days=1), "2011-12-20T09:00", "Pacific/Apia")], 1324900000 * US, 20, 3)
    def test_next_and_previous_runs(self, scheds, t, n, size):
        b = ScheduleBatch(scheds)
        with small_chunks(size):
            nxt = b.next_runs(np.datetime64(t, "us"), n).view(np.int64)
            prv = b.previous_runs(np.datetime64(t, "us"), n).view(np.int64)
        for i, s in enumerate(scheds):
            assert nxt[i].tolist() == _core_next(s, t, n)
            assert prv[i].tolist() == _core_previous(s, t, n)

    @FAST
    @given(st.lists(dst_schedules(), min_size=1, max_size=4), st.integers(1, 25), st.integers(0, 60), st.sampled_from([1, 3, 5]))
    def test_near_dst_transitions(self, pairs, n, days, size):
        scheds = [s for s, _ in pairs]
        ts = np.array([q for _, q in pairs], dtype=np.int64)
        b = ScheduleBatch(scheds)
        ends = (ts + days * DAY).view("datetime64[us]")
        with small_chunks(size):
            nxt = b.next_runs(ts.view("datetime64[us]"), n).view(np.int64)
            prv = b.previous_runs(ts.view("datetime64[us]"), n).view(np.int64)
            idx, dates = b.dates_between(ts.view("datetime64[us]"), ends, limit=10**6)
            arrays = [s.dates_us(n, start=np.datetime64(int(q), "us")) for s, q in pairs]
        for i, (s, q) in enumerate(pairs):
            assert nxt[i].tolist() == _core_next(s, q, n)
            assert prv[i].tolist() == _core_previous(s, q, n)
            assert dates.view(np.int64)[idx == i].tolist() == s._core.window(q, q + days * DAY, 10**7)
            assert arrays[i].tolist() == s._core.window(q, None, n)


class TestEndOfDomain:
    def test_long_elapsed_series_past_year_9999_is_nat(self):
        # 105 million steps of 23:59:59.999999 from 9999-01-01 pass int64 microseconds: the
        # slots past the end of the domain must be NaT, not wrapped dates in year -290308.
        step = DAY - 1
        s = IntervalSchedule(timedelta(microseconds=step), "2024-01-01T00:00:00Z")
        n = 105_000_000
        row = ScheduleBatch([s]).next_runs("9999-01-01T00:00:00Z", n, limit=n)[0].view(np.int64)
        # Python ints as the oracle: the first date at or after 9999-01-01, then every step to the end.
        t, last = 253370764800 * US, 253402300800 * US - 1
        first = s.anchor_utc_us + -(-(t - s.anchor_utc_us) // step) * step
        count = (last - first) // step + 1
        assert count == 365
        assert row[:count].tolist() == list(range(first, first + count * step, step))
        assert (row[count:] == NAT).all()


class TestEdges:
    def test_empty_batch(self):
        b = ScheduleBatch([])
        assert len(b) == 0
        assert b.next_runs("2024-01-01T00:00:00Z", 3).shape == (0, 3)
        assert b.count_between("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z").shape == (0,)

    def test_n_zero(self):
        b = ScheduleBatch([IntervalSchedule(60, "2024-01-01T00:00:00Z")])
        assert b.next_runs("2024-01-01T00:00:00Z", 0).shape == (1, 0)

    def test_year_9999_pads_with_nat(self):
        s = IntervalSchedule(timedelta(days=1), "9999-12-29T12:00:00Z")
        got = ScheduleBatch([s]).next_runs("9999-12-29T00:00:00Z", 5)
        assert np.isnat(got[0]).tolist() == [False, False, False, True, True]

    def test_refuses_non_schedules_naming_position(self):
        with pytest.raises(ScheduleTypeError, match="item 1 must be an IntervalSchedule, not dict"):
            ScheduleBatch([IntervalSchedule(60, "2024-01-01T00:00:00Z"), {"interval": 60}])

    def test_naive_after_refused(self):
        b = ScheduleBatch([IntervalSchedule(60, "2024-01-01T00:00:00Z")])
        with pytest.raises(InvalidDatetimeError, match="naive"):
            b.next_runs("2024-01-01T00:00:00", 1)

    def test_dates_between_limit(self):
        b = ScheduleBatch([IntervalSchedule(1, "2024-01-01T00:00:00Z")])
        with pytest.raises(LimitExceededError, match="86401 dates, more than limit=1000"):
            b.dates_between("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", limit=1000)

    def test_from_arrays_equals_objects(self):
        scheds = [
            IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York", gap="skip"),
            IntervalSchedule(timedelta(minutes=15), "2024-01-01T00:00:00Z"),
        ]
        a = ScheduleBatch.from_arrays(
            [s.interval_us for s in scheds], [s.anchor_utc_us for s in scheds],
            [s.timezone for s in scheds], gap=["skip", "shift"], fold="earlier",
        )
        b = ScheduleBatch(scheds)
        t = "2024-03-09T00:00:00Z"
        assert np.array_equal(a.next_runs(t, 5), b.next_runs(t, 5))

    def test_from_arrays_bad_policy(self):
        with pytest.raises(InvalidPolicyError, match="'sideways'.*'shift', 'skip'"):
            ScheduleBatch.from_arrays([60_000_000], [0], "UTC", gap="sideways")

    def test_conversion_helpers(self):
        arr = np.array(["2024-11-03T05:30", "2024-11-03T06:30", "NaT"], "datetime64[us]")
        p = to_pendulum_list(arr, "America/New_York")
        assert [d.isoformat() if d else None for d in p] == [
            "2024-11-03T01:30:00-04:00", "2024-11-03T01:30:00-05:00", None
        ]
        assert [d.isoformat() if d else None for d in to_datetime_list(arr, "America/New_York")] == [
            "2024-11-03T01:30:00-04:00", "2024-11-03T01:30:00-05:00", None
        ]
        assert to_local(arr, "America/New_York").astype(str).tolist() == [
            "2024-11-03T01:30:00.000000", "2024-11-03T01:30:00.000000", "NaT"
        ]


class TestBlockResolution:
    """The per-block fast path equals resolving every element (Zone.to_utc_us)."""

    @pytest.mark.parametrize(
        "first_wall",
        [
            "2024-03-07T02:30",  # last element (03-10 02:30) in the spring-forward gap
            "2024-11-03T01:30",  # first element in the fall-back fold
            "2024-06-01T12:00",  # plain summer days
        ],
    )
    @pytest.mark.parametrize("gap", ["shift", "skip"])
    @pytest.mark.parametrize("fold", ["earlier", "later"])
    def test_daily_blocks(self, first_wall, gap, fold):
        from interval_schedule.tz import get_zone

        zone = get_zone("America/New_York")
        start = np.datetime64(first_wall, "us").view(np.int64)
        block = (start + DAY * np.arange(4, dtype=np.int64))[None, :]
        b = ScheduleBatch([])
        got = b._resolve(zone, gap, fold, block)
        assert got.tolist() == zone.to_utc_us(block.ravel(), gap, fold).reshape(block.shape).tolist()


class TestExtremeInputs:
    """Regressions from review: int64 overflow and validation at the edges of the domain."""

    def test_many_runs_of_a_long_interval_do_not_wrap(self):
        s = IntervalSchedule(timedelta(days=365), "2024-01-01T00:00:00", "America/New_York")
        b = ScheduleBatch([s])
        t = 1704067200 * US  # 2024-01-01T00:00Z
        got = b.next_runs(np.datetime64(t, "us"), 20_000).view(np.int64)[0]
        assert got.tolist() == _core_next(s, t, 20_000)
        got = b.previous_runs(np.datetime64(t + DAY, "us"), 20_000).view(np.int64)[0]
        assert got.tolist() == _core_previous(s, t + DAY, 20_000)

    def test_9999_year_interval(self):
        s = IntervalSchedule(timedelta(days=3_650_000), "0001-01-01T00:00:00Z")
        got = ScheduleBatch([s]).next_runs("0001-01-01T00:00:00Z", 100).view(np.int64)[0]
        assert got.tolist() == _core_next(s, s.anchor_utc_us, 100)

    def test_query_instants_far_outside_the_domain(self):
        s = IntervalSchedule(timedelta(hours=1), "2024-01-01T00:00:00Z")
        b = ScheduleBatch([s])
        assert np.isnat(b.previous_runs(np.array([-(2**63) + 1], "datetime64[us]"), 2)).all()
        assert np.isnat(b.next_runs(np.array([2**63 - 1], "datetime64[us]"), 2)).all()

    def test_dates_between_total_beyond_int64_is_a_limit_error(self):
        b = ScheduleBatch([IntervalSchedule(timedelta(microseconds=1), "2024-01-01T00:00:00Z")] * 30)
        with pytest.raises(LimitExceededError, match="more than limit"):
            b.dates_between("0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z")

    @pytest.mark.parametrize(
        "value", [np.array(["9999-12-31T23:00"], "datetime64[us]"), np.array(["0001-01-01T01:00"], "datetime64[us]")]
    )
    @pytest.mark.parametrize("helper", [to_pendulum_list, to_datetime_list, to_local])
    def test_helpers_refuse_instants_without_a_wall_time(self, helper, value):
        # 9999-12-31T23:00Z is 10000-01-01 in Tokyo; 0001-01-01T01:00Z is year 0 in New York
        zone = "Asia/Tokyo" if value[0].astype(object).year == 9999 else "America/New_York"
        with pytest.raises(InvalidDatetimeError, match="years 1-9999"):
            helper(value, zone)


class TestFromArraysValidation:
    @pytest.mark.parametrize(
        "kwargs, error, fragment",
        [
            (dict(interval_us=[0.5e6], anchor_utc_us=[0], timezones="UTC"), ScheduleTypeError, "float64"),
            (dict(interval_us=[60_000_000], anchor_utc_us=["2024"], timezones="UTC"), ScheduleTypeError, "anchor_utc_us"),
            (dict(interval_us=np.array(["NaT"], "timedelta64[us]"), anchor_utc_us=[0], timezones="UTC"), InvalidIntervalError, "NaT"),
            (dict(interval_us=[-1], anchor_utc_us=[0], timezones="UTC"), InvalidIntervalError, "interval_us[0] = -1 us"),
            (dict(interval_us=[60_000_000], anchor_utc_us=[-62135596800 * US], timezones="America/New_York"), InvalidDatetimeError, "does not exist in America/New_York"),
            (dict(interval_us=[60_000_000] * 2, anchor_utc_us=[0, 0], timezones=["UTC", None]), KeyError, "None"),
            (dict(interval_us=[60_000_000], anchor_utc_us=[0], timezones="UTC", gap=[["shift"]]), InvalidPolicyError, "['shift']"),
            (dict(interval_us=[60_000_000] * 2, anchor_utc_us=[0, 0], timezones="UTC", gap=["shift"]), ScheduleTypeError, "one per schedule (2)"),
        ],
    )
    def test_bad_columns(self, kwargs, error, fragment):
        with pytest.raises(error) as info:
            ScheduleBatch.from_arrays(**kwargs)
        assert fragment in str(info.value)


@st.composite
def progression_edges(draw):
    """A wall-clock schedule and a query whose candidate block has one end within a few us of a stretch edge.

    ``next_runs`` writes a row as ``first + I*j`` when the wall times of
    occurrences k0 - 1 .. k0 + n share one unambiguous stretch, and takes the
    general path otherwise; these cases sit on that boundary (a gap's or
    fold's start or end, on either side of it, at either end of the block).
    """
    from interval_schedule.tz import get_zone

    key = draw(st.sampled_from([z for z in ZONES if z != "UTC"]))
    zone = get_zone(key)
    rows = [i for i in range(1, len(zone.utc_starts)) if Y1990 <= zone.utc_starts[i] * US <= Y2040]
    i = draw(st.sampled_from(rows or [len(zone.utc_starts) - 1]))
    t = int(zone.utc_starts[i]) * US
    before, after = int(zone.offsets[i - 1]) * US, int(zone.offsets[i]) * US
    edge = draw(st.sampled_from(sorted({t + before, t + after}))) + draw(st.integers(-2, 2))
    step = draw(st.sampled_from([DAY, 2 * DAY, 7 * DAY, DAY + 3600 * US, 30 * DAY]))
    n = draw(st.integers(1, 12))
    position = draw(st.integers(-1, n + 1))  # which candidate k0 - 1 + (position + 1) sits on the edge
    s = IntervalSchedule(
        timedelta(microseconds=step),
        datetime(1970, 1, 1) + timedelta(microseconds=edge - draw(st.integers(0, 30)) * step),
        key,
        gap=draw(st.sampled_from(["shift", "skip"])),
        fold=draw(st.sampled_from(["earlier", "later"])),
    )
    # the query: near the instant of the wall time `position` steps before the edge
    query = zone.instant_us(edge - position * step) + draw(st.sampled_from([-1, 0, 1, -3600 * US, 3600 * US]))
    return s, query, n


class TestProgressionRows:
    """The one-broadcast path of next_runs equals the scalar core on its own boundaries."""

    @FAST
    @given(st.lists(progression_edges(), min_size=1, max_size=8))
    def test_block_ends_on_a_stretch_edge(self, cases):
        n = max(c[2] for c in cases)
        scheds = [c[0] for c in cases]
        ts = np.array([c[1] for c in cases], dtype=np.int64)
        got = ScheduleBatch(scheds).next_runs(ts.view("datetime64[us]"), n).view(np.int64)
        for row, (s, q, _) in zip(got, cases):
            assert row.tolist() == _core_next(s, q, n)

    @pytest.mark.parametrize("interval", [3600 * US, DAY, 7 * DAY])
    @pytest.mark.parametrize("extra", [-1, 0, 1])
    def test_last_run_exactly_at_the_end_of_the_domain(self, interval, extra):
        # the n-th run is the domain's last instant (extra=0), just inside it, or just past it
        hi = 253402300800 * US - 1
        n = 5
        last = hi - (hi % US)  # a whole second: the anchor is parsed to the microsecond anyway
        anchor = last - (n - 1 + extra) * interval
        s = IntervalSchedule(timedelta(microseconds=interval), np.datetime64(anchor, "us"), "UTC")
        t = anchor - 1
        got = ScheduleBatch([s, IntervalSchedule(60, "2024-01-01T00:00:00Z")]).next_runs(np.datetime64(t, "us"), n)
        assert got.view(np.int64)[0].tolist() == _core_next(s, t, n)


@FAST
@given(st.integers(0, 2**32 - 1), st.sampled_from([1709870400, 1711846800, 1730635200, 1719835200, 1743296400]), st.integers(1, 6))
def test_large_groups_take_the_shared_stretch_test(seed, after_s, n):
    """Groups of more than 64 rows test rows against one shared stretch before searching; every row equals the core."""
    rng = np.random.default_rng(seed)
    size = 240
    zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe"]
    interval = rng.choice(np.array([DAY, 2 * DAY, 7 * DAY, DAY + 3600 * US, 30 * DAY], dtype=np.int64), size)
    anchor = rng.integers(Y1990 // US, Y2040 // US, size, dtype=np.int64) * US + rng.integers(0, 4, size) * 1800 * US
    keys = [zones[i] for i in rng.integers(0, 3, size)]
    b = ScheduleBatch.from_arrays(interval, anchor, keys, gap=rng.choice(["shift", "skip"]), fold=rng.choice(["earlier", "later"]))
    t = after_s * US + int(rng.integers(-3, 4)) * 3600 * US
    got = b.next_runs(np.datetime64(t, "us"), n).view(np.int64)
    for i in range(size):
        assert got[i].tolist() == _core_next(b.schedule(i), t, n)
class TestFromArraysEncodedColumns:
    """Dictionary-encoded zones and policies (``Coded``) answer as the scalar core does, row by row."""

    @FAST
    @given(
        st.lists(schedules, min_size=0, max_size=10),
        instants,
        st.integers(0, 4),
        st.randoms(use_true_random=False),
        st.booleans(),
    )
    def test_coded_columns_equal_the_core(self, scheds, t, n, rnd, extra_categories):
        keys = sorted({s.timezone for s in scheds}) + (["UTC", "Not/AZone"] if extra_categories else [])
        rnd.shuffle(keys)  # any category order; an unused bogus category is ignored
        zone_codes = np.array([keys.index(s.timezone) for s in scheds], dtype=np.int16)
        gaps = ["skip", "shift"] if rnd.random() < 0.5 else ["shift", "skip", "sideways"]
        b = ScheduleBatch.from_arrays(
            np.array([s.interval_us for s in scheds], dtype=np.int64),
            np.array([s.anchor_utc_us for s in scheds], dtype=np.int64),
            Coded(zone_codes, keys),
            gap=Coded(np.array([gaps.index(s.gap) for s in scheds], dtype=np.uint8), gaps),
            fold=[s.fold for s in scheds],
        )
        assert len(b) == len(scheds)
        got = b.next_runs(np.datetime64(t, "us"), n).view(np.int64)
        for row, s in zip(got, scheds):
            assert row.tolist() == _core_next(s, t, n)
        assert [b.schedule(i) for i in range(len(b))] == scheds

    def test_codes_are_not_aliased_or_mutated(self):
        codes = np.array([1, 0, 1], dtype=np.int8)
        ScheduleBatch.from_arrays([DAY] * 3, [0] * 3, Coded(codes, ["UTC", "Asia/Tokyo"]))
        assert codes.tolist() == [1, 0, 1]

    def test_duplicate_categories_share_one_zone(self):
        b = ScheduleBatch.from_arrays([DAY] * 3, [0] * 3, Coded(np.array([0, 1, 2]), ["UTC", "Asia/Tokyo", "UTC"]))
        assert b.zone_keys == ["Asia/Tokyo", "UTC"]
        assert b.keys == ["UTC", "Asia/Tokyo", "UTC"]

    @pytest.mark.parametrize(
        "kwargs, error, fragment",
        [
            # the row using an unknown category is named, with the key
            (dict(timezones=Coded(np.array([0, 0, 1]), ["UTC", "Mars/Olympus"])), ZoneNotFoundError, "timezones[2]: unknown time zone 'Mars/Olympus'"),
            (dict(timezones=Coded(np.array([0, -1, 0]), ["UTC"])), ZoneNotFoundError, "timezones[1] is null"),
            (dict(timezones=Coded(np.array([0, 3, 0]), ["UTC"])), ScheduleTypeError, "code at row 1 is 3, but there are only 1 categories"),
            (dict(timezones=Coded(np.array([0.0, 0, 0]), ["UTC"])), ScheduleTypeError, "1-d integer array of 3 values"),
            (dict(timezones=Coded(np.array([0, 0]), ["UTC"])), ScheduleTypeError, "shape (2,)"),
            (dict(timezones=["UTC", "UTC", "Nowhere"]), ZoneNotFoundError, "timezones[2]: unknown time zone 'Nowhere'"),
            (dict(timezones="UTC", gap=Coded(np.array([0, 1, 1]), ["shift", "sideways"])), InvalidPolicyError, "'sideways' at row 1"),
            (dict(timezones="UTC", fold=Coded(np.array([0, 0, -1]), ["later"])), InvalidPolicyError, "fold[2] is null"),
            (dict(timezones="UTC", fold=["later", "later", None]), InvalidPolicyError, "None at row 2"),
        ],
    )
    def test_bad_rows_are_named(self, kwargs, error, fragment):
        with pytest.raises(error) as info:
            ScheduleBatch.from_arrays([DAY] * 3, [0] * 3, **kwargs)
        assert fragment in str(info.value)


class TestFromArraysRegressions:
    """Issue 11 defects in from_arrays."""

    @pytest.mark.parametrize("unit, name", [("M", "months"), ("Y", "years")])
    def test_calendar_units_are_refused_like_the_scalar_constructor(self, unit, name):
        # numpy would count 1 month as 30.436875 days and 1 year as 365.2425
        value = np.array([1], f"m8[{unit}]")
        with pytest.raises(InvalidIntervalError, match=name):
            ScheduleBatch.from_arrays(value, [0], "UTC")
        with pytest.raises(InvalidIntervalError, match="months"):
            IntervalSchedule(value[0], "2024-01-01T00:00:00Z")

    def test_days_and_weeks_still_accepted(self):
        b = ScheduleBatch.from_arrays(np.array([1, 2], "m8[W]"), np.array(["2024-01-01", "2024-01-01"], "M8[D]"), "UTC")
        assert b.interval_us.tolist() == [7 * DAY, 14 * DAY]

    @pytest.mark.parametrize(
        "columns",
        [
            ([], [], "UTC"),
            ([], [], []),
            (np.array([], "m8[s]"), np.array([], "M8[s]"), Coded(np.array([], np.int8), ["UTC"])),
        ],
    )
    def test_empty_batch_is_valid(self, columns):
        b = ScheduleBatch.from_arrays(*columns)
        assert len(b) == 0
        assert b.next_runs("2024-01-01T00:00:00Z", 3).shape == (0, 3)
        assert b.count_between("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z").shape == (0,)
        idx, dates = b.dates_between("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")
        assert idx.size == dates.size == 0


@st.composite
def group_window_edges(draw):
    """One zone's wall-clock schedules and elapsed ones, queried at one instant whose group window ends on a region edge.

    ``next_runs`` with one instant checks each (zone, gap, fold) group at once:
    the wall times from two of its longest intervals before ``wall(t)`` to
    ``n + 1`` after it must lie in one unambiguous stretch, else the group
    takes the per-row path.  These cases put a gap's or fold's start or end
    within a few microseconds of that window's ends, or of a run inside it.
    """
    from interval_schedule.tz import get_zone

    key = draw(st.sampled_from([z for z in ZONES if z != "UTC"]))
    zone = get_zone(key)
    reg = zone.regions(Y1990, Y2040)
    r = draw(st.integers(0, max(reg.is_gap.size - 1, 0)))
    edge = int(draw(st.sampled_from([reg.start_local_us[r], reg.end_local_us[r]]))) if reg.is_gap.size else Y2040
    span = draw(st.sampled_from([DAY, 2 * DAY, 7 * DAY, DAY + 3600 * US, 30 * DAY]))
    n = draw(st.integers(1, 12))
    position = draw(st.sampled_from([-2, -1, 0, 1, n - 1, n, n + 1]))  # the edge is `position` spans after wall(t)
    wall_t = edge + draw(st.integers(-2, 2)) - position * span
    t = zone.instant_us(wall_t) + draw(st.sampled_from([0, 1, -1]))
    gap, fold = draw(st.sampled_from(["shift", "skip"])), draw(st.sampled_from(["earlier", "later"]))
    walls = [span] + draw(st.lists(st.integers(DAY, span), max_size=5))
    scheds = [
        IntervalSchedule(timedelta(microseconds=iv), np.datetime64(draw(st.integers(Y1990, Y2040)), "us"), key, gap=gap, fold=fold)
        for iv in walls
    ]
    scheds += [
        IntervalSchedule(timedelta(microseconds=iv), np.datetime64(draw(st.integers(Y1990, Y2040)), "us"), key)
        for iv in draw(st.lists(st.sampled_from([US, 60 * US, 3600 * US, DAY - 1]), max_size=3))
    ]
    return scheds, t, n


class TestOneInstantForEveryRow:
    """next_runs with one instant: rows written as ``t + (A - t) mod I``, by division (first calls) or table (later ones)."""

    @staticmethod
    def _three_calls_equal_the_core(b, scheds, t, n):
        for _ in range(3):  # call 1 divides, call 2 divides and builds the table, call 3 reads it
            got = b.next_runs(np.datetime64(t, "us"), n).view(np.int64)
            for row, s in zip(got, scheds):
                assert row.tolist() == _core_next(s, t, n)

    @FAST
    @given(group_window_edges())
    def test_group_window_on_a_region_edge(self, case):
        scheds, t, n = case
        self._three_calls_equal_the_core(ScheduleBatch(scheds), scheds, t, n)

    @FAST
    @given(st.lists(schedules, min_size=1, max_size=12), instants, st.integers(1, 12), st.integers(0, 40))
    def test_later_calls_move_the_instant(self, scheds, t, n, days):
        # the kept stretch of each group is found at one instant and reused (or not) at the next ones
        b = ScheduleBatch(scheds)
        for k in range(4):
            q = t + k * days * DAY // 3
            got = b.next_runs(np.datetime64(q, "us"), n).view(np.int64)
            for row, s in zip(got, scheds):
                assert row.tolist() == _core_next(s, q, n)

    def test_an_interval_the_sample_misses_keeps_the_division(self):
        # 8200 rows: the table's intervals come from every second row, so row 1's week is not in it
        size = 8200
        interval = np.full(size, 3600 * US, dtype=np.int64)
        interval[1] = 7 * DAY
        anchor = Y1990 + np.arange(size, dtype=np.int64) * 7919 * US
        b = ScheduleBatch.from_arrays(interval, anchor, "America/New_York")
        t = 1730635200 * US  # 2024-11-03 12:00Z, next to New York's fold
        rows = [0, 1, 2, 3, size - 1]
        for _ in range(3):
            got = b.next_runs(np.datetime64(t, "us"), 3).view(np.int64)
            for i in rows:
                assert got[i].tolist() == _core_next(b.schedule(i), t, 3)
        assert b._progressions_cache.table is None  # the path under test: no table was built

    def test_many_distinct_intervals_keep_the_division(self):
        size = 1100
        interval = (np.arange(size, dtype=np.int64) + 1) * 3_600_000_007  # 1 h to 46 days, all distinct
        anchor = Y1990 + np.arange(size, dtype=np.int64) * 104_729 * US
        b = ScheduleBatch.from_arrays(interval, anchor, "Europe/London")
        t = 1711846800 * US  # 2024-03-31 01:00Z, London's gap
        for _ in range(3):
            got = b.next_runs(np.datetime64(t, "us"), 2).view(np.int64)
            for i in range(0, size, 7):
                assert got[i].tolist() == _core_next(b.schedule(i), t, 2)
        assert b._progressions_cache.table is None

    @pytest.mark.parametrize("t", [253402300800 * US - 40 * DAY, 253402300800 * US - 1, -62135596800 * US + DAY])
    def test_near_the_ends_of_the_domain(self, t):
        scheds = [
            IntervalSchedule(timedelta(days=400), "9000-01-01T09:00", "America/New_York"),
            IntervalSchedule(timedelta(days=1), "9000-01-01T09:00", "Australia/Lord_Howe"),
            IntervalSchedule(timedelta(hours=25), "0001-01-03T09:00", "Europe/London"),
            IntervalSchedule(timedelta(hours=1), "0001-01-03T09:00:00Z"),
        ]
        self._three_calls_equal_the_core(ScheduleBatch(scheds), scheds, t, 4)


def test_columns_are_read_only():
    # Regression: next_runs keeps per-row phases between calls; writable columns let a caller make
    # them stale (scalar and array `after` then disagreed). The batch's columns refuse writes.
    b = ScheduleBatch.from_arrays([3_600_000_000] * 2, [0, 0], ["UTC", "UTC"])
    for name in ("interval_us", "anchor_utc_us", "zone_index", "skip", "later", "wall"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(b, name)[0] = 1
    given = np.array([0, 0], dtype=np.int64)
    ScheduleBatch.from_arrays([3_600_000_000] * 2, given, ["UTC", "UTC"])
    given[0] = 5  # the caller's own array keeps its flags
