"""The single-date fast paths and stdlib output equal the plain definitions (issue 14).

* ``Core.first_index``/``last_index`` start their search next to the closed-form
  index; here they are compared with a brute-force search over a wide range of
  indices, on wall times next to real DST transitions.
* ``next_date``/``get_dates(1)`` take a shortcut (no window, one converter);
  they equal ``Core.window(t, None, 1)``.
* ``output="datetime"`` gives the same instants, wall times and fold flags as
  the pendulum output, and each date's offset agrees with stdlib zoneinfo.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interval_schedule import IntervalSchedule
from interval_schedule.testing import FAVOURITE_ZONES
from interval_schedule.tz import get_zone

zoneinfo.reset_tzpath(to=[])
US = 1_000_000
DAY = 86400 * US
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = [z for z in FAVOURITE_ZONES if z != "UTC"]


@st.composite
def near_transitions(draw):
    """A schedule (elapsed or wall clock) and a query instant within a few intervals of a real transition."""
    key = draw(st.sampled_from(ZONES + ["Pacific/Apia", "Pacific/Kiritimati"]))
    zone = get_zone(key)
    rows = [i for i in range(1, len(zone.utc_starts)) if 0 <= zone.utc_starts[i] <= 2208988800]
    i = draw(st.sampled_from(rows))
    t = int(zone.utc_starts[i]) * US
    step = draw(st.sampled_from([DAY, DAY + 1, 2 * DAY, 7 * DAY, DAY + 3600 * US, 3600 * US, 900 * US]))
    anchor_wall = t + int(zone.offsets[i]) * US + draw(st.integers(-3 * 3600, 3 * 3600)) * US - draw(st.integers(0, 40)) * step
    s = IntervalSchedule(
        timedelta(microseconds=step),
        datetime(1970, 1, 1) + timedelta(microseconds=anchor_wall),
        key,
        gap=draw(st.sampled_from(["shift", "skip"])),
        fold=draw(st.sampled_from(["earlier", "later"])),
    )
    query = t + draw(st.integers(-3, 3)) * step + draw(st.sampled_from([-1, 0, 1, 1800 * US, -1800 * US]))
    return s, query


def utc_us(d):
    """UTC microseconds of an aware datetime (pendulum's or the stdlib's) from its fields and offset."""
    wall = datetime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond) - datetime(1970, 1, 1)
    return (wall - d.utcoffset()) // timedelta(microseconds=1)


def brute_first(core, t):
    t = max(t, core.lo)
    k = (t - core.anchor_utc_us) // core.interval_us - 10
    while True:
        u = core.raw(k)
        if u is not None and u >= t:
            # nothing earlier in a wide range qualifies either
            assert all(core.raw(j) is None or core.raw(j) < t for j in range(k - 10, k))
            return k
        k += 1


def brute_last(core, t):
    t = min(t, core.hi)
    k = (t - core.anchor_utc_us) // core.interval_us + 10
    while True:
        u = core.raw(k)
        if u is not None and u <= t:
            assert all(core.raw(j) is None or core.raw(j) > t for j in range(k + 1, k + 11))
            return k
        k -= 1


@FAST
@given(near_transitions())
def test_first_and_last_index_equal_a_brute_force_search(case):
    s, t = case
    core = s._core
    assert core.first_index(t) == brute_first(core, t)
    assert core.last_index(t) == brute_last(core, t)


@FAST
@given(near_transitions(), st.sampled_from(["iso", "aware", "datetime64"]))
def test_single_date_paths_equal_the_window(case, form):
    s, t = case
    expected = s._core.window(t, None, 1)
    if form == "iso":
        bound: object = (EPOCH + timedelta(microseconds=t)).isoformat()
    elif form == "aware":
        bound = (EPOCH + timedelta(microseconds=t)).astimezone(zoneinfo.ZoneInfo(s.timezone))
    else:
        import numpy as np

        bound = np.datetime64(t, "us")
    got = s.get_dates(1, bound)
    assert [utc_us(d) for d in got] == expected
    nxt = s.next_date(bound)
    assert (None if nxt is None else utc_us(nxt)) == (expected[0] if expected else None)


@FAST
@given(near_transitions(), st.integers(1, 30))
def test_datetime_output_equals_pendulum_output(case, n):
    s, t = case
    bound = EPOCH + timedelta(microseconds=t)
    pend = s.get_dates(n, bound)
    std = s.get_dates(n, bound, output="datetime")
    assert [type(d) for d in std] == [datetime] * len(std)
    assert [d.isoformat() for d in std] == [d.isoformat() for d in pend]
    assert [d.fold for d in std] == [d.fold for d in pend]
    z = zoneinfo.ZoneInfo(s.timezone)  # independent: the stdlib's own reading of the tzdata package
    for d in std:
        assert d.replace(tzinfo=z).utcoffset() == d.utcoffset()
    one = s.next_date(bound, output="datetime")
    assert (one is None and not pend) or (one.isoformat(), one.fold) == (pend[0].isoformat(), pend[0].fold)


def test_unknown_output_is_refused():
    import pytest

    from interval_schedule.errors import InvalidQueryError

    s = IntervalSchedule(3600, "2024-01-01T00:00:00Z")
    for call in (lambda: s.get_dates(1, "2024-01-01T00:00:00Z", output="str"), lambda: s.next_date("2024-01-01T00:00:00Z", output=1)):
        with pytest.raises(InvalidQueryError, match="unknown output .*'pendulum', 'datetime'"):
            call()


@st.composite
def series_on_region_edges(draw):
    """A wall-clock schedule whose wall times hit a gap or fold edge (within 2 us), and a window start."""
    key = draw(st.sampled_from(ZONES + ["Pacific/Apia", "Pacific/Kiritimati"]))
    zone = get_zone(key)
    lo, hi = zone.regions(0, 2208988800 * US)[:2]  # the gaps and folds of wall-clock years 1970-2039
    r = draw(st.sampled_from([i for i in range(len(lo)) if 0 <= lo[i] <= 2208988800 * US]))
    edge = int(draw(st.sampled_from([lo[r], hi[r]]))) + draw(st.integers(-2, 2))
    step = draw(st.sampled_from([DAY, DAY + 1, DAY - 1 + DAY, 7 * DAY, 30 * DAY, DAY + 3600 * US, 365 * DAY]))
    k = draw(st.integers(0, 50))
    s = IntervalSchedule(
        timedelta(microseconds=step),
        datetime(1970, 1, 1) + timedelta(microseconds=edge - k * step),
        key,
        gap=draw(st.sampled_from(["shift", "skip"])),
        fold=draw(st.sampled_from(["earlier", "later"])),
    )
    start = zone.instant_us(edge - draw(st.integers(0, k)) * step) + draw(st.sampled_from([-1, 0, 1]))
    return s, start


@FAST
@given(series_on_region_edges(), st.integers(1, 400), st.booleans())
def test_wall_series_equal_the_core_on_region_edges(case, n, bounded):
    """The one-buffer wall-clock series (_series._wall_progression) equals Core.window, element for element."""
    from interval_schedule._series import window_us

    s, start = case
    end = start + 40 * s.interval_us if bounded else None
    assert window_us(s._core, start, end, n).tolist() == s._core.window(start, end, n)


@FAST
@given(series_on_region_edges(), st.integers(1, 400), st.booleans(), st.sampled_from([(5, 1, 1), (7, 2, 3), (16, 0, 1), (64, 16, 4)]))
def test_wall_series_in_pieces_equal_the_core(case, n, bounded, sizes):
    """The same, with pieces shrunk so a series of a few dates is cut into many: piece edges on every region edge."""
    from unittest import mock

    from interval_schedule import _series

    s, start = case
    end = start + 40 * s.interval_us if bounded else None
    chunk, one_piece, region_chunk = sizes
    with mock.patch.multiple(_series, CHUNK=chunk, _ONE_PIECE=one_piece, _REGION_CHUNK=region_chunk, _PIECE=max(1, chunk // 2)):
        got = _series.window_us(s._core, start, end, n).tolist()
    assert got == s._core.window(start, end, n)


@pytest.mark.parametrize("gap", ["shift", "skip"])
@pytest.mark.parametrize("hour", [0, 9, 23])
def test_wall_series_over_a_gap_a_step_long(gap, hour):
    """Pacific/Apia skipped 2011-12-30 (a 24 h gap): a daily series lands in it, and with "shift" the shifted time is
    the next occurrence, counted once.  Checked against zoneinfo by hand: the wall dates run ..., 29, 31, ... ."""
    from interval_schedule._series import window_us

    zoneinfo.reset_tzpath(to=[])
    z = zoneinfo.ZoneInfo("Pacific/Apia")
    s = IntervalSchedule(timedelta(days=1), datetime(2011, 12, 20, hour), "Pacific/Apia", gap=gap)
    got = window_us(s._core, s._core.anchor_utc_us, None, 20)
    walls = [datetime(2011, 12, 20, hour) + timedelta(days=i) for i in range(21)]
    want = [w.replace(tzinfo=z) for w in walls if w.date() != datetime(2011, 12, 30).date()][:20]
    assert [int(v) for v in got] == [int((w - datetime(1970, 1, 1, tzinfo=timezone.utc)) / timedelta(microseconds=1)) for w in want]


def test_wall_series_pieces_without_regions():
    """A piece that no gap or fold meets takes the offset between the regions around it (before the first, after the last)."""
    from unittest import mock

    from interval_schedule import _series

    s = IntervalSchedule(timedelta(days=1), "2024-01-01T09:00", "America/New_York")
    start = s._core.anchor_utc_us
    want = s._core.window(start, None, 800)
    with mock.patch.multiple(_series, CHUNK=10, _ONE_PIECE=1, _REGION_CHUNK=1):
        assert _series.window_us(s._core, start, None, 800).tolist() == want


@FAST
@given(
    st.sampled_from(ZONES + ["Pacific/Apia", "Pacific/Kiritimati"]),
    st.sampled_from([DAY, DAY + 3600 * US, 7 * DAY, 30 * DAY]),
    st.integers(0, 120),
    st.integers(1, 60),
    st.sampled_from(["shift", "skip"]),
)
def test_wall_series_near_the_domain_end(key, step, back, n, gap):
    """Unbounded series that start a few steps before year 9999 ends (pieces and rounds against the last index)."""
    from interval_schedule._series import window_us

    s = IntervalSchedule(timedelta(microseconds=step), "2020-01-01T09:00", key, gap=gap)
    start = s._core.hi - back * step
    assert window_us(s._core, start, None, n).tolist() == s._core.window(start, None, n)


@pytest.mark.parametrize("gap", ["shift", "skip"])
def test_apia_lost_day_daily_series(gap):
    # 2011-12-30 does not exist in Pacific/Apia (a 24 h gap): shifted onto the 31st, or skipped; either way one date fewer
    from interval_schedule._series import window_us

    s = IntervalSchedule(timedelta(days=1), "2011-12-01T10:00", "Pacific/Apia", gap=gap)
    start = s._core.anchor_utc_us
    got = window_us(s._core, start, None, 60).tolist()
    assert got == s._core.window(start, None, 60)
    walls = [d.date().isoformat() for d in s.get_dates(60, datetime(2011, 12, 1, tzinfo=timezone.utc))]
    assert "2011-12-30" not in walls and walls.count("2011-12-31") == 1 and len(got) == 60


def test_a_tzinfo_without_an_offset_is_a_naive_bound():
    # datetime.tzinfo subclasses may return None from utcoffset(): such a value is naive (wall time in the zone)
    from datetime import tzinfo

    class NoOffset(tzinfo):
        def utcoffset(self, dt):
            return None

    s = IntervalSchedule(timedelta(days=1), "2024-03-08T09:00", "America/New_York")
    naive = datetime(2024, 3, 10, 8, 0)
    assert s.next_date(naive.replace(tzinfo=NoOffset())) == s.next_date(naive)
    assert s.get_dates(1, naive.replace(tzinfo=NoOffset())) == s.get_dates(1, naive)
    assert s.next_date(naive).isoformat() == "2024-03-10T09:00:00-04:00"


@FAST
@given(
    st.sampled_from(ZONES + ["Pacific/Apia", "Australia/Lord_Howe", "UTC"]),
    st.lists(st.integers(-62135596800 * US, 253402300799 * US), min_size=1, max_size=20),
    st.integers(-3 * 3600 * US, 3 * 3600 * US),
)
def test_wall_at_us_equals_zoneinfo(key, instants, nudge):
    """Zone.wall_at_us (the single-date converter's scalar path, with its hint) against stdlib zoneinfo, call after call."""
    zone = get_zone(key)
    z = zoneinfo.ZoneInfo(key)
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    # neighbours of each instant too: the hint answers those without a search
    lo, hi = zone.domain_us  # instants whose wall time there is in years 1-9999
    for u in [min(max(v, lo), hi) for x in instants for v in (x, x + nudge)]:
        d = (epoch + timedelta(microseconds=u)).astimezone(z)
        local, fold = zone.wall_at_us(u)
        want = (d.replace(tzinfo=None) - datetime(1970, 1, 1)) // timedelta(microseconds=1)
        assert (local, int(fold)) == (want, d.fold)


# ---- the "standard" single-date fast path (issue 14, round 4): an aware stdlib bound, the
# default profile, a kept converter.  Equal strings that are not the interned literals take
# the general path (profile lookup, bound parsing, one_datetime), so the two are compared here.
GENERAL_PROFILE = "".join(["stan", "dard"])
GENERAL_OUTPUT = {"pendulum": "".join(["pend", "ulum"]), "datetime": "".join(["date", "time"])}


def same_date(a, b):
    """Equal and indistinguishable: type, fields, fold, offset and the very tzinfo object."""
    if a is None or b is None:
        return a is None and b is None
    return (type(a), a.isoformat(), a.fold, a.tzinfo, a.utcoffset()) == (type(b), b.isoformat(), b.fold, b.tzinfo, b.utcoffset())


def general_next(s, bound, output):
    assert GENERAL_PROFILE is not "standard"  # noqa: F632 - the point: not the interned literal
    return s.next_date(bound, profile=GENERAL_PROFILE, output=GENERAL_OUTPUT[output])


@st.composite
def on_occurrences(draw):
    """A schedule near a transition and a bound exactly on one of its occurrences, or 1 us either side."""
    s, t = draw(near_transitions())
    k = s._core.first_index(t) + draw(st.integers(-2, 2))
    u = s._core.occurrence(k)
    return s, (t if u is None else u + draw(st.sampled_from([-1, 0, 1])))


def aware_bounds(t, key):
    """The instant t as aware stdlib datetimes: UTC, the schedule's zone (fold set), a fixed offset."""
    utc = EPOCH + timedelta(microseconds=t)
    return [utc, utc.astimezone(zoneinfo.ZoneInfo(key)), utc.astimezone(timezone(timedelta(hours=-3, minutes=-30)))]


@FAST
@given(st.one_of(near_transitions(), on_occurrences()), st.sampled_from(["pendulum", "datetime"]))
def test_standard_fast_path_equals_the_general_path(case, output):
    s, t = case
    expected = s._core.window(t, None, 1)
    for bound in aware_bounds(t, s.timezone):
        fast = s.next_date(bound, output=output)
        assert same_date(fast, general_next(s, bound, output))
        assert (None if fast is None else utc_us(fast)) == (expected[0] if expected else None)
        listed = s.get_dates(1, bound, output=output)
        general = s.get_dates(1, bound, profile=GENERAL_PROFILE, output=GENERAL_OUTPUT[output])
        assert len(listed) == len(general) == len(expected)
        assert all(same_date(a, b) for a, b in zip(listed, general))


@FAST
@given(st.lists(st.one_of(near_transitions(), on_occurrences()), min_size=2, max_size=12), st.sampled_from(["pendulum", "datetime"]))
def test_one_converter_equals_one_datetime_in_any_order(cases, output):
    """One converter fed instants of one zone in any order (its kept stretch reused, or replaced) equals one_datetime."""
    from interval_schedule._convert import one_converter, one_datetime

    key = cases[0][0].timezone
    convert = one_converter(get_zone(key), key, output)
    instants = [u for s, t in cases for u in (t, t + 1, t - 1) if s.timezone == key]
    instants += [u + d for u in instants[:3] for d in (DAY, -DAY, 3600 * US)]
    for u in instants:
        if get_zone(key).domain_us[0] <= u <= get_zone(key).domain_us[1]:
            assert same_date(convert(u), one_datetime(u, key, output))


@pytest.mark.parametrize("output", ["pendulum", "datetime"])
@pytest.mark.parametrize("interval", [timedelta(hours=1), timedelta(days=1), timedelta(minutes=7)])
def test_standard_fast_path_at_the_ends_of_the_domain(interval, output):
    """Bounds at years 1 and 9999: the fast path answers as the general path (None past the end)."""
    s = IntervalSchedule(interval, "2024-01-01T09:00", "America/New_York")
    lo, hi = s._core.lo, s._core.hi
    year1 = datetime(1, 1, 1, tzinfo=timezone.utc)
    for t in (lo - 1, lo, lo + 1, hi - interval // timedelta(microseconds=1), hi - 1, hi, hi + 1):
        try:
            bound = year1 + timedelta(microseconds=t - utc_us(year1))
        except OverflowError:
            continue  # no datetime holds it
        assert same_date(s.next_date(bound, output=output), general_next(s, bound, output))
    assert s.next_date(datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc), output=output) is None


def test_standard_fast_path_leaves_other_bounds_and_the_schedule_alone():
    """A naive stdlib bound is wall time (the general path); the kept state changes no equality, hash or pickle."""
    import pickle

    s = IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00:00-04:00", "America/New_York")
    fresh = IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00:00-04:00", "America/New_York")
    naive = datetime(2024, 11, 3, 1, 30)  # wall time, first pass (fold="earlier")
    assert s.next_date(naive).isoformat() == s.next_date("2024-11-03T01:30").isoformat() == "2024-11-03T01:00:00-05:00"
    s.next_date(datetime(2024, 11, 3, 5, 30, tzinfo=timezone.utc), output="datetime")
    assert s == fresh and hash(s) == hash(fresh) and pickle.loads(pickle.dumps(s)) == s
    with pytest.raises(AttributeError, match="immutable"):
        s._one_pendulum = None


# --- the 400-year cycle (_series._repeat_periods): a series of at least two cycles after the zone's last explicit
# transition computes one cycle and copies it forward.
PERIODIC_ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "Antarctica/Troll"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PERIODIC_ZONES),
    st.sampled_from([7, 21, 63, 189]),
    st.sampled_from([(0, 0), (1, 30), (2, 30), (3, 0), (9, 0), (23, 59)]),
    st.integers(0, 400),
    st.integers(0, 1000),
    st.sampled_from(["shift", "skip"]),
    st.sampled_from(["earlier", "later"]),
)
def test_wall_series_over_400_year_cycles_equal_the_core(key, days, hm, year, extra, gap, fold):
    """Two or more 400-year cycles of a wall-clock series (the cycle copied forward) equal Core.window, date for date."""
    from unittest import mock

    from interval_schedule import _series

    period = 146_097 // days
    s = IntervalSchedule(timedelta(days=days), datetime(2100 + year, 1, 1, *hm), key, gap=gap, fold=fold)
    start = s._core.anchor_utc_us
    n = 2 * period + extra
    with mock.patch.object(_series, "_repeat_periods", wraps=_series._repeat_periods) as spy:
        got = _series.window_us(s._core, start, None, n)
    assert spy.called
    assert got.tolist() == s._core.window(start, None, n)


