"""tzdata_impact and ``interval-schedule tzdiff``: runs that move between two tzdata releases.

Expected values come from the standard library's zoneinfo reading each
release's own files (``ZoneInfo.from_file``), never from our output: the
real pair is tzdata 2025.2 (IANA 2025b, downloaded by ``make test`` under
build/) and the bundled package; the synthetic pairs are written with the
test TZif writer into directories laid out like a tzdata wheel.
"""

from __future__ import annotations

import json
import os
import pickle
import zoneinfo
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
import tzdata
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interval_schedule import IntervalSchedule
from interval_schedule.batch import ScheduleBatch
from interval_schedule.cli import main
from interval_schedule.deployment import Deployment
from interval_schedule.errors import (
    InvalidDatetimeError,
    InvalidQueryError,
    LimitExceededError,
    ScheduleTypeError,
    ZoneNotFoundError,
)
from interval_schedule.tz import TzSource, default_source
from interval_schedule.tzimpact import tzdata_impact
from test_tz_keys import recording_opens  # the one audit hook of the test session
from tzdata_release import made_with
from tzif_writer import write_tzif

ROOT = Path(__file__).resolve().parent.parent
RELEASE = Path(os.environ.get("INTERVAL_SCHEDULE_TZDATA_2025B", ROOT / "build" / "tzdata-2025.2"))
BUNDLED = Path(tzdata.__file__).parent / "zoneinfo"
UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = datetime(1970, 1, 1)
US = 1_000_000
H = 3600 * US
DAY = 24 * H
VAN = "America/Vancouver"


def us(text: str) -> int:
    return int(np.datetime64(text.replace("Z", ""), "us").astype(np.int64))


def stdlib_zone(zoneinfo_dir: Path, key: str) -> zoneinfo.ZoneInfo:
    with open(zoneinfo_dir.joinpath(*key.split("/")), "rb") as f:
        return zoneinfo.ZoneInfo.from_file(f, key=key)


@pytest.fixture(scope="module")
def old() -> TzSource:
    if not (RELEASE / "tzdata" / "zones").is_file():
        pytest.fail(f"tzdata 2025.2 is missing at {RELEASE}: run `make test` (it downloads it with pip)")
    return TzSource.from_path(RELEASE)


# ----------------------------------------------------------------- the oracle


def resolve(z: zoneinfo.ZoneInfo, local_us: int, gap: str, fold: str) -> int | None:
    """A wall time to UTC us under our policies, from zoneinfo's fold=0/1 (a gap: a failed round trip)."""
    naive = EPOCH_NAIVE + timedelta(microseconds=local_us)
    u0 = (naive.replace(tzinfo=z, fold=0) - EPOCH) // timedelta(microseconds=1)
    u1 = (naive.replace(tzinfo=z, fold=1) - EPOCH) // timedelta(microseconds=1)
    back = (EPOCH + timedelta(microseconds=u0)).astimezone(z).replace(tzinfo=None)
    if back != naive:
        return None if gap == "skip" else u0
    return u1 if fold == "later" else u0


def wall_of(z: zoneinfo.ZoneInfo, utc_us: int) -> int:
    local = (EPOCH + timedelta(microseconds=utc_us)).astimezone(z).replace(tzinfo=None)
    return (local - EPOCH_NAIVE) // timedelta(microseconds=1)


def naive_impact(scheds, old_dir: Path, new_dir: Path, start_us: int, end_us: int) -> set[tuple[int, int | None, int | None]]:
    """Per run, one comparison of the two releases through zoneinfo: {(schedule, old_us, new_us)} that differ."""
    out = set()
    for i, s in enumerate(scheds):
        if s.interval < timedelta(days=1):
            continue  # elapsed: A + k*I, the same instants in every release
        step = s.interval // timedelta(microseconds=1)
        per_source = []
        for d in (old_dir, new_dir):
            z = stdlib_zone(d, s.timezone)
            w = wall_of(z, s.anchor_utc_us)
            k_lo = (start_us - 3 * DAY - w) // step
            k_hi = (end_us + 3 * DAY - w) // step + 1
            runs, last = {}, None
            for k in range(k_lo, k_hi + 1):
                u = resolve(z, w + k * step, s.gap, s.fold)
                if u is None or u == last:
                    continue  # skipped, or shifted onto the previous occurrence's instant
                runs[k] = last = u
            per_source.append(runs)
        a, b = per_source
        for k in set(a) | set(b):
            u_old, u_new = a.get(k), b.get(k)
            inside = any(u is not None and start_us <= u <= end_us for u in (u_old, u_new))
            if inside and u_old != u_new:
                out.add((i, u_old, u_new))
    return out


