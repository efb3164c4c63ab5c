"""The zone table as a structure: bounded by a horizon, extended lazily to the same answers, read-only,
small, and read by other modules only through Zone's public methods.

Expected offsets come from the standard library's zoneinfo (forced onto the
tzdata package) or from hand-worked transitions; the lazily extended table is
also compared with the reference ``_table`` expansion to year 10000.
"""

from __future__ import annotations

import ast
import gc
import json
import statistics
import subprocess
import sys
import threading
import tracemalloc
import zoneinfo
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

import oracle
import interval_schedule
import interval_schedule.tz as tz
from interval_schedule.tz import HORIZON_YEAR, Zone, get_zone, parse_posix_tz, parse_tzif
from interval_schedule.tz._keys import read_tzif_bytes
from interval_schedule.tz._tzif import read_rows
from interval_schedule.tz._posix import PY_EVENTS_MAX_YEARS
from interval_schedule.tz._zone import _rows_py, _table, _table_fast, _table_np

US = 1_000_000
H = 3600 * US
ZONES = sorted(tz.available_zones())
NY = "America/New_York"


def fresh(key: str) -> Zone:
    """A zone built from its file now, outside the cache (its table is at the horizon)."""
    return Zone.from_tzif(key, parse_tzif(read_tzif_bytes(key)))


def us(iso: str) -> int:
    return int(np.datetime64(iso, "us").astype(np.int64))


class TestHorizon:
    def test_a_loaded_zone_stops_at_the_horizon(self):
        zone = fresh(NY)
        assert zone.horizon_year == HORIZON_YEAR
        zone.utcoffset(np.datetime64("2030-06-01", "us"))
        zone.to_utc(np.datetime64("2030-06-01T09:00", "us"))
        assert zone.horizon_year == HORIZON_YEAR  # a near query needs no extension

    def test_a_far_query_extends_and_answers_like_zoneinfo(self):
        zone = fresh(NY)
        instants = np.array([us("2400-01-15T12:00"), us("2400-07-15T12:00"), us("9999-07-15T12:00")])
        want = [oracle.offset_seconds(NY, int(u)) for u in instants]
        assert zone.utcoffset(instants).tolist() == want == [-5 * 3600, -4 * 3600, -4 * 3600]
        assert zone.horizon_year == 10000

    def test_extension_only_as_far_as_needed(self):
        zone = fresh(NY)
        zone.offset_at_us(us("2300-01-01T00:00"))
        assert 2300 < zone.horizon_year < 2500

    @pytest.mark.parametrize("key", ZONES)
    def test_extended_rows_equal_the_full_expansion(self, key):
        data = parse_tzif(read_tzif_bytes(key))
        rule = parse_posix_tz(data.footer) if data.footer else None
        starts, offsets = _table(data, rule)  # the reference: every footer year to 10000
        zone = Zone.from_tzif(key, data)
        assert np.array_equal(zone.utc_starts, starts) and np.array_equal(zone.offsets, offsets)
        near = fresh(key)
        n = int(np.searchsorted(starts, 2_000_000_000, "right"))  # rows up to 2033 are in the first table
        assert np.array_equal(near.transitions(-(2**62), 2_000_000_000 * US).utc_us, starts[1:n] * US)

    @pytest.mark.parametrize("key", ZONES)
    def test_the_loading_path_builds_the_reference_rows(self, key):
        """``_table_fast`` (how zones are loaded, from ``read_rows``) gives exactly the rows of the reference ``_table``."""
        raw = read_tzif_bytes(key)
        data, rows = parse_tzif(raw), read_rows(raw)
        rule = parse_posix_tz(data.footer) if data.footer else None
        for last_year in (HORIZON_YEAR, 2200, 10000):
            want = _table(data, rule, last_year)
            for got in (_table_fast(rows, rule, last_year, strict=True), _table_fast(data, rule, last_year)):
                assert got[0].dtype == want[0].dtype == np.int64 and got[1].dtype == want[1].dtype == np.int64
                assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1]), last_year

    @pytest.mark.parametrize("key", ZONES)
    def test_both_builders_give_the_reference_rows(self, key):
        """``_rows_py`` (Python ints: how zones are loaded) and ``_table_np`` (numpy: long spans) both give ``_table``'s rows."""
        raw = read_tzif_bytes(key)
        data, rows = parse_tzif(raw), read_rows(raw)
        rule = parse_posix_tz(data.footer) if data.footer else None
        for last_year in (HORIZON_YEAR, 2200):  # every zone's footer span is short enough for _rows_py here
            want = [a.tolist() for a in _table(data, rule, last_year)]
            assert [a.tolist() for a in _table_np(rows, rule, last_year, strict=True)] == want
            assert list(_rows_py(rows, rule, last_year, strict=True)) == want, last_year
            assert list(_rows_py(data, rule, last_year)) == want, last_year
        if rule is not None and rule.has_dst:  # a span too long for plain ints is refused, for numpy to do
            assert _rows_py(rows, rule, 2100 + PY_EVENTS_MAX_YEARS, strict=True) is None

    @pytest.mark.parametrize("key", ["America/New_York", "Europe/Dublin", "Australia/Lord_Howe", "America/Nuuk", "Asia/Gaza"])
    def test_domain_does_not_expand_and_matches_the_full_table(self, key):
        zone = fresh(key)
        lo, hi = zone.domain_us
        assert zone.horizon_year < 10000
        full = fresh(key)
        full.utc_starts  # expands everything
        assert full.horizon_year == 10000
        assert full.domain_us == (lo, hi)

    def test_threads_extending_at_once_agree(self):
        zone = fresh(NY)
        years = np.arange(2100, 9999, 37)
        instants = np.array([us(f"{y:04d}-07-01T12:00") for y in years])
        want = fresh(NY).utcoffset(instants).tolist()
        barrier = threading.Barrier(6)
        results: list[list[int]] = []

        def worker(i: int) -> None:
            barrier.wait(timeout=30)
            order = instants[i::6].tolist() + instants.tolist()
            got = {u: int(zone.utcoffset(np.array([u]))[0]) for u in order}
            results.append([got[u] for u in instants.tolist()])

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert results == [want] * 6