@pytest.mark.parametrize(
    "key, cycle",
    # Casablanca's footer (+01 all year, since its Ramadan changes end in 2087) changes no offset: no cycle to copy.
    [("America/New_York", True), ("Europe/Dublin", True), ("Africa/Casablanca", False), ("Asia/Gaza", True)],
)
def test_daily_series_over_400_year_cycles(key, cycle):
    """A daily series of 1M dates at 02:30 (6.8 cycles) equals the one computed without the cycle, and zoneinfo at 2000 of its dates."""
    import random
    from unittest import mock

    from interval_schedule import _series

    zoneinfo.reset_tzpath(to=[])
    z = zoneinfo.ZoneInfo(key)
    s = IntervalSchedule(timedelta(days=1), datetime(2100, 3, 1, 2, 30), key)
    start = s._core.anchor_utc_us
    with mock.patch.object(_series, "_repeat_periods", wraps=_series._repeat_periods) as spy:
        got = _series.window_us(s._core, start, None, 1_000_000)
    assert spy.called == cycle
    with mock.patch.object(_series, "_period", return_value=0):
        assert (got == _series.window_us(s._core, start, None, 1_000_000)).all()
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    for i in random.Random(key).sample(range(1_000_000), 2000):
        wall = datetime(2100, 3, 1, 2, 30) + timedelta(days=i)
        if wall.year > 9999:
            continue
        # fold=0 reads a gap time with the offset before the gap ("shift") and a fold time as its first pass ("earlier")
        assert int(got[i]) == (wall.replace(tzinfo=z) - epoch) // timedelta(microseconds=1), (i, wall)
