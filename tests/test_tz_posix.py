"""POSIX TZ strings (the TZif footer): parsing, the dates they name, and the zones they extend.

Expected dates come from the standard library's calendar (``datetime.date``), and
the grammar from POSIX.1-2024 section 8.3 with RFC 9636 section 3.3.1's
extensions (hours -167..167).  The differential test compares every tzdata zone
with a DST footer against zoneinfo far beyond the explicit transitions, where
only the footer rule decides.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import oracle
from interval_schedule.errors import InvalidTZifError
from interval_schedule.tz import available_zones, get_zone, parse_posix_tz, parse_tzif
from interval_schedule.tz._keys import read_tzif_bytes
from interval_schedule.tz._posix import PY_EVENTS_MAX_YEARS, rule_events, rule_events_py, transitions_py

US = 1_000_000
H = 3600
EPOCH = date(1970, 1, 1)


def local_s(d: date, seconds: int = 0) -> int:
    """Wall-clock seconds since 1970 of midnight on *d*, plus *seconds*."""
    return (d - EPOCH).days * 86400 + seconds


def nth_weekday(year: int, month: int, week: int, weekday: int) -> date:
    """Reference for ``Mm.w.d``, via datetime: the *week*-th POSIX *weekday* (0=Sunday), 5 = last."""
    first = date(year, month, 1)
    # datetime: Monday=0 .. Sunday=6; POSIX: Sunday=0 .. Saturday=6.
    day = 1 + (weekday - (first.weekday() + 1) % 7) % 7 + 7 * (week - 1)
    while day > calendar.monthrange(year, month)[1]:  # week 5 when the month has only four: the last one
        day -= 7
    return date(year, month, day)


def start_local(rule_text: str, years) -> list[int]:
    """Local wall-clock seconds of the rule's *start* date and time in each year."""
    rule = parse_posix_tz(rule_text)
    return rule.start.local_seconds(np.array(years)).tolist()


class TestReference:
    """The datetime-based reference itself, against dates read off a calendar."""

    @pytest.mark.parametrize(
        "args, want",
        [
            ((2024, 3, 2, 0), date(2024, 3, 10)),  # US DST start 2024
            ((2024, 11, 1, 0), date(2024, 11, 3)),  # US DST end 2024
            ((2024, 3, 5, 0), date(2024, 3, 31)),  # March 2024 has five Sundays
            ((2024, 2, 5, 4), date(2024, 2, 29)),  # last Thursday of Feb 2024 is the 29th
            ((2023, 2, 5, 4), date(2023, 2, 23)),
        ],
    )
    def test_nth_weekday(self, args, want):
        assert nth_weekday(*args) == want


