"""Schedules as columns: Arrow tables, Parquet files, pandas and polars frames in, columns out.

A platform holding millions of schedules keeps them as rows of a table.  The
default schema (every name configurable with :class:`Columns`):

============  ===========================================  ==========================================
column        type                                         meaning
============  ===========================================  ==========================================
interval_us   int64 (or a duration, or whole floats)       the interval, microseconds, > 0
anchor        timestamp[us, tz=UTC] (any unit, any zone)   the anchor instant
timezone      dictionary<string> (or plain strings)        IANA key of the schedule's zone
gap           optional, dictionary<string>                 ``shift`` (default) or ``skip``
fold          optional, dictionary<string>                 ``earlier`` (default) or ``later``
============  ===========================================  ==========================================

Dictionary-encoded columns (Arrow dictionaries, pandas ``category``, polars
``Categorical``/``Enum``) go to :meth:`ScheduleBatch.from_arrays
<interval_schedule.batch.ScheduleBatch.from_arrays>` as codes plus categories:
each distinct zone is validated once and nothing loops per row.

Each function imports its library only when called, and raises ImportError
naming the extra to install when it is missing (``arrow`` = pyarrow,
``pandas``, ``polars``).

A bad row (unknown or null zone, non-positive or null interval, null anchor,
an anchor outside years 1-9999, an unknown policy) raises the library error of
its kind naming the row index and the value; with ``errors="null"`` the row's
results are null instead and an ``error`` column holds the message.  No row is
ever skipped silently.

>>> import pyarrow as pa
>>> table = pa.table({
...     "interval_us": [3_600_000_000, 86_400_000_000],
...     "anchor": pa.array([0, 1_704_117_600_000_000], pa.timestamp("us", tz="UTC")),  # 09:00 in New York
...     "timezone": pa.array(["UTC", "America/New_York"]).dictionary_encode(),
... })
>>> out = next_runs(table, "2024-03-10T12:00:00Z", 2)
>>> out.column_names[3:]
['next_run_1', 'next_run_2']
>>> [str(v) for v in out["next_run_1"].to_pylist()]
['2024-03-10 12:00:00+00:00', '2024-03-10 13:00:00+00:00']
>>> count_between(table, "2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z")["count"].to_pylist()
[25, 1]
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

import numpy as np

from ._convert import instant_us, timedelta_us
from ._units import MAX_INTERVAL_US, NAT, US
from .batch import Coded, ScheduleBatch
from .errors import (
    IntervalScheduleError,
    InvalidDatetimeError,
    InvalidIntervalError,
    InvalidPolicyError,
    InvalidQueryError,
    LimitExceededError,
    ScheduleTypeError,
    ZoneNotFoundError,
    shorten,
)
from .tz import FOLD_POLICIES, GAP_POLICIES, get_zone, validate_key

__all__ = [
    "Columns", "batch_from_arrow", "from_pandas", "from_polars", "next_runs", "count_between", "runs_per_bucket",
    "read_columns",
]

Errors = Literal["raise", "null"]
Layout = Literal["columns", "list"]


@dataclass(frozen=True)
class Columns:
    """Column names of the schedule table, and of the result columns added to it.

    >>> Columns(anchor="anchor_date").anchor
    'anchor_date'
    """

    interval: str = "interval_us"
    anchor: str = "anchor"
    timezone: str = "timezone"
    gap: str = "gap"
    fold: str = "fold"
    next_run: str = "next_run"
    count: str = "count"
    error: str = "error"
    bucket_start: str = "bucket_start"
    runs: str = "runs"


DEFAULT_COLUMNS = Columns()


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{module} is needed for this; install it with pip install 'interval_schedule[{extra}]'"
        ) from exc


# ---------------------------------------------------------------- the rows


@dataclass
class _Raw:
    """One column as numpy, before validation: values, a null mask, and (floats) a not-whole mask."""

    values: np.ndarray
    null: np.ndarray | None = None
    not_whole: np.ndarray | None = None


@dataclass
class _Text:
    """A string column as codes into categories (code -1 is null)."""

    codes: np.ndarray
    categories: list[Any]


@dataclass
class ScheduleColumns:
    """A schedule table read into numpy, not yet validated (:func:`read_columns`)."""

    n: int
    interval_us: _Raw
    anchor_us: _Raw
    timezone: _Text
    gap: _Text | None
    fold: _Text | None
    names: Columns


def _int_column(raw: np.ndarray, null: np.ndarray | None) -> _Raw:
    """int64 microseconds from integers or floats (NaN is null; a fraction is flagged)."""
    if raw.dtype.kind == "f":
        nan = np.isnan(raw)
        null = nan if null is None else null | nan
        clean = np.where(nan, 0.0, raw)
        inside = np.abs(clean) <= 2.0**62
        not_whole = (clean != np.floor(clean)) | ~inside
        return _Raw(np.where(inside, clean, 0).astype(np.int64), null, not_whole)
    if raw.dtype.kind == "u" and raw.size and int(raw.max()) > np.iinfo(np.int64).max:
        big = raw > np.iinfo(np.int64).max
        return _Raw(np.where(big, 0, raw).astype(np.int64), null, big)
    return _Raw(raw.astype(np.int64, copy=False), null)


# ------------------------------------------------------------------ Arrow


def _arrow_column(table: Any, name: str) -> Any:
    if name not in table.column_names:
        raise ScheduleTypeError(f"the table has no column {name!r}; its columns are {shorten(table.column_names)}")
    col = table.column(name)
    if hasattr(col, "combine_chunks"):
        col = col.combine_chunks()
    return col


def _arrow_nulls(pa: Any, col: Any) -> np.ndarray | None:
    if not col.null_count:
        return None
    return np.asarray(col.is_null())


def _arrow_interval(pa: Any, col: Any, name: str) -> _Raw:
    t = col.type
    if pa.types.is_null(t):  # every row null
        return _Raw(np.zeros(len(col), np.int64), np.ones(len(col), bool))
    null = _arrow_nulls(pa, col)
    if pa.types.is_duration(t):
        values = np.asarray(col.cast(pa.duration("us")).cast(pa.int64()).fill_null(0))
        return _Raw(values, null)
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        fill = 0 if pa.types.is_integer(t) else float("nan")
        return _int_column(np.asarray(col.fill_null(fill)), null)
    raise ScheduleTypeError(f"column {name!r} must hold integer microseconds or durations, not {t}")


def _arrow_anchor(pa: Any, col: Any, name: str) -> _Raw:
    t = col.type
    if pa.types.is_null(t):
        return _Raw(np.zeros(len(col), np.int64), np.ones(len(col), bool))
    if not pa.types.is_timestamp(t):
        raise ScheduleTypeError(f"column {name!r} must be a timestamp with a time zone (timestamp[us, tz=UTC]), not {t}")
    if t.tz is None:
        raise InvalidDatetimeError(
            f"column {name!r} is {t}, a timestamp without a time zone: its values are wall times, not instants; "
            "store UTC instants (timestamp[us, tz=UTC])"
        )
    null = _arrow_nulls(pa, col)
    # The stored integers are UTC whatever the zone; to microseconds without overflow checks on int64.
    values = np.asarray(col.view(pa.int64()).fill_null(0))
    return _Raw(_scale_to_us(values, t.unit, name), null)


def _scale_to_us(values: np.ndarray, unit: str, name: str) -> np.ndarray:
    if unit == "us":
        return values
    if unit == "ns":
        return values // 1000
    factor = {"s": US, "ms": 1000}[unit]
    limit = np.iinfo(np.int64).max // factor
    return np.where(np.abs(values) <= limit, values, np.iinfo(np.int64).max // 2) * factor  # out of range either way


def _arrow_text(pa: Any, col: Any, name: str) -> _Text:
    pc = _require("pyarrow.compute", "arrow")
    t = col.type
    if pa.types.is_dictionary(t):
        if not (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
            raise ScheduleTypeError(f"column {name!r} must hold strings, not {t}")
    elif pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        col = pc.dictionary_encode(col.cast(pa.string()) if pa.types.is_string_view(t) else col)
    elif pa.types.is_null(t):
        return _Text(np.full(len(col), -1, dtype=np.intp), [])
    else:
        raise ScheduleTypeError(f"column {name!r} must hold strings (dictionary-encoded or plain), not {t}")
    codes = np.asarray(col.indices.fill_null(-1) if col.null_count else col.indices).astype(np.intp)
    return _Text(codes, col.dictionary.to_pylist())


def _read_arrow(table: Any, names: Columns) -> ScheduleColumns:
    pa = _require("pyarrow", "arrow")
    if not isinstance(table, (pa.Table, pa.RecordBatch)):
        raise ScheduleTypeError(f"expected a pyarrow Table or RecordBatch, not {type(table).__name__}")
    optional = {k: _arrow_text(pa, _arrow_column(table, k), k) if k in table.column_names else None for k in (names.gap, names.fold)}
    return ScheduleColumns(
        table.num_rows,
        _arrow_interval(pa, _arrow_column(table, names.interval), names.interval),
        _arrow_anchor(pa, _arrow_column(table, names.anchor), names.anchor),
        _arrow_text(pa, _arrow_column(table, names.timezone), names.timezone),
        optional[names.gap],
        optional[names.fold],
        names,
    )


# ----------------------------------------------------------------- pandas


def _pandas_column(df: Any, name: str) -> Any:
    if name not in df.columns:
        raise ScheduleTypeError(f"the frame has no column {name!r}; its columns are {shorten(list(df.columns))}")
    return df[name]


def _pandas_interval(pd: Any, s: Any, name: str) -> _Raw:
    dtype = s.dtype
    null = np.asarray(s.isna()) if s.hasnans else None
    if pd.api.types.is_timedelta64_dtype(dtype):
        values = s.to_numpy(dtype="timedelta64[ns]", na_value=np.timedelta64(0, "ns")).view(np.int64) // 1000
        return _Raw(values, null)
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        raise ScheduleTypeError(f"column {name!r} must hold integer microseconds or timedeltas, not dtype {dtype}")
    if pd.api.types.is_float_dtype(dtype):
        return _int_column(s.to_numpy(dtype=np.float64, na_value=np.nan), null)
    kind = "u" if pd.api.types.is_unsigned_integer_dtype(dtype) else "i"
    return _int_column(s.to_numpy(dtype=np.dtype(f"{kind}8"), na_value=0), null)


def _pandas_anchor(pd: Any, s: Any, name: str) -> _Raw:
    dtype = s.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        null = np.asarray(s.isna()) if s.hasnans else None
        naive = s.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()  # datetime64[unit], NaT for nulls
        values = naive.view(np.int64)
        values = np.where(null, 0, values) if null is not None else values
        return _Raw(_scale_to_us(values, np.datetime_data(naive.dtype)[0], name), null)
    if pd.api.types.is_datetime64_dtype(dtype):
        raise InvalidDatetimeError(
            f"column {name!r} is {dtype}, a timestamp without a time zone: its values are wall times, not instants; "
            "store UTC instants (e.g. series.dt.tz_localize('UTC') when they are UTC)"
        )
    if isinstance(dtype, pd.ArrowDtype):
        pa = _require("pyarrow", "arrow")
        return _arrow_anchor(pa, pa.array(s.array), name)
    if dtype == object:  # noqa: E721  (a numpy dtype equals `object`; `is` would never match)
        raise InvalidDatetimeError(
            f"column {name!r} has dtype object (mixed time zones, missing ones, or not datetimes), "
            "so it is not one timestamp column; convert it with pandas.to_datetime(column, utc=True)"
        )
    raise ScheduleTypeError(f"column {name!r} must be a timestamp with a time zone, not dtype {dtype}")


def _pandas_text(pd: Any, s: Any, name: str) -> _Text:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _Text(np.asarray(s.cat.codes).astype(np.intp), list(s.cat.categories))
    if pd.api.types.is_numeric_dtype(s.dtype) and not s.isna().all():
        raise ScheduleTypeError(f"column {name!r} must hold strings, not dtype {s.dtype}")
    codes, uniques = pd.factorize(s, use_na_sentinel=True)  # hashing in C: no Python per row
    return _Text(np.asarray(codes).astype(np.intp), list(uniques))


def _read_pandas(df: Any, names: Columns) -> ScheduleColumns:
    pd = _require("pandas", "pandas")
    if not isinstance(df, pd.DataFrame):
        raise ScheduleTypeError(f"expected a pandas DataFrame, not {type(df).__name__}")
    optional = {k: _pandas_text(pd, df[k], k) if k in df.columns else None for k in (names.gap, names.fold)}
    return ScheduleColumns(
        len(df),
        _pandas_interval(pd, _pandas_column(df, names.interval), names.interval),
        _pandas_anchor(pd, _pandas_column(df, names.anchor), names.anchor),
        _pandas_text(pd, _pandas_column(df, names.timezone), names.timezone),
        optional[names.gap],
        optional[names.fold],
        names,
    )


# ----------------------------------------------------------------- polars


def _polars_column(df: Any, name: str) -> Any:
    if name not in df.columns:
        raise ScheduleTypeError(f"the frame has no column {name!r}; its columns are {shorten(df.columns)}")
    return df.get_column(name)


def _polars_interval(pl: Any, s: Any, name: str) -> _Raw:
    null = s.is_null().to_numpy() if s.null_count() else None
    if isinstance(s.dtype, pl.Duration):
        return _Raw(s.dt.total_microseconds().fill_null(0).to_numpy().astype(np.int64), null)
    if s.dtype.is_integer():
        return _int_column(s.fill_null(0).to_numpy(), null)
    if s.dtype.is_float():
        return _int_column(s.fill_null(float("nan")).to_numpy().astype(np.float64), null)
    raise ScheduleTypeError(f"column {name!r} must hold integer microseconds or durations, not {s.dtype}")


def _polars_anchor(pl: Any, s: Any, name: str) -> _Raw:
    if not isinstance(s.dtype, pl.Datetime):
        raise ScheduleTypeError(f"column {name!r} must be a Datetime with a time zone, not {s.dtype}")
    if s.dtype.time_zone is None:
        raise InvalidDatetimeError(
            f"column {name!r} is {s.dtype}, a timestamp without a time zone: its values are wall times, not instants; "
            "store UTC instants (e.g. .dt.replace_time_zone('UTC') when they are UTC)"
        )
    null = s.is_null().to_numpy() if s.null_count() else None
    values = s.to_physical().fill_null(0).to_numpy().astype(np.int64)  # UTC integers in the column's unit
    return _Raw(_scale_to_us(values, s.dtype.time_unit, name), null)


def _polars_text(pl: Any, s: Any, name: str) -> _Text:
    if isinstance(s.dtype, pl.Enum):
        codes = s.to_physical().cast(pl.Int64).fill_null(-1).to_numpy().astype(np.intp)
        return _Text(codes, list(s.dtype.categories))
    if s.dtype == pl.Null:
        return _Text(np.full(len(s), -1, dtype=np.intp), [])
    if s.dtype not in (pl.String, pl.Categorical):
        raise ScheduleTypeError(f"column {name!r} must hold strings (String, Categorical or Enum), not {s.dtype}")
    cat = s.cast(pl.Categorical) if s.dtype == pl.String else s
    # Categorical codes index a process-wide string cache: map them onto the distinct values present.
    distinct = cat.drop_nulls().unique().sort(descending=False)
    physical = distinct.to_physical().to_numpy().astype(np.int64)
    order = np.argsort(physical)
    physical, values = physical[order], distinct.cast(pl.String).to_numpy()[order].tolist()
    raw = cat.to_physical().cast(pl.Int64).fill_null(-1).to_numpy()
    codes = np.searchsorted(physical, raw).astype(np.intp)
    codes[raw < 0] = -1
    return _Text(codes, values)


def _read_polars(df: Any, names: Columns) -> ScheduleColumns:
    pl = _require("polars", "polars")
    if not isinstance(df, pl.DataFrame):
        raise ScheduleTypeError(f"expected a polars DataFrame, not {type(df).__name__}")
    optional = {k: _polars_text(pl, df.get_column(k), k) if k in df.columns else None for k in (names.gap, names.fold)}
    return ScheduleColumns(
        df.height,
        _polars_interval(pl, _polars_column(df, names.interval), names.interval),
        _polars_anchor(pl, _polars_column(df, names.anchor), names.anchor),
        _polars_text(pl, _polars_column(df, names.timezone), names.timezone),
        optional[names.gap],
        optional[names.fold],
        names,
    )


# ------------------------------------------------------------- validation

# Problem codes, in the order rows are checked (a row reports the first).
_OK, _IV_NULL, _IV_FRACTION, _IV_RANGE, _AN_NULL, _TZ_NULL, _TZ_UNKNOWN, _AN_RANGE, _GAP, _FOLD = range(10)


@dataclass
class _Checked:
    """Validated rows: the batch (bad rows replaced by a harmless stand-in) and each row's problem code."""

    batch: ScheduleBatch
    problem: np.ndarray  # uint8 per row, _OK for good rows
    cols: ScheduleColumns
    zone_errors: dict[int, str]  # category -> ZoneNotFoundError message
    parts: tuple[np.ndarray, np.ndarray, Coded, Coded | str, Coded | str]  # what the batch was built from

    def rows(self, lo: int, hi: int) -> ScheduleBatch:
        """The batch of rows ``lo:hi`` (built from the same columns, no re-validation of the zones' keys)."""
        interval, anchor, zones, gap, fold = self.parts

        def cut(c: Coded | str) -> Coded | str:
            return c if isinstance(c, str) else Coded(c.codes[lo:hi], c.categories)

        return ScheduleBatch.from_arrays(interval[lo:hi], anchor[lo:hi], cut(zones), gap=cut(gap), fold=cut(fold))

    @property
    def bad(self) -> np.ndarray:
        bad: np.ndarray = self.problem != _OK
        return bad

    def message(self, i: int) -> tuple[type[IntervalScheduleError], str]:
        """The error class and message of bad row *i*, naming the row, the column and the value."""
        c, names, p = self.cols, self.cols.names, int(self.problem[i])
        if p in (_IV_NULL, _IV_FRACTION, _IV_RANGE):
            if p == _IV_NULL:
                return InvalidIntervalError, f"row {i}: {names.interval} is null (or NaN); every schedule needs an interval"
            interval = int(c.interval_us.values[i])
            if p == _IV_FRACTION:
                return InvalidIntervalError, f"row {i}: {names.interval} is not a whole number of microseconds within int64"
            return InvalidIntervalError, (
                f"row {i}: {names.interval} = {interval}: intervals must be positive and at most {MAX_INTERVAL_US} us"
            )
        if p == _AN_NULL:
            return InvalidDatetimeError, f"row {i}: {names.anchor} is null; every schedule needs an anchor instant"
        if p == _TZ_NULL:
            return ZoneNotFoundError, f"row {i}: {names.timezone} is null; every schedule needs an IANA time zone"
        if p == _TZ_UNKNOWN:
            return ZoneNotFoundError, f"row {i}: {names.timezone}: {self.zone_errors[int(c.timezone.codes[i])]}"
        if p == _AN_RANGE:
            key = c.timezone.categories[int(c.timezone.codes[i])]
            anchor = np.datetime64(int(c.anchor_us.values[i]), "us")
            return InvalidDatetimeError, f"row {i}: {names.anchor} = {anchor}Z has no wall time in years 1-9999 in {key}"
        text, allowed, name = (c.gap, GAP_POLICIES, names.gap) if p == _GAP else (c.fold, FOLD_POLICIES, names.fold)
        if text is None:  # pragma: no cover - a policy problem needs its column
            raise RuntimeError("policy problem without a policy column (internal error)")
        code = int(text.codes[i])
        value = "null" if code < 0 else shorten(text.categories[code])
        return InvalidPolicyError, f"row {i}: {name} = {value}; allowed: {', '.join(map(repr, allowed))}"