class TestReadOnly:
    def arrays(self, zone: Zone) -> list[np.ndarray]:
        t0, t1 = us("2024-01-01T00:00"), us("2025-01-01T00:00")
        zone.to_utc(np.datetime64("2024-06-01T09:00", "us"))  # derive the wall-clock arrays too
        found = [zone.utc_starts, zone.offsets, *zone.transitions(t0, t1), *zone.regions(t0, t1)]
        table = zone._table  # the private arrays are read-only too
        found += [table.utc, table.off32, table.off, *table.local[:5]]
        return found

    @pytest.mark.parametrize("key", [NY, "UTC", "Australia/Lord_Howe"])
    def test_every_array_refuses_writes(self, key):
        zone = fresh(key)
        for arr in self.arrays(zone):
            assert not arr.flags.writeable
            if arr.size:
                with pytest.raises(ValueError, match="read-only"):
                    arr[...] = arr
        before = zone.utcoffset(np.datetime64("2024-07-01", "us"))
        for arr in (zone.utc_starts, zone.offsets):
            with pytest.raises(ValueError):
                arr.setflags(write=True)  # views of read-only arrays cannot be made writable
        assert zone.utcoffset(np.datetime64("2024-07-01", "us")) == before

    def test_a_callers_write_cannot_change_the_shared_zone(self):
        zone = get_zone(NY)
        offsets = zone.transitions(us("2024-01-01T00:00"), us("2025-01-01T00:00")).offset_after_us
        with pytest.raises(ValueError):
            offsets[0] = 0
        assert int(zone.utcoffset(np.datetime64("2024-07-01", "us"))) == -4 * 3600