# ---- round 5 (issue 14): an elapsed schedule's kept stretch (_convert.elapsed_next).  Its edges
# are local midnights, offset changes and the end of a fold's second pass; a date in it is found
# in whole seconds after that midnight.  Bounds on and next to each edge, in any order, against
# the general path and Core.window.
STEPS = [3600 * US, 1800 * US, 900 * US, 7 * 60 * US, US, 86399 * US, 5400 * US + 1, 1_500_000, 3600 * US - 1]


@st.composite
def elapsed_on_stretch_edges(draw):
    """An elapsed schedule near a real transition (any anchor microsecond) and bounds around its stretches' edges."""
    key = draw(st.sampled_from(ZONES + ["Pacific/Apia", "Pacific/Kiritimati", "Australia/Lord_Howe"]))
    zone = get_zone(key)
    rows = [i for i in range(1, len(zone.utc_starts)) if 0 <= zone.utc_starts[i] <= 2208988800]
    i = draw(st.sampled_from(rows))
    t = int(zone.utc_starts[i]) * US
    before, after = int(zone.offsets[i - 1]) * US, int(zone.offsets[i]) * US
    step = draw(st.sampled_from(STEPS))
    nudge = draw(st.one_of(st.integers(-3600, 3600).map(lambda x: x * US), st.integers(-3600 * US, 3600 * US)))
    anchor = t + draw(st.integers(-30, 30)) * step + nudge
    s = IntervalSchedule(timedelta(microseconds=step), EPOCH + timedelta(microseconds=anchor), key)
    edges = [t, t + before - after]  # the offset change; the end of a fold's second pass (when after < before)
    for off in (before, after):  # the local midnights around it, in either offset
        day = (t + off) // DAY
        edges += [(day + j) * DAY - off for j in (-1, 0, 1, 2)]
    points = []
    for e in edges:
        first = e + (anchor - e) % step  # the occurrences around each edge
        points += [e, first, first - step, first + step]
    bounds = [p + d for p in points for d in (-1, 0, 1)]
    return s, draw(st.permutations(bounds))


