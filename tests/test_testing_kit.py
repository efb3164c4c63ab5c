"""The hypothesis strategies of ``interval_schedule.testing``, checked against the standard library's zoneinfo.

The kit promises real transitions, datetimes within a distance of them (gap
and fold wall times included), intervals within bounds, and failures that
shrink to readable values.  The oracle is zoneinfo reading the same tzdata
package (tests/oracle.py), so these tests do not trust the library's own zone
tables.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
import zoneinfo
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample

import oracle
from interval_schedule import IntervalSchedule
from interval_schedule.errors import ZoneNotFoundError
from interval_schedule.testing import (
    FAVOURITE_ZONES,
    REPEATABLE,
    SPECIAL_INTERVALS,
    Transition,
    datetimes_near_transitions,
    interval_schedules,
    intervals,
    transitions,
    zone_transitions,
    zones,
)
from interval_schedule.tz import LocalKind, available_zones, get_zone

US = 1_000_000
ONE_US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
EPOCH_NAIVE = datetime(1970, 1, 1)

DEFAULT = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def naive_us(d: datetime) -> int:
    return (d - EPOCH_NAIVE) // ONE_US


def aware_us(d: datetime) -> int:
    return (d - EPOCH) // ONE_US


def check_transition(t: Transition) -> None:
    """t is a real offset change of t.zone, of the stated kind, according to zoneinfo."""
    u = t.utc_us
    assert t.utc.tzinfo is timezone.utc and t.utc.microsecond == 0
    assert oracle.offset_seconds(t.zone, u - 1) == t.offset_before
    assert oracle.offset_seconds(t.zone, u) == t.offset_after
    assert t.offset_before != t.offset_after
    start, end = (naive_us(x) for x in t.wall_times)
    assert end - start == (t.size // ONE_US) > 0
    expected = "GAP" if t.kind == "gap" else "FOLD"
    # the first and the last microsecond of the region are skipped / repeated
    assert oracle.kind(t.zone, start) == expected
    assert oracle.kind(t.zone, end - 1) == expected
    assert get_zone(t.zone).classify_us(start).kind == (LocalKind.GAP if t.kind == "gap" else LocalKind.FOLD)
    assert t.kind == ("gap" if t.offset_after > t.offset_before else "fold")


def zoneinfo_transitions(key: str, year: int) -> list[tuple[int, int, int]]:
    """(UTC second, offset before, offset after) of every offset change in a UTC year, found by zoneinfo alone.

    Offsets are probed every 30 minutes (no zone changes twice within that), and
    each change is located to the second by bisection.
    """
    z = zoneinfo.ZoneInfo(key)

    def offset(s: int) -> int:
        return int((EPOCH + timedelta(seconds=s)).astimezone(z).utcoffset().total_seconds())

    lo = int((datetime(year, 1, 1, tzinfo=timezone.utc) - EPOCH).total_seconds())
    hi = int((datetime(year + 1, 1, 1, tzinfo=timezone.utc) - EPOCH).total_seconds())
    found = []
    prev_s, prev = lo - 1, offset(lo - 1)
    for s in list(range(lo, hi, 1800)) + [hi - 1]:
        cur = offset(s)
        if cur != prev:
            a, b = prev_s, s  # offset(a) == prev, offset(b) == cur
            while b - a > 1:
                m = (a + b) // 2
                a, b = (m, b) if offset(m) == prev else (a, m)
            found.append((b, prev, cur))
        prev_s, prev = s, cur
    return found


# --------------------------------------------------------------------- zones


class TestZones:
    @DEFAULT
    @given(zones())
    def test_keys_are_tzdata_keys(self, key):
        assert key in available_zones()

    @DEFAULT
    @given(zones(dst_only=True))
    def test_dst_zones_change_clocks_both_ways_in_the_2030s(self, key):
        found = zone_transitions(key, 2030, 2039)
        assert {t.kind for t in found} == {"gap", "fold"}
        check_transition(found[0])
        check_transition(found[-1])

    def test_dst_only_leaves_out_zones_without_dst(self):
        # find() explores the whole strategy when nothing satisfies the condition
        for key in ("UTC", "Asia/Tokyo", "America/Sao_Paulo", "Asia/Kolkata"):
            with pytest.raises(NoSuchExample):
                find(zones(dst_only=True), lambda k, key=key: k == key, settings=settings(REPEATABLE, max_examples=2000))

    def test_every_key_can_be_drawn(self):
        for key in ("Africa/Abidjan", "Pacific/Wallis", "Etc/GMT+5"):
            assert find(zones(), lambda k, key=key: k == key, settings=settings(REPEATABLE, max_examples=5000)) == key

    def test_shrinks_to_readable_zones(self):
        assert find(zones(), lambda k: True, settings=REPEATABLE) == "UTC"
        assert find(zones(dst_only=True), lambda k: True, settings=REPEATABLE) == "America/New_York"
        assert find(zones(), lambda k: "/" in k, settings=REPEATABLE) == "America/New_York"
        assert all(k in available_zones() for k in FAVOURITE_ZONES)

    def test_bad_argument(self):
        with pytest.raises(InvalidArgument, match="dst_only"):
            zones(dst_only="yes")


# --------------------------------------------------------------- transitions


class TestTransitions:
    @DEFAULT
    @given(transitions())
    def test_real_transitions_of_dst_zones(self, t):
        check_transition(t)
        assert 1970 <= t.utc.year <= 2037

    @DEFAULT
    @given(transitions(zones(), start_year=1900, end_year=2100))
    def test_real_transitions_of_any_zone(self, t):
        check_transition(t)
        assert 1900 <= t.utc.year <= 2100

    @DEFAULT
    @given(transitions(st.sampled_from(FAVOURITE_ZONES), kind="fold", start_year=2000))
    def test_kind_filter(self, t):  # zones without a fold in the years (UTC, Kiritimati) are rejected
        assert t.kind == "fold"
        check_transition(t)

    @pytest.mark.parametrize(
        "key, year",
        [
            ("America/New_York", 2024),
            ("Europe/London", 2024),
            ("Europe/Dublin", 2024),  # negative DST: the same offsets as London
            ("Australia/Lord_Howe", 2024),  # 30-minute steps
            ("Pacific/Apia", 2011),  # a whole day skipped
            ("Pacific/Kiritimati", 1994),
            ("Africa/Casablanca", 2024),  # Ramadan
            ("America/Sao_Paulo", 2018),
            ("America/Sao_Paulo", 2020),  # abolished: none
            ("Antarctica/Troll", 2024),
            ("Europe/Moscow", 2011),
            ("Europe/Moscow", 2014),
            ("Asia/Gaza", 2030),  # footer rule
            ("America/Nuuk", 2030),
            ("Pacific/Chatham", 2031),
            ("UTC", 2024),
        ],
    )
    def test_the_list_is_complete(self, key, year):
        listed = [(t.utc_us // US, t.offset_before, t.offset_after) for t in zone_transitions(key, year, year)]
        assert listed == zoneinfo_transitions(key, year)

    def test_shrinks_to_the_earliest(self):
        t = find(transitions("Europe/London", start_year=2024), lambda t: True, settings=REPEATABLE)
        assert (t.zone, str(t.local_before), t.kind) == ("Europe/London", "2024-03-31 01:00:00", "gap")

    def test_properties_of_a_transition(self):
        gap, fold = zone_transitions("America/New_York", 2024, 2024)
        assert (gap.local_before, gap.local_after) == (datetime(2024, 3, 10, 2), datetime(2024, 3, 10, 3))
        assert fold.wall_times == (datetime(2024, 11, 3, 1), datetime(2024, 11, 3, 2))
        assert fold.size == timedelta(hours=1) and fold.utc == datetime(2024, 11, 3, 6, tzinfo=timezone.utc)

    @pytest.mark.parametrize(
        "call, message",
        [
            (lambda: transitions("UTC"), "no offset change"),
            (lambda: transitions("America/New_York", start_year=2030, end_year=2020), "after end_year"),
            (lambda: transitions("America/New_York", start_year=0), "start_year"),
            (lambda: transitions("America/New_York", end_year=10000), "end_year"),
            (lambda: transitions("America/New_York", start_year=2024.0), "start_year"),
            (lambda: transitions("America/New_York", kind="jump"), "kind"),
            (lambda: transitions(5), "zone must be"),
            (lambda: zone_transitions("America/New_York", 2024, 2020), "after end_year"),
        ],
    )
    def test_bad_arguments(self, call, message):
        with pytest.raises(InvalidArgument, match=message):
            call()

    def test_unknown_zone_fails_at_once(self):
        with pytest.raises(ZoneNotFoundError):
            transitions("Mars/Olympus")
        with pytest.raises(ZoneNotFoundError):
            datetimes_near_transitions("../../etc/passwd")


# ------------------------------------------------------------ datetimes near


def distance_us(key: str, d: datetime) -> int:
    """How far d is from the zone's nearest transition: in UTC for aware d, on the wall clock for naive d."""
    found = zone_transitions(key, 1969, 2038)
    if d.tzinfo is not None:
        return min(abs(aware_us(d) - t.utc_us) for t in found)
    local = naive_us(d)
    return min(min(abs(local - naive_us(t.local_before)), abs(local - naive_us(t.local_after))) for t in found)


