"""``interval-schedule next-runs``: the next runs of every schedule in a Parquet dataset, written as Parquet.

SCHEDULES.parquet is a file or a directory of files with the schema of
:mod:`interval_schedule.columnar`.  The work runs on Dask, one partition (a
file or row group) at a time per worker thread, so memory is bounded by the
partition size, never by the dataset:

* by default on Dask's threaded scheduler in this process;
* ``--workers N``: on a ``LocalCluster`` of N single-threaded worker processes
  on 127.0.0.1, started and closed by the command;
* ``--scheduler ADDRESS``: on a running cluster (``tcp://host:8786``).

The progress bar is Dask's own (``dask.diagnostics.ProgressBar`` locally,
``distributed.progress`` on a cluster): it counts the task graph's tasks, so
it is right for any scheduler with no extra dependency, and it stays silent
for work shorter than a second.

User errors print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import Any

from .._limits import check_count
from ..columnar import Columns
from ..errors import InvalidQueryError
from ._common import import_extra

__all__ = ["add_next_runs_command", "cmd_next_runs"]


def add_next_runs_command(subparsers: Any) -> None:
    """Register ``next-runs`` on the ``interval-schedule`` argparse sub-parsers."""
    p = subparsers.add_parser(
        "next-runs",
        help="the next runs of every schedule in a Parquet dataset (Dask), written as Parquet",
        description=(
            "Read schedules (interval_us int64, anchor timestamp[us, tz=UTC], timezone string) from Parquet, "
            "compute each one's next N runs at or after --after, and write the table with next_run_1..N "
            "columns to OUT (a directory of Parquet files)."
        ),
    )
    p.add_argument("schedules", metavar="SCHEDULES.parquet", help="a Parquet file or a directory of them")
    p.add_argument("--after", required=True, help="the first instant to consider, ISO-8601 with Z or an offset")
    p.add_argument("-n", type=int, default=1, help="runs per schedule (default 1)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.parquet", help="output directory (created; must not exist)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", default=None, help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--workers", type=int, default=None, metavar="N", help="start a LocalCluster of N worker processes")
    p.add_argument("--errors", choices=("raise", "null"), default="raise", help="bad rows: fail (default) or null results plus an error column")
    p.add_argument("--local", action="store_true", help="also write local wall times (naive) next to the zone column")
    p.add_argument("--interval-column", default="interval_us")
    p.add_argument("--anchor-column", default="anchor")
    p.add_argument("--timezone-column", default="timezone")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_next_runs)


_NEEDS_DASK = "next-runs needs Dask; install it with pip install 'interval_schedule[dask]'"


def _import(name: str) -> Any:
    return import_extra(name, _NEEDS_DASK)


def cmd_next_runs(a: argparse.Namespace) -> int:
    isd: Any = _import(".dask")

    n = check_count(a.n, "-n")
    after = isd._instant(a.after, "--after")  # checked before anything starts
    source, out = Path(a.schedules), Path(a.output)
    if not source.exists():
        raise InvalidQueryError(f"{a.schedules}: no such file or directory")
    if out.exists():
        raise InvalidQueryError(f"{a.output} already exists; give a new directory")
    if a.workers is not None and not 1 <= a.workers <= 256:
        raise InvalidQueryError(f"--workers must be between 1 and 256, not {a.workers}")
    _import("dask.dataframe")
    distributed: Any = _import("distributed") if (a.scheduler or a.workers) else None
    columns = Columns(interval=a.interval_column, anchor=a.anchor_column, timezone=a.timezone_column)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        client = None
        if a.workers:
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=a.workers, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0", processes=True
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        elif a.scheduler:
            try:
                client = stack.enter_context(distributed.Client(a.scheduler, timeout="10s"))
            except (OSError, TimeoutError) as exc:
                raise InvalidQueryError(f"cannot reach the Dask scheduler {a.scheduler!r}: {exc}") from None
        try:
            ddf = isd.read_parquet(str(source))
        except (OSError, ValueError) as exc:
            raise InvalidQueryError(f"{a.schedules}: cannot read as Parquet ({exc})") from None
        result = isd.next_runs(ddf, after, n, columns=columns, errors=a.errors, local=a.local)
        job = isd.to_parquet(result, str(out), compute=False)
        if client is not None:
            future = client.compute(job)
            if not a.no_progress:
                distributed.progress(future)
            future.result()
        else:
            progress = _import("dask.diagnostics").ProgressBar(minimum=1.0, out=sys.stderr)
            with progress if not a.no_progress else contextlib.nullcontext():
                job.compute()
    print(f"wrote {out} ({ddf.npartitions} partitions, n={n}) in {time.perf_counter() - started:.1f} s")
    return 0
