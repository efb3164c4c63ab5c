"""``Zone``: the vectorized lookups against the scalar (bisect) reference, shapes, errors,
and hand-worked gap/fold cases.

The scalar methods (``offset_at_us``, ``classify_us``, ``resolve_us``) are plain
bisects over the transition table; ``test_tz_oracle.py`` ties them and the
vector methods to zoneinfo.  Here hypothesis checks that every vector method
equals its scalar counterpart element by element, on arrays built around real
transitions, sorted (fast path) and shuffled.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import oracle
from interval_schedule.errors import InvalidDatetimeError, InvalidPolicyError
from interval_schedule.tz import FOLD_POLICIES, GAP_POLICIES, LocalKind, get_zone
from interval_schedule.testing import FAVOURITE_ZONES

US = 1_000_000
H = 3600
NAT = np.iinfo(np.int64).min
MIN_US = -62135596800 * US  # 0001-01-01T00:00:00
MAX_US = 253402300799 * US + (US - 1)  # 9999-12-31T23:59:59.999999
# Wall times: keep a day away from the ends so every offset (|offset| < 1 day) stays in range.
LOCAL_MIN_US, LOCAL_MAX_US = MIN_US + 86400 * US, MAX_US - 86400 * US

ZONES = list(FAVOURITE_ZONES)  # REFERENCE.md section 4
POLICIES = [(g, f) for g in GAP_POLICIES for f in FOLD_POLICIES]


def us(iso: str) -> int:
    return int(np.datetime64(iso, "us").astype(np.int64))


# ----------------------------------------------------------------- strategies


@st.composite
def anchors(draw, zone_key: str, local: bool) -> int:
    """One instant (or wall time): a fixed simple value, anything in years 1-9999, or within
    a few seconds of a real transition (for wall times: of either edge of its gap/fold)."""
    zone = get_zone(zone_key)
    lo, hi = (LOCAL_MIN_US, LOCAL_MAX_US) if local else (MIN_US, MAX_US)
    rows = np.flatnonzero((zone.utc_starts * US > lo) & (zone.utc_starts * US < hi))
    rows = rows[rows >= 1]
    kind = draw(st.sampled_from(["fixed", "any", "near"] if rows.size else ["fixed", "any"]))
    if kind == "fixed":
        return draw(st.sampled_from([0, us("2024-01-01T00:00"), us("2024-07-01T12:00"), us("2000-02-29T00:00")]))
    if kind == "any":
        return draw(st.integers(lo, hi))
    i = int(draw(st.sampled_from(rows.tolist())))
    edge = int(zone.utc_starts[i]) * US
    if local:  # the transition as seen on the wall clock: before and after it
        edge += int(draw(st.sampled_from([zone.offsets[i - 1], zone.offsets[i]]))) * US
    delta = draw(st.one_of(st.sampled_from([-US, -1, 0, 1, US]), st.integers(-2 * H * US, 2 * H * US)))
    return edge + delta


@st.composite
def arrays(draw, zone_key: str, local: bool, max_anchors: int = 12) -> np.ndarray:
    """An int64 array of microseconds: short runs (1 to 80 values, a step apart) from a few
    anchors, so sorted arrays cross transitions in long runs (the fast path needs >= 64)."""
    lo, hi = (LOCAL_MIN_US, LOCAL_MAX_US) if local else (MIN_US, MAX_US)
    parts = []
    for _ in range(draw(st.integers(0, max_anchors))):
        start = draw(anchors(zone_key, local))
        step = draw(st.sampled_from([1, US, 60 * US, 15 * 60 * US, H * US, 86400 * US]))
        count = draw(st.integers(1, 80))
        parts.append(np.clip(start + step * np.arange(-(count // 2), count - count // 2, dtype=np.int64), lo, hi))
    return np.concatenate(parts) if parts else np.empty(0, np.int64)


def shuffled(values: np.ndarray, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(values)


# --------------------------------------------------------------- vector == scalar


class TestVectorEqualsScalar:
    @settings(max_examples=120, deadline=None)
    @given(st.sampled_from(ZONES), st.data())
    @example("America/New_York", None)
    def test_utcoffset(self, key, data):
        zone = get_zone(key)
        if data is None:  # NY's 2024 transitions, one microsecond either side
            values = np.array([us("2024-03-10T07:00") + d for d in (-1, 0, 1)] + [us("2024-11-03T06:00") + d for d in (-1, 0, 1)])
        else:
            values = shuffled(data.draw(arrays(key, local=False)), data.draw(st.integers(0, 2**32)))
        want = [zone.offset_at_us(int(u)) // US for u in values]
        assert zone.utcoffset(values).tolist() == want
        assert zone.utcoffset(values.astype("datetime64[us]")).tolist() == want
        assert (zone.offsets_us(values) // US).tolist() == want
        assert (zone.to_local_us(values) - values == zone.offsets_us(values)).all()

    @settings(max_examples=120, deadline=None)
    @given(st.sampled_from(ZONES), st.data())
    def test_classify(self, key, data):
        zone = get_zone(key)
        values = shuffled(data.draw(arrays(key, local=True)), data.draw(st.integers(0, 2**32)))
        got = zone.classify(values)
        want = [zone.classify_us(int(x)) for x in values]
        assert got.kind.tolist() == [int(w.kind) for w in want]
        assert got.offset_before.tolist() == [w.offset_before for w in want]
        assert got.offset_after.tolist() == [w.offset_after for w in want]

    @settings(max_examples=120, deadline=None)
    @given(st.sampled_from(ZONES), st.data())
    def test_to_utc_every_policy(self, key, data):
        zone = get_zone(key)
        values = shuffled(data.draw(arrays(key, local=True)), data.draw(st.integers(0, 2**32)))
        for gap, fold in POLICIES:
            want = [NAT if (r := zone.resolve_us(int(x), gap, fold)) is None else r for x in values]
            assert zone.to_utc_us(values, gap, fold).tolist() == want, (gap, fold)
            assert zone.to_utc(values.astype("datetime64[us]"), gap, fold).view(np.int64).tolist() == want

    @settings(max_examples=120, deadline=None)
    @given(st.sampled_from(ZONES), st.data())
    def test_sorted_fast_path_equals_general_path(self, key, data):
        zone = get_zone(key)
        inst = np.sort(data.draw(arrays(key, local=False)))
        wall = np.sort(data.draw(arrays(key, local=True)))
        general = zone.utcoffset(inst, assume_sorted=False)
        assert np.array_equal(zone.utcoffset(inst, assume_sorted=True), general)
        assert np.array_equal(zone.utcoffset(inst), general)  # detected as sorted
        assert np.array_equal(zone.offsets_us(inst, assume_sorted=True), zone.offsets_us(inst, assume_sorted=False))
        for gap, fold in POLICIES:
            assert np.array_equal(
                zone.to_utc_us(wall, gap, fold, assume_sorted=True), zone.to_utc_us(wall, gap, fold, assume_sorted=False)
            )

    @pytest.mark.parametrize("key", ZONES)
    def test_fast_path_over_a_whole_year_per_minute(self, key):
        # 527 040 sorted minutes of 2024 (a leap year): long runs, every 2024 transition inside.
        zone = get_zone(key)
        minutes = us("2024-01-01T00:00") + np.arange(366 * 1440, dtype=np.int64) * 60 * US
        assert np.array_equal(zone.utcoffset(minutes, assume_sorted=True), zone.utcoffset(minutes, assume_sorted=False))
        assert np.array_equal(
            zone.to_utc_us(minutes, "skip", "later", assume_sorted=True),
            zone.to_utc_us(minutes, "skip", "later", assume_sorted=False),
        )


# ----------------------------------------------------------------------- shapes


class TestShapes:
    @pytest.mark.parametrize("key", ["America/New_York", "UTC"])
    @pytest.mark.parametrize("shape", [(), (0,), (1,), (3, 4), (2, 0, 3), (2, 3, 70)])
    def test_shape_is_kept(self, key, shape):
        zone = get_zone(key)
        n = int(np.prod(shape))
        # Wall times every 17 minutes from the 2024 spring-forward night (a gap is inside).
        local = (us("2024-03-10T00:00") + np.arange(n, dtype=np.int64) * 17 * 60 * US).reshape(shape)
        assert zone.utcoffset(local).shape == shape
        assert zone.offsets_us(local).shape == shape
        assert zone.to_local_us(local).shape == shape
        assert all(a.shape == shape for a in zone.classify(local))
        for gap, fold in POLICIES:
            assert np.shape(zone.to_utc_us(local, gap, fold)) == shape
            assert np.shape(zone.to_utc(local.astype("datetime64[us]"), gap, fold)) == shape
        # Sorted in row-major order: the fast path must give the same, in the same shape.
        assert np.array_equal(zone.utcoffset(local, assume_sorted=True), zone.utcoffset(local, assume_sorted=False))

    def test_datetime64_scalar_in_scalar_out(self):
        ny = get_zone("America/New_York")
        t = np.datetime64("2024-03-10T02:30", "us")  # in the gap
        for gap, fold in POLICIES:
            out = ny.to_utc(t, gap, fold)
            assert isinstance(out, np.datetime64)
        assert np.isnat(ny.to_utc(t, gap="skip"))
        assert np.isnat(ny.to_utc(np.array(t), gap="skip"))  # a 0-d array too
        assert ny.utcoffset(t).shape == ()

    def test_other_datetime64_units(self):
        ny = get_zone("America/New_York")
        seconds = np.array(["2024-01-01T12:00", "2024-07-01T12:00"], "datetime64[s]")
        assert ny.utcoffset(seconds).tolist() == [-5 * H, -4 * H]
        days = np.array(["2024-01-01", "2024-07-01"], "datetime64[D]")
        assert ny.utcoffset(days).tolist() == [-5 * H, -4 * H]

    def test_input_is_not_mutated(self):
        ny = get_zone("America/New_York")
        local = np.array([us("2024-03-10T02:30"), us("2024-11-03T01:30")])
        before = local.copy()
        for gap, fold in POLICIES:
            ny.to_utc_us(local, gap, fold)
        ny.classify(local)
        ny.utcoffset(local)
        assert np.array_equal(local, before)


# ----------------------------------------------------------------------- errors


class TestErrors:
    @pytest.mark.parametrize("key", ["America/New_York", "UTC", "Etc/GMT+5"])  # fixed zones too
    @pytest.mark.parametrize(
        "values",
        [
            pytest.param(np.datetime64("NaT", "us"), id="scalar"),
            pytest.param(np.array(["NaT"], "datetime64[us]"), id="alone"),
            pytest.param(np.array(["2024-01-01", "NaT", "2024-02-01"], "datetime64[us]"), id="among-values"),
            pytest.param(np.array([["2024-01-01"], ["NaT"]], "datetime64[s]"), id="2d-seconds"),
        ],
    )
    def test_nat_is_refused(self, key, values):
        zone = get_zone(key)
        with pytest.raises(InvalidDatetimeError):
            zone.utcoffset(values)
        with pytest.raises(InvalidDatetimeError):
            zone.classify(values)
        for gap, fold in POLICIES:
            with pytest.raises(InvalidDatetimeError):
                zone.to_utc(values, gap, fold)

    def test_nat_is_refused_on_the_sorted_path(self):
        # NaT sorts first, so the sorted path's cheap check sees it.
        values = np.array(["NaT"] + ["2024-01-01"] * 100, "datetime64[us]")
        with pytest.raises(InvalidDatetimeError):
            get_zone("Europe/London").utcoffset(values, assume_sorted=True)

    def test_wrong_dtype(self):
        with pytest.raises(InvalidDatetimeError, match="dtype"):
            get_zone("UTC").utcoffset(np.array([1.5]))
        with pytest.raises(InvalidDatetimeError):
            get_zone("UTC").to_utc(np.array(["2024-01-01"]))

    @pytest.mark.parametrize(
        "kwargs, allowed",
        [
            ({"gap": "forward"}, "'shift', 'skip'"),
            ({"gap": "SHIFT"}, "'shift', 'skip'"),
            ({"fold": "first"}, "'earlier', 'later'"),
            ({"fold": None}, "'earlier', 'later'"),
        ],
    )
    def test_unknown_policy(self, kwargs, allowed):
        with pytest.raises(InvalidPolicyError, match=allowed) as info:
            get_zone("America/New_York").to_utc(np.datetime64("2024-11-03T01:30", "us"), **kwargs)
        assert isinstance(info.value, ValueError)
        assert repr(next(iter(kwargs.values()))) in str(info.value)


# ------------------------------------------------------------ hand-worked cases


class TestHandWorked:
    """Gap and fold cases worked out from the zones' rules; each is also checked against zoneinfo."""

    @pytest.mark.parametrize(
        "key, local, kind, before_h, after_h",
        [
            # New York springs forward 2024-03-10 at 02:00 EST (-5) to 03:00 EDT (-4).
            ("America/New_York", "2024-03-10T02:30", LocalKind.GAP, -5, -4),
            ("America/New_York", "2024-03-10T02:00", LocalKind.GAP, -5, -4),  # 02:00 itself is skipped
            ("America/New_York", "2024-03-10T01:59:59.999999", LocalKind.UNAMBIGUOUS, -5, -5),
            ("America/New_York", "2024-03-10T03:00", LocalKind.UNAMBIGUOUS, -4, -4),
            # ... and falls back 2024-11-03 at 02:00 EDT to 01:00 EST: 01:00-02:00 happens twice.
            ("America/New_York", "2024-11-03T01:30", LocalKind.FOLD, -4, -5),
            ("America/New_York", "2024-11-03T01:00", LocalKind.FOLD, -4, -5),
            ("America/New_York", "2024-11-03T00:59:59.999999", LocalKind.UNAMBIGUOUS, -4, -4),
            ("America/New_York", "2024-11-03T02:00", LocalKind.UNAMBIGUOUS, -5, -5),
            # Lord Howe: DST (+11) ends first Sunday of April (2024-04-07) at 02:00, back to
            # 01:30 +10:30 -- a 30-minute fold; starts first Sunday of October (2024-10-06) at
            # 02:00 +10:30, on to 02:30 +11 -- a 30-minute gap.
            ("Australia/Lord_Howe", "2024-04-07T01:45", LocalKind.FOLD, 11, 10.5),
            ("Australia/Lord_Howe", "2024-04-07T01:29:59", LocalKind.UNAMBIGUOUS, 11, 11),
            ("Australia/Lord_Howe", "2024-04-07T02:00", LocalKind.UNAMBIGUOUS, 10.5, 10.5),
            ("Australia/Lord_Howe", "2024-10-06T02:15", LocalKind.GAP, 10.5, 11),
            ("Australia/Lord_Howe", "2024-10-06T02:30", LocalKind.UNAMBIGUOUS, 11, 11),
            # Dublin (negative DST): winter GMT (+0) is the "daylight" time.  2024-03-31 01:00 GMT
            # -> 02:00 IST (+1): gap; 2024-10-27 02:00 IST -> 01:00 GMT: fold.
            ("Europe/Dublin", "2024-03-31T01:30", LocalKind.GAP, 0, 1),
            ("Europe/Dublin", "2024-10-27T01:30", LocalKind.FOLD, 1, 0),
            ("Europe/Dublin", "2024-01-15T12:00", LocalKind.UNAMBIGUOUS, 0, 0),
            ("Europe/Dublin", "2024-07-15T12:00", LocalKind.UNAMBIGUOUS, 1, 1),
            # Apia skipped 2011-12-30 entirely (-10 -> +14 at midnight).
            ("Pacific/Apia", "2011-12-30T12:00", LocalKind.GAP, -10, 14),
        ],
    )
    def test_classify(self, key, local, kind, before_h, after_h):
        zone = get_zone(key)
        x = us(local)
        want = (kind, int(before_h * H), int(after_h * H))
        scalar = zone.classify_us(x)
        assert (scalar.kind, scalar.offset_before, scalar.offset_after) == want
        vec = zone.classify(np.datetime64(local, "us"))
        assert (LocalKind(int(vec.kind)), int(vec.offset_before), int(vec.offset_after)) == want
        assert oracle.kind(key, x) == kind.name  # second opinion

    @pytest.mark.parametrize(
        "local, gap, fold, want",
        [
            # Gap: "shift" resolves with the offset before the gap (EST, -5): 02:30 + 5 h.
            ("2024-03-10T02:30", "shift", "earlier", "2024-03-10T07:30"),
            ("2024-03-10T02:30", "shift", "later", "2024-03-10T07:30"),
            ("2024-03-10T02:30", "skip", "earlier", None),
            ("2024-03-10T02:30", "skip", "later", None),
            # Fold: 01:30 EDT (-4) is 05:30 UTC, 01:30 EST (-5) an hour later.
            ("2024-11-03T01:30", "shift", "earlier", "2024-11-03T05:30"),
            ("2024-11-03T01:30", "skip", "earlier", "2024-11-03T05:30"),
            ("2024-11-03T01:30", "shift", "later", "2024-11-03T06:30"),
            ("2024-11-03T01:30", "skip", "later", "2024-11-03T06:30"),
            # Unambiguous: policies do not matter.
            ("2024-07-01T12:00", "skip", "later", "2024-07-01T16:00"),
        ],
    )
    def test_new_york_policies(self, local, gap, fold, want):
        ny = get_zone("America/New_York")
        got = ny.to_utc(np.datetime64(local, "us"), gap, fold)
        if want is None:
            assert np.isnat(got)
            assert ny.resolve_us(us(local), gap, fold) is None
        else:
            assert got == np.datetime64(want, "us")
            assert ny.resolve_us(us(local), gap, fold) == us(want)
        assert oracle.resolve("America/New_York", us(local), gap, fold) == (None if want is None else us(want))

    def test_utcoffset_across_new_york_2024(self):
        ny = get_zone("America/New_York")
        instants = np.array(
            ["2024-03-10T06:59:59", "2024-03-10T07:00:00", "2024-11-03T05:59:59", "2024-11-03T06:00:00"], "datetime64[us]"
        )
        assert ny.utcoffset(instants).tolist() == [-5 * H, -4 * H, -4 * H, -5 * H]