def as_set(impact) -> set[tuple[int, int | None, int | None]]:
    def val(a):
        return [None if np.isnat(x) else int(x.astype("datetime64[us]").astype(np.int64)) for x in a]

    return set(zip(impact.schedule_row.tolist(), val(impact.old_utc), val(impact.new_utc)))


# ------------------------------------------------------- two real releases


class TestRealReleases:
    WINDOW = ("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z")

    @staticmethod
    def moved_days() -> tuple[list[datetime], zoneinfo.ZoneInfo, zoneinfo.ZoneInfo]:
        """The days of the window whose 09:00 has another offset in the two releases (zoneinfo on each file)."""
        z_old, z_new = stdlib_zone(RELEASE / "tzdata" / "zoneinfo", VAN), stdlib_zone(BUNDLED, VAN)
        days = [datetime(2026, 10, 1) + timedelta(days=n) for n in range(243)]  # 2026-10-01 .. 2027-05-31
        moved = [d for d in days if d.replace(hour=9, tzinfo=z_old).utcoffset() != d.replace(hour=9, tzinfo=z_new).utcoffset()]
        return moved, z_old, z_new

    @made_with("2026.6")
    def test_the_facts_of_the_two_releases(self, old):
        # British Columbia: 2025b falls back to -08:00 on 2026-11-01 and springs forward on 2027-03-14; 2026f stays at -07:00.
        moved, z_old, z_new = self.moved_days()
        assert moved[0] == datetime(2026, 11, 1) and moved[-1] == datetime(2027, 3, 13) and len(moved) == 133
        assert {d.replace(hour=9, tzinfo=z_old).utcoffset() for d in moved} == {timedelta(hours=-8)}
        assert {d.replace(hour=9, tzinfo=z_new).utcoffset() for d in moved} == {timedelta(hours=-7)}

    def test_vancouver_runs_after_2026_11_01_move_by_an_hour(self, old):
        moved, z_old, z_new = self.moved_days()
        assert moved  # the bundled release keeps British Columbia's change

        daily = IntervalSchedule(timedelta(days=1), "2026-01-05T09:00:00-08:00", VAN)
        impact = tzdata_impact(daily, old, default_source(), *self.WINDOW)
        want_old = [int((d.replace(hour=9, tzinfo=z_old) - EPOCH) / timedelta(microseconds=1)) for d in moved]
        want_new = [int((d.replace(hour=9, tzinfo=z_new) - EPOCH) / timedelta(microseconds=1)) for d in moved]
        assert impact.old_utc.astype(np.int64).tolist() == want_old
        assert impact.new_utc.astype(np.int64).tolist() == want_new
        assert set(impact.change.tolist()) == {"moved"} and set((impact.shift // np.timedelta64(1, "m")).tolist()) == {-60}
        assert impact.rows()[0]["old_local"] == moved[0].replace(hour=9, tzinfo=z_old).isoformat()
        assert impact.rows()[0]["new_local"] == moved[0].replace(hour=9, tzinfo=z_new).isoformat()
        assert impact.changed_zones == (VAN,) and (impact.old_version, impact.new_version) == ("2025b", tzdata.IANA_VERSION)

    def test_unchanged_zones_and_elapsed_schedules_report_nothing(self, old):
        z_old, z_new = stdlib_zone(RELEASE / "tzdata" / "zoneinfo", "Europe/Paris"), stdlib_zone(BUNDLED, "Europe/Paris")
        probes = [datetime(2026, 10, 1, 12, tzinfo=UTC) + timedelta(hours=6 * n) for n in range(4 * 243)]
        assert all(p.astimezone(z_old).utcoffset() == p.astimezone(z_new).utcoffset() for p in probes)  # the premise
        paris = IntervalSchedule(timedelta(days=1), "2026-01-05T09:00", "Europe/Paris")
        hourly_van = IntervalSchedule(timedelta(hours=1), "2026-01-05T09:00:00-08:00", VAN)  # exact elapsed time
        impact = tzdata_impact([paris, hourly_van], old, default_source(), *self.WINDOW)
        assert impact.n_runs == 0 and impact.changed_zones == ()
        assert len(impact.rows()) == 0

    @made_with("2026.6")
    def test_deployments_carry_ids_and_keys(self, old):
        doc = json.loads((ROOT / "examples" / "deployment-vancouver.json").read_text())
        d = Deployment.from_dict(doc)
        impact = tzdata_impact(d, old, default_source(), "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z")
        rows = impact.rows()
        # daily 09:00 on Nov 1 and 2, weekly Monday 07:30 on Nov 2; the hourly schedule never moves.
        assert [(r["schedule_id"][:8], r["old_utc"], r["new_utc"]) for r in rows] == [
            ("e41a9c2d", "2026-11-01T17:00:00Z", "2026-11-01T16:00:00Z"),
            ("e41a9c2d", "2026-11-02T17:00:00Z", "2026-11-02T16:00:00Z"),
            ("0c5f7b3e", "2026-11-02T15:30:00Z", "2026-11-02T14:30:00Z"),
        ]
        assert rows[0]["deployment_id"] == doc["id"]
        assert rows[0]["old_idempotency_key"] == f"scheduled {doc['id']} {doc['schedules'][0]['id']} 2026-11-01T17:00:00Z"
        assert rows[0]["new_idempotency_key"] == f"scheduled {doc['id']} {doc['schedules'][0]['id']} 2026-11-01T16:00:00Z"


# --------------------------------------------------------- synthetic releases

# 2030-06-10T07:00Z: clocks of Test/Zone go from -05:00 to -04:00 (02:00 -> 03:00
# local, a gap); 2030-06-11T06:00Z back to -05:00 (02:00 -> 01:00, a fold).
GAP_AT = int(datetime(2030, 6, 10, 7, tzinfo=UTC).timestamp())
FOLD_AT = int(datetime(2030, 6, 11, 6, tzinfo=UTC).timestamp())
CHANGE_AT = int(datetime(2030, 6, 2, tzinfo=UTC).timestamp())


def write_release(root: Path, version: str, zones: dict[str, bytes]) -> Path:
    pkg = root / "tzdata"
    for key, data in zones.items():
        f = pkg / "zoneinfo" / key
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(data)
    (pkg / "zones").write_text("".join(k + "\n" for k in zones))
    (pkg / "__init__.py").write_text(f'IANA_VERSION = "{version}"\n')
    return root


FIXED = write_tzif([], [(-5 * 3600, False, "EST")], footer="EST5")
MOVED = write_tzif([(CHANGE_AT, 1)], [(-5 * 3600, False, "EST"), (-4 * 3600, False, "XST")], footer="XST4")
WITH_GAP = write_tzif(
    [(GAP_AT, 1), (FOLD_AT, 0)], [(-5 * 3600, False, "EST"), (-4 * 3600, True, "EDT")], footer="EST5"
)


@pytest.fixture
def synthetic(tmp_path):
    def make(name: str, version: str, test_zone: bytes) -> tuple[TzSource, Path]:
        root = write_release(tmp_path / name, version, {"Test/Zone": test_zone, "Test/Other": FIXED})
        return TzSource.from_path(root), root / "tzdata" / "zoneinfo"

    return make


class TestSyntheticReleases:
    WINDOW = ("2030-05-20T00:00:00Z", "2030-07-01T00:00:00Z")

    def test_offset_change_moves_exactly_the_runs_after_it(self, synthetic):
        (a, a_dir), (b, b_dir) = synthetic("a", "2099a", FIXED), synthetic("b", "2099b", MOVED)
        daily = IntervalSchedule(timedelta(days=1), "2030-01-01T12:00:00-05:00", "Test/Zone", tz_source=a)
        other = IntervalSchedule(timedelta(days=1), "2030-01-01T12:00:00-05:00", "Test/Other", tz_source=a)
        impact = tzdata_impact([daily, other], a, b, *self.WINDOW)
        # Hand-worked: 12:00 -05:00 = 17:00Z before 2030-06-02T00:00Z, 12:00 -04:00 = 16:00Z from then on.
        days = [f"2030-06-{d:02d}" for d in range(2, 31)]
        assert impact.old_utc.astype(str).tolist() == [f"{d}T17:00:00.000000" for d in days]
        assert impact.new_utc.astype(str).tolist() == [f"{d}T16:00:00.000000" for d in days]
        assert set(impact.schedule_row.tolist()) == {0} and impact.changed_zones == ("Test/Zone",)
        assert as_set(impact) == naive_impact([daily, other], a_dir, b_dir, us(self.WINDOW[0]), us(self.WINDOW[1]))

    @pytest.mark.parametrize(
        "at, gap, fold, want",
        [
            # 02:30 on 2030-06-10 is in the new gap: skip drops the run ...
            ("02:30", "skip", "earlier", [("removed", "2030-06-10T07:30:00Z", None)]),
            # ... shift reads it with the offset before the gap: the same instant, nothing moves.
            ("02:30", "shift", "earlier", []),
            # 01:30 on 2030-06-11 is in the new fold: "earlier" takes the -04:00 pass, an hour sooner ...
            ("01:30", "shift", "earlier", [("moved", "2030-06-11T06:30:00Z", "2030-06-11T05:30:00Z")]),
            # ... "later" the -05:00 pass, the old instant.
            ("01:30", "shift", "later", []),
            # 03:30 on 2030-06-10 now exists once, at -04:00.
            ("03:30", "skip", "earlier", [("moved", "2030-06-10T08:30:00Z", "2030-06-10T07:30:00Z")]),
        ],
    )
    def test_added_gap_and_fold_follow_the_policies(self, synthetic, at, gap, fold, want):
        (a, a_dir), (b, b_dir) = synthetic("a", "2099a", FIXED), synthetic("b", "2099b", WITH_GAP)
        s = IntervalSchedule(timedelta(days=1), f"2030-01-01T{at}:00-05:00", "Test/Zone", gap=gap, fold=fold, tz_source=a)
        impact = tzdata_impact(s, a, b, *self.WINDOW)
        assert [(r["change"], r["old_utc"], r["new_utc"]) for r in impact.rows()] == want
        assert as_set(impact) == naive_impact([s], a_dir, b_dir, us(self.WINDOW[0]), us(self.WINDOW[1]))

    def test_removed_gap_adds_the_run_back(self, synthetic):
        (a, _), (b, _) = synthetic("a", "2099a", WITH_GAP), synthetic("b", "2099b", FIXED)
        s = IntervalSchedule(timedelta(days=1), "2030-01-01T02:30:00-05:00", "Test/Zone", gap="skip", tz_source=a)
        impact = tzdata_impact(s, a, b, *self.WINDOW)
        assert [(r["change"], r["old_local"], r["new_local"]) for r in impact.rows()] == [
            ("added", None, "2030-06-10T02:30:00-05:00")
        ]

    def test_unchanged_release_is_empty(self, synthetic):
        (a, _), (b, _) = synthetic("a", "2099a", WITH_GAP), synthetic("b", "2099b", WITH_GAP)
        s = [IntervalSchedule(timedelta(days=d), "2030-01-01T02:30:00-05:00", "Test/Zone", gap="skip", tz_source=a) for d in (1, 2, 7)]
        impact = tzdata_impact(s, a, b, *self.WINDOW)
        assert impact.n_runs == 0 and impact.changed_zones == ()
        assert impact.summary().endswith("no run changes (3 schedules compared)")

    def test_run_moving_across_the_window_edge_is_reported(self, synthetic):
        (a, _), (b, _) = synthetic("a", "2099a", FIXED), synthetic("b", "2099b", MOVED)
        s = IntervalSchedule(timedelta(days=1), "2030-01-01T12:00:00-05:00", "Test/Zone", tz_source=a)
        # The 2030-06-05 run is 17:00Z in the old release, 16:00Z in the new; the window ends between.
        impact = tzdata_impact(s, a, b, "2030-06-05T00:00:00Z", "2030-06-05T16:30:00Z")
        assert [(r["old_utc"], r["new_utc"]) for r in impact.rows()] == [("2030-06-05T17:00:00Z", "2030-06-05T16:00:00Z")]


# ---------------------------------------------------------------- property


ZONES = [VAN, "America/Edmonton", "America/Winnipeg", "America/Havana", "Africa/Casablanca", "Europe/Chisinau",
         "America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"]


@st.composite
def schedules(draw):
    key = draw(st.sampled_from(ZONES))
    days = draw(st.sampled_from([1, 1, 2, 3, 7, 10]))
    extra_h = draw(st.sampled_from([0, 0, 0, 1, 5, 23]))
    interval = timedelta(days=days, hours=extra_h) if draw(st.booleans()) else timedelta(hours=draw(st.integers(1, 23)))
    anchor = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 3 * 365 * 24 * 60)))
    gap, fold = draw(st.sampled_from(["shift", "skip"])), draw(st.sampled_from(["earlier", "later"]))
    return IntervalSchedule(interval, anchor, key, gap=gap, fold=fold)


