"""A timeline picture: each run's local clock time by date, across DST changes (needs the ``plot`` extra).

:func:`draw_timeline` draws two panels side by side, the "standard" profile
and the "prefect" one.  Each run is a marker at (its local date, its local
clock time); a run on the second pass through a fold is drawn hollow, a little to the right
of the first pass.  DST
gaps (wall-clock times that do not exist) are shaded orange, folds (times that
happen twice) blue, and days that last 23 or 25 hours (or any length other
than 24 h) are shaded grey and labelled with their length.

The SVG is deterministic (fixed ids, no date stamp), and its elements carry
ids a program can count: ``run-<profile>-<i>`` for the runs
(``profile`` is ``standard`` or ``prefect``), ``gap-<profile>-<i>`` and
``fold-<profile>-<i>`` for the shaded regions (one per day they touch), and
``day-<hours>h-<date>-<profile>`` for days that are not 24 hours long.

matplotlib is the plotting library (the ecosystem's default; drawn with its
Agg/SVG renderers through :class:`matplotlib.figure.Figure`, so pyplot's global
state is never touched).  Without it this module raises ImportError naming the
extra: ``pip install 'interval_schedule[plot]'``.

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York")
>>> d = timeline_data(s, "2024-03-08T00:00", "2024-03-12T23:59")
>>> len(d.standard), len(d.prefect), [(day.isoformat(), h) for day, h in d.odd_days]
(5, 5, [('2024-03-10', 23.0)])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

try:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle
except ImportError as exc:  # pragma: no cover - the test extra installs matplotlib
    raise ImportError(
        "interval_schedule.timeline needs matplotlib; install the plot extra: pip install 'interval_schedule[plot]'"
    ) from exc

from ._limits import check_count
from ._units import DAY_US
from ._units import HOUR_US as _HOUR_US
from .errors import InvalidQueryError, LimitExceededError, ScheduleTypeError, shorten
from .schedule import IntervalSchedule
from .tz import Zone

__all__ = ["Timeline", "TimelineInfo", "timeline_data", "draw_timeline"]

_EPOCH = date(1970, 1, 1)
#: The longest window drawn: ten years of days.
MAX_DAYS = 3660
#: The longest title drawn (matplotlib's layout of a 100 000-character title takes many seconds).
MAX_TITLE = 200


@dataclass(frozen=True)
class Run:
    """One marker: local day (days since 1970), local clock hour (0-24), second pass through a fold."""

    day: int
    hour: float
    second_pass: bool


@dataclass(frozen=True)
class Timeline:
    """What the picture shows, computed without matplotlib drawing anything.

    *standard*/*prefect*: the runs of each profile in the window; *gaps* and
    *folds*: ``(day, from hour, to hour)`` wall-clock regions, split at
    midnight; *odd_days*: ``(date, hours)`` for days not 24 hours long.
    """

    first_day: int
    last_day: int
    standard: tuple[Run, ...]
    prefect: tuple[Run, ...]
    gaps: tuple[tuple[int, float, float], ...]
    folds: tuple[tuple[int, float, float], ...]
    odd_days: tuple[tuple[date, float], ...]


@dataclass(frozen=True)
class TimelineInfo:
    """What :func:`draw_timeline` wrote: run counts per profile and the number of days drawn."""

    standard_runs: int
    prefect_runs: int
    days: int


def _runs(zone: Zone, utc_us: np.ndarray) -> tuple[Run, ...]:
    utc_us = np.asarray(utc_us, dtype=np.int64)
    if not utc_us.size:
        return ()
    local, second = zone.wall_and_fold_us(utc_us)
    day, rest = np.divmod(local, DAY_US)
    return tuple(Run(int(d), r / _HOUR_US, bool(f)) for d, r, f in zip(day.tolist(), rest.tolist(), second.tolist()))


def _split(lo: int, hi: int) -> list[tuple[int, float, float]]:
    """The wall-clock region [lo, hi) as (day, from hour, to hour) pieces, one per day it touches."""
    out = []
    day = lo // DAY_US
    while day * DAY_US < hi:
        a, b = max(lo, day * DAY_US), min(hi, (day + 1) * DAY_US)
        out.append((int(day), (a - day * DAY_US) / _HOUR_US, (b - day * DAY_US) / _HOUR_US))
        day += 1
    return out


def _prefect_us(schedule: IntervalSchedule, start_us: int, end_us: int, limit: int) -> np.ndarray:
    """The prefect profile's dates in [start, end], fetched 1000 at a time (Prefect's own call limit)."""
    out: list[np.ndarray] = []
    total = 0
    at = start_us
    while at <= end_us:
        chunk = schedule.dates_array(1000, start=np.datetime64(at, "us"), end=np.datetime64(end_us, "us"), profile="prefect", limit=1000)
        us = np.sort(chunk.view(np.int64))
        us = us[us >= at]
        if not us.size:
            break
        total += us.size
        if total > limit:
            raise LimitExceededError(f"the window holds more than limit={limit} prefect dates; draw a shorter window")
        out.append(us)
        at = int(us[-1]) + 1
    return np.concatenate(out) if out else np.empty(0, np.int64)


def timeline_data(schedule: IntervalSchedule, start: object, end: object, *, limit: int = 20_000) -> Timeline:
    """The runs, gaps, folds and odd-length days of *schedule* between *start* and *end* (inclusive).

    Bounds are instants (naive ones are wall time in the schedule's zone).
    More than *limit* runs per profile raise
    :class:`~interval_schedule.errors.LimitExceededError`; a window longer
    than ten years, or *end* before *start*, raises
    :class:`~interval_schedule.errors.InvalidQueryError`.
    """
    if not isinstance(schedule, IntervalSchedule):
        raise ScheduleTypeError(f"a timeline needs an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
    limit = check_count(limit, "limit")
    start_us, end_us = schedule.utc_us(start, "start"), schedule.utc_us(end, "end")
    if end_us < start_us:
        raise InvalidQueryError(f"end {shorten(end)} is before start {shorten(start)}")
    # Only instants whose wall time is in years 1-9999 can be drawn on the zone's clock.
    core = schedule.core
    start_us, end_us = max(start_us, core.lo), min(end_us, core.hi)
    if end_us < start_us:
        raise InvalidQueryError(f"the window {shorten(start)} to {shorten(end)} lies outside years 1-9999 in {schedule.timezone}")
    zone = core.zone
    first_day = (start_us + zone.offset_at_us(start_us)) // DAY_US
    last_day = (end_us + zone.offset_at_us(end_us)) // DAY_US
    if last_day - first_day + 1 > MAX_DAYS:
        raise InvalidQueryError(f"the window spans {last_day - first_day + 1} days; a timeline draws at most {MAX_DAYS}")
    standard = schedule.dates_us(None, np.datetime64(start_us, "us"), np.datetime64(end_us, "us"), limit=limit)
    prefect = _prefect_us(schedule, start_us, end_us, limit)
    # Gaps and folds: each transition whose wall-clock region touches the drawn days.
    regions = zone.regions(first_day * DAY_US, (last_day + 1) * DAY_US)
    gaps: list[tuple[int, float, float]] = []
    folds: list[tuple[int, float, float]] = []
    for lo, hi, is_gap in zip(regions.start_local_us.tolist(), regions.end_local_us.tolist(), regions.is_gap.tolist()):
        pieces = _split(lo, hi)
        (gaps if is_gap else folds).extend(p for p in pieces if first_day <= p[0] <= last_day)
    # Day lengths: local midnights resolved to instants (a midnight in a gap shifts).
    days = np.arange(first_day, last_day + 2, dtype=np.int64)
    midnights = zone.to_utc_us(days * DAY_US, "shift", "earlier")
    hours = np.diff(midnights) / _HOUR_US
    odd = [(_EPOCH + timedelta(days=int(d)), float(h)) for d, h in zip(days[:-1].tolist(), hours.tolist()) if h != 24.0]
    return Timeline(int(first_day), int(last_day), _runs(zone, standard), _runs(zone, prefect), tuple(gaps), tuple(folds), tuple(odd))


def _hours_label(h: float) -> str:
    return f"{h:g} h"


def _panel(ax: Any, data: Timeline, runs: tuple[Run, ...], profile: str, color: str) -> None:
    for i, (day, a, b) in enumerate(data.gaps):
        ax.add_patch(Rectangle((day - 0.45, a), 0.9, b - a, color="#f4a259", alpha=0.45, lw=0, gid=f"gap-{profile}-{i}"))
    for i, (day, a, b) in enumerate(data.folds):
        ax.add_patch(Rectangle((day - 0.45, a), 0.9, b - a, color="#5b8def", alpha=0.35, lw=0, gid=f"fold-{profile}-{i}"))
    for d, h in data.odd_days:
        x = (d - _EPOCH).days
        ax.axvspan(x - 0.5, x + 0.5, color="#bbbbbb", alpha=0.35, lw=0, gid=f"day-{h:g}h-{d.isoformat()}-{profile}")
        ax.text(x, 24.3, _hours_label(h), ha="center", va="bottom", fontsize=7, color="#555555")
    for i, run in enumerate(runs):
        ax.plot(
            [run.day + (0.2 if run.second_pass else 0.0)], [run.hour],  # beside the first pass, not on top linestyle="none", marker="o", markersize=4,
            color=color, markerfacecolor="none" if run.second_pass else color, gid=f"run-{profile}-{i}",
        )
    ax.set_title(f'profile "{profile}": {len(runs)} runs', fontsize=9)
    ax.set_xlim(data.first_day - 0.6, data.last_day + 0.6)
    ax.set_ylim(0, 25.2)
    ax.set_yticks(range(0, 25, 3))
    ax.set_yticklabels([f"{h:02d}:00" for h in range(0, 25, 3)], fontsize=7)
    ticks = np.unique(np.linspace(data.first_day, data.last_day, min(6, data.last_day - data.first_day + 1)).round().astype(int))
    ax.set_xticks(ticks.tolist())
    ax.set_xticklabels([(_EPOCH + timedelta(days=int(t))).isoformat() for t in ticks], fontsize=7, rotation=30, ha="right")
    ax.grid(True, color="#eeeeee", lw=0.5)


def draw_timeline(
    schedule: IntervalSchedule, start: object, end: object, output: str, *, title: str | None = None, limit: int = 20_000
) -> TimelineInfo:
    """Draw the timeline of *schedule* between *start* and *end* into *output* (``.svg`` or ``.png``).

    See :func:`timeline_data` for the bounds and errors, and the module
    docstring for what is drawn.  Returns the counts drawn.
    """
    if not isinstance(output, str) or not output.lower().endswith((".svg", ".png")) or "\x00" in output:
        raise InvalidQueryError(f"output {shorten(output)} must be a file name ending in .svg or .png (no NUL)")
    if title is not None and not isinstance(title, str):
        raise ScheduleTypeError(f"title must be a str or None, not {type(title).__name__} ({shorten(title)})")
    if title is not None and len(title) > MAX_TITLE:
        raise InvalidQueryError(f"title {shorten(title)} is longer than {MAX_TITLE} characters")
    data = timeline_data(schedule, start, end, limit=limit)
    rc: dict[Any, Any] = {"svg.hashsalt": "interval_schedule", "svg.fonttype": "none", "font.family": "DejaVu Sans"}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
        axes = fig.subplots(1, 2, sharey=True)
        _panel(axes[0], data, data.standard, "standard", "#1b7f3b")
        _panel(axes[1], data, data.prefect, "prefect", "#8e3bbf")
        axes[0].set_ylabel(f"local clock time ({schedule.timezone})", fontsize=8)
        handles = [
            Line2D([], [], linestyle="none", marker="o", color="#444444", label="run"),
            Line2D([], [], linestyle="none", marker="o", color="#444444", markerfacecolor="none", label="run, second pass of a fold"),
            Patch(color="#f4a259", alpha=0.45, label="DST gap (wall time skipped)"),
            Patch(color="#5b8def", alpha=0.35, label="DST fold (wall time repeated)"),
            Patch(color="#bbbbbb", alpha=0.35, label="day not 24 h long"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=5, fontsize=7, frameon=False)
        default = f"every {schedule.interval} from {schedule.anchor_date.isoformat()} in {schedule.timezone}"
        fig.suptitle(default if title is None else title, fontsize=10, parse_math=False)  # plain text: '$' is no mathtext
        kind = "svg" if output.lower().endswith(".svg") else "png"
        metadata: dict[str, Any] = {"Date": None} if kind == "svg" else {"Software": None}
        try:
            fig.savefig(output, format=kind, metadata=metadata)
        except OSError as exc:
            raise InvalidQueryError(f"cannot write {shorten(output)}: {exc.strerror or exc}") from exc
    return TimelineInfo(len(data.standard), len(data.prefect), data.last_day - data.first_day + 1)