def _policy_column(text: _Text | None, allowed: tuple[str, ...], problem: np.ndarray, code: int) -> Coded | str:
    if text is None:
        return allowed[0]
    ok = np.array([isinstance(v, str) and v in allowed for v in text.categories] + [False], dtype=bool)
    codes = text.codes
    bad = (codes < 0) | ~ok[np.where(codes < 0, len(text.categories), codes)]
    problem[(problem == _OK) & bad] = code
    return Coded(np.where(bad, len(text.categories), codes), list(text.categories) + [allowed[0]])


def _check(cols: ScheduleColumns) -> _Checked:
    """Every row checked with vectorized tests; the batch built from the good rows (bad ones stand in as UTC hourly)."""
    n = cols.n
    problem = np.zeros(n, dtype=np.uint8)

    def flag(mask: np.ndarray | None, code: int) -> None:
        if mask is not None and mask.any():
            problem[(problem == _OK) & mask] = code

    iv, an, tz = cols.interval_us, cols.anchor_us, cols.timezone
    flag(iv.null, _IV_NULL)
    flag(iv.not_whole, _IV_FRACTION)
    flag((iv.values <= 0) | (iv.values > MAX_INTERVAL_US), _IV_RANGE)
    flag(an.null, _AN_NULL)
    flag(tz.codes < 0, _TZ_NULL)
    # each distinct zone the rows use is validated once
    used = np.flatnonzero(np.bincount(tz.codes[tz.codes >= 0], minlength=len(tz.categories))).tolist() if n else []
    zone_errors: dict[int, str] = {}
    keys = ["UTC"] * (len(tz.categories) + 1)  # unused and bad categories, and the stand-in of bad rows, are UTC
    for c in used:
        try:
            keys[c] = validate_key(tz.categories[c])
        except ZoneNotFoundError as exc:
            zone_errors[c] = str(exc)
            keys[c] = "UTC"
    if zone_errors:
        flag(np.isin(tz.codes, list(zone_errors)), _TZ_UNKNOWN)
    # anchors outside their zone's domain (years 1-9999 in UTC and in wall time)
    lo = np.array([get_zone(k).domain_us[0] for k in keys], dtype=np.int64)
    hi = np.array([get_zone(k).domain_us[1] for k in keys], dtype=np.int64)
    zc = np.where(tz.codes < 0, len(keys) - 1, tz.codes)
    if n and (an.values.min() < lo.max() or an.values.max() > hi.min()):
        flag((an.values < lo[zc]) | (an.values > hi[zc]), _AN_RANGE)
    gap = _policy_column(cols.gap, GAP_POLICIES, problem, _GAP)
    fold = _policy_column(cols.fold, FOLD_POLICIES, problem, _FOLD)
    bad = problem != _OK
    if bad.any():
        interval = np.where(bad, 3_600_000_000, iv.values)
        anchor = np.where(bad, 0, an.values)
        zc = np.where(bad, len(keys) - 1, zc)
    else:
        interval, anchor = iv.values, an.values
    zones = Coded(zc, keys)
    batch = ScheduleBatch.from_arrays(interval, anchor, zones, gap=gap, fold=fold)
    return _Checked(batch, problem, cols, zone_errors, (interval, anchor, zones, gap, fold))


