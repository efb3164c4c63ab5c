"""Peak memory per worker of Parquet -> next_runs(after, 1) -> Parquet on the 2-worker LocalCluster.

    .venv/bin/python benchmarks/dask_memory.py 10000000

Writes N mixed schedules in 8 Parquet files to a temporary directory, runs the
pipeline once, and prints each worker's highest RSS sampled by distributed
(every 0.5 s) when idle and after the run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

sys.path.insert(0, str(Path(__file__).parent))
from bench_dask import AFTER, _worker_peak_mb, write_dataset  # noqa: E402
from interval_schedule import dask as isd  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    root = Path(tempfile.mkdtemp(prefix="dask_memory_"))
    try:
        write_dataset(n, root)  # its columns are freed when it returns
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0")
        try:
            with Client(cluster) as client:
                print("idle peak MB per worker", sorted(client.run(_worker_peak_mb).values()))
                t0 = time.perf_counter()
                job = isd.to_parquet(isd.next_runs(isd.read_parquet(str(root / "part-*.parquet")), AFTER, 1), str(root / "out"), compute=False)
                client.compute(job).result()
                print(f"{n} schedules in {time.perf_counter() - t0:.1f} s")
                time.sleep(1.2)  # one more memory sample
                print("peak MB per worker", sorted(client.run(_worker_peak_mb).values()))
        finally:
            cluster.close()
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