class TestPublicApi:
    def test_next_and_previous_transition_new_york(self):
        ny = get_zone(NY)
        t = ny.next_transition(us("2024-06-01T00:00"))
        assert (t.utc_us, t.offset_before_us, t.offset_after_us, t.is_gap) == (us("2024-11-03T06:00"), -4 * H, -5 * H, False)
        assert (t.local_start_us, t.local_end_us) == (us("2024-11-03T01:00"), us("2024-11-03T02:00"))  # the fold
        p = ny.previous_transition(us("2024-06-01T00:00"))
        assert (p.utc_us, p.is_gap, p.local_start_us, p.local_end_us) == (
            us("2024-03-10T07:00"), True, us("2024-03-10T02:00"), us("2024-03-10T03:00"))
        assert ny.previous_transition(p.utc_us) == p  # at or before
        assert ny.next_transition(p.utc_us - 1) == p  # strictly after

    def test_no_transitions(self):
        utc = get_zone("UTC")
        assert utc.next_transition(0) is None and utc.previous_transition(0) is None
        assert utc.transitions(-(2**62), 2**62).utc_us.size == 0 and utc.regions(-(2**62), 2**62).is_gap.size == 0

    def test_period(self):
        ny = get_zone(NY)
        p = ny.period_at_us(us("2024-11-03T06:30"))  # 01:30 EST, the second pass
        assert (p.utc_start_us, p.utc_end_us, p.offset_us, p.offset_before_us) == (
            us("2024-11-03T06:00"), us("2025-03-09T07:00"), -5 * H, -4 * H)
        assert p.repeat_end_local_us == us("2024-11-03T02:00")

    @pytest.mark.parametrize("key", ["America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "Pacific/Apia", "Asia/Gaza"])
    def test_transitions_match_zoneinfo(self, key):
        zone = get_zone(key)
        found = zone.transitions(us("1990-01-01T00:00"), us("2040-01-01T00:00"))
        assert found.utc_us.size > 10
        for u, before, after in zip(*(a.tolist() for a in found)):
            assert oracle.offset_seconds(key, u - 1) * US == before and oracle.offset_seconds(key, u) * US == after
            nxt = zone.next_transition(u - 1)
            assert nxt is not None and nxt.utc_us == u
        # nothing changes between two listed transitions
        mid = (found.utc_us[1:] + found.utc_us[:-1]) // 2
        assert [oracle.offset_seconds(key, int(m)) * US for m in mid] == found.offset_after_us[:-1].tolist()

    def test_regions_new_york_2024(self):
        r = get_zone(NY).regions(us("2024-01-01T00:00"), us("2024-12-31T00:00"))
        assert r.start_local_us.tolist() == [us("2024-03-10T02:00"), us("2024-11-03T01:00")]
        assert r.end_local_us.tolist() == [us("2024-03-10T03:00"), us("2024-11-03T02:00")]
        assert r.is_gap.tolist() == [True, False]
        assert r.offset_before_us.tolist() == [-5 * H, -4 * H] and r.offset_after_us.tolist() == [-4 * H, -5 * H]

    def test_wall_and_fold_matches_zoneinfo(self):
        z = zoneinfo.ZoneInfo(NY)
        instants = us("2024-11-03T04:00") + np.arange(0, 4 * 3600, 900) * US
        w = get_zone(NY).wall_and_fold_us(instants)
        for u, local, fold in zip(instants.tolist(), w.local_us.tolist(), w.fold.tolist()):
            d = oracle.us_to_utc(u).astimezone(z)
            assert (oracle.naive_to_us(d.replace(tzinfo=None)), bool(d.fold)) == (local, fold)


# ------------------------------------------------------------------ memory


def _load_all_ours(keys: list[str]) -> list:
    q = np.datetime64("2030-06-01T12:00", "us")
    return [(z := get_zone(k), z.utcoffset(q))[0] for k in keys]


def _load_all_zoneinfo(keys: list[str]) -> list:
    q = datetime(2030, 6, 1, 12, tzinfo=timezone.utc)
    return [(z := zoneinfo.ZoneInfo(k), q.astimezone(z).utcoffset())[0] for k in keys]


def _traced(load, clear) -> int:
    clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        held = load(ZONES)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(held) == len(ZONES)
    return after - before


def test_all_zones_cost_no_more_memory_than_zoneinfo():
    """Loading every zone and answering one query in 2030 each, zones held: ours <= zoneinfo's (tracemalloc, same run)."""
    get_zone("UTC").utcoffset(np.datetime64("2030-06-01", "us"))  # import-time caches outside the measurement
    ours = _traced(_load_all_ours, tz.clear_cache)
    theirs = _traced(_load_all_zoneinfo, zoneinfo.ZoneInfo.clear_cache)
    assert ours <= theirs, f"ours {ours} bytes, zoneinfo {theirs} bytes"


def _fresh_process_load(which: str) -> dict:
    script = Path(__file__).parents[1] / "benchmarks" / "tz_load.py"
    done = subprocess.run([sys.executable, str(script), which], capture_output=True, text=True, check=True, timeout=300)
    return json.loads(done.stdout)


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads resident memory from Linux's /proc")
def test_all_zones_cost_no_more_resident_memory_than_zoneinfo():
    """RSS growth of loading every zone + one query each, in fresh processes (3 each, alternating): ours <= zoneinfo's.

    Both sides have imported their library before the baseline (ours imports
    numpy either way).  Loading and a scalar query run no numpy arithmetic
    loop, so none of numpy's code is paged in: that code would cost from 64 kB
    to a few MB of resident memory, depending on the page cache.
    """
    runs: dict[str, list[dict]] = {"ours": [], "zoneinfo": []}
    for _ in range(3):
        for which in runs:
            runs[which].append(_fresh_process_load(which))
    ours, theirs = (statistics.median(r["rss_bytes"] for r in runs[w]) for w in ("ours", "zoneinfo"))
    assert all(r["zones"] == len(ZONES) for rs in runs.values() for r in rs)
    assert ours <= theirs, f"RSS growth: ours {ours} bytes, zoneinfo {theirs} bytes"
    paged = [r["numpy_code_rss_bytes"] for r in runs["ours"]]
    assert paged == [0, 0, 0], f"loading paged in numpy code (bytes per run: {paged}): a numpy arithmetic call on the load path?"


@pytest.mark.parametrize("key", ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Gaza", "America/Nuuk"])
def test_one_dst_zone_is_under_50_kb(key):
    tz.clear_cache(only_keys=[key])
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        zone = get_zone(key)
        zone.utcoffset(np.datetime64("2030-06-01T12:00", "us"))
        zone.to_utc(np.arange("2030-01-01", "2031-01-01", dtype="datetime64[D]").astype("datetime64[us]"))
        zone.offset_at_us(us("2030-06-01T12:00"))
        zone.resolve_us(us("2030-06-01T09:00"))
        del_before = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert zone.table_nbytes <= 50_000
    assert del_before - before <= 50_000 + 3_000 * 8 * 2, del_before - before  # the zone, plus the 365-value result


def test_every_zone_table_is_under_50_kb():
    for key in ZONES:
        zone = fresh(key)
        zone.to_utc(np.datetime64("2030-06-01T09:00", "us"))
        assert zone.table_nbytes <= 50_000, key


# ------------------------------------------------------- the public surface

SRC = Path(interval_schedule.__file__).parent
ZONE_PRIVATE = {name for name in dir(Zone) if name.startswith("_") and not name.startswith("__")} | {
    name for name in Zone.__slots__ if name.startswith("_") and not name.startswith("__")
} | {"_lists", "_regions", "_utc_us", "_off_us", "_local_start_us", "_local_end_us"}  # the old private names too


def test_no_module_outside_tz_reads_zone_internals():
    """An AST walk: ``<anything but self>.<Zone private name>`` in a module outside tz/ is a violation."""
    assert "_table" in ZONE_PRIVATE and "_covering" in ZONE_PRIVATE
    violations = []
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "tz" and path.parent.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in ZONE_PRIVATE:
                if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                    continue  # the module's own attributes of the same name (planner's _lists)
                violations.append(f"{path.relative_to(SRC)}:{node.lineno}: .{node.attr}")
    assert violations == []


def test_the_ast_walk_catches_a_violation():
    bad = ast.parse("def f(zone):\n    return zone._table.utc, zone._lists\n")
    hits = [n.attr for n in ast.walk(bad) if isinstance(n, ast.Attribute) and n.attr in ZONE_PRIVATE]
    assert sorted(hits) == ["_lists", "_table"]


def test_links_share_one_table_and_answer_alike():
    """Byte-identical files (tzdata links) share one immutable table; an extension in one zone leaves the other's alone."""
    src = tz.TzSource.from_path(Path(tz._DEFAULT._files).parent)  # the bundled files, in a source of its own (own cache)
    assert read_tzif_bytes("US/Eastern") == read_tzif_bytes(NY)
    ny, eastern = src.get_zone(NY), src.get_zone("US/Eastern")
    assert eastern.key == "US/Eastern" and eastern != ny and eastern._table is ny._table
    instants = np.array([us("2024-01-15T12:00"), us("2024-07-15T12:00"), us("2600-07-15T12:00")])
    assert eastern.utcoffset(instants).tolist() == [oracle.offset_seconds(NY, int(u)) for u in instants] == [-5 * 3600, -4 * 3600, -4 * 3600]
    assert eastern.horizon_year > 2600 and ny.horizon_year == HORIZON_YEAR  # eastern extended its own table
    assert ny.utcoffset(instants).tolist() == eastern.utcoffset(instants).tolist()
    assert src.get_zone("Asia/Tokyo")._table is not ny._table