def _raise_first(checked: _Checked) -> None:
    bad = np.flatnonzero(checked.bad)
    if bad.size:
        cls, message = checked.message(int(bad[0]))
        extra = f" ({bad.size - 1} more bad rows)" if bad.size > 1 else ""
        raise cls(message + extra)


def read_columns(frame: Any, columns: Columns | None = None) -> ScheduleColumns:
    """Read a pyarrow Table/RecordBatch, pandas DataFrame or polars DataFrame into numpy columns."""
    names = columns or DEFAULT_COLUMNS
    module = type(frame).__module__.split(".")[0]
    if module == "pyarrow":
        return _read_arrow(frame, names)
    if module == "pandas":
        return _read_pandas(frame, names)
    if module == "polars":
        return _read_polars(frame, names)
    raise ScheduleTypeError(
        f"expected a pyarrow Table or RecordBatch, a pandas DataFrame or a polars DataFrame, not {type(frame).__name__} ({shorten(frame)})"
    )


def _batch(frame: Any, columns: Columns | None) -> ScheduleBatch:
    checked = _check(read_columns(frame, columns))
    _raise_first(checked)
    return checked.batch


def batch_from_arrow(table: Any, *, columns: Columns | None = None) -> ScheduleBatch:
    """A :class:`~interval_schedule.batch.ScheduleBatch` of a pyarrow Table (or RecordBatch), one schedule per row.

    Raises the error of the first bad row, naming its index and value.

    >>> import pyarrow as pa
    >>> t = pa.table({"interval_us": [86_400_000_000], "anchor": pa.array([0], pa.timestamp("s", tz="UTC")),
    ...               "timezone": ["Asia/Tokyo"]})
    >>> batch_from_arrow(t)
    ScheduleBatch(1 schedules, 1 zones)
    """
    _require("pyarrow", "arrow")
    return _batch(table, columns)


