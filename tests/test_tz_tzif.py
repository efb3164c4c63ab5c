"""The TZif parser and the zone built from it, on synthetic files and on broken bytes.

Synthetic zones are written with :mod:`tzif_writer` and read back through
``Zone.from_tzif(key, parse_tzif(data))``.  Every expected offset is worked out
by hand from the file's transitions and the POSIX footer rule (RFC 9636
section 3.3, POSIX TZ); the reasoning is in the comment next to each case.
Weekdays were checked with the standard library's ``datetime.date.weekday``.
"""

from __future__ import annotations

import io
import struct
import zoneinfo
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from interval_schedule.errors import InvalidTZifError
from interval_schedule.tz import LocalKind, Zone, parse_posix_tz, parse_tzif
from interval_schedule.tz._keys import read_tzif_bytes
from interval_schedule.tz._tzif import read_rows
from interval_schedule.tz._zone import HORIZON_YEAR, _rows_py, _table, _table_fast
from tzif_writer import header, write_tzif

US = 1_000_000
H = 3600


def utc_s(iso: str) -> int:
    """Seconds since 1970 of a UTC ISO date-time."""
    return int(np.datetime64(iso, "s").astype(np.int64))


def build(transitions=(), types=((0, False, "UTC"),), footer="", version=2, **kw) -> Zone:
    return Zone.from_tzif("Test/Synthetic", parse_tzif(write_tzif(transitions, types, footer, version, **kw)))