class TestOffsetsAndNames:
    @pytest.mark.parametrize(
        "text, std_abbr, std, dst_abbr, dst",
        [
            ("UTC0", "UTC", 0, None, None),
            ("EST5EDT,M3.2.0,M11.1.0", "EST", -5 * H, "EDT", -4 * H),  # west positive: EST5 is UTC-5
            ("EST+5EDT,M3.2.0,M11.1.0", "EST", -5 * H, "EDT", -4 * H),  # explicit '+' is the same
            ("EST5EDT4,M3.2.0,M11.1.0", "EST", -5 * H, "EDT", -4 * H),  # explicit DST offset
            ("CET-1CEST,M3.5.0,M10.5.0/3", "CET", H, "CEST", 2 * H),  # DST defaults to one hour ahead
            ("<+0330>-3:30", "+0330", 3 * H + 30 * 60, None, None),  # quoted name with digits and '+'
            ("<+0545>-5:45", "+0545", 5 * H + 45 * 60, None, None),
            ("<-03>3<-02>,M3.2.0,M11.1.0", "-03", -3 * H, "-02", -2 * H),
            ("NST3:30NDT,M3.2.0,M11.1.0", "NST", -(3 * H + 30 * 60), "NDT", -(2 * H + 30 * 60)),
            ("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "+1245", 45900, "+1345", 49500),
            ("LMT0:01:15", "LMT", -75, None, None),  # seconds field
            ("<+14>-14", "+14", 14 * H, None, None),
            ("<-12>12", "-12", -12 * H, None, None),
            ("IST-1GMT0,M10.5.0,M3.5.0/1", "IST", H, "GMT", 0),  # negative DST: "daylight" is behind
            ("<+00>0<+02>-2,M3.5.0/1,M10.5.0/3", "+00", 0, "+02", 2 * H),  # Troll: two-hour DST
        ],
    )
    def test_parse(self, text, std_abbr, std, dst_abbr, dst):
        rule = parse_posix_tz(text)
        assert (rule.std_abbr, rule.std_offset, rule.dst_abbr, rule.dst_offset) == (std_abbr, std, dst_abbr, dst)
        assert rule.has_dst == (dst is not None)

    @pytest.mark.parametrize(
        "time, seconds",
        [
            ("", 2 * H),  # default 02:00
            ("/0", 0),
            ("/-1", -H),  # Nuuk: 23:00 the day before
            ("/1:30:15", H + 30 * 60 + 15),
            ("/24", 24 * H),  # Santiago
            ("/25", 25 * H),
            ("/50", 50 * H),  # Gaza
            ("/167", 167 * H),  # the RFC 9636 maximum
            ("/-167", -167 * H),
            ("/+3", 3 * H),
        ],
    )
    def test_transition_times(self, time, seconds):
        rule = parse_posix_tz(f"AAA0BBB,M3.2.0{time},M11.1.0{time}")
        assert rule.start.time == seconds and rule.end.time == seconds


class TestDates:
    @pytest.mark.parametrize(
        "spec, year, want",
        [
            ("M3.2.0", 2024, date(2024, 3, 10)),
            ("M3.5.0", 2024, date(2024, 3, 31)),  # a fifth Sunday exists: it is the last
            ("M3.5.0", 2025, date(2025, 3, 30)),  # only four Sundays after the 2nd: last = 4th
            ("M2.5.4", 2024, date(2024, 2, 29)),  # last Thursday: Feb 29 in a leap year
            ("M2.5.4", 2023, date(2023, 2, 23)),
            ("M1.1.6", 2022, date(2022, 1, 1)),  # first Saturday is the 1st
            ("M12.5.0", 2023, date(2023, 12, 31)),
            ("J1", 2024, date(2024, 1, 1)),
            ("J59", 2024, date(2024, 2, 28)),
            ("J60", 2024, date(2024, 3, 1)),  # Feb 29 never counted: J60 is Mar 1 ...
            ("J60", 2023, date(2023, 3, 1)),  # ... in leap and non-leap years alike
            ("J365", 2024, date(2024, 12, 31)),
            ("J365", 2023, date(2023, 12, 31)),
            ("0", 2024, date(2024, 1, 1)),  # n is 0-based
            ("58", 2024, date(2024, 2, 28)),
            ("59", 2024, date(2024, 2, 29)),  # and counts Feb 29
            ("59", 2023, date(2023, 3, 1)),
            ("60", 2024, date(2024, 3, 1)),
            ("365", 2024, date(2024, 12, 31)),  # day 365 exists only in leap years
        ],
    )
    def test_date(self, spec, year, want):
        assert start_local(f"AAA0BBB,{spec}/0,J365", [year]) == [local_s(want)]

    @settings(max_examples=300, deadline=None)
    @given(
        years=st.lists(st.integers(1, 9999), min_size=1, max_size=5),
        month=st.integers(1, 12),
        week=st.integers(1, 5),
        weekday=st.integers(0, 6),
    )
    @example(years=[9999], month=12, week=5, weekday=6)
    @example(years=[1, 2000, 2100], month=2, week=5, weekday=0)
    def test_month_week_day_matches_datetime(self, years, month, week, weekday):
        got = start_local(f"AAA0BBB,M{month}.{week}.{weekday}/0,J365", years)
        assert got == [local_s(nth_weekday(y, month, week, weekday)) for y in years]

    @settings(max_examples=200, deadline=None)
    @given(years=st.lists(st.integers(1, 9999), min_size=1, max_size=5), n=st.integers(1, 365))
    @example(years=[1900, 2000, 2100, 2400], n=60)
    def test_julian_day_matches_datetime(self, years, n):
        # Jn counts days 1..365 of a year without Feb 29: the n-th day of 2023 (not leap),
        # shifted to the target year.
        def want(y):
            d = date(2023, 1, 1) + timedelta(days=n - 1)
            return local_s(date(y, d.month, d.day))

        assert start_local(f"AAA0BBB,J{n}/0,J365", years) == [want(y) for y in years]

    @settings(max_examples=200, deadline=None)
    @given(years=st.lists(st.integers(1, 9999), min_size=1, max_size=5), n=st.integers(0, 364))
    @example(years=[1900, 2000, 2100, 2400], n=59)
    def test_zero_based_day_matches_datetime(self, years, n):
        assert start_local(f"AAA0BBB,{n}/0,J365", years) == [local_s(date(y, 1, 1) + timedelta(days=n)) for y in years]

    def test_time_is_added_to_the_date(self):
        # /-1 on Sunday 2024-03-31 is Saturday 23:00; /167 is the next Saturday 23:00.
        assert start_local("AAA0BBB,M3.5.0/-1,J365", [2024]) == [local_s(date(2024, 3, 30), 23 * H)]
        assert start_local("AAA0BBB,M3.5.0/167,J365", [2024]) == [local_s(date(2024, 4, 6), 23 * H)]


class TestTransitions:
    def test_new_york_2024(self):
        # Second Sunday of March 02:00 EST = 07:00 UTC; first Sunday of November 02:00 EDT = 06:00 UTC.
        times, offsets = parse_posix_tz("EST5EDT,M3.2.0,M11.1.0").transitions(2024, 2024)
        assert times.tolist() == [local_s(date(2024, 3, 10), 7 * H), local_s(date(2024, 11, 3), 6 * H)]
        assert offsets.tolist() == [-4 * H, -5 * H]

    def test_southern_hemisphere_sorted(self):
        # Lord Howe: DST (+11) ends the first Sunday of April at 02:00 +11 = Apr 6 15:00 UTC;
        # starts the first Sunday of October at 02:00 +10:30 = Oct 5 15:30 UTC.  Time order,
        # not rule order.
        times, offsets = parse_posix_tz("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0").transitions(2024, 2024)
        assert times.tolist() == [local_s(date(2024, 4, 6), 15 * H), local_s(date(2024, 10, 5), 15 * H + 30 * 60)]
        assert offsets.tolist() == [10 * H + 30 * 60, 11 * H]

    def test_year_9999(self):
        # The rule works to the end of the supported range (dates from datetime).
        times, _ = parse_posix_tz("EST5EDT,M3.2.0,M11.1.0").transitions(9999, 9999)
        assert times.tolist() == [
            local_s(nth_weekday(9999, 3, 2, 0), 7 * H),
            local_s(nth_weekday(9999, 11, 1, 0), 6 * H),
        ]

    def test_all_year_dst_has_no_standard_time(self):
        # EST5EDT,0/0,J365/25: each year's end (Jan 1 05:00 UTC) is the next year's start:
        # only DST offsets remain, except after the last year's end.
        times, offsets = parse_posix_tz("EST5EDT,0/0,J365/25").transitions(2020, 2030)
        assert set(offsets[:-1].tolist()) == {-4 * H}
        assert offsets[-1] == -5 * H and times[-1] == local_s(date(2031, 1, 1), 5 * H)

    def test_no_dst_no_transitions(self):
        times, offsets = parse_posix_tz("<+0545>-5:45").transitions(2000, 2100)
        assert times.size == 0 and offsets.size == 0


class TestMalformed:
    @pytest.mark.parametrize(
        "text",
        [
            "",
            "EST",  # no offset
            "5EST",
            "ES5",  # names need three letters
            "<+3>-3",  # quoted names too
            "<+03-3",  # unclosed quote
            "E1T5",
            "EST5EDT",  # DST named, no rule
            "EST5EDT,M3.2.0",  # one date
            "EST5EDT,M3.2.0,M11.1.0,M12.1.0",
            "EST5EDT,M0.1.0,M11.1.0",  # month 0
            "EST5EDT,M13.1.0,M11.1.0",
            "EST5EDT,M3.0.0,M11.1.0",  # week 0
            "EST5EDT,M3.6.0,M11.1.0",
            "EST5EDT,M3.2.7,M11.1.0",  # weekday 7
            "EST5EDT,J0,M11.1.0",  # J is 1-based
            "EST5EDT,J366,M11.1.0",
            "EST5EDT,366,M11.1.0",  # n is 0..365
            "EST5EDT,M3.2.0/168,M11.1.0",  # beyond 167 hours
            "EST5EDT,M3.2.0/-168,M11.1.0",
            "EST5EDT,M3.2.0/2:60,M11.1.0",
            "EST5EDT,M3.2.0/2:00:60,M11.1.0",
            "EST25",  # offsets stop at 24 hours
            "EST5:60",
            "EST5EDT25,M3.2.0,M11.1.0",
            "EST5 ",
            " EST5",
            "EST5\n",
            "EST\u0665",  # ARABIC-INDIC DIGIT FIVE: only ASCII digits count
            "EST5EDT,M3.2.0/\uff12,M11.1.0",  # FULLWIDTH DIGIT TWO
            # hh[:mm[:ss]]: only the hours may have one digit (CPython's zoneinfo test cases)
            "AAA4:0BBB,J60/2,J300/2",  # one-digit minutes in the standard offset
            "AAA4BBB5:0,J60/2,J300/2",  # ... in the daylight offset
            "AAA4BBB,J60/2:0,J300/2",  # ... in a transition time
            "AAA4BBB,J60/2,J300/2:00:0",  # one-digit seconds in a transition time
            "FOO+01:9:03",  # one-digit minutes before seconds
            "FOO+01:09:3",  # one-digit seconds
            "FOO+01:009",  # three-digit minutes
        ],
    )
    def test_refused(self, text):
        with pytest.raises(InvalidTZifError):
            parse_posix_tz(text)

    @pytest.mark.parametrize(
        "text, std",
        [
            ("AAA4:00BBB,J60/2,J300/2", -4 * 3600),  # the same strings with two-digit fields parse
            ("FOO+01:09:03", -(3600 + 9 * 60 + 3)),
            ("FOO-1", 3600),  # a one-digit hour is fine
            ("FOO+100:00", None),  # three-digit hours only for times (refused as out of range)
        ],
    )
    def test_two_digit_fields_accepted(self, text, std):
        if std is None:
            with pytest.raises(InvalidTZifError, match="out of range"):
                parse_posix_tz(text)
        else:
            assert parse_posix_tz(text).std_offset == std

    def test_error_is_a_value_error_naming_the_string(self):
        with pytest.raises(ValueError, match="M13"):
            parse_posix_tz("EST5EDT,M13.1.0,M11.1.0")


# ----------------------------------------------------- zones against zoneinfo

Y2040 = local_s(date(2040, 1, 1))
# zoneinfo computes local datetimes: stop a day short of 10000-01-01 to stay in range.
Y9999_END = local_s(date(9999, 12, 30))


def _footer(key: str) -> str:
    return parse_tzif(read_tzif_bytes(key)).footer


DST_FOOTER_ZONES = sorted(k for k in available_zones() if (f := _footer(k)) and parse_posix_tz(f).has_dst)


def _check_far_future(key: str, n_random: int, n_years: int | None, seed: int) -> None:
    """Offsets at random instants, and one second either side of the rule's transitions in
    *n_years* random years (every year when None), 2040-9999, against zoneinfo."""
    zone = get_zone(key)
    rng = np.random.default_rng(seed)
    starts = zone.utc_starts[(zone.utc_starts >= Y2040) & (zone.utc_starts < Y9999_END)]
    if n_years is not None:
        years = np.datetime64("1970", "Y") + rng.integers(2040 - 1970, 9999 - 1970, n_years)
        year_of = starts.astype("datetime64[s]").astype("datetime64[Y]")
        starts = starts[np.isin(year_of, years)]
    instants = np.concatenate([(starts[:, None] + np.array([-1, 0])).ravel(), rng.integers(Y2040, Y9999_END, n_random)])
    instants = instants * US + rng.integers(0, US, instants.size)
    got = zone.utcoffset(instants)
    want = np.array([oracle.offset_seconds(key, int(u)) for u in instants])
    bad = np.flatnonzero(got != want)
    assert not bad.size, (
        f"{key}: at {instants[bad[:5]].astype('datetime64[us]')} got {got[bad[:5]]}, zoneinfo {want[bad[:5]]}"
    )


def test_there_are_dst_footer_zones():
    assert len(DST_FOOTER_ZONES) > 100
    assert {"America/New_York", "Europe/Dublin", "Asia/Gaza", "America/Nuuk", "Australia/Lord_Howe"} <= set(DST_FOOTER_ZONES)


@pytest.mark.parametrize("key", DST_FOOTER_ZONES)
def test_footer_zone_far_future_matches_zoneinfo(key):
    _check_far_future(key, n_random=30, n_years=2, seed=sum(map(ord, key)))


@pytest.mark.slow
@pytest.mark.parametrize("key", DST_FOOTER_ZONES)
def test_footer_zone_far_future_matches_zoneinfo_exhaustive(key):
    _check_far_future(key, n_random=2000, n_years=None, seed=sum(map(ord, key)) + 1)


# ---------------------------------------------- the plain-integer expansion

_DATES = st.one_of(
    st.builds(lambda m, w, d: f"M{m}.{w}.{d}", st.integers(1, 12), st.integers(1, 5), st.integers(0, 6)),
    st.builds(lambda n: f"J{n}", st.integers(1, 365)),
    st.builds(str, st.integers(0, 365)),
)
_TIMES = st.one_of(st.just(""), st.builds(lambda h: f"/{h}", st.integers(-167, 167)), st.builds(lambda h, m: f"/{h}:{m:02d}", st.integers(-167, 167), st.integers(0, 59)))


@st.composite
def dst_rules(draw) -> str:
    """A POSIX TZ string with DST: offsets up to 24 h either way, any date form, times -167..167 h."""
    std = draw(st.integers(-24, 24))
    dst = draw(st.one_of(st.just(""), st.builds(str, st.integers(-24, 24))))
    return f"AAA{std}BBB{dst},{draw(_DATES)}{draw(_TIMES)},{draw(_DATES)}{draw(_TIMES)}"


class TestPythonEvents:
    """``transitions_py`` (how zones are loaded, on Python ints) gives exactly ``PosixRule.transitions`` (numpy)."""

    @pytest.mark.parametrize("footer", sorted({_footer(k) for k in available_zones()} - {""}))
    def test_every_tzdata_footer(self, footer):
        rule = parse_posix_tz(footer)
        for first, last in [(-1, 2052), (1900, 2100), (2006, 2406), (9600, 10000), (2024, 2023)]:
            times, offsets = rule.transitions(first, last)
            assert transitions_py(rule, first, last) == (times.tolist(), offsets.tolist()), (first, last)

    @settings(max_examples=400, deadline=None)
    @given(dst_rules(), st.integers(-1, 10000), st.integers(0, 30))
    @example("EST5EDT,0/0,J365/25", 2020, 5)  # all-year DST: coinciding events, the later one kept
    @example("AAA3BBB,M2.5.6/-167,M2.1.0/167", 1999, 4)  # events pushed out of their year, out of rule order
    @example("AAA-24BBB24,J59/-167,J60/167", -1, 3)
    def test_random_rules(self, text, first, length):
        rule = parse_posix_tz(text)
        times, offsets = rule.transitions(first, first + length)
        assert transitions_py(rule, first, first + length) == (times.tolist(), offsets.tolist())

    def test_cached_spans_and_the_numpy_fallback(self):
        rule = parse_posix_tz("CET-1CEST,M3.5.0,M10.5.0/3")
        times, offsets = rule_events(rule, 2000, 2050)
        got = rule_events_py(rule, 2000, 2050)
        assert got is not None and list(got[0]) == times.tolist() and list(got[1]) == offsets.tolist()
        assert rule_events_py(rule, 2000, 2050) is got  # cached
        assert rule_events_py(rule, 2000, 2000 + PY_EVENTS_MAX_YEARS) is not None
        assert rule_events_py(rule, 2000, 2001 + PY_EVENTS_MAX_YEARS) is None  # long spans are numpy's