def from_pandas(df: Any, *, columns: Columns | None = None) -> ScheduleBatch:
    """A :class:`~interval_schedule.batch.ScheduleBatch` of a pandas DataFrame (``category`` zones are the fast path).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"interval_us": [3_600_000_000], "anchor": pd.to_datetime(["2024-01-01T00:00Z"]),
    ...                    "timezone": pd.Categorical(["Europe/London"])})
    >>> from_pandas(df).next_runs("2024-06-01T10:30:00Z", 1)
    array([['2024-06-01T11:00:00.000000']], dtype='datetime64[us]')
    """
    _require("pandas", "pandas")
    return _batch(df, columns)


def from_polars(df: Any, *, columns: Columns | None = None) -> ScheduleBatch:
    """A :class:`~interval_schedule.batch.ScheduleBatch` of a polars DataFrame (``Enum``/``Categorical`` zones are the fast path).

    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> df = pl.DataFrame({"interval_us": [86_400_000_000], "anchor": [datetime(2024, 1, 1, 14, tzinfo=timezone.utc)],
    ...                    "timezone": pl.Series(["America/New_York"], dtype=pl.Categorical)})
    >>> from_polars(df).count_between("2024-03-01T00:00:00Z", "2024-03-31T00:00:00Z").tolist()
    [30]
    """
    _require("polars", "polars")
    return _batch(df, columns)


