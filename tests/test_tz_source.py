"""TzSource: another tzdata release (tzdata 2025.2 = IANA 2025b) next to the bundled one.

The release is downloaded by ``make test`` (``pip download tzdata==2025.2``,
unpacked under build/); a test that does not find it fails, it does not skip.
Expected offsets come from the standard library's zoneinfo reading the same
files (``ZoneInfo.from_file``), and from the known rule change: British
Columbia stays on UTC-07:00 from November 2026 in 2026f, not in 2025b.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import sys
import zoneinfo
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

import interval_schedule.tz as tz
from interval_schedule.errors import TzSourceError, ZoneNotFoundError
from interval_schedule.tz import TzSource, get_zone

ROOT = Path(__file__).resolve().parent.parent
RELEASE = Path(os.environ.get("INTERVAL_SCHEDULE_TZDATA_2025B", ROOT / "build" / "tzdata-2025.2"))
H = 3600
US = 1_000_000
JAN_2027 = np.datetime64("2027-01-01T12:00", "us")


@pytest.fixture(scope="module")
def old() -> TzSource:
    if not (RELEASE / "tzdata" / "zones").is_file():
        pytest.fail(f"tzdata 2025.2 is missing at {RELEASE}: run `make test` (it downloads it with pip)")
    return TzSource.from_path(RELEASE)


def _stdlib(source_dir: Path, key: str) -> zoneinfo.ZoneInfo:
    with open(source_dir.joinpath(*key.split("/")), "rb") as f:
        return zoneinfo.ZoneInfo.from_file(f, key=key)


class TestRelease2025b:
    def test_version_and_keys(self, old):
        assert (old.version, old.package_version) == ("2025b", "2025.2")
        assert tz.TZDATA_VERSION != "2025b"
        assert "America/Vancouver" in old.available_zones() and len(old.available_zones()) > 500
        assert not old.is_default and tz.default_source().is_default

    def test_vancouver_2027_differs(self, old):
        # IANA 2026: British Columbia keeps UTC-07:00 all year from 2026-11-01.
        assert int(old.get_zone("America/Vancouver").utcoffset(JAN_2027)) == -8 * H
        assert int(get_zone("America/Vancouver").utcoffset(JAN_2027)) == -7 * H
        # ... and summer time is the same in both
        july = np.datetime64("2026-07-01T12:00", "us")
        assert int(old.get_zone("America/Vancouver").utcoffset(july)) == int(get_zone("America/Vancouver").utcoffset(july)) == -7 * H

    def test_schedule_math_under_the_old_release(self, old):
        # A daily 09:00 wall time in January 2027 is 17:00Z under 2025b, 16:00Z under 2026f.
        local = np.datetime64("2027-01-15T09:00", "us")
        assert str(old.get_zone("America/Vancouver").to_utc(local)) == "2027-01-15T17:00:00.000000"
        assert str(get_zone("America/Vancouver").to_utc(local)) == "2027-01-15T16:00:00.000000"

    def test_every_zone_matches_zoneinfo_on_the_same_files(self, old):
        files = RELEASE / "tzdata" / "zoneinfo"
        probes = [datetime(y, m, 15, 12, tzinfo=timezone.utc) for y in (1950, 2000, 2026, 2027, 2040) for m in (1, 7)]
        probe_us = np.array([(p - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1) for p in probes])
        for key in sorted(old.available_zones()):
            want = [int(p.astimezone(_stdlib(files, key)).utcoffset().total_seconds()) for p in probes]
            assert old.get_zone(key).utcoffset(probe_us).tolist() == want, key

    def test_each_source_has_its_own_cache(self, old):
        a, b = old.get_zone("Europe/Paris"), get_zone("Europe/Paris")
        assert a is old.get_zone("Europe/Paris") and b is get_zone("Europe/Paris")
        assert a is not b and a != b and a.source == old and b.source.is_default
        tz.clear_cache()  # clearing the default cache leaves the other one alone
        assert old.get_zone("Europe/Paris") is a
        assert "Europe/Paris" in old.cached_keys()

    def test_zones_pickle_back_to_their_source(self, old):
        zone = old.get_zone("America/Vancouver")
        back = pickle.loads(pickle.dumps(zone))
        assert back == zone and back.source.path == old.path
        assert int(back.utcoffset(JAN_2027)) == -8 * H


class TestKeysAreValidatedAgainstTheSource:
    def test_unknown_and_hostile_keys_open_nothing(self, old):
        opened: list[str] = []

        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
                opened.append(os.fsdecode(args[0]))

        sys.addaudithook(hook)  # audit hooks cannot be removed; this one only records
        for key in ("../../etc/passwd", "/etc/passwd", "America", "zones", "America/New_York\x00", "Mars/Olympus"):
            opened.clear()
            with pytest.raises(ZoneNotFoundError, match="tzdata release at"):
                old.get_zone(key)
            assert opened == [], (key, opened)
        old.clear_cache(only_keys=["Asia/Tokyo"])
        opened.clear()
        old.get_zone("Asia/Tokyo")
        assert [os.path.realpath(p) for p in opened] == [str((RELEASE / "tzdata" / "zoneinfo" / "Asia" / "Tokyo").resolve())]

    def test_hostile_zone_list_entries_are_dropped(self, tmp_path):
        pkg = tmp_path / "tzdata"
        shutil.copytree(RELEASE / "tzdata" / "zoneinfo" / "Europe", pkg / "zoneinfo" / "Europe")
        (pkg / "zones").write_text("Europe/Paris\n../../etc/passwd\n/etc/passwd\nEurope/../Europe/Paris\n.hidden\na\\b\n")
        (pkg / "__init__.py").write_text('IANA_VERSION = "2099z"\n')
        src = TzSource.from_path(tmp_path)
        assert src.available_zones() == {"Europe/Paris"} and src.version == "2099z"
        with pytest.raises(ZoneNotFoundError):
            src.get_zone("../../etc/passwd")

    def test_listed_key_without_a_file(self, tmp_path):
        pkg = tmp_path / "tzdata"
        (pkg / "zoneinfo").mkdir(parents=True)
        (pkg / "zones").write_text("Europe/Paris\n")
        with pytest.raises(ZoneNotFoundError, match="cannot be read"):
            TzSource.from_path(tmp_path).get_zone("Europe/Paris")

    @pytest.mark.parametrize("path", ["/no/such/dir", __file__])
    def test_not_a_directory(self, path):
        with pytest.raises(TzSourceError, match="not a directory"):
            TzSource.from_path(path)

    def test_empty_directory(self, tmp_path):
        with pytest.raises(TzSourceError, match="no TZif files"):
            TzSource.from_path(tmp_path)

    @pytest.mark.parametrize("size", [-1, True, 1.5, 10**9])
    def test_bad_cache_size(self, size):
        with pytest.raises(TzSourceError, match="cache_size"):
            TzSource.from_path(RELEASE, cache_size=size)


class TestCompiledTree:
    def test_walked_tree_lists_the_same_zones(self, old, tmp_path):
        shutil.copytree(RELEASE / "tzdata" / "zoneinfo", tmp_path / "zoneinfo")
        (tmp_path / "zoneinfo" / "README").write_text("not a zone")
        (tmp_path / "zoneinfo" / "+VERSION").write_text("2025b\n")
        src = TzSource.from_path(tmp_path / "zoneinfo")
        assert src.available_zones() == old.available_zones()
        assert src.version == "2025b" and src.package_version is None
        assert int(src.get_zone("America/Vancouver").utcoffset(JAN_2027)) == -8 * H

    def test_tzdata_zi_names_zones_and_links(self, tmp_path):
        tree = tmp_path / "zoneinfo"
        shutil.copytree(RELEASE / "tzdata" / "zoneinfo" / "America", tree / "America")
        shutil.copytree(RELEASE / "tzdata" / "zoneinfo" / "Canada", tree / "Canada")
        (tree / "tzdata.zi").write_text(
            "# version 2025b\n# comment\nR C 1918 o - Ap 14 2 1 D\n"
            "Z America/Vancouver -8:12:28 - LMT 1884\nL America/Vancouver Canada/Pacific\n"
        )
        src = TzSource.from_path(tree)
        assert src.available_zones() == {"America/Vancouver", "Canada/Pacific"} and src.version == "2025b"
        assert int(src.get_zone("Canada/Pacific").utcoffset(JAN_2027)) == -8 * H
        with pytest.raises(ZoneNotFoundError):
            src.get_zone("America/New_York")  # a file exists, but the source's list does not name it


class TestBoundedCache:
    def test_unheld_zones_beyond_the_lru_are_dropped(self):
        src = TzSource.from_path(RELEASE, cache_size=4)
        keys = sorted(src.available_zones())[:60]
        for key in keys:
            src.get_zone(key)
        gc.collect()
        assert src.cached_keys() == sorted(keys[-4:])  # the four most recent, nothing else
        assert all(src.parse_count[k] == 1 for k in keys)

    def test_held_zones_stay_cached(self):
        src = TzSource.from_path(RELEASE, cache_size=2)
        held = [src.get_zone(k) for k in ("Asia/Tokyo", "Europe/Paris", "America/Chicago", "Africa/Cairo")]
        gc.collect()
        assert [src.get_zone(z.key) for z in held] == held and all(src.get_zone(z.key) is z for z in held)
        assert set(src.parse_count.values()) == {1}

    def test_default_cache_is_bounded(self):
        tz.clear_cache()
        for key in sorted(tz.available_zones())[:100]:
            get_zone(key)
        gc.collect()
        assert len(tz.default_source().cached_keys()) <= tz.DEFAULT_CACHE_SIZE

    def test_clear_cache_some_keys(self):
        a, b = get_zone("Asia/Tokyo"), get_zone("Europe/Paris")
        tz.clear_cache(only_keys=["Asia/Tokyo"])
        assert get_zone("Asia/Tokyo") is not a and get_zone("Europe/Paris") is b