@FAST
@given(elapsed_on_stretch_edges(), st.sampled_from(["pendulum", "datetime"]))
def test_elapsed_stretch_edges_equal_the_general_path(case, output):
    s, bounds = case
    for t in bounds:
        expected = s._core.window(t, None, 1)
        for bound in aware_bounds(t, s.timezone)[:2]:  # UTC, and the zone's own (its fold set)
            fast = s.next_date(bound, output=output)
            assert same_date(fast, general_next(s, bound, output))
            assert (None if fast is None else utc_us(fast)) == (expected[0] if expected else None)
            listed = s.get_dates(1, bound, output=output)
            assert len(listed) == len(expected) and all(same_date(a, fast) for a in listed)


@pytest.mark.parametrize("output", ["pendulum", "datetime"])
@pytest.mark.parametrize("step", STEPS[:6])
@pytest.mark.parametrize("key", ["America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "America/St_Johns", "Pacific/Apia"])
def test_elapsed_walk_through_a_year_equals_the_general_path(key, step, output):
    """A scheduler's loop: each bound is the previous date (or 1 us after it), through 2024's transitions."""
    s = IntervalSchedule(timedelta(microseconds=step), "2024-01-01T00:00:00.250000Z", key)
    zone = get_zone(key)
    t = 1704067200 * US
    starts = [int(u) * US for u in zone.utc_starts if 1704067200 <= u < 1735689600]
    for edge in starts or [t + 180 * DAY]:
        t = edge - 30 * step - DAY // 2
        for j in range(min(200, 2 * DAY // step + 60)):
            bound = EPOCH + timedelta(microseconds=t + j % 2)
            got = s.next_date(bound, output=output)
            assert same_date(got, general_next(s, bound, output))
            t = utc_us(got)


def test_elapsed_next_without_whole_second_offsets():
    """An offset with a fraction of a second (no TZif file has one) gets no stretch: every date by the definition."""
    from interval_schedule._convert import elapsed_next
    from interval_schedule.tz._zone import Period

    off = 3600 * US + 500_000

    class HalfSecondZone:
        def period_at_us(self, u):
            return Period(-(2**63), 2**63 - 1, off, off, -(2**63))

    lo, hi = -62135596800 * US, 253402300799 * US
    after = elapsed_next(HalfSecondZone(), "UTC", "datetime", None, 250_000, 3600 * US, lo, hi)
    for t in (0, 1, 3600 * US, 3600 * US + 250_000, 3600 * US + 250_001, 10**15 + 7):
        u = t + (250_000 - t) % (3600 * US)
        want = datetime(1970, 1, 1) + timedelta(microseconds=u + off)  # the wall time, by hand
        got = after(timedelta(microseconds=t))
        assert got.replace(tzinfo=None) == want and got.fold == 0


@pytest.mark.parametrize("output", ["pendulum", "datetime"])
@pytest.mark.parametrize("interval", [timedelta(hours=1), timedelta(seconds=1, microseconds=500_000), timedelta(minutes=7)])
@pytest.mark.parametrize("key", ["Asia/Kathmandu", "America/New_York", "Pacific/Kiritimati"])
def test_elapsed_fast_path_jumps_between_the_ends_of_the_domain(key, interval, output):
    """A kept stretch in 2024, then bounds at years 1 and 9999 and back (an anchor with microseconds).

    The domain's ends are not always local midnights (New York's last instant is 18:59:59.999999
    local, Kathmandu's first 05:41:16 local), so a stretch there must stop at them.
    """
    s = IntervalSchedule(interval, "2024-01-01T09:00:00.123456", key)
    lo, hi = s._core.lo, s._core.hi
    step = interval // timedelta(microseconds=1)
    near = [lo, lo - 1, lo - step - 1, lo - 3 * 3600 * US, lo + 1, lo + DAY - step, lo + DAY + step]
    near += [hi - DAY - step, hi - DAY + step, hi - step, hi - 1, hi, hi + 1, hi - 2 * step, hi - step // 2]
    year1 = datetime(1, 1, 1, tzinfo=timezone.utc)
    for t in near + [x for u in near for x in (1704099600 * US, u)]:  # in a row, then each after a stretch in 2024
        try:
            bound = year1 + timedelta(microseconds=t - utc_us(year1))
        except OverflowError:
            continue  # no datetime holds it
        assert same_date(s.next_date(bound, output=output), general_next(s, bound, output))


@pytest.mark.parametrize("days, n", [(1, 10), (1, 5000), (7, 3000)])
def test_wall_progression_into_a_given_buffer(days, n):
    """Written into a given buffer (how the 400-year cycle writes its first cycle), a series equals the one returned
    fresh: without a region (ten summer days) and with many, in one piece and in six."""
    import numpy as np

    from interval_schedule import _series

    s = IntervalSchedule(timedelta(days=days), datetime(2024, 6, 1, 9), "America/New_York")
    c = s._core
    fresh, drop = _series._wall_progression(c.anchor_local_us, c.interval_us, n, c.zone, c.gap, c.fold)
    buf = np.full(n + 1, -1, dtype=np.int64)
    got, drop2 = _series._wall_progression(c.anchor_local_us, c.interval_us, n, c.zone, c.gap, c.fold, buf[:n])
    assert np.shares_memory(got, buf) and got.tolist() == fresh.tolist() and drop2.tolist() == drop.tolist()
    assert buf[n] == -1
    assert fresh.tolist() == c.window(c.anchor_utc_us, None, n)