# ----------------------------------------------------------------- output


def _local_times(batch: ScheduleBatch, utc: np.ndarray) -> np.ndarray:
    """Wall-clock int64 us of (rows, n) UTC instants, each row in its own zone (NaT stays NaT)."""
    out = np.full(utc.shape, NAT, dtype=np.int64)
    if not utc.size:
        return out
    order = np.argsort(batch.zone_index.astype(np.uint16) if len(batch.zones) < 1 << 16 else batch.zone_index, kind="stable")
    ends = np.cumsum(np.bincount(batch.zone_index, minlength=len(batch.zones)))
    start = 0
    for zi, end in enumerate(ends.tolist()):
        rows = order[start:end]
        start = end
        if not rows.size:
            continue
        block = utc[rows]
        known = block != NAT
        local = block.copy()
        local[known] = batch.zones[zi].to_local_us(block[known], assume_sorted=False)
        out[rows] = local
    return out


def _attach(frame: Any, names: list[str], arrays: list[np.ndarray], kinds: list[str], lists: dict[str, tuple[np.ndarray, str]]) -> Any:
    """*frame* with result columns appended: kinds "utc" (int64 us, NaT null), "local" (naive), "int", "str" (object, None null)."""
    module = type(frame).__module__.split(".")[0]
    if module == "pyarrow":
        pa = _require("pyarrow", "arrow")
        out = frame
        types = {"utc": pa.timestamp("us", tz="UTC"), "local": pa.timestamp("us")}

        def arrow(values: np.ndarray, kind: str) -> Any:
            if kind in types:
                return pa.array(values, pa.int64(), mask=values == NAT).view(types[kind])
            if kind == "int":
                return pa.array(values, pa.int64(), mask=values == NAT)
            return pa.array(values.tolist(), pa.string())

        for name, values, kind in zip(names, arrays, kinds):
            out = out.append_column(name, arrow(values, kind))
        for name, (values, kind) in lists.items():
            n_rows, width = values.shape
            offsets = np.arange(n_rows + 1, dtype=np.int64) * width
            small = offsets[-1] < 2**31
            lists_type = pa.ListArray if small else pa.LargeListArray
            out = out.append_column(
                name, lists_type.from_arrays(pa.array(offsets, pa.int32() if small else pa.int64()), arrow(values.ravel(), kind))
            )
        return out
    if module == "pandas":
        pd = _require("pandas", "pandas")
        new: dict[str, Any] = {}
        for name, values, kind in zip(names, arrays, kinds):
            if kind in ("utc", "local"):
                series = pd.Series(values.view("datetime64[us]"), index=frame.index, copy=False)
                new[name] = series.dt.tz_localize("UTC") if kind == "utc" else series
            elif kind == "int":
                mask = values == NAT
                new[name] = pd.Series(pd.arrays.IntegerArray(np.where(mask, 0, values), mask) if mask.any() else values, index=frame.index)
            else:
                new[name] = pd.Series(values, index=frame.index, dtype=object)
        for name, (values, _kind) in lists.items():
            stamps = values.view("datetime64[us]")
            new[name] = pd.Series([list(r) for r in stamps], index=frame.index, dtype=object)
        return frame.assign(**new)
    pl = _require("polars", "polars")
    series = []
    for name, values, kind in zip(names, arrays, kinds):
        if kind in ("utc", "local"):
            s = pl.Series(name, values.view("datetime64[us]"))
            series.append(s.dt.replace_time_zone("UTC") if kind == "utc" else s)
        elif kind == "int":
            s = pl.Series(name, values)
            mask = values == NAT
            series.append(s.scatter(np.flatnonzero(mask), None) if mask.any() else s)
        else:
            series.append(pl.Series(name, values.tolist(), dtype=pl.String))
    for name, (values, kind) in lists.items():
        width = values.shape[1]
        flat = pl.Series(name, values.ravel().view("datetime64[us]"))
        flat = flat.dt.replace_time_zone("UTC") if kind == "utc" else flat
        series.append(flat.reshape((values.shape[0], width)).arr.to_list() if width else pl.Series(name, [[]] * values.shape[0], dtype=pl.List(flat.dtype)))
    return frame.with_columns(series)


