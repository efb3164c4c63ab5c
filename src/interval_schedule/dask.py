"""The columnar queries over a ``dask.dataframe``, one partition at a time (extra ``dask``).

Each function maps :mod:`interval_schedule.columnar` over the partitions
(pandas frames) with ``map_partitions``: nothing is gathered on the client,
and a worker holds one partition (plus its results) at a time per thread, so
memory is bounded by the partition size.  The same calls run on the local
threaded scheduler, a ``LocalCluster`` or a real cluster (a ``Client``
connected to it is all they need).

A bad row raises the library error of its kind on the client, naming the
partition and the row within it (counted from 0), e.g. ``partition 3, row 17:
timezone: unknown time zone 'Mars/Olympus' ...``; with ``errors="null"`` the
row's results are null and the ``error`` column holds the message.  Empty
partitions give empty results.

>>> import pandas as pd, dask.dataframe as dd
>>> df = pd.DataFrame({"interval_us": [3_600_000_000] * 4,
...                    "anchor": pd.to_datetime(["2024-01-01T00:00Z"] * 4),
...                    "timezone": pd.Categorical(["UTC", "Asia/Tokyo", "UTC", "Europe/London"])})
>>> out = next_runs(dd.from_pandas(df, npartitions=2), "2024-06-01T10:30:00Z", 2)
>>> out.compute(scheduler="sync")["next_run_2"].astype(str).tolist()
['2024-06-01 12:00:00+00:00', '2024-06-01 12:00:00+00:00', '2024-06-01 12:00:00+00:00', '2024-06-01 12:00:00+00:00']
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from . import columnar
from ._convert import instant_us
from ._limits import check_count
from .columnar import DEFAULT_COLUMNS, Columns, Errors, Layout
from .errors import IntervalScheduleError

__all__ = ["read_parquet", "next_runs", "count_between", "runs_per_bucket", "to_parquet"]


def _dd() -> Any:
    try:
        return importlib.import_module("dask.dataframe")
    except ImportError as exc:
        raise ImportError("dask.dataframe is needed for this; install it with pip install 'interval_schedule[dask]'") from exc


def _instant(value: object, what: str) -> np.datetime64:
    """An aware instant, checked once on the client (workers get a plain datetime64)."""
    return np.datetime64(instant_us(value, what), "us")


def _on_partition(frame: Any, function: Any, *args: Any, partition_info: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """Run *function* on one partition; a library error names the partition (same class, so callers can catch it)."""
    try:
        return function(frame, *args, **kwargs)
    except IntervalScheduleError as exc:
        number = partition_info["number"] if partition_info else "?"
        raise type(exc)(f"partition {number}, {exc}") from None


def read_parquet(path: Any, **kwargs: Any) -> Any:
    """``dask.dataframe.read_parquet(path, **kwargs)``: one partition per file or row group."""
    return _dd().read_parquet(path, **kwargs)


def to_parquet(ddf: Any, path: Any, **kwargs: Any) -> Any:
    """``ddf.to_parquet(path, write_index=False, **kwargs)``: a directory of part files.

    Category columns (zones read from dictionary-encoded Parquet) are written
    as strings: their categories are unknown until each partition is read, so
    the schema dask infers from the empty meta frame would be ``dictionary<null>``.
    Parquet dictionary-encodes repeated strings on disk anyway.
    """
    pa = importlib.import_module("pyarrow")
    kwargs.setdefault("write_index", False)
    meta = ddf._meta
    overrides = {str(c): pa.string() for c in meta.columns if str(meta[c].dtype) == "category"}
    if overrides and "schema" not in kwargs:
        kwargs["schema"] = overrides
    return ddf.to_parquet(path, **kwargs)


def _map(ddf: Any, function: Any, *args: Any, **kwargs: Any) -> Any:
    _dd()
    meta = function(ddf._meta, *args, **kwargs)  # the empty frame gives the result's columns and dtypes
    return ddf.map_partitions(_on_partition, function, *args, meta=meta, **kwargs)


def next_runs(
    ddf: Any,
    after: object,
    n: int = 1,
    *,
    columns: Columns | None = None,
    errors: Errors = "raise",
    local: bool = False,
    layout: Layout = "columns",
) -> Any:
    """:func:`interval_schedule.columnar.next_runs` on every partition of *ddf* (lazy: compute or write it)."""
    return _map(
        ddf, columnar.next_runs, _instant(after, "after"), check_count(n), columns=columns, errors=errors, local=local, layout=layout
    )


def count_between(ddf: Any, start: object, end: object, *, columns: Columns | None = None, errors: Errors = "raise") -> Any:
    """:func:`interval_schedule.columnar.count_between` on every partition of *ddf* (lazy)."""
    return _map(ddf, columnar.count_between, _instant(start, "start"), _instant(end, "end"), columns=columns, errors=errors)


#: Partial histograms summed per task when :func:`runs_per_bucket` combines partitions (a tree, not one big sum).
FAN_IN = 8


def _add(*parts: np.ndarray) -> np.ndarray:
    total = parts[0].copy()
    for p in parts[1:]:
        total += p
    return total


def runs_per_bucket(ddf: Any, start: object, end: object, bucket: object, *, columns: Columns | None = None) -> Any:
    """:func:`interval_schedule.columnar.runs_per_bucket` over every partition of *ddf*, summed (lazy).

    Returns a ``dask.delayed`` object: ``.compute()`` (or ``client.compute``)
    gives a pandas DataFrame with ``bucket_start`` and ``runs``.  Each
    partition's histogram is computed where the partition is; they are added
    in a tree of :data:`FAN_IN` at a time, so a task holds a few histograms
    (8 bytes a bucket), never the runs.

    >>> import pandas as pd, dask.dataframe as dd
    >>> df = pd.DataFrame({"interval_us": [1_800_000_000] * 3,
    ...                    "anchor": pd.to_datetime(["2024-01-01T00:00Z"] * 3),
    ...                    "timezone": ["UTC", "Asia/Kathmandu", "America/St_Johns"]})
    >>> hist = runs_per_bucket(dd.from_pandas(df, npartitions=3), "2024-06-01T00:00:00Z", "2024-06-01T02:00:00Z", 3_600_000_000)
    >>> hist.compute(scheduler="sync")["runs"].tolist()
    [6, 6]
    """
    names = columns or DEFAULT_COLUMNS
    lo, width, count = columnar.bucket_bounds(start, end, bucket)
    hi = instant_us(end, "end")
    _dd()
    delayed = importlib.import_module("dask").delayed
    parts = [
        delayed(_on_partition, pure=True)(part, columnar.bucket_counts, lo, hi, width, count, names, partition_info={"number": i})
        for i, part in enumerate(ddf.to_delayed())
    ]
    while len(parts) > 1:
        parts = [delayed(_add, pure=True)(*parts[i : i + FAN_IN]) for i in range(0, len(parts), FAN_IN)]
    total = parts[0] if parts else np.zeros(count, dtype=np.int64)
    return delayed(columnar.bucket_frame, pure=True)("pandas", lo, width, total, names)
