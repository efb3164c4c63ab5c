"""interval_schedule.columnar: Arrow, pandas and polars tables in, columns out (issue 17).

Expected values come from the scalar core (``IntervalSchedule._core``, itself
checked against zoneinfo) or are worked by hand.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from interval_schedule import IntervalSchedule, columnar
from interval_schedule.columnar import Columns
from interval_schedule.errors import (
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidPolicyError,
    InvalidQueryError,
    LimitExceededError,
    ScheduleTypeError,
    ZoneNotFoundError,
)
from test_batch import FAST, NAT, US, Y1990, Y2040, _core_next, schedules

DAY = 86400 * US
FRONTENDS = ["arrow", "pandas", "polars"]


def table(kind: str, interval_us, anchor_us, zones, gap=None, fold=None, *, encoded=True, unit="us", tz="UTC"):
    """A schedule table of *kind* from plain lists (anchors as int64 UTC microseconds; None is null)."""
    ts = pa.timestamp("us", tz="UTC")
    anchors = pa.array(anchor_us, pa.int64()).view(ts)
    if unit != "us" or tz != "UTC":
        anchors = anchors.cast(pa.timestamp(unit, tz=tz))
    cols = {"interval_us": pa.array(interval_us, pa.int64()), "anchor": anchors, "timezone": pa.array(zones, pa.string())}
    for name, values in (("gap", gap), ("fold", fold)):
        if values is not None:
            cols[name] = pa.array(values, pa.string())
    if encoded:
        for name in ("timezone", "gap", "fold"):
            if name in cols:
                cols[name] = cols[name].dictionary_encode()
    t = pa.table(cols)
    if kind == "arrow":
        return t
    if kind == "pandas":
        df = t.to_pandas()
        if not encoded:
            for name in ("timezone", "gap", "fold"):
                if name in df:
                    df[name] = df[name].astype(object)
        return df
    df = pl.from_arrow(t)
    if encoded:
        return df.with_columns(pl.col(c).cast(pl.Categorical) for c in ("timezone", "gap", "fold") if c in df.columns)
    return df


def utc_column(out, name):
    """A result column as int64 UTC microseconds (NaT for null), whatever the frame."""
    if isinstance(out, pa.Table):
        col = out.column(name)
        assert col.type == pa.timestamp("us", tz="UTC")
        return [NAT if v is None else v for v in col.cast(pa.int64()).to_pylist()]
    if isinstance(out, pd.DataFrame):
        s = out[name]
        assert str(s.dt.tz) == "UTC"
        return [NAT if pd.isna(v) else v.value // 1000 for v in s]
    s = out.get_column(name)
    assert s.dtype == pl.Datetime("us", "UTC")
    return [NAT if v is None else v for v in s.to_physical().to_list()]


def column(out, name):
    if isinstance(out, pa.Table):
        return out.column(name).to_pylist()
    if isinstance(out, pd.DataFrame):
        return [None if (v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))) else v for v in out[name].tolist()]
    return out.get_column(name).to_list()


class TestAgainstTheCore:
    @FAST
    @given(st.lists(schedules, min_size=0, max_size=8), st.integers(631152000 * US, 2208988800 * US), st.integers(0, 3),
           st.sampled_from(FRONTENDS), st.booleans())
    def test_next_runs_and_counts_equal_the_core(self, scheds, t, n, kind, encoded):
        frame = table(
            kind, [s.interval_us for s in scheds], [s.anchor_utc_us for s in scheds], [s.timezone for s in scheds],
            [s.gap for s in scheds], [s.fold for s in scheds], encoded=encoded,
        )
        after = np.datetime64(t, "us")
        out = columnar.next_runs(frame, after, n)
        for j in range(n):
            assert utc_column(out, f"next_run_{j + 1}") == [_core_next(s, t, n)[j] for s in scheds]
        counts = column(columnar.count_between(frame, after, np.datetime64(t + 30 * DAY, "us")), "count")
        assert counts == [s._core.count(t, t + 30 * DAY) for s in scheds]


class TestHandWorked:
    # daily 09:00 in New York from 2024-03-08: EST (14:00Z) before the 03-10 change, EDT (13:00Z) after
    NY = dict(interval_us=[DAY], anchor_us=[1709906400 * US], zones=["America/New_York"])

    @pytest.mark.parametrize("kind", FRONTENDS)
    def test_dst_and_local_wall_times(self, kind):
        frame = table(kind, self.NY["interval_us"], self.NY["anchor_us"], self.NY["zones"])
        out = columnar.next_runs(frame, "2024-03-09T00:00:00Z", 3, local=True)
        assert utc_column(out, "next_run_1") == [1709992800 * US]  # 03-09 14:00Z
        assert utc_column(out, "next_run_2") == [1710075600 * US]  # 03-10 13:00Z
        assert utc_column(out, "next_run_3") == [1710162000 * US]  # 03-11 13:00Z
        local = [column(out, f"next_run_local_{j}")[0] for j in (1, 2, 3)]
        assert [str(v)[:19] for v in local] == ["2024-03-09 09:00:00", "2024-03-10 09:00:00", "2024-03-11 09:00:00"]
        assert column(out, "timezone") == ["America/New_York"]  # the zone travels with the naive wall times

    @pytest.mark.parametrize("kind", FRONTENDS)
    def test_list_layout(self, kind):
        frame = table(kind, self.NY["interval_us"], self.NY["anchor_us"], self.NY["zones"])
        out = columnar.next_runs(frame, "2024-03-09T00:00:00Z", 2, layout="list")
        (row,) = column(out, "next_run")
        assert [pd.Timestamp(v).tz_localize(None) if pd.Timestamp(v).tz is None else pd.Timestamp(v).tz_convert(None) for v in row] == [
            pd.Timestamp("2024-03-09T14:00"), pd.Timestamp("2024-03-10T13:00")
        ]

    @pytest.mark.parametrize("unit", ["s", "ms", "ns"])
    @pytest.mark.parametrize("tz", ["UTC", "Asia/Tokyo"])  # the column's zone does not change the instants
    def test_anchor_units_and_column_zones(self, unit, tz):
        frame = table("arrow", self.NY["interval_us"], self.NY["anchor_us"], self.NY["zones"], unit=unit, tz=tz)
        assert utc_column(columnar.next_runs(frame, "2024-03-09T00:00:00Z", 1), "next_run_1") == [1709992800 * US]

    def test_durations_and_configured_names(self):
        t = pa.table({
            "every": pa.array([timedelta(days=1)], pa.duration("s")),
            "anchor_date": pa.array([1709906400 * US], pa.int64()).view(pa.timestamp("us", tz="UTC")),
            "tz": ["America/New_York"],
        })
        names = Columns(interval="every", anchor="anchor_date", timezone="tz", next_run="run", count="n")
        assert utc_column(columnar.next_runs(t, "2024-03-10T00:00:00Z", 1, columns=names), "run_1") == [1710075600 * US]
        assert columnar.count_between(t, "2024-03-09T00:00:00Z", "2024-03-11T23:00:00Z", columns=names)["n"].to_pylist() == [3]

    @pytest.mark.parametrize("kind", FRONTENDS)
    def test_batch_constructors(self, kind):
        frame = table(kind, [3600 * US, DAY], [0, 1709906400 * US], ["UTC", "America/New_York"], ["skip", "shift"], ["later", "earlier"])
        build = {"arrow": columnar.batch_from_arrow, "pandas": columnar.from_pandas, "polars": columnar.from_polars}[kind]
        b = build(frame)
        assert [b.schedule(i).to_dict()["timezone"] for i in range(2)] == ["UTC", "America/New_York"]
        assert b.skip.tolist() == [True, False] and b.later.tolist() == [True, False]

    def test_series_ending_in_9999_gives_nulls(self):
        frame = table("arrow", [DAY], [253402128000 * US], ["UTC"])  # 9999-12-29T00:00Z
        out = columnar.next_runs(frame, "9999-12-30T00:00:00Z", 3)
        assert [utc_column(out, f"next_run_{j}")[0] == NAT for j in (1, 2, 3)] == [False, False, True]


class TestEdges:
    @pytest.mark.parametrize("kind", FRONTENDS)
    @pytest.mark.parametrize("encoded", [True, False])
    def test_empty_table(self, kind, encoded):
        frame = table(kind, [], [], [], encoded=encoded)
        out = columnar.next_runs(frame, "2024-01-01T00:00:00Z", 2, local=True)
        assert column(out, "next_run_2") == []
        assert column(columnar.count_between(frame, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"), "count") == []

    @pytest.mark.parametrize("kind", FRONTENDS)
    def test_one_row(self, kind):
        out = columnar.next_runs(table(kind, [60 * US], [0], ["UTC"]), "1970-01-01T00:00:30Z", 1)
        assert utc_column(out, "next_run_1") == [60 * US]


BAD_ROWS = [
    # (interval_us, anchor_us, zone, gap): row 1 is bad; the error class and message fragment
    ((-5, 0, "UTC", "shift"), InvalidIntervalError, "row 1: interval_us = -5: intervals must be positive"),
    ((0, 0, "UTC", "shift"), InvalidIntervalError, "row 1: interval_us = 0"),
    ((None, 0, "UTC", "shift"), InvalidIntervalError, "row 1: interval_us is null"),
    ((60 * US, None, "UTC", "shift"), InvalidDatetimeError, "row 1: anchor is null"),
    ((60 * US, 0, None, "shift"), ZoneNotFoundError, "row 1: timezone is null"),
    ((60 * US, 0, "Mars/Olympus", "shift"), ZoneNotFoundError, "row 1: timezone: unknown time zone 'Mars/Olympus'"),
    ((60 * US, 0, "../../etc/passwd", "shift"), ZoneNotFoundError, "'../../etc/passwd'"),
    ((60 * US, 0, "UTC", "sideways"), InvalidPolicyError, "row 1: gap = 'sideways'; allowed: 'shift', 'skip'"),
    ((60 * US, 0, "UTC", None), InvalidPolicyError, "row 1: gap = null"),
    # year 10000, and year 0 in UTC; 0001-01-01T01:00Z is still year 0 in New York
    ((60 * US, 253402300800 * US, "UTC", "shift"), InvalidDatetimeError, "10000-01-01T00:00:00.000000Z has no wall time in years 1-9999 in UTC"),
    ((60 * US, -62135596800 * US - 1, "UTC", "shift"), InvalidDatetimeError, "row 1: anchor = 0000-12-31T23:59:59.999999Z"),
    ((60 * US, -62135593200 * US, "America/New_York", "shift"), InvalidDatetimeError, "in America/New_York"),
]


class TestBadRows:
    @staticmethod
    def frame(kind, bad, encoded=True):
        iv, an, zone, gap = bad
        return table(kind, [60 * US, iv, 60 * US], [0, an, 0], ["UTC", zone, "UTC"], [ "shift", gap, "shift"], encoded=encoded)

    @pytest.mark.parametrize("kind", FRONTENDS)
    @pytest.mark.parametrize("bad, error, fragment", BAD_ROWS)
    def test_raise_names_the_row_and_value(self, kind, bad, error, fragment):
        with pytest.raises(error) as info:
            columnar.next_runs(self.frame(kind, bad), "2024-01-01T00:00:00Z", 1)
        assert fragment in str(info.value)

    @pytest.mark.parametrize("kind", FRONTENDS)
    @pytest.mark.parametrize("bad, error, fragment", BAD_ROWS)
    def test_null_results_plus_error_column(self, kind, bad, error, fragment):
        frame = self.frame(kind, bad, encoded=False)
        out = columnar.next_runs(frame, "2024-01-01T00:00:00Z", 2, errors="null")
        assert utc_column(out, "next_run_1") == [1704067200 * US, NAT, 1704067200 * US]  # no row skipped
        errors = column(out, "error")
        assert errors[0] is None and errors[2] is None and fragment in errors[1]
        counts = column(columnar.count_between(frame, "2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", errors="null"), "count")
        assert counts == [2, None, 2]

    def test_first_bad_row_counts_the_others(self):
        frame = table("arrow", [-1, 60 * US, 0], [0, 0, 0], ["UTC"] * 3)
        with pytest.raises(InvalidIntervalError, match=r"row 0: .* \(1 more bad rows\)"):
            columnar.batch_from_arrow(frame)

    def test_unused_bad_dictionary_entries_are_ignored(self):
        zones = pa.DictionaryArray.from_arrays(pa.array([1, 1], pa.int8()), pa.array(["Mars/Olympus", "UTC"]))
        t = pa.table({"interval_us": [60 * US] * 2, "anchor": pa.array([0, 0], pa.timestamp("us", tz="UTC")), "timezone": zones})
        assert len(columnar.batch_from_arrow(t)) == 2

    @pytest.mark.parametrize("kind", ["pandas", "polars"])
    def test_float_intervals_with_nan(self, kind):
        df = pd.DataFrame({"interval_us": [3.6e9, np.nan, 1.5], "anchor": pd.to_datetime([0, 0, 0], utc=True),
                           "timezone": ["UTC"] * 3})
        frame = df if kind == "pandas" else pl.from_pandas(df)
        out = columnar.next_runs(frame, "1970-01-01T00:00:00Z", 1, errors="null")
        assert utc_column(out, "next_run_1") == [0, NAT, NAT]
        errors = column(out, "error")
        assert "row 1: interval_us is null (or NaN)" in errors[1]
        assert "row 2: interval_us is not a whole number of microseconds" in errors[2]


class TestBadColumns:
    def test_naive_timestamps_refused(self):
        t = pa.table({"interval_us": [60 * US], "anchor": pa.array([0], pa.timestamp("us")), "timezone": ["UTC"]})
        with pytest.raises(InvalidDatetimeError, match="without a time zone"):
            columnar.next_runs(t, "2024-01-01T00:00:00Z")
        with pytest.raises(InvalidDatetimeError, match="without a time zone"):
            columnar.from_pandas(t.to_pandas())
        with pytest.raises(InvalidDatetimeError, match="without a time zone"):
            columnar.from_polars(pl.from_arrow(t))

    def test_mixed_time_zones_in_a_pandas_column_refused(self):
        anchors = [datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2)))]
        df = pd.DataFrame({"interval_us": [60 * US] * 2, "anchor": pd.Series(anchors, dtype=object), "timezone": ["UTC"] * 2})
        with pytest.raises(InvalidDatetimeError, match="dtype object .*pandas.to_datetime"):
            columnar.from_pandas(df)

    @pytest.mark.parametrize(
        "change, error, fragment",
        [
            (dict(interval_us=pa.array(["1h"])), ScheduleTypeError, "'interval_us' must hold integer microseconds"),
            (dict(anchor=pa.array(["2024-01-01"])), ScheduleTypeError, "'anchor' must be a timestamp with a time zone"),
            (dict(timezone=pa.array([5])), ScheduleTypeError, "'timezone' must hold strings"),
        ],
    )
    def test_wrong_types(self, change, error, fragment):
        cols = {"interval_us": pa.array([60 * US]), "anchor": pa.array([0], pa.timestamp("us", tz="UTC")), "timezone": pa.array(["UTC"])}
        cols.update(change)
        with pytest.raises(error, match=fragment):
            columnar.batch_from_arrow(pa.table(cols))

    def test_missing_column_named(self):
        with pytest.raises(ScheduleTypeError, match="no column 'timezone'; its columns are \\['interval_us', 'anchor'\\]"):
            columnar.batch_from_arrow(pa.table({"interval_us": [1], "anchor": pa.array([0], pa.timestamp("us", tz="UTC"))}))

    def test_not_a_table(self):
        with pytest.raises(ScheduleTypeError, match="not dict"):
            columnar.next_runs({"interval_us": [1]}, "2024-01-01T00:00:00Z")

    def test_bad_options(self):
        t = table("arrow", [60 * US], [0], ["UTC"])
        with pytest.raises(InvalidQueryError, match="'ignore'"):
            columnar.next_runs(t, "2024-01-01T00:00:00Z", errors="ignore")
        with pytest.raises(InvalidQueryError, match="'wide'"):
            columnar.next_runs(t, "2024-01-01T00:00:00Z", layout="wide")


class TestMissingExtra:
    @pytest.mark.parametrize(
        "module, call, extra",
        [
            ("polars", lambda: columnar.from_polars(None), "polars"),
            ("pandas", lambda: columnar.from_pandas(None), "pandas"),
            ("pyarrow", lambda: columnar.batch_from_arrow(None), "arrow"),
        ],
    )
    def test_import_error_names_the_extra(self, monkeypatch, module, call, extra):
        monkeypatch.setitem(sys.modules, module, None)  # import now fails as if not installed
        with pytest.raises(ImportError, match=rf"pip install 'interval_schedule\[{extra}\]'"):
            call()


class TestRunsPerBucket:
    """Capacity planning: runs per bucket of a window, against the scalar core and hand-worked DST cases."""

    H = 3600 * US

    def test_daily_runs_move_an_hour_in_utc_across_spring_forward(self):
        # Hand-worked: 09:00 New York is 14:00Z (EST) until 10 March 2024, then 13:00Z (EDT).
        t = table("pandas", [DAY], [int(datetime(2024, 1, 1, 14, tzinfo=timezone.utc).timestamp()) * US], ["America/New_York"])
        out = columnar.runs_per_bucket(t, "2024-03-08T00:00:00Z", "2024-03-12T00:00:00Z", timedelta(hours=1))
        assert len(out) == 96 and out["runs"].sum() == 4
        got = out.loc[out["runs"] > 0, "bucket_start"].dt.strftime("%m-%d %H:%M").tolist()
        assert got == ["03-08 14:00", "03-09 14:00", "03-10 13:00", "03-11 13:00"]

    def test_hourly_runs_in_the_repeated_hour_count_twice_in_local_terms(self):
        # Hourly (elapsed time) across New York's fall-back: one run per UTC hour, 25 in the local day of 3 Nov.
        t = table("polars", [3600 * US], [0], ["America/New_York"])
        out = columnar.runs_per_bucket(t, "2024-11-03T04:00:00Z", "2024-11-04T05:00:00Z", timedelta(days=1))
        assert out["runs"].to_list() == [24, 1]  # the local day 00:00-04:00 .. 00:00-05:00 is 25 h: 24 + the next one
        assert str(out["bucket_start"].dtype) == "Datetime(time_unit='us', time_zone='UTC')"

    @pytest.mark.parametrize("kind", FRONTENDS)
    def test_output_is_the_frames_library(self, kind):
        t = table(kind, [900 * US, 3600 * US], [0, 1800 * US], ["UTC", "Asia/Kolkata"])
        out = columnar.runs_per_bucket(t, "2024-06-01T10:00:00Z", "2024-06-01T11:30:00Z", 30 * 60 * US)
        runs = out.column("runs").to_pylist() if kind == "arrow" else list(out["runs"])
        assert runs == [2 + 0, 2 + 1, 2 + 0]  # 15-min: 2 per half hour; hourly at :30 (00:30Z anchor): 10:30
        if kind == "arrow":
            assert out.schema.field("bucket_start").type == pa.timestamp("us", tz="UTC")

    @pytest.mark.parametrize("bucket", [2**63, 10**30, timedelta(days=3_000_000)])
    def test_a_bucket_wider_than_the_window_is_the_window(self, bucket):
        t = table("pandas", [900 * US], [0], ["UTC"])
        out = columnar.runs_per_bucket(t, "2024-06-01T10:00:00Z", "2024-06-01T12:00:00Z", bucket)
        assert out["runs"].tolist() == [8] and str(out["bucket_start"][0]) == "2024-06-01 10:00:00+00:00"

    def test_last_bucket_is_cut_at_end(self):
        t = table("arrow", [60 * US], [0], ["UTC"])
        out = columnar.runs_per_bucket(t, "2024-01-01T00:00:00Z", "2024-01-01T00:25:00Z", timedelta(minutes=10))
        assert out.column("runs").to_pylist() == [10, 10, 5]

    @FAST
    @given(
        st.lists(
            st.tuples(
                st.sampled_from([60, 900, 3600, 5400, 86400, 90000, 7 * 86400]),
                st.integers(Y1990 // US, Y2040 // US),
                st.sampled_from(["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]),
                st.sampled_from(["shift", "skip"]),
                st.sampled_from(["earlier", "later"]),
            ),
            min_size=1, max_size=6,
        ),
        st.integers(Y1990 // US, Y2040 // US),
        st.integers(1, 10 * 86400),
        st.sampled_from([60, 3600, 7200, 86400, 3 * 86400 + 17]),
        st.sampled_from([(None, None), (5, 2), (1, 1)]),
    )
    def test_equals_the_scalar_core(self, rows, start_s, span_s, bucket_s, caps):
        # Expected: each schedule's dates from the scalar core over [start, end), counted per bucket in Python.
        # caps shrink the chunk and row limits so the split, row-slice and closed-form paths all run.
        chunk, per_rows = caps
        start, end, width = start_s * US, (start_s + span_s) * US, bucket_s * US
        expected = [0] * -(-(end - start) // width)
        for iv, anchor, key, gap, fold in rows:
            s = IntervalSchedule(timedelta(seconds=iv), np.datetime64(anchor, "s"), key, gap=gap, fold=fold)
            for u in s._core.window(start, end - 1, 10**6):  # at most 14 400 in 10 days
                expected[(u - start) // width] += 1
        t = table("arrow", [iv * US for iv, *_ in rows], [a * US for _, a, *_ in rows], [k for *_, k, _, _ in rows],
                  gap=[g for *_, g, _ in rows], fold=[f for *_, f in rows])
        patch = pytest.MonkeyPatch()
        try:
            if chunk is not None:
                patch.setattr(columnar, "HISTOGRAM_CHUNK", chunk)
                patch.setattr(columnar, "HISTOGRAM_ROWS", per_rows)
            out = columnar.runs_per_bucket(t, np.datetime64(start, "us"), np.datetime64(end, "us"), width)
        finally:
            patch.undo()
        assert out.column("runs").to_pylist() == expected
        assert out.column("bucket_start").cast(pa.int64()).to_pylist() == [start + i * width for i in range(len(expected))]

    def test_memory_is_bounded_by_the_chunk_not_the_runs(self):
        # 200 one-minute schedules over 30 days: 8.64M runs (138 MB as dates); the histogram never holds them all.
        import tracemalloc

        n = 200
        t = table("arrow", [60 * US] * n, [i * US for i in range(n)], ["UTC"] * n)
        tracemalloc.start()
        try:
            out = columnar.runs_per_bucket(t, "2024-01-01T00:00:00Z", "2024-01-31T00:00:00Z", timedelta(hours=1))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert out.column("runs").to_pylist() == [60 * n] * 720
        assert peak < 4 * 16 * columnar.HISTOGRAM_CHUNK  # a few chunks of (index, date) pairs: 64 MiB, not 138 MB

    @pytest.mark.parametrize(
        "args, error, fragment",
        [
            (("2024-01-01T00:00:00", "2024-01-02T00:00:00Z", 60 * US), InvalidDatetimeError, "start '2024-01-01T00:00:00' has no offset"),
            (("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", 0), InvalidQueryError, "bucket must be positive, got 0"),
            (("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", timedelta(-1)), InvalidQueryError, "bucket must be positive"),
            (("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "1h"), ScheduleTypeError, "bucket must be a timedelta or int"),
            (("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", True), ScheduleTypeError, "bucket must be a timedelta or int"),
            (("2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z", 60 * US), InvalidQueryError, "must be after start"),
            (("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 60 * US), InvalidQueryError, "must be after start"),
            (("0001-01-01T00:00:00Z", "9999-01-01T00:00:00Z", 1), LimitExceededError, "more than 10000000; use wider buckets"),
        ],
    )
    def test_bad_arguments(self, args, error, fragment):
        t = table("arrow", [60 * US], [0], ["UTC"])
        with pytest.raises(error, match=fragment.replace("(", r"\(").replace(")", r"\)")):
            columnar.runs_per_bucket(t, *args)

    def test_a_bad_row_raises_naming_it(self):
        t = table("pandas", [60 * US, -5], [0, 0], ["UTC", "UTC"])
        with pytest.raises(InvalidIntervalError, match="row 1: interval_us = -5"):
            columnar.runs_per_bucket(t, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", timedelta(hours=1))