def _error_column(checked: _Checked) -> np.ndarray:
    errors = np.full(checked.cols.n, None, dtype=object)
    for i in np.flatnonzero(checked.bad).tolist():  # Python per bad row only
        errors[i] = checked.message(i)[1]
    return errors


def _check_errors(errors: object) -> None:
    if errors not in ("raise", "null"):
        raise InvalidQueryError(f"errors must be 'raise' or 'null', not {shorten(errors)}")


def next_runs(
    frame: Any,
    after: object,
    n: int = 1,
    *,
    columns: Columns | None = None,
    errors: Errors = "raise",
    local: bool = False,
    layout: Layout = "columns",
) -> Any:
    """*frame* (pyarrow Table/RecordBatch, pandas or polars DataFrame) with each schedule's next *n* runs ``>= after`` appended.

    ``layout="columns"``: columns ``next_run_1`` .. ``next_run_<n>``, UTC
    timestamps (``timestamp[us, tz=UTC]``); ``layout="list"``: one list
    column ``next_run``.  A series that ends (year 9999) gives nulls.
    ``local=True`` adds the wall times in each row's own zone as naive
    timestamps (``next_run_local_1`` ...; one column cannot hold several zones,
    the zone column says which).  ``errors="null"``: bad rows get null
    results and a message in the ``error`` column instead of raising.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"interval_us": [86_400_000_000, -1],
    ...                    "anchor": pd.to_datetime(["2024-03-09T14:00Z", "2024-01-01T00:00Z"]),
    ...                    "timezone": ["America/New_York", "UTC"]})
    >>> out = next_runs(df, "2024-03-09T15:00:00Z", 1, local=True, errors="null")
    >>> out.loc[0, "next_run_1"], out.loc[0, "next_run_local_1"]
    (Timestamp('2024-03-10 13:00:00+0000', tz='UTC'), Timestamp('2024-03-10 09:00:00'))
    >>> out.loc[1, ["next_run_1", "next_run_local_1"]].isna().tolist()
    [True, True]
    >>> out["error"].tolist()
    [None, 'row 1: interval_us = -1: intervals must be positive and at most 315537897599999999 us']
    """
    names = columns or DEFAULT_COLUMNS
    _check_errors(errors)
    if layout not in ("columns", "list"):
        raise InvalidQueryError(f"layout must be 'columns' or 'list', not {shorten(layout)}")
    checked = _check(read_columns(frame, names))
    if errors == "raise":
        _raise_first(checked)
    batch = checked.batch
    utc = np.asarray(batch.next_runs(after, n)).view(np.int64).copy()
    bad = checked.bad
    utc[bad] = NAT
    blocks = [(utc, "utc", names.next_run)]
    if local:
        blocks.append((_local_times(batch, utc), "local", f"{names.next_run}_local"))
    out_names: list[str] = []
    arrays: list[np.ndarray] = []
    kinds: list[str] = []
    lists: dict[str, tuple[np.ndarray, str]] = {}
    for values, kind, base in blocks:
        if layout == "list":
            lists[base] = (values, kind)
        else:
            for j in range(values.shape[1]):
                out_names.append(f"{base}_{j + 1}")
                arrays.append(values[:, j])
                kinds.append(kind)
    if errors == "null":
        out_names.append(names.error)
        arrays.append(_error_column(checked))
        kinds.append("str")
    return _attach(frame, out_names, arrays, kinds, lists)