class TestAgainstZoneinfo:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(schedules(), min_size=1, max_size=5), st.integers(0, 700), st.integers(1, 200))
    @example([IntervalSchedule(timedelta(days=1), "2026-11-01T01:30:00-07:00", VAN, fold="later")], 300, 10)
    def test_impact_equals_a_naive_per_run_comparison(self, old, scheds, start_day, length_days):
        start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=start_day, hours=start_day % 24)
        start_us = (start - EPOCH) // timedelta(microseconds=1)
        end_us = start_us + length_days * DAY
        impact = tzdata_impact(scheds, old, default_source(), start_us_iso(start_us), start_us_iso(end_us))
        assert as_set(impact) == naive_impact(scheds, RELEASE / "tzdata" / "zoneinfo", BUNDLED, start_us, end_us)
        assert impact.n_runs == len(as_set(impact))  # no run listed twice


def start_us_iso(u: int) -> str:
    return str(np.datetime64(u, "us")) + "Z"


# ------------------------------------------------- schedules in another source


class TestScheduleInAnotherSource:
    def test_dates_and_outputs_agree_with_zoneinfo(self, old):
        s = IntervalSchedule(timedelta(days=1), "2026-10-30T09:00:00-07:00", VAN)
        o = s.with_source(old)
        z_old = stdlib_zone(RELEASE / "tzdata" / "zoneinfo", VAN)
        want = [datetime(2026, 10, 30 + n, 9) if n < 2 else datetime(2026, 11, n - 1, 9) for n in range(4)]
        got = o.get_dates(4, start="2026-10-30T00:00:00Z")
        assert [d.utcoffset() for d in got] == [w.replace(tzinfo=z_old).utcoffset() for w in want]
        assert [(d.hour, d.minute) for d in got] == [(9, 0)] * 4
        assert o.dates_array(4, start="2026-10-30T00:00:00Z").tolist() == [
            w.replace(tzinfo=z_old).astimezone(UTC).replace(tzinfo=None) for w in want
        ]
        assert o.next_date("2027-01-01T00:00Z").utcoffset() == timedelta(hours=-8)
        assert s.next_date("2027-01-01T00:00Z").utcoffset() == timedelta(hours=-7)
        assert o.tz_source == old and o != s and o.with_source(default_source()) == s

    def test_zone_argument_and_pickle_keep_the_source(self, old):
        s = IntervalSchedule(timedelta(days=1), "2026-10-30T09:00:00-07:00", old.get_zone(VAN))
        assert s.tz_source == old and s == IntervalSchedule(timedelta(days=1), "2026-10-30T09:00:00-07:00", VAN, tz_source=old)
        back = pickle.loads(pickle.dumps(s))
        assert back == s and back.tz_source.path == old.path
        assert back.next_date("2027-01-01T00:00Z").utcoffset() == timedelta(hours=-8)

    def test_prefect_profiles_refuse_another_source(self, old):
        o = IntervalSchedule(timedelta(days=1), "2026-10-30T09:00:00-07:00", VAN, tz_source=old)
        with pytest.raises(InvalidQueryError, match="bundled tzdata package only"):
            o.get_dates(2, start="2026-10-30T00:00Z", profile="prefect")

    def test_batch_in_another_source_equals_the_schedules(self, old):
        scheds = [IntervalSchedule(timedelta(days=d), "2026-10-30T09:00:00-07:00", VAN) for d in (1, 2, 7)]
        batch = ScheduleBatch(scheds).with_source(old)
        assert batch.tz_source == old
        got = batch.next_runs("2026-12-01T00:00Z", 3)
        for row, s in zip(got, scheds):
            assert row.tolist() == s.with_source(old).dates_array(3, start="2026-12-01T00:00Z").tolist()
        assert ScheduleBatch([s.with_source(old) for s in scheds]).tz_source == old
        with pytest.raises(ScheduleTypeError, match="share one tzdata source"):
            ScheduleBatch([scheds[0], scheds[1].with_source(old)])


