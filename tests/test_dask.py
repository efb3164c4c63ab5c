"""interval_schedule.dask on a real dask.distributed.LocalCluster (2 workers, 127.0.0.1), via Parquet.

Expected values: the single-process ScheduleBatch built from the same numpy
columns (itself proven against the scalar core in tests/test_batch.py).
"""

from __future__ import annotations

import socket
import warnings
from datetime import timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from interval_schedule import dask as isd
from interval_schedule.cli import main
from interval_schedule.batch import ScheduleBatch
from interval_schedule.errors import InvalidDatetimeError, ZoneNotFoundError
from interval_schedule.testing import FAVOURITE_ZONES

US = 1_000_000
AFTER = np.datetime64("2026-11-28T00:00:00", "us")
ROWS = 3000


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0", processes=True)
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


def test_runs_per_bucket_on_the_cluster(client, dataset):
    # Capacity planning: runs starting in each 10 minutes of a week, summed over the 4 partitions (one empty).
    root, expected = dataset
    start, end = np.datetime64("2026-11-28T00:00", "us"), np.datetime64("2026-12-05T00:00", "us")
    width = 600 * US
    hist = isd.runs_per_bucket(isd.read_parquet(str(root)), "2026-11-28T00:00:00Z", "2026-12-05T00:00:00Z", timedelta(minutes=10))
    got = client.compute(hist).result()
    _, dates = expected.dates_between(start, end - np.timedelta64(1, "us"))
    want = np.bincount((dates.view(np.int64) - start.view(np.int64)) // width, minlength=7 * 144)
    assert got["runs"].tolist() == want.tolist() and int(got["runs"].sum()) == dates.size > 0
    assert got["bucket_start"].iloc[1] == pd.Timestamp("2026-11-28T00:10:00Z")


def test_runs_per_bucket_names_the_partition_of_a_bad_row(client, tmp_path):
    for k, zones in enumerate([["UTC"], ["UTC", "Mars/Olympus"]]):
        t = pa.table({"interval_us": [60 * US] * len(zones), "anchor": pa.array([0] * len(zones), pa.timestamp("us", tz="UTC")),
                      "timezone": zones})
        pq.write_table(t, tmp_path / f"part-{k}.parquet")
    hist = isd.runs_per_bucket(isd.read_parquet(str(tmp_path)), "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", 3_600 * US)
    with pytest.raises(ZoneNotFoundError, match="partition 1, row 1: timezone: unknown time zone 'Mars/Olympus'"):
        client.compute(hist).result()


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


class TestCommandLine:
    """``interval-schedule next-runs``: same answers as one process, errors on one line with status 2."""

    def test_on_the_cluster_via_scheduler_address(self, client, dataset, tmp_path, capsys):
        root, expected = dataset
        out = tmp_path / "runs.parquet"
        address = client.scheduler.address
        assert main(["next-runs", str(root), "--after", "2026-11-28T00:00:00Z", "-n", "2", "-o", str(out), "--scheduler", address]) == 0
        got = pd.read_parquet(out)
        want = np.asarray(expected.next_runs(AFTER, 2)).view(np.int64)
        assert got["next_run_2"].dt.tz_convert(None).to_numpy("datetime64[us]").view(np.int64).tolist() == want[:, 1].tolist()
        assert f"wrote {out} (4 partitions, n=2)" in capsys.readouterr().out

    def test_in_process_threads(self, dataset, tmp_path):
        root, expected = dataset
        out = tmp_path / "runs.parquet"
        assert main(["next-runs", str(root / "part-2.parquet"), "--after", "2026-11-28T00:00:00Z", "-o", str(out), "--no-progress"]) == 0
        got = pd.read_parquet(out)
        want = np.asarray(expected.next_runs(AFTER, 1)).view(np.int64)[1:1200, 0]
        assert got["next_run_1"].dt.tz_convert(None).to_numpy("datetime64[us]").view(np.int64).tolist() == want.tolist()

    def test_on_a_local_cluster_of_its_own(self, dataset, tmp_path):
        # --workers N starts a LocalCluster of N worker processes on 127.0.0.1 and stops it before returning.
        import psutil

        root, expected = dataset
        out = tmp_path / "runs.parquet"
        before = {p.pid for p in psutil.Process().children(recursive=True)}
        # Dask's default dashboard port taken (another cluster on this machine): the CLI's cluster must not
        # want it (it binds its dashboard to a free loopback port, so no "Port 8787 is already in use").
        with socket.socket() as taken, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                taken.bind(("127.0.0.1", 8787))
                taken.listen()
            except OSError:
                pass  # already held by someone else: the same situation
            assert main(["next-runs", str(root / "part-2.parquet"), "--after", "2026-11-28T00:00:00Z", "-o", str(out),
                         "--workers", "1", "--no-progress"]) == 0
        assert [str(w.message) for w in caught if "already in use" in str(w.message)] == []
        got = pd.read_parquet(out)
        want = np.asarray(expected.next_runs(AFTER, 1)).view(np.int64)[1:1200, 0]
        assert got["next_run_1"].dt.tz_convert(None).to_numpy("datetime64[us]").view(np.int64).tolist() == want.tolist()
        left = [p.cmdline() for p in psutil.Process().children(recursive=True) if p.pid not in before and p.is_running()
                and p.status() != psutil.STATUS_ZOMBIE]
        # the worker process is gone; multiprocessing's resource tracker stays for this process's lifetime by design
        assert [c for c in left if "multiprocessing.resource_tracker" not in " ".join(c)] == []

    @pytest.mark.parametrize(
        "args, fragment",
        [
            (["--after", "2026-11-28T00:00:00"], "is naive"),
            (["--after", "2026-11-28T00:00:00Z", "-n", "-1"], "-n"),
            (["--after", "2026-11-28T00:00:00Z", "--workers", "0"], "--workers must be between 1 and 256"),
        ],
    )
    def test_bad_arguments(self, dataset, tmp_path, capsys, args, fragment):
        root, _ = dataset
        assert main(["next-runs", str(root), "-o", str(tmp_path / "o"), *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and fragment in err

    def test_missing_input_and_existing_output(self, dataset, tmp_path, capsys):
        root, _ = dataset
        assert main(["next-runs", str(tmp_path / "none.parquet"), "--after", "2026-11-28T00:00:00Z", "-o", str(tmp_path / "o")]) == 2
        assert "no such file or directory" in capsys.readouterr().err
        assert main(["next-runs", str(root), "--after", "2026-11-28T00:00:00Z", "-o", str(root)]) == 2
        assert "already exists" in capsys.readouterr().err

    def test_bad_row_is_one_line(self, tmp_path, capsys):
        t = pa.table({"interval_us": [60 * US, -1], "anchor": pa.array([0, 0], pa.timestamp("us", tz="UTC")), "timezone": ["UTC", "UTC"]})
        pq.write_table(t, tmp_path / "bad.parquet")
        code = main(["next-runs", str(tmp_path / "bad.parquet"), "--after", "2026-11-28T00:00:00Z", "-o", str(tmp_path / "o"), "--no-progress"])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1
        assert "partition 0, row 1: interval_us = -1" in err