def count_between(
    frame: Any,
    start: object,
    end: object,
    *,
    columns: Columns | None = None,
    errors: Errors = "raise",
) -> Any:
    """*frame* with a ``count`` column (int64): each schedule's runs in ``[start, end]``, inclusive.

    With ``errors="null"`` a bad row's count is null (pandas: ``Int64``) and
    the ``error`` column says why.

    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> df = pl.DataFrame({"interval_us": [900_000_000], "anchor": [datetime(2024, 1, 1, tzinfo=timezone.utc)],
    ...                    "timezone": ["Asia/Kathmandu"]})
    >>> count_between(df, "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z")["count"].to_list()
    [5]
    """
    names = columns or DEFAULT_COLUMNS
    _check_errors(errors)
    checked = _check(read_columns(frame, names))
    if errors == "raise":
        _raise_first(checked)
    counts = checked.batch.count_between(start, end).astype(np.int64)
    counts[checked.bad] = NAT  # null
    out_names, arrays, kinds = [names.count], [counts], ["int"]
    if errors == "null":
        out_names.append(names.error)
        arrays.append(_error_column(checked))
        kinds.append("str")
    return _attach(frame, out_names, arrays, kinds, {})


# ----------------------------------------------------------- capacity planning

#: Most dates materialized at once by :func:`runs_per_bucket` (16 bytes each: 16 MiB).
HISTOGRAM_CHUNK = 1 << 20
#: Rows per batch slice in :func:`runs_per_bucket` (bounds the per-row count arrays).
HISTOGRAM_ROWS = 1 << 16
#: Most buckets :func:`runs_per_bucket` returns (an int64 count each).
MAX_BUCKETS = 10_000_000


