"""The timezone engine against the standard library's zoneinfo on the same tzdata package.

Every key in tzdata: one second either side of every transition 1900-2100
(instants and wall-clock times), and random instants 1800-2400.  The
exhaustive version (more samples, every transition 1800-2400) is marked slow.
"""

from __future__ import annotations

import numpy as np
import pytest

import oracle
from interval_schedule.tz import LocalKind, available_zones, get_zone

US = 1_000_000
Y1800 = -5364662400
Y1900 = -2208988800
Y2100 = 4102444800
Y2400 = 13569465600
ZONES = sorted(available_zones())


def _probe_instants(zone, lo, hi, n_random, seed):
    starts = zone.utc_starts[(zone.utc_starts >= lo) & (zone.utc_starts <= hi)]
    around = (starts[:, None] + np.array([-1, 0, 1])).ravel()
    rng = np.random.default_rng(seed)
    rand = rng.integers(Y1800, Y2400, n_random)
    return np.concatenate([around, rand]) * US + rng.integers(0, US, len(around) + n_random)


def _probe_locals(zone, lo, hi):
    mask = (zone.utc_starts >= lo) & (zone.utc_starts <= hi)
    idx = np.flatnonzero(mask)
    idx = idx[idx >= 1]
    t = zone.utc_starts[idx]
    a, b = zone.offsets[idx - 1], zone.offsets[idx]
    edges = np.concatenate([t + a, t + b, t + (a + b) // 2])
    return ((edges[:, None] + np.array([-1, 0, 1])).ravel()) * US


def _check_zone(key, lo, hi, n_random):
    zone = get_zone(key)
    seed = sum(map(ord, key))
    inst = _probe_instants(zone, lo, hi, n_random, seed)
    got = zone.utcoffset(inst)
    want = np.array([oracle.offset_seconds(key, int(u)) for u in inst])
    bad = np.flatnonzero(got != want)
    assert not bad.size, f"{key}: utcoffset mismatch at {inst[bad[:5]].astype('datetime64[us]')}: {got[bad[:5]]} vs {want[bad[:5]]}"

    local = np.concatenate([_probe_locals(zone, lo, hi), inst])
    for gap in ("shift", "skip"):
        for fold in ("earlier", "later"):
            got = zone.to_utc_us(local, gap, fold)
            want = np.array(
                [np.iinfo(np.int64).min if (r := oracle.resolve(key, int(x), gap, fold)) is None else r for x in local]
            )
            bad = np.flatnonzero(got != want)
            assert not bad.size, (
                f"{key} gap={gap} fold={fold}: to_utc mismatch at {local[bad[:5]].astype('datetime64[us]')}"
            )
    kinds = zone.classify(local).kind
    want_kinds = np.array([LocalKind[oracle.kind(key, int(x))] for x in local])
    assert np.array_equal(kinds, want_kinds), key


@pytest.mark.parametrize("key", ZONES)
def test_every_zone_matches_zoneinfo(key):
    _check_zone(key, Y1900, Y2100, n_random=40)


@pytest.mark.slow
@pytest.mark.parametrize("key", ZONES)
def test_every_zone_matches_zoneinfo_exhaustive(key):
    _check_zone(key, Y1800, Y2400, n_random=2000)