class TestDatetimesNearTransitions:
    @DEFAULT
    @given(st.data(), zones(dst_only=True), st.sampled_from([timedelta(0), timedelta(seconds=1), timedelta(hours=2), timedelta(days=3)]))
    def test_within(self, data, key, within):
        d = data.draw(datetimes_near_transitions(key, within=within))
        assert distance_us(key, d) <= within // ONE_US
        if d.tzinfo is not None:
            # the offset it carries is the one in force, per zoneinfo
            assert d.utcoffset() == d.astimezone(oracle.zi(key)).utcoffset()

    @DEFAULT
    @given(datetimes_near_transitions(aware=True))
    def test_aware(self, d):
        assert d.tzinfo is not None and d.utcoffset() is not None

    @DEFAULT
    @given(datetimes_near_transitions("Australia/Lord_Howe", aware=False, within=timedelta(minutes=45)))
    def test_naive(self, d):
        assert d.tzinfo is None
        assert distance_us("Australia/Lord_Howe", d) <= 45 * 60 * US

    @pytest.mark.parametrize("key", ["America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "Antarctica/Troll"])
    @pytest.mark.parametrize("wanted", ["GAP", "FOLD", "UNAMBIGUOUS"])
    def test_gap_and_fold_wall_times_are_drawn(self, key, wanted):
        found = find(
            datetimes_near_transitions(key, aware=False, start_year=2024, end_year=2024),
            lambda d: oracle.kind(key, naive_us(d)) == wanted,
            settings=REPEATABLE,
        )
        assert oracle.kind(key, naive_us(found)) == wanted

    def test_both_sides_of_an_instant_transition(self):
        strategy = datetimes_near_transitions("America/New_York", aware=True, start_year=2024, end_year=2024)
        before = find(strategy, lambda d: d.utcoffset() == timedelta(hours=-5), settings=REPEATABLE)
        after = find(strategy, lambda d: d.utcoffset() == timedelta(hours=-4), settings=REPEATABLE)
        assert before.isoformat() == "2024-03-10T01:59:59.999999-05:00"  # one microsecond before the gap
        assert after.isoformat() == "2024-03-10T03:00:00-04:00"

    def test_shrinks_to_the_first_wall_time_of_the_gap(self):
        d = find(datetimes_near_transitions("Europe/London", start_year=2024), lambda d: True, settings=REPEATABLE)
        assert d == datetime(2024, 3, 31, 1, 0)

    @pytest.mark.parametrize(
        "kwargs, message",
        [({"within": timedelta(hours=-1)}, "within"), ({"within": 3600}, "within"), ({"aware": "yes"}, "aware")],
    )
    def test_bad_arguments(self, kwargs, message):
        with pytest.raises(InvalidArgument, match=message):
            datetimes_near_transitions("Europe/London", **kwargs)


# ---------------------------------------------------------------- intervals


class TestIntervals:
    @DEFAULT
    @given(st.data(), st.timedeltas(min_value=ONE_US, max_value=timedelta(days=800)),
           st.timedeltas(min_value=ONE_US, max_value=timedelta(days=800)))
    def test_bounds(self, data, a, b):
        lo, hi = min(a, b), max(a, b)
        value = data.draw(intervals(lo, hi))
        assert lo <= value <= hi

    @DEFAULT
    @given(intervals())
    def test_default_bounds(self, value):
        assert timedelta(seconds=1) <= value <= timedelta(days=366)
        IntervalSchedule(value, "2024-01-01T00:00:00Z")  # the library accepts every one

    def test_exact_bounds(self):
        one = timedelta(hours=7, microseconds=3)
        assert find(intervals(one, one), lambda i: True, settings=REPEATABLE) == one

    @pytest.mark.parametrize("special", SPECIAL_INTERVALS)
    def test_special_values_are_drawn(self, special):
        lo = min(special, timedelta(seconds=1))
        assert find(intervals(lo), lambda i: i == special, settings=REPEATABLE) == special

    def test_biased_to_the_24_hour_boundary(self):
        day = timedelta(days=1)
        for near in (day - timedelta(seconds=1), day - ONE_US, day + ONE_US):
            assert near in SPECIAL_INTERVALS
        assert find(intervals(), lambda i: i > timedelta(hours=12), settings=REPEATABLE) == day

    @pytest.mark.parametrize(
        "args, message",
        [
            ((timedelta(0),), "min_value"),
            ((timedelta(hours=-1),), "min_value"),
            ((timedelta(hours=2), timedelta(hours=1)), "more than max_value"),
            ((3600,), "min_value"),
            ((timedelta(seconds=1), timedelta.max), "max_value"),
        ],
    )
    def test_bad_arguments(self, args, message):
        with pytest.raises(InvalidArgument, match=message):
            intervals(*args)


# ---------------------------------------------------------------- schedules


class TestIntervalSchedules:
    @DEFAULT
    @given(interval_schedules())
    def test_anchored_near_a_transition(self, s):
        assert isinstance(s, IntervalSchedule)
        anchor = s.anchor_utc_us
        found = zone_transitions(s.timezone, 1969, 2038)
        # within two days of a transition, plus the shift of an anchor given in a gap
        assert min(abs(anchor - t.utc_us) for t in found) <= 2 * 86_400 * US + max(t.size // ONE_US for t in found)

    @DEFAULT
    @given(interval_schedules("Europe/Dublin", interval=st.just(timedelta(days=1)), gap="skip", fold=st.just("later")))
    def test_fixed_parts(self, s):
        assert (s.timezone, s.interval, s.gap, s.fold) == ("Europe/Dublin", timedelta(days=1), "skip", "later")

    def test_both_policies_are_drawn(self):
        for gap, fold in (("shift", "earlier"), ("skip", "later")):
            s = find(interval_schedules("America/New_York"),
                     lambda s: (s.gap, s.fold) == (gap, fold), settings=REPEATABLE)
            assert (s.gap, s.fold) == (gap, fold)

    def test_shrinks_to_a_readable_schedule(self):
        s = find(interval_schedules("America/New_York", start_year=2024), lambda s: s.is_wall_clock, settings=REPEATABLE)
        assert repr(s) == (
            "IntervalSchedule(interval=datetime.timedelta(days=1), anchor_date='2024-03-10T03:00:00-04:00', "
            "timezone='America/New_York')"
        )

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"zone": "UTC"}, "no offset change"),
            ({"zone": 5}, "zone must be"),
            ({"interval": timedelta(hours=1)}, "interval must be a strategy"),
            ({"gap": "forward"}, "gap must be"),
            ({"fold": "last"}, "fold must be"),
            ({"within": timedelta(days=-1)}, "within"),
        ],
    )
    def test_bad_arguments(self, kwargs, message):
        with pytest.raises(InvalidArgument, match=message):
            interval_schedules(**kwargs)


# ------------------------------------------------------------------- import


def test_missing_hypothesis_gives_a_clear_import_error():
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n"
        "    import interval_schedule.testing\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "pip install 'interval_schedule[testing]'" in proc.stdout
    # the rest of the library does not need hypothesis
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['hypothesis'] = None; import interval_schedule.batch, interval_schedule.cli"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_docs_testing_md_examples_run():
    # docs/testing.md shows users the kit; its examples are doctests (also: pytest --doctest-glob='*.md' docs/testing.md)
    path = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 20


# --------------------------------------------------------------------- slow


@pytest.mark.slow
class TestSlow:
    @SLOW
    @given(transitions(zones(), start_year=1800, end_year=2200))
    def test_transitions_of_every_zone(self, t):
        check_transition(t)

    @pytest.mark.parametrize("key", sorted(FAVOURITE_ZONES))
    def test_lists_complete_2000_to_2040(self, key):
        for year in range(2000, 2041):
            listed = [(t.utc_us // US, t.offset_before, t.offset_after) for t in zone_transitions(key, year, year)]
            assert listed == zoneinfo_transitions(key, year), year