def assert_offsets(zone: Zone, cases: dict[str, int]) -> None:
    """Each UTC ISO instant has the given offset (seconds), by the scalar and the vector lookup."""
    instants = np.array([utc_s(iso) * US for iso in cases])
    want = list(cases.values())
    assert [zone.offset_at_us(int(u)) // US for u in instants] == want
    assert zone.utcoffset(instants).tolist() == want


def kind_at(zone: Zone, local_iso: str) -> LocalKind:
    return LocalKind(int(zone.classify(np.datetime64(local_iso, "us")).kind))


class TestWriter:
    """The test writer itself, read back by an independent reader (the standard library's zoneinfo)."""

    @pytest.mark.parametrize("version", [1, 2, 3, 4])
    @pytest.mark.parametrize("v1", ["stub", "full"])
    def test_zoneinfo_reads_what_we_write(self, version, v1):
        t1, t2 = utc_s("2001-09-09T01:46:40"), utc_s("2002-01-01T00:00:00")
        data = write_tzif(
            [(t1, 1), (t2, 0)], [(H, False, "CET"), (2 * H, True, "CEST")], footer="CET-1", version=version, v1=v1
        )
        zi = zoneinfo.ZoneInfo.from_file(io.BytesIO(data))
        for t, want in [(t1 - 1, H), (t1, 2 * H), (t2 - 1, 2 * H), (t2, H), (t2 + 10**9, H)]:
            got = datetime.fromtimestamp(t, timezone.utc).astimezone(zi).utcoffset().total_seconds()
            assert got == want

    def test_stub_is_what_the_tzdata_wheel_ships(self):
        # The slim v1 block: 44-byte header (typecnt=1, charcnt=1), one 6-byte type, one NUL.
        real = read_tzif_bytes("America/New_York")
        ours = write_tzif(types=[(0, False, "X")], footer="X0")
        assert ours[:51] == real[:51]


class TestSyntheticZones:
    def test_v1_only_file(self):
        # Two transitions, both in 32-bit range; the first at -2**31 proves times are
        # read as *signed* (unsigned it would be 2**31, after 0: not increasing).
        # Before the first transition: the first standard type (+1 h), as zoneinfo does.
        data = parse_tzif(write_tzif([(-(2**31), 1), (0, 0)], [(H, False, "CET"), (2 * H, True, "CEST")], version=1))
        assert data.version == 1 and data.footer == ""
        assert data.trans_utc.tolist() == [-(2**31), 0]
        assert_offsets(
            Zone.from_tzif("Test/V1", data),
            {
                "1901-12-13T20:45:51": H,  # -2**31 - 1
                "1901-12-13T20:45:52": 2 * H,  # -2**31: CEST
                "1969-12-31T23:59:59": 2 * H,
                "1970-01-01T00:00:00": H,  # back to CET, and no footer: CET for ever
                "9999-12-31T23:59:59": H,
            },
        )

    def test_v2_reads_the_64_bit_block_not_the_32_bit_one(self):
        # A file whose full 32-bit block (A: +1 h from 1970) differs from its 64-bit
        # block (B: -1 h from 1800): a v2+ reader skips the v1 block and uses B (RFC 9636).
        a = write_tzif([(0, 1)], [(0, False, "AAA"), (H, False, "CCC")], footer="CCC-1", v1="full")
        t0 = utc_s("1800-01-01T00:00:00")
        b = write_tzif([(t0, 1)], [(0, False, "AAA"), (-H, False, "BBB")], footer="BBB1")
        data = a[: _second_header_pos(a)] + b[_second_header_pos(b) :]
        info = parse_tzif(data)
        assert info.trans_utc.tolist() == [t0] and info.footer == "BBB1"
        assert_offsets(Zone.from_tzif("Test/TwoBlocks", info), {"1799-12-31T23:59:59": 0, "1900-01-01": -H, "2024-01-01": -H})

    def test_empty_footer_last_type_continues(self):
        # One transition to BBB (-2 h) and an empty footer: BBB to the end of year 9999.
        t1 = utc_s("2000-01-01T00:00:00")
        zone = build([(t1, 1)], [(0, False, "AAA"), (-2 * H, False, "BBB")], footer="")
        assert_offsets(
            zone,
            {"1999-12-31T23:59:59": 0, "2000-01-01T00:00:00": -2 * H, "2500-06-01": -2 * H, "9999-12-31T23:59:59": -2 * H},
        )

    def test_no_transitions_no_footer_is_the_only_type(self):
        zone = build([], [(5 * H + 45 * 60, False, "XYZ")], footer="")
        assert zone.is_fixed
        assert_offsets(zone, {"0001-01-01": 20700, "2024-01-01": 20700, "9999-12-31T23:59:59": 20700})

    def test_footer_start_spills_into_next_year(self):
        # <-03>3<-02>,M12.5.0/50,M3.1.0: standard -3 h, DST -2 h.
        # DST starts on the last Sunday of December at 50:00 standard time; in 2023
        # that Sunday is Dec 31, so DST starts 2024-01-02 02:00 -03 = 05:00 UTC --
        # in the *next* year.  DST ends on the first Sunday of March at 02:00 -02;
        # 2024-03-03 is that Sunday: 04:00 UTC.  In 2024 the last December Sunday
        # is Dec 29, +50 h = Dec 31 02:00 -03 = 05:00 UTC.
        # (zoneinfo only looks at the rule's events of the instant's own year and
        # gets 2024-01-01 wrong: DST had not started yet.)
        zone = build([], [(-3 * H, False, "-03"), (-2 * H, True, "-02")], footer="<-03>3<-02>,M12.5.0/50,M3.1.0")
        assert_offsets(
            zone,
            {
                "2023-12-31T12:00:00": -3 * H,
                "2024-01-01T12:00:00": -3 * H,  # the spilled start is still ahead
                "2024-01-02T04:59:59": -3 * H,
                "2024-01-02T05:00:00": -2 * H,
                "2024-03-03T03:59:59": -2 * H,
                "2024-03-03T04:00:00": -3 * H,
                "2024-12-31T04:59:59": -3 * H,
                "2024-12-31T05:00:00": -2 * H,
            },
        )
        # The wall-clock gap of the spilled start: 2024-01-02 02:00 -> 03:00.
        assert kind_at(zone, "2024-01-02T02:30") == LocalKind.GAP
        assert kind_at(zone, "2024-01-01T02:30") == LocalKind.UNAMBIGUOUS

    def test_footer_end_spills_into_next_year(self):
        # AAA0BBB,J335/0,J365/30: standard UTC+0, DST +1 h (the default: one hour ahead).
        # J335 is Dec 1 (Feb 29 never counted), start 00:00 UTC.  The end, J365 = Dec 31
        # at 30:00 DST, is 2024-01-01 06:00 +01 = 05:00 UTC for the 2023 rule.
        zone = build([], [(0, False, "AAA"), (H, True, "BBB")], footer="AAA0BBB,J335/0,J365/30")
        assert_offsets(
            zone,
            {
                "2023-11-30T23:59:59": 0,
                "2023-12-01T00:00:00": H,
                "2024-01-01T03:00:00": H,  # still the 2023 DST period
                "2024-01-01T04:59:59": H,
                "2024-01-01T05:00:00": 0,
                "2024-12-01T00:00:00": H,  # 2024 is a leap year; J335 is still Dec 1
            },
        )

    def test_all_year_dst(self):
        # EST5EDT,0/0,J365/25 (RFC 9636 3.3.1's example of all-year DST): DST starts
        # Jan 1 00:00 EST = 05:00 UTC and ends Dec 31 25:00 EDT = Jan 1 01:00 EDT =
        # 05:00 UTC -- the instant the next year's DST starts.  So always -4 h.
        zone = build([], [(-4 * H, True, "EDT"), (-5 * H, False, "EST")], footer="EST5EDT,0/0,J365/25", version=3)
        cases = {f"{y}-01-01T05:00:00": -4 * H for y in (1, 1970, 2024, 2025, 9999)}
        cases.update({f"{y}-01-01T04:59:59": -4 * H for y in (2, 2024, 9999)})
        cases.update({"2024-07-01": -4 * H, "9999-12-31T23:59:59": -4 * H})
        assert_offsets(zone, cases)

    def test_all_year_dst_after_explicit_transitions(self):
        # The last explicit transition (2000-01-01, to EST) is followed by the all-year-DST
        # footer: EST at that instant, EDT from one second later, since the footer governs
        # the instants *after* the last transition (RFC 9636 3.3).
        t1 = utc_s("2000-01-01T00:00:00")
        zone = build([(t1, 1)], [(-4 * H, True, "EDT"), (-5 * H, False, "EST")], footer="EST5EDT,0/0,J365/25", version=3)
        assert_offsets(zone, {"1999-12-31T23:59:59": -5 * H, "2000-01-01T00:00:00": -5 * H, "2000-01-01T00:00:01": -4 * H, "2030-01-01T05:00:00": -4 * H})

    def test_negative_dst_dublin_style(self):
        # IST-1GMT0,M10.5.0,M3.5.0/1: "standard" IST is +1 h, "daylight" GMT is +0 --
        # negative DST, in force in winter.  Winter starts the last Sunday of October
        # at 02:00 IST = 01:00 UTC (2024-10-27); it ends the last Sunday of March at
        # 01:00 GMT = 01:00 UTC (2024-03-31).
        zone = build([], [(H, False, "IST"), (0, True, "GMT")], footer="IST-1GMT0,M10.5.0,M3.5.0/1")
        assert_offsets(
            zone,
            {
                "2024-01-15T12:00:00": 0,  # winter
                "2024-03-31T00:59:59": 0,
                "2024-03-31T01:00:00": H,
                "2024-07-01T12:00:00": H,  # summer
                "2024-10-27T00:59:59": H,
                "2024-10-27T01:00:00": 0,
            },
        )
        # Wall clock: 01:00 GMT -> 02:00 IST in March (gap), 02:00 IST -> 01:00 GMT in October (fold).
        assert kind_at(zone, "2024-03-31T01:30") == LocalKind.GAP
        assert kind_at(zone, "2024-10-27T01:30") == LocalKind.FOLD

    def test_v3_hours_beyond_24(self):
        # Gaza's footer EET-2EEST,M3.4.4/50,M10.4.4/50: the fourth Thursday at 50:00,
        # i.e. Saturday 02:00.  2024: Thursday Mar 28 -> Sat Mar 30 02:00 +02 = 00:00 UTC;
        # Thursday Oct 24 -> Sat Oct 26 02:00 +03 = Oct 25 23:00 UTC.
        data = parse_tzif(write_tzif([], [(2 * H, False, "EET"), (3 * H, True, "EEST")], "EET-2EEST,M3.4.4/50,M10.4.4/50", 3))
        assert data.version == 3
        zone = Zone.from_tzif("Test/Gaza", data)
        assert_offsets(
            zone,
            {
                "2024-03-29T23:59:59": 2 * H,
                "2024-03-30T00:00:00": 3 * H,
                "2024-10-25T22:59:59": 3 * H,
                "2024-10-25T23:00:00": 2 * H,
            },
        )

    def test_v3_negative_time(self):
        # Nuuk's footer <-02>2<-01>,M3.5.0/-1,M10.5.0/0: DST starts the last Sunday of
        # March at -1:00, i.e. Saturday 23:00 -02 = Sunday 01:00 UTC (2024-03-31); it ends
        # the last Sunday of October at 00:00 -01 = 01:00 UTC (2024-10-27).
        zone = build([], [(-2 * H, False, "-02"), (-H, True, "-01")], "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 3)
        assert_offsets(
            zone,
            {
                "2024-03-31T00:59:59": -2 * H,
                "2024-03-31T01:00:00": -H,
                "2024-10-27T00:59:59": -H,
                "2024-10-27T01:00:00": -2 * H,
            },
        )
        # The gap is on the *Saturday* evening: 23:00 -> 00:00.
        assert kind_at(zone, "2024-03-30T23:30") == LocalKind.GAP
        assert kind_at(zone, "2024-03-31T00:30") == LocalKind.UNAMBIGUOUS

    def test_rule_event_one_second_after_last_transition(self):
        # The footer governs instants *after* the last explicit transition (RFC 9636 3.3):
        # here 2024-03-10 06:59:59 UTC to EST, and the rule's DST start (second Sunday of
        # March, 02:00 EST = 07:00 UTC) one second later must take effect at 07:00.
        t = utc_s("2024-03-10T07:00:00")
        zone = build([(t - 1, 0)], [(-5 * H, False, "EST"), (-4 * H, True, "EDT")], "EST5EDT,M3.2.0,M11.1.0")
        assert_offsets(zone, {"2024-03-10T06:59:59": -5 * H, "2024-03-10T07:00:00": -4 * H, "2024-06-01": -4 * H})

    def test_footer_differs_from_last_type_until_next_event(self):
        # The last transition says EST in July, but the footer rule says EDT then:
        # the rule wins from one second after that transition (zoneinfo does the same).
        t = utc_s("2024-07-01T00:00:00")
        zone = build([(t, 0)], [(-5 * H, False, "EST"), (-4 * H, True, "EDT")], "EST5EDT,M3.2.0,M11.1.0")
        assert_offsets(zone, {"2024-07-01T00:00:00": -5 * H, "2024-07-01T00:00:01": -4 * H, "2024-11-03T06:00:00": -5 * H})

    def test_big_bang_transition(self):
        # zic writes -2**59 as a "big bang" transition.  Times that far out are clipped,
        # never scaled to microseconds (int64 overflow); B (-1 h) holds from then to 1970.
        zone = build([(-(2**59), 1), (0, 0)], [(0, False, "AAA"), (-H, False, "BBB")], "AAA0")
        assert_offsets(zone, {"0001-01-01T00:00:00": -H, "1969-12-31T23:59:59": -H, "1970-01-01": 0, "9999-12-31": 0})

    def test_leap_second_records_are_skipped(self):
        data = write_tzif([(0, 1)], [(0, False, "AAA"), (H, False, "BBB")], footer="BBB-1", leaps=[(78796800, 1), (94694401, 2)])
        zone = Zone.from_tzif("Test/Leap", parse_tzif(data))
        assert_offsets(zone, {"1969-12-31T23:59:59": 0, "1970-01-01": H, "2024-01-01": H})


# ----------------------------------------------------------------- malformed

GOOD = write_tzif([(0, 1), (10**9, 0)], [(0, False, "AAA"), (H, True, "BBB")], "AAA0BBB,M3.5.0,M10.5.0")


def _patch(data: bytes, pos: int, new: bytes) -> bytes:
    return data[:pos] + new + data[pos + len(new) :]


def _second_header_pos(data: bytes) -> int:
    return data.index(b"TZif", 4)


class TestMalformed:
    def test_good_baseline_parses(self):
        Zone.from_tzif("Test/Good", parse_tzif(GOOD))

    @pytest.mark.parametrize(
        "data",
        [
            pytest.param(_patch(GOOD, 0, b"TZiF"), id="bad-magic"),
            pytest.param(_patch(GOOD, 0, b"\x00\x00\x00\x00"), id="nul-magic"),
            pytest.param(_patch(GOOD, _second_header_pos(GOOD), b"TZIF"), id="bad-second-magic"),
            pytest.param(_patch(GOOD, 4, b"1"), id="version-1-as-ascii"),  # v1 is NUL, not "1"
            pytest.param(_patch(GOOD, 4, b"5"), id="version-5"),
            pytest.param(_patch(GOOD, 4, b" "), id="version-space"),
            pytest.param(_patch(GOOD, _second_header_pos(GOOD) + 4, b"3"), id="headers-disagree"),
            pytest.param(b"", id="empty"),
            pytest.param(b"TZif", id="magic-only"),
        ],
    )
    def test_bad_header(self, data):
        with pytest.raises(InvalidTZifError):
            parse_tzif(data)

    @pytest.mark.parametrize("version", [1, 2, 3])
    def test_typecnt_zero(self, version):
        with pytest.raises(InvalidTZifError, match="typecnt"):
            parse_tzif(write_tzif([], [], version=version))

    @pytest.mark.parametrize("version", [2, 3, 4])
    def test_v1_block_with_every_count_zero_is_skipped(self, version):
        # CPython's test writer leaves the v1 block empty (all six counts 0) for a
        # zone whose only transition is before 1901; RFC 9636 section 4: a v2+
        # reader skips the v1 block, so only the v2+ block is validated.
        full = write_tzif([(-(2**40), 1)], [(-3 * H, False, "LMT"), (-5 * H, False, "EST")], "EST5", version)
        v1_stub_size = 44 + 6 + 1  # header, one type, one NUL designation
        empty_v1 = header(version, typecnt=0, charcnt=0)
        data = empty_v1 + full[v1_stub_size:]
        info = parse_tzif(data)
        assert info.version == version and info.footer == "EST5"
        assert info.trans_utc.tolist() == [-(2**40)] and info.utoff.tolist() == [-3 * H, -5 * H]
        assert_offsets(Zone.from_tzif("Test/EmptyV1", info), {"1800-01-01": -5 * H, "2024-01-01": -5 * H})
        stdlib = zoneinfo.ZoneInfo.from_file(io.BytesIO(data))  # the stdlib reads it too
        assert datetime(2024, 1, 1, tzinfo=stdlib).utcoffset() == timedelta(hours=-5)

    def test_empty_v1_block_still_refused_in_a_version_1_file(self):
        with pytest.raises(InvalidTZifError, match="typecnt"):
            parse_tzif(header(1, typecnt=0, charcnt=0))

    def test_truncated_v1_block_of_a_v2_file_refused(self):
        with pytest.raises(InvalidTZifError, match="truncated"):
            parse_tzif(header(2, timecnt=100) + b"\0" * 10)

    @pytest.mark.parametrize("version", [1, 2])
    def test_type_index_out_of_range(self, version):
        # Two types, so index 2 is one past the end.
        with pytest.raises(InvalidTZifError, match="out of range"):
            parse_tzif(write_tzif([(0, 0), (100, 2)], [(0, False, "A"), (H, False, "B")], version=version))

    @pytest.mark.parametrize(
        "transitions",
        [
            pytest.param([(10, 0), (10, 1)], id="equal"),
            pytest.param([(10, 0), (5, 1)], id="decreasing"),
            pytest.param([(0, 0), (20, 1), (20, 0)], id="equal-at-end"),
        ],
    )
    def test_transitions_not_increasing(self, transitions):
        with pytest.raises(InvalidTZifError, match="increasing"):
            parse_tzif(write_tzif(transitions, [(0, False, "AAA"), (H, True, "BBB")], "AAA0"))

    @pytest.mark.parametrize(
        "footer",
        [
            pytest.param("EST5EDT", id="dst-without-rule"),
            pytest.param("EST", id="no-offset"),
            pytest.param("garbage!", id="garbage"),
            pytest.param("EST5EDT,M13.1.0,M11.1.0", id="month-13"),
            pytest.param("EST5EDT,M3.2.0", id="one-date"),
            pytest.param("EST25", id="offset-over-24h"),
            pytest.param("EST5EDT,M3.2.0/168,M11.1.0", id="time-over-167h"),
            pytest.param("EST5 ", id="trailing-space"),
        ],
    )
    def test_bad_footer(self, footer):
        data = write_tzif([(0, 0)], [(-5 * H, False, "EST")], footer)
        with pytest.raises(InvalidTZifError):
            Zone.from_tzif("Test/BadFooter", parse_tzif(data))

    def test_footer_not_ascii(self):
        data = GOOD[: GOOD.rindex(b"\n", 0, -1)] + b"\nAAA\xff0\n"
        with pytest.raises(InvalidTZifError, match="ASCII"):
            parse_tzif(data)

    def test_footer_without_newlines(self):
        with pytest.raises(InvalidTZifError):
            parse_tzif(GOOD[: GOOD.rindex(b"\n", 0, -1)])  # no footer at all
        with pytest.raises(InvalidTZifError):
            parse_tzif(GOOD[:-1])  # no closing newline
        with pytest.raises(InvalidTZifError):
            parse_tzif(GOOD[: GOOD.rindex(b"\n", 0, -1)] + b"XAAA0\n")  # no opening newline

    def test_other_field_checks(self):
        one_type = header(1, typecnt=1, charcnt=4)
        # isutcnt must be 0 or typecnt (RFC 9636 3.1)
        with pytest.raises(InvalidTZifError):
            parse_tzif(header(1, isutcnt=2, typecnt=1, charcnt=4) + struct.pack(">lBB", 0, 0, 0) + b"UTC\x00" + b"\x00\x00")
        # designation index beyond charcnt
        with pytest.raises(InvalidTZifError, match="designation"):
            parse_tzif(one_type + struct.pack(">lBB", 0, 0, 9) + b"UTC\x00")
        # isdst must be 0 or 1
        with pytest.raises(InvalidTZifError, match="isdst"):
            parse_tzif(one_type + struct.pack(">lBB", 0, 2, 0) + b"UTC\x00")
        # utoff -2**31 is forbidden (RFC 9636 3.2)
        with pytest.raises(InvalidTZifError):
            parse_tzif(one_type + struct.pack(">lBB", -(2**31), 0, 0) + b"UTC\x00")
        # a huge count: the file cannot hold it
        with pytest.raises(InvalidTZifError, match="truncated"):
            parse_tzif(header(1, timecnt=2**31 - 1, typecnt=1, charcnt=4) + struct.pack(">lBB", 0, 0, 0) + b"UTC\x00")
        # counts are unsigned in the RFC; 2**32 - 1 must not pass as -1
        with pytest.raises(InvalidTZifError):
            parse_tzif(header(1, timecnt=2**32 - 1, typecnt=1, charcnt=4) + struct.pack(">lBB", 0, 0, 0) + b"UTC\x00")

    def test_not_bytes(self):
        with pytest.raises(InvalidTZifError):
            parse_tzif("TZif2")  # type: ignore[arg-type]


REAL_KEYS = ["America/New_York", "Europe/Dublin", "Asia/Gaza", "Australia/Lord_Howe", "America/Nuuk", "UTC"]


def _structural_cuts(data: bytes) -> list[int]:
    """Cut points at and around the structural boundaries of a v2+ file."""
    second = _second_header_pos(data)
    footer = data.rindex(b"\n", 0, -1)
    points = {0, 1, 4, 5, 20, 43, 44, 45, second - 1, second, second + 43, second + 44, second + 45, footer - 1, footer, footer + 1, len(data) - 1}
    return sorted(p for p in points if 0 <= p < len(data))


class TestTruncation:
    @pytest.mark.parametrize("key", REAL_KEYS)
    def test_every_proper_prefix_is_refused(self, key):
        # A TZif file ends with the footer's closing newline, so no proper prefix is a
        # whole file; every cut point must give InvalidTZifError, never IndexError etc.
        data = read_tzif_bytes(key)
        parse_tzif(data)  # the whole file is fine
        for cut in range(len(data)):
            with pytest.raises(InvalidTZifError):
                parse_tzif(data[:cut])

    @pytest.mark.parametrize(
        "cut", _structural_cuts(read_tzif_bytes("America/New_York")), ids=lambda c: f"cut{c}"
    )
    def test_structural_cut_points(self, cut):
        # Named cut points (headers, block ends, footer) as separate cases, for readable failures.
        with pytest.raises(InvalidTZifError):
            parse_tzif(read_tzif_bytes("America/New_York")[:cut])

    def test_v1_file_every_cut(self):
        # A v1 file ends with its indicator arrays: any prefix misses bytes the header promises.
        data = write_tzif([(0, 1), (10**9, 0)], [(0, False, "AAA"), (H, True, "BBB")], version=1)
        parse_tzif(data)
        for cut in range(len(data)):
            with pytest.raises(InvalidTZifError):
                parse_tzif(data[:cut])


# ------------------------------------------------------------------ fuzzing

_REAL = {key: read_tzif_bytes(key) for key in REAL_KEYS[:4]}


def _last_transition_pos(key: str) -> int:
    """Byte offset of the last 64-bit transition time (second header + 44 + 8 * (timecnt - 1))."""
    data = _REAL[key]
    second = _second_header_pos(data)
    timecnt = struct.unpack_from(">l", data, second + 32)[0]
    return second + 44 + 8 * (timecnt - 1)


def _regions(data: bytes) -> dict[str, range]:
    second = _second_header_pos(data)
    footer = data.rindex(b"\n", 0, -1)
    return {
        "counts": range(second + 20, second + 44),  # the six counts of the 64-bit header
        "data": range(second + 44, footer),  # transitions, types, designations, indicators
        "footer": range(footer, len(data)),
        "anywhere": range(len(data)),
    }


@st.composite
def mutated(draw):
    """A real tzdata file with a few byte flips, insertions, deletions, or a truncation.

    Positions are drawn from the 64-bit header's counts, the data block (where a
    change often still parses, so the table invariants get checked), the footer,
    or anywhere.  Bad magic and version bytes have their own explicit tests.
    """
    key = draw(st.sampled_from(sorted(_REAL)))
    data = bytearray(_REAL[key])
    regions = _regions(_REAL[key])
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        region = regions[draw(st.sampled_from(sorted(regions)))]
        pos = min(draw(st.integers(region.start, region.stop - 1)), len(data) - 1)
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[pos] = draw(st.sampled_from([0, 1, 0x7F, 0x80, 0xFF, ord("\n"), ord("2"), ord("M"), ord(",")]))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 8))]
        else:
            del data[pos:]
    return key, bytes(data)