# --------------------------------------------------------------- bad input


class TestBadInput:
    def test_key_missing_from_a_source_opens_no_file(self, synthetic, old):
        a, _ = synthetic("a", "2099a", FIXED)
        s = IntervalSchedule(timedelta(days=1), "2026-01-05T09:00:00-08:00", VAN)
        a.available_zones(), old.available_zones()  # the key lists themselves may be read
        old.clear_cache()  # so a zone opened too early would show
        with recording_opens() as opened:
            with pytest.raises(ZoneNotFoundError, match="'America/Vancouver'.*tzdata release at"):
                tzdata_impact(s, old, a, "2026-10-01T00:00Z", "2026-12-01T00:00Z")
            with pytest.raises(ZoneNotFoundError, match="'America/Vancouver'"):
                tzdata_impact(s, a, old, "2026-10-01T00:00Z", "2026-12-01T00:00Z")
        assert [p for p in opened if "zoneinfo" in str(p)] == []

    @pytest.mark.parametrize(
        "args, error, fragment",
        [
            (("2026-10-01T00:00", "2026-12-01T00:00Z"), InvalidDatetimeError, "'2026-10-01T00:00' has no offset"),
            (("2026-12-01T00:00Z", "2026-10-01T00:00Z"), InvalidQueryError, "is before start"),
            (("yesterday", "2026-12-01T00:00Z"), InvalidDatetimeError, "'yesterday'"),
        ],
    )
    def test_window(self, old, args, error, fragment):
        s = IntervalSchedule(timedelta(days=1), "2026-01-05T09:00:00-08:00", VAN)
        with pytest.raises(error, match=fragment):
            tzdata_impact(s, old, default_source(), *args)

    def test_types_and_limit(self, old):
        s = IntervalSchedule(timedelta(days=1), "2026-01-05T09:00:00-08:00", VAN)
        with pytest.raises(ScheduleTypeError, match="old_source must be a TzSource.*'build/tzdata'"):
            tzdata_impact(s, "build/tzdata", default_source(), "2026-10-01T00:00Z", "2026-12-01T00:00Z")
        with pytest.raises(ScheduleTypeError, match="item 1 must be an IntervalSchedule or a Deployment, not str"):
            tzdata_impact([s, "daily"], old, default_source(), "2026-10-01T00:00Z", "2026-12-01T00:00Z")
        with pytest.raises(LimitExceededError, match="more than limit=10"):
            tzdata_impact(s, old, default_source(), "2026-10-01T00:00Z", "2026-12-01T00:00Z", limit=10)


