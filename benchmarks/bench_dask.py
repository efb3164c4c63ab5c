"""Scale-out (issue 17): Parquet -> next_runs(after, 1) -> Parquet, one process vs a 2-worker LocalCluster.

Sizes default to 1M and 2M schedules (8 Parquet files each) so `make bench`
stays short on the 2-core machine; set BENCH_DASK_SIZES=1000000,4000000,10000000
for the full scaling run.  Each benchmark records rows per second per core and
the highest sampled RSS of each worker process in extra_info.
"""

from __future__ import annotations

import os
import resource

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from conftest import mixed_columns
from interval_schedule import columnar
from interval_schedule import dask as isd

SIZES = [int(s) for s in os.environ.get("BENCH_DASK_SIZES", "1000000,2000000").split(",")]
FILES = 8
AFTER = np.datetime64("2026-11-28T00:00:00", "us")


@pytest.fixture(scope="module")
def cluster_client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0")
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n // 1_000_000}M")
def dataset(request, tmp_path_factory):
    n = request.param
    root = tmp_path_factory.mktemp(f"schedules_{n}")
    write_dataset(n, root)
    return n, root


def write_dataset(n: int, root) -> None:
    """*n* mixed schedules as FILES Parquet files under *root* (zones dictionary-encoded)."""
    iv, an, zones = mixed_columns(n)
    table = pa.table({
        "interval_us": iv,
        "anchor": pa.array(an, pa.int64()).view(pa.timestamp("us", tz="UTC")),
        "timezone": pa.array(zones).dictionary_encode(),
    })
    step = -(-n // FILES)
    for k in range(FILES):
        pq.write_table(table.slice(k * step, step), root / f"part-{k}.parquet")


def _peak_rss_mb() -> float:
    """Peak RSS of this process so far (ru_maxrss; it includes generating the dataset)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb(dask_worker) -> float:
    """A worker's highest sampled RSS (distributed samples it every 0.5 s).

    Not ru_maxrss: a worker process starts from a fork of its parent, whose
    peak it inherits, so ru_maxrss would report the benchmark process's peak.
    """
    return max(dask_worker.monitor.quantities["memory"]) / 2**20


def test_one_process(benchmark, dataset, tmp_path):
    """One process, file by file: pyarrow read -> columnar.next_runs(after, 1) -> pyarrow write."""
    n, root = dataset
    out = tmp_path / "out"
    out.mkdir()

    def run():
        for path in sorted(root.iterdir()):
            pq.write_table(columnar.next_runs(pq.read_table(path), AFTER, 1), out / path.name)

    benchmark.pedantic(run, rounds=2, iterations=1)
    benchmark.extra_info.update(rows=n, cores=1, rows_per_s_per_core=n / benchmark.stats["median"], peak_rss_mb=_peak_rss_mb())


def test_local_cluster_2_workers(benchmark, dataset, cluster_client, tmp_path):
    """The same on the 2-worker LocalCluster: dask read_parquet -> next_runs -> to_parquet."""
    n, root = dataset
    counter = iter(range(100))

    def run():
        job = isd.to_parquet(isd.next_runs(isd.read_parquet(str(root)), AFTER, 1), str(tmp_path / f"out{next(counter)}"), compute=False)
        cluster_client.compute(job).result()

    benchmark.pedantic(run, rounds=2, iterations=1, warmup_rounds=1)
    peaks = cluster_client.run(_worker_peak_mb)
    benchmark.extra_info.update(
        rows=n, cores=2, rows_per_s_per_core=n / benchmark.stats["median"] / 2, peak_rss_mb_per_worker=sorted(peaks.values())
    )