def _parses_or_refuses(key: str, data: bytes) -> Zone | None:
    """parse_tzif + Zone.from_tzif either refuse with InvalidTZifError or give a table keeping its invariants."""
    try:
        zone = Zone.from_tzif(key, parse_tzif(data))
    except InvalidTZifError as exc:
        event(f"refused: {' '.join(str(exc).split()[:3])}")
        try:  # the loading path refuses the same file with the same message
            Zone(key, read_rows(data))
        except InvalidTZifError as again:
            assert str(again) == str(exc)
        else:
            raise AssertionError("read_rows accepted a file parse_tzif refused")
        return None
    event("parsed")
    # The loading path (read_rows + _table_fast) builds the reference rows, or refuses alike.
    info = parse_tzif(data)
    rule = parse_posix_tz(info.footer) if info.footer else None
    want = _table(info, rule)
    got = _table_fast(read_rows(data), rule, 10000, strict=True)
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    # Parsed: the table's documented invariants must hold.
    assert zone.utc_starts.dtype == np.int64 and zone.offsets.dtype == np.int64
    assert np.all(np.diff(zone.utc_starts) > 0)
    assert np.all(zone.offsets[1:] != zone.offsets[:-1])
    assert np.all(np.abs(zone.offsets) <= 26 * H)
    # And lookups work at the ends of the supported range.
    ends = np.array([utc_s("0001-01-01T00:00:00"), utc_s("9999-12-31T23:59:59")]) * US
    assert zone.utcoffset(ends).tolist() == [zone.offset_at_us(int(u)) // US for u in ends]
    return zone


class TestFuzz:
    @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated())
    # A transition time's high byte flipped: far outside years 1-9999 (clipped, not overflowed).
    @example(("America/New_York", _patch(_REAL["America/New_York"], _last_transition_pos("America/New_York"), b"\x7f")))
    # Version bytes of both headers changed together: still consistent.
    @example(("Asia/Gaza", _patch(_patch(_REAL["Asia/Gaza"], 4, b"4"), 51 + 4, b"4")))
    def test_mutations_raise_only_invalid_tzif(self, case):
        _parses_or_refuses(*case)

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated(), st.sampled_from([HORIZON_YEAR, 2100, 2300]))
    def test_mutations_load_the_reference_rows(self, case, last_year):
        # The plain-integer rows (how zones are loaded) equal the reference on every file that parses.
        key, raw = case
        try:
            info = parse_tzif(raw)
            rule = parse_posix_tz(info.footer) if info.footer else None
        except InvalidTZifError:
            return
        rows = _rows_py(read_rows(raw), rule, last_year, strict=True)
        if rows is None:
            event("span too long for plain ints")
            return
        assert list(rows) == [a.tolist() for a in _table(info, rule, last_year)]

    @settings(max_examples=400, deadline=None)
    @given(st.sampled_from(sorted(_REAL)), st.data())
    def test_one_flip_in_the_data_block(self, key, data):
        # One bit flipped among transition times, types and ttinfo records: often still
        # a valid file, so the table invariants are checked on many odd zones.
        raw = bytearray(_REAL[key])
        pos = data.draw(st.sampled_from(_regions(_REAL[key])["data"]))
        raw[pos] ^= 1 << data.draw(st.integers(0, 7))
        zone = _parses_or_refuses(key, bytes(raw))
        if zone is None:
            return
        # Where the standard library's reader also accepts the file, it is an oracle:
        # one second either side of a sample of the zone's transitions in years 1-9999.
        try:
            zi = zoneinfo.ZoneInfo.from_file(io.BytesIO(bytes(raw)))
        except ValueError:
            event("zoneinfo refused")
            return
        lo, hi = utc_s("0001-01-02T00:00:00"), utc_s("9999-12-30T00:00:00")
        starts = zone.utc_starts[(zone.utc_starts > lo) & (zone.utc_starts < hi)]
        picks = data.draw(st.lists(st.integers(0, max(len(starts) - 1, 0)), min_size=1, max_size=8))
        instants = [int(starts[i]) + d for i in picks if len(starts) for d in (-1, 0)] + [lo, hi]
        for t in instants:
            want = datetime.fromtimestamp(0, timezone.utc) + timedelta(seconds=t)
            assert zone.offset_at_us(t * US) // US == want.astimezone(zi).utcoffset().total_seconds(), t

    @settings(max_examples=100, deadline=None)
    @given(st.sampled_from(sorted(_REAL)), st.data())
    def test_truncations_raise_invalid_tzif(self, key, data):
        full = _REAL[key]
        cut = data.draw(st.integers(0, len(full) - 1))
        with pytest.raises(InvalidTZifError):
            parse_tzif(full[:cut])

    @settings(max_examples=100, deadline=None)
    @given(st.binary(max_size=200))
    @example(b"TZif2" + bytes(39))
    @example(b"TZif" + b"\x00" * 40)
    def test_arbitrary_bytes(self, data):
        try:
            Zone.from_tzif("Test/Fuzz", parse_tzif(data))
        except InvalidTZifError:
            pass