def bucket_bounds(start: object, end: object, bucket: object) -> tuple[int, int, int]:
    """(start us, bucket us, number of buckets) for the half-open window ``[start, end)``."""
    lo, hi = instant_us(start, "start"), instant_us(end, "end")
    if isinstance(bucket, bool) or not isinstance(bucket, (timedelta, int)):
        raise ScheduleTypeError(f"bucket must be a timedelta or int microseconds, not {type(bucket).__name__} ({shorten(bucket)})")
    width = timedelta_us(bucket, "bucket", InvalidQueryError) if isinstance(bucket, timedelta) else bucket
    if width <= 0:
        raise InvalidQueryError(f"bucket must be positive, got {shorten(bucket)}")
    if hi <= lo:
        raise InvalidQueryError(f"end {shorten(end)} must be after start {shorten(start)}")
    width = min(width, hi - lo)  # a bucket wider than the window is the window (its one bucket is cut at end anyway)
    count = -(-(hi - lo) // width)
    if count > MAX_BUCKETS:
        raise LimitExceededError(f"[start, end) holds {count} buckets of {shorten(bucket)}, more than {MAX_BUCKETS}; use wider buckets")
    return lo, width, count


def _histogram(batch: ScheduleBatch, lo: int, hi: int, width: int, count: int) -> np.ndarray:
    """Runs of *batch* starting in each bucket ``[lo + i*width, lo + (i+1)*width)``, i < *count*, cut at *hi*.

    Bounded work and memory: a window is materialized (dates, then
    ``bincount``) only when it holds at most :data:`HISTOGRAM_CHUNK` runs;
    a larger one is halved, and a single bucket holding more is counted in
    closed form (``count_between``) without materializing its dates.
    """
    out = np.zeros(count, dtype=np.int64)
    stack = [(0, count)]  # bucket ranges [b0, b1) still to do
    while stack:  # each pop either finishes a range or splits it in two smaller ones: at most 2 * count pops
        b0, b1 = stack.pop()
        w_lo, w_hi = lo + b0 * width, min(lo + b1 * width, hi) - 1  # inclusive
        total = int(batch.count_between(np.datetime64(w_lo, "us"), np.datetime64(w_hi, "us")).sum())
        if total == 0:
            continue
        if total <= HISTOGRAM_CHUNK:
            _, dates = batch.dates_between(np.datetime64(w_lo, "us"), np.datetime64(w_hi, "us"), limit=HISTOGRAM_CHUNK)
            out[b0:b1] += np.bincount((dates.view(np.int64) - w_lo) // width, minlength=b1 - b0)
        elif b1 - b0 == 1:
            out[b0] += total
        else:
            mid = (b0 + b1) // 2
            stack += [(mid, b1), (b0, mid)]
    return out


def runs_per_bucket(
    frame: Any, start: object, end: object, bucket: object, *, columns: Columns | None = None
) -> Any:
    """How many runs of all the schedules in *frame* start in each *bucket* of ``[start, end)``.

    Capacity planning ("how many runs start in each minute of next week"): a
    new frame of the same library, one row per bucket, with ``bucket_start``
    (UTC timestamps ``start``, ``start + bucket``, ...) and ``runs`` (int64);
    the last bucket is cut at *end*.  *bucket* is a timedelta or int
    microseconds; at most :data:`MAX_BUCKETS` buckets.  A bad row raises (the
    error names it), since a histogram cannot say which rows it left out.
    Equal to a ``bincount`` of ``ScheduleBatch.dates_between`` over the
    window, computed with bounded memory.  Cost: each run is materialized once
    (in slices of :data:`HISTOGRAM_CHUNK`), except in a bucket holding more
    runs than a slice, which is counted in closed form, one count per row; so
    a window in which every bucket is that dense costs buckets x rows counts
    (about 10 ms per bucket for 65 536 rows): use wider buckets there.

    >>> import pandas as pd
    >>> from datetime import timedelta
    >>> df = pd.DataFrame({"interval_us": [900_000_000, 3_600_000_000],
    ...                    "anchor": pd.to_datetime(["2024-01-01T00:00Z", "2024-01-01T00:30Z"]),
    ...                    "timezone": ["UTC", "Asia/Kolkata"]})
    >>> runs_per_bucket(df, "2024-06-01T10:00:00Z", "2024-06-01T12:00:00Z", timedelta(hours=1))
                   bucket_start  runs
    0 2024-06-01 10:00:00+00:00     5
    1 2024-06-01 11:00:00+00:00     5
    """
    names = columns or DEFAULT_COLUMNS
    lo, width, count = bucket_bounds(start, end, bucket)
    runs = bucket_counts(frame, lo, instant_us(end, "end"), width, count, names)
    return bucket_frame(type(frame).__module__.split(".")[0], lo, width, runs, names)


def bucket_counts(frame: Any, lo: int, hi: int, width: int, count: int, names: Columns) -> np.ndarray:
    """The ``runs`` column of :func:`runs_per_bucket` as int64, from checked bounds (for the Dask version)."""
    checked = _check(read_columns(frame, names))
    _raise_first(checked)
    runs = np.zeros(count, dtype=np.int64)
    n = len(checked.batch)
    for r0 in range(0, n, HISTOGRAM_ROWS):
        part = checked.batch if n <= HISTOGRAM_ROWS else checked.rows(r0, min(r0 + HISTOGRAM_ROWS, n))
        runs += _histogram(part, lo, hi, width, count)
    return runs


def bucket_frame(module: str, lo: int, width: int, runs: np.ndarray, names: Columns) -> Any:
    """A two-column frame (bucket starts ``lo + i*width`` as UTC timestamps, run counts) of library *module*."""
    starts = lo + width * np.arange(len(runs), dtype=np.int64)
    if module == "pyarrow":
        pa = _require("pyarrow", "arrow")
        return pa.table({
            names.bucket_start: pa.array(starts, pa.int64()).view(pa.timestamp("us", tz="UTC")),
            names.runs: pa.array(runs, pa.int64()),
        })
    if module == "pandas":
        pd = _require("pandas", "pandas")
        stamps = pd.Series(starts.view("datetime64[us]")).dt.tz_localize("UTC")
        return pd.DataFrame({names.bucket_start: stamps, names.runs: runs})
    pl = _require("polars", "polars")
    return pl.DataFrame([
        pl.Series(names.bucket_start, starts.view("datetime64[us]")).dt.replace_time_zone("UTC"),
        pl.Series(names.runs, runs),
    ])