# --------------------------------------------------------------------- CLI


class TestCli:
    FILE = str(ROOT / "examples" / "deployment-vancouver.json")

    @made_with("2026.6")
    def test_table(self, capsys):
        rc = main(["tzdiff", self.FILE, "--old-tzdata", str(RELEASE), "--window", "2d", "--start", "2026-11-01T00:00:00Z"])
        out = capsys.readouterr().out.splitlines()
        assert rc == 0
        assert out[0].endswith("3 runs change (3 moved, 0 added, 0 removed) in 2 of 3 schedules; zones: America/Vancouver")
        assert out[2].split() == ["vancouver-morning", "daily-0900", VAN, "moved", "2026-11-01T09:00:00-08:00", "2026-11-01T09:00:00-07:00"]
        assert len(out) == 5

    def test_json_and_explicit_new_release(self, capsys):
        rc = main(["tzdiff", self.FILE, "--old-tzdata", str(RELEASE), "--new-tzdata", str(RELEASE), "--window", "100d",
                   "--start", "2026-10-01T00:00:00Z", "--json"])
        out = json.loads(capsys.readouterr().out)
        assert rc == 0 and out["runs"] == [] and out["old_tzdata"] == out["new_tzdata"] == "2025b"
        assert out["end"] == "2027-01-09T00:00:00Z"

    @pytest.mark.parametrize(
        "argv, fragment",
        [
            (["--old-tzdata", "/no/such/dir"], "is not a directory"),
            (["--old-tzdata", str(RELEASE), "--window", "soon"], "'soon'"),
            (["--old-tzdata", str(RELEASE), "--start", "2026-11-01T00:00"], "has no offset"),
        ],
    )
    def test_errors_are_one_line(self, capsys, argv, fragment):
        rc = main(["tzdiff", self.FILE, *argv])
        err = capsys.readouterr().err
        assert rc == 2 and fragment in err and len(err.strip().splitlines()) == 1
