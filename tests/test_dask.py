"""interval_schedule.dask on a real dask.distributed.LocalCluster (2 workers, 127.0.0.1), via Parquet.

Expected values: the single-process ScheduleBatch built from the same numpy
columns (itself proven against the scalar core in tests/test_batch.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from interval_schedule import dask as isd
from interval_schedule.batch import ScheduleBatch
from interval_schedule.errors import InvalidDatetimeError, ZoneNotFoundError
from interval_schedule.testing import FAVOURITE_ZONES

US = 1_000_000
AFTER = np.datetime64("2026-11-28T00:00:00", "us")
ROWS = 3000


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True)
    try:
        with Client(cluster) as c:
            yield c
    finally:
        cluster.close()


def columns(n: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    zones = np.array(sorted(FAVOURITE_ZONES))
    interval_us = rng.choice(np.array([60, 900, 3600, 43200, 86400, 2 * 86400, 7 * 86400], np.int64) * US, n)
    anchor_us = rng.integers(1420070400, 1767225600, n, dtype=np.int64) * US
    zone = zones[rng.integers(0, len(zones), n)]
    gap = np.array(["shift", "skip"])[rng.integers(0, 2, n)]
    return interval_us, anchor_us, zone, gap


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """ROWS schedules in 4 Parquet files, one of them empty and one with a single row."""
    root = tmp_path_factory.mktemp("schedules")
    iv, an, zone, gap = columns(ROWS)
    t = pa.table({
        "interval_us": iv,
        "anchor": pa.array(an, pa.int64()).view(pa.timestamp("us", tz="UTC")),
        "timezone": pa.array(zone).dictionary_encode(),
        "gap": pa.array(gap).dictionary_encode(),
    })
    cuts = [0, 0, 1, 1200, ROWS]  # part 0 empty, part 1 one row
    for k in range(4):
        pq.write_table(t.slice(cuts[k], cuts[k + 1] - cuts[k]), root / f"part-{k}.parquet")
    expected = ScheduleBatch.from_arrays(iv, an, zone.tolist(), gap=gap.tolist())
    return root, expected


def test_next_runs_on_the_cluster_equal_one_process(client, dataset, tmp_path):
    root, expected = dataset
    ddf = isd.read_parquet(str(root))
    assert ddf.npartitions == 4
    isd.to_parquet(isd.next_runs(ddf, AFTER, 3, local=True), str(tmp_path / "out"))
    got = pd.read_parquet(tmp_path / "out")
    want = np.asarray(expected.next_runs(AFTER, 3)).view(np.int64)
    assert len(got) == ROWS
    for j in range(3):
        col = got[f"next_run_{j + 1}"]
        assert str(col.dt.tz) == "UTC"
        assert col.dt.tz_convert(None).to_numpy("datetime64[us]").view(np.int64).tolist() == want[:, j].tolist()
    assert got["timezone"].astype(str).tolist()[:3] == [expected.keys[i] for i in range(3)]


def test_count_between_on_the_cluster(client, dataset):
    root, expected = dataset
    start, end = "2026-11-28T00:00:00Z", "2026-12-05T00:00:00Z"
    got = isd.count_between(isd.read_parquet(str(root)), start, end).compute()
    assert got["count"].tolist() == expected.count_between(start, end).tolist()


def test_a_bad_row_names_partition_and_row_and_the_workers_survive(client, tmp_path):
    t = pa.table({
        "interval_us": [60 * US] * 3,
        "anchor": pa.array([0, 0, 0], pa.timestamp("us", tz="UTC")),
        "timezone": ["UTC", "Mars/Olympus", "UTC"],
    })
    pq.write_table(t, tmp_path / "bad.parquet")
    ddf = isd.read_parquet(str(tmp_path / "bad.parquet"))
    with pytest.raises(ZoneNotFoundError, match="partition 0, row 1: timezone: unknown time zone 'Mars/Olympus'"):
        isd.next_runs(ddf, AFTER, 1).compute()
    out = isd.next_runs(ddf, AFTER, 1, errors="null").compute()  # the same workers answer the next job
    assert out["next_run_1"].isna().tolist() == [False, True, False]
    assert "Mars/Olympus" in out["error"][1]
    assert len(client.scheduler_info()["workers"]) == 2


def test_naive_after_refused_on_the_client():
    ddf = isd.read_parquet  # nothing is read: the instant is checked first
    with pytest.raises(InvalidDatetimeError, match="naive"):
        isd.next_runs(ddf, "2026-11-28T00:00:00", 1)
