"""Explain a run: why a schedule fires at the time it does.

"Why did it run at 03:30?" is the most common DST question.  :func:`explain`
answers it for one occurrence with a frozen :class:`Explanation`: which
occurrence it is (``k``), how the series steps (elapsed or wall-clock time, and
why), the anchor's wall time ``W``, how the wall time ``W + k*I`` falls on the
zone's clocks (unambiguous, in a gap, in a fold), the policy applied, the
offsets either side, and whether Prefect 3.9.1 (profile ``"prefect"``) gives a
different date and why.

The command line's DST notes (``interval-schedule preview``) and
``interval-schedule explain`` are both rendered from this one function.

>>> from datetime import timedelta
>>> from interval_schedule import IntervalSchedule
>>> s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York")
>>> e = explain(s, "2024-03-10T03:30-04:00")
>>> e.index, e.stepping, e.kind, e.policy, e.nominal_wall
(2, 'wall_clock', 'gap', 'shift', '2024-03-10T02:30:00')
>>> e.note
'shifted from 2024-03-10T02:30:00 (DST gap)'
>>> e.prefect_reason, e.prefect_date is None
(None, False)
>>> explain(s, "2024-03-11T02:30-04:00").prefect_reason
'carried_gap_shift'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pendulum

from ._convert import to_pendulum, utc_iso
from ._core import Core
from ._profiles import profile_for
from ._units import DAY_US, US
from .errors import InvalidDatetimeError, InvalidQueryError, ScheduleTypeError, shorten
from .tz import LocalKind

if TYPE_CHECKING:
    from .schedule import IntervalSchedule

__all__ = ["Explanation", "PrefectReason", "explain", "preview_rows", "skipped_walls"]

Kind = Literal["unambiguous", "gap", "fold"]
#: Why the "prefect" profile's date differs from the standard one.
PrefectReason = Literal["carried_gap_shift", "later_fold_instant", "wall_clock_dedup", "mixed_interval", "other"]
_KINDS: dict[LocalKind, Kind] = {LocalKind.UNAMBIGUOUS: "unambiguous", LocalKind.GAP: "gap", LocalKind.FOLD: "fold"}


def wall_text(local_us: int) -> str:
    """A naive wall time as ISO-8601 to the second (microseconds when not whole)."""
    unit = "s" if local_us % US == 0 else "us"
    return str(np.datetime64(local_us, "us").astype(f"datetime64[{unit}]"))


def _offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    h, rest = divmod(abs(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


@dataclass(frozen=True)
class Explanation:
    """Why a schedule has the occurrence it has: the answer of :func:`explain`.

    *queried* is the instant asked about; *occurrence* is the first occurrence
    at or after it (``at_queried`` tells whether they are equal).

    * *index*: ``k``, counted from the anchor (negative before it);
    * *stepping*: ``"elapsed"`` (``A + k*I``, interval under 24 h) or
      ``"wall_clock"`` (``W + k*I`` on the wall clock, 24 h or more), with
      *stepping_reason* in words;
    * *anchor_wall*: ``W``, the anchor's wall time (naive ISO-8601);
    * *nominal_wall*: for wall-clock stepping ``W + k*I`` before any policy,
      for elapsed stepping the wall time of ``A + k*I``;
    * *kind*: how *nominal_wall* falls on the zone's clocks (``"unambiguous"``,
      ``"gap"``, ``"fold"``); *fold_pass* (``"first"``/``"second"``) which
      pass through a fold the occurrence is, else ``None``;
    * *policy*: the policy that decided (``"shift"`` for a gap, ``"earlier"``
      or ``"later"`` for a wall-clock fold), ``None`` when none applied
      (elapsed occurrences exist as they are); *shift*: how far the gap shift
      moved the wall time;
    * *offset_before*/*offset_after*: the UTC offsets either side of the gap or
      fold (both the offset in force when unambiguous); *offset*: the
      occurrence's own;
    * *merged_with_next*: a gap shift landed on occurrence ``k + 1`` (the two
      are one run, Pacific/Apia 2011-12-30);
    * *skipped*: wall times dropped by ``gap="skip"`` between *queried* and
      the occurrence (why there was no run that day);
    * *prefect_date*: the date Prefect 3.9.1 gives for this slot (its first
      date after slot ``k - 1``), ``None`` when not
      compared or past the end of its series; *prefect_reason* why it differs
      (``None`` when equal) and *prefect_note* in words.
    """

    queried: pendulum.DateTime
    occurrence: pendulum.DateTime
    index: int
    interval: timedelta
    stepping: Literal["elapsed", "wall_clock"]
    stepping_reason: str
    anchor_wall: str
    nominal_wall: str
    kind: Kind
    fold_pass: Literal["first", "second"] | None
    policy: str | None
    shift: timedelta
    offset_before: timedelta
    offset_after: timedelta
    offset: timedelta
    merged_with_next: bool
    skipped: tuple[str, ...]
    prefect_date: pendulum.DateTime | None
    prefect_reason: PrefectReason | None
    prefect_note: str

    @property
    def at_queried(self) -> bool:
        """True when the queried instant is itself an occurrence (instants compared, not wall clocks)."""
        return _utc_us(self.occurrence) == _utc_us(self.queried)

    @property
    def note(self) -> str:
        """The one-line DST note of ``interval-schedule preview`` ("" when the clocks did nothing odd)."""
        if self.fold_pass is not None:
            return f"in a fold ({self.fold_pass} pass)"
        if self.shift:
            return f"shifted from {self.nominal_wall} (DST gap)"
        return ""

    def lines(self) -> list[str]:
        """The explanation in plain words, one sentence a line."""
        occ = self.occurrence.isoformat()
        out = []
        if not self.at_queried:
            out.append(f"There is no run at {self.queried.isoformat()}; the next one is {occ}.")
            for wall in self.skipped:
                out.append(f"The run at {wall} was dropped: that wall time does not exist (DST gap) and gap='skip'.")
        out.append(f"{occ} is occurrence k={self.index} of the schedule, counted from the anchor.")
        out.append(self.stepping_reason)
        before, after = _offset_text(self.offset_before // timedelta(seconds=1)), _offset_text(self.offset_after // timedelta(seconds=1))
        if self.stepping == "wall_clock":
            out.append(f"The anchor's wall time is {self.anchor_wall}; W + k*I is {self.nominal_wall}.")
            if self.kind == "gap":
                out.append(
                    f"{self.nominal_wall} does not exist: the clocks jumped from {before} to {after} there (a DST gap)."
                )
                out.append(f"Policy gap='shift' moves it forward by the gap's length, {self.shift}, to {occ}.")
                if self.merged_with_next:
                    out.append(f"That is also occurrence k={self.index + 1}'s time; the two are one run.")
            elif self.kind == "fold":
                out.append(
                    f"{self.nominal_wall} happens twice: the clocks went back from {before} to {after} (a DST fold)."
                )
                out.append(f"Policy fold={self.policy!r} takes the {self.fold_pass} pass: {occ}.")
            else:
                out.append(f"{self.nominal_wall} happens exactly once there (offset {before}), so no policy applies.")
        else:
            out.append(f"A + k*I is {occ}, wall time {self.nominal_wall}; every instant exists, so no policy applies.")
            if self.kind == "fold":
                out.append(
                    f"That wall time happens twice (the clocks went back from {before} to {after}); "
                    f"this is the {self.fold_pass} pass, and both passes are runs."
                )
        if self.prefect_note:
            out.append(self.prefect_note)
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: instants ISO-8601 with their offset, durations in seconds."""
        sec = timedelta(seconds=1)
        return {
            "queried": self.queried.isoformat(),
            "occurrence": self.occurrence.isoformat(),
            "occurrence_utc": utc_iso(_utc_us(self.occurrence)),
            "at_queried": self.at_queried,
            "index": self.index,
            "interval_seconds": self.interval / sec,
            "stepping": self.stepping,
            "stepping_reason": self.stepping_reason,
            "anchor_wall": self.anchor_wall,
            "nominal_wall": self.nominal_wall,
            "kind": self.kind,
            "fold_pass": self.fold_pass,
            "policy": self.policy,
            "shift_seconds": self.shift / sec,
            "offset_before_seconds": self.offset_before // sec,
            "offset_after_seconds": self.offset_after // sec,
            "offset_seconds": self.offset // sec,
            "merged_with_next": self.merged_with_next,
            "skipped": list(self.skipped),
            "prefect_date": None if self.prefect_date is None else self.prefect_date.isoformat(),
            "prefect_reason": self.prefect_reason,
            "prefect_note": self.prefect_note,
            "note": self.note,
        }


def _utc_us(d: pendulum.DateTime) -> int:
    from ._convert import parse_moment

    return parse_moment(d, "date").utc_us  # type: ignore[return-value]


def explain(schedule: Any, instant: object, *, compare_prefect: bool = True) -> Explanation:
    """Explain the first occurrence of *schedule* at or after *instant*.

    *instant*: an aware datetime, an ISO-8601 string, a ``numpy.datetime64``
    (UTC) or a naive datetime/string (wall time in the schedule's zone, as
    every query bound).  With *compare_prefect* the "prefect" profile's date
    for the same slot is computed too (a few hundred microseconds).
    Past the end of the series (year 9999)
    :class:`~interval_schedule.errors.InvalidQueryError`; an instant before
    year 1 on the zone's clock :class:`~interval_schedule.errors.InvalidDatetimeError`.

    >>> from datetime import timedelta
    >>> from interval_schedule import IntervalSchedule
    >>> hourly = IntervalSchedule(timedelta(hours=1), "2018-11-04T00:00-04:00", "America/New_York")
    >>> e = explain(hourly, "2018-11-04T01:00-05:00")
    >>> e.stepping, e.kind, e.fold_pass, e.policy, e.prefect_reason
    ('elapsed', 'fold', 'second', None, 'wall_clock_dedup')
    >>> print(explain(IntervalSchedule(86400, "2024-11-02T01:30-04:00", "America/New_York"), "2024-11-03T00:00"))
    There is no run at 2024-11-03T00:00:00-04:00; the next one is 2024-11-03T01:30:00-04:00.
    2024-11-03T01:30:00-04:00 is occurrence k=1 of the schedule, counted from the anchor.
    The interval 1 day, 0:00:00 is 24 hours or more, so the schedule steps on the wall clock: occurrence k is W + k*I resolved in America/New_York.
    The anchor's wall time is 2024-11-02T01:30:00; W + k*I is 2024-11-03T01:30:00.
    2024-11-03T01:30:00 happens twice: the clocks went back from -04:00 to -05:00 (a DST fold).
    Policy fold='earlier' takes the first pass: 2024-11-03T01:30:00-04:00.
    Prefect 3.9.1 runs at 2024-11-03T01:30:00-05:00 instead: its wall-clock arithmetic takes the later instant of a fold (use fold='later' for its choice).
    """
    from .schedule import IntervalSchedule

    if not isinstance(schedule, IntervalSchedule):
        raise ScheduleTypeError(f"explain needs an IntervalSchedule, not {type(schedule).__name__} ({shorten(schedule)})")
    query_us = schedule.utc_us(instant, "instant")
    core: Core = schedule.core
    if query_us < core.lo:  # the explanation shows the queried instant on the zone's clock
        raise InvalidDatetimeError(
            f"instant {shorten(instant)} is before year 1 on the wall clock of {schedule.timezone}; "
            "explain an instant within years 1-9999 there"
        )
    u = core.next_at_or_after(query_us)
    if u is None:
        raise InvalidQueryError(f"no occurrence at or after {shorten(instant)}: the series ends before year 10000")
    return explain_us(schedule, query_us, u, compare_prefect=compare_prefect)


def explain_us(schedule: Any, query_us: int, u: int, *, compare_prefect: bool) -> Explanation:
    """:func:`explain` on integers: *u* is the occurrence (UTC us) explained, *query_us* the instant asked about."""
    core: Core = schedule.core
    zone, key = core.zone, schedule.timezone
    k = core.first_index(u)
    local = u + zone.offset_at_us(u)
    own = zone.classify_us(local)  # the occurrence's own wall time
    fold_pass: Literal["first", "second"] | None = None
    if own.kind is LocalKind.FOLD:
        fold_pass = "first" if u == local - own.offset_before * US else "second"
    interval = timedelta(microseconds=core.interval_us)
    policy: str | None = None
    merged = False
    if core.wall:
        stepping: Literal["elapsed", "wall_clock"] = "wall_clock"
        reason = (
            f"The interval {interval} is 24 hours or more, so the schedule steps on the wall clock: "
            f"occurrence k is W + k*I resolved in {key}."
        )
        nominal = core.anchor_local_us + k * core.interval_us
        info = zone.classify_us(nominal)
        if info.kind is LocalKind.GAP:
            policy = "shift"  # a skipped k has no occurrence to explain
            merged = core.raw(k + 1) == u
        elif info.kind is LocalKind.FOLD:
            policy = schedule.fold
    else:
        stepping = "elapsed"
        reason = (
            f"The interval {interval} is under 24 hours, so the schedule steps in exact elapsed time: "
            "occurrence k is A + k*I, whatever the clocks do."
        )
        nominal = local
        info = own
    skipped: tuple[str, ...] = ()
    if core.wall and schedule.gap == "skip" and u > query_us:
        skipped = tuple(skipped_walls(core, core.first_index(query_us) - 1, k - 1, query_us))
    prefect_date = None
    prefect_reason: PrefectReason | None = None
    prefect_note = ""
    if compare_prefect:
        prefect_date, prefect_reason, prefect_note = _prefect(schedule, core, u, k, nominal, info.kind, fold_pass)
    return Explanation(
        queried=to_pendulum(query_us, key),
        occurrence=to_pendulum(u, key),
        index=k,
        interval=interval,
        stepping=stepping,
        stepping_reason=reason,
        anchor_wall=wall_text(core.anchor_local_us),
        nominal_wall=wall_text(nominal),
        kind=_KINDS[info.kind],
        fold_pass=fold_pass,
        policy=policy,
        shift=timedelta(microseconds=local - nominal),
        offset_before=timedelta(seconds=info.offset_before),
        offset_after=timedelta(seconds=info.offset_after),
        offset=timedelta(microseconds=local - u),
        merged_with_next=merged,
        skipped=skipped,
        prefect_date=prefect_date,
        prefect_reason=prefect_reason,
        prefect_note=prefect_note,
    )


def preview_rows(schedule: Any, count: int, start: object = None, profile: str = "standard") -> list[dict[str, str]]:
    """The first *count* dates at or after *start* (default: the anchor), one row each, with DST notes.

    Each row has ``local`` (ISO-8601 with the offset), ``utc`` (``Z``),
    ``offset`` and ``note`` (:attr:`Explanation.note`).  With ``gap="skip"``
    the wall times dropped between the dates get a row of their own (empty
    ``utc``), in wall-clock order: what ``interval-schedule preview`` prints.

    With a Prefect *profile* the dates are that Prefect's (in its order) and
    only folds are noted; a naive *start* is wall time in the schedule's zone
    for every profile, so all of them answer for the same instant.

    >>> from interval_schedule import IntervalSchedule
    >>> s = IntervalSchedule(86400, "2024-03-09T02:30", "America/New_York", gap="skip")
    >>> for row in preview_rows(s, 2):
    ...     print(row)
    {'local': '2024-03-09T02:30:00-05:00', 'utc': '2024-03-09T07:30:00Z', 'offset': '-05:00', 'note': ''}
    {'local': '2024-03-10T02:30:00', 'utc': '', 'offset': '', 'note': 'skipped (DST gap)'}
    {'local': '2024-03-11T02:30:00-04:00', 'utc': '2024-03-11T06:30:00Z', 'offset': '-04:00', 'note': ''}
    """
    core: Core = schedule.core
    start_us = schedule.anchor_utc_us if start is None else schedule.utc_us(start, "start")
    policies = profile_for(profile, "get_dates").policies  # our gap/fold notes apply (else only folds)
    dates = schedule.dates_us(count, start=np.datetime64(start_us, "us"), profile=profile).tolist()
    rows = []
    for u in dates:
        e = explain_us(schedule, u, u, compare_prefect=False)
        note = e.note if policies or e.fold_pass is not None else ""
        offset = e.occurrence.strftime("%z")
        rows.append({"local": e.occurrence.isoformat(), "utc": utc_iso(u), "offset": f"{offset[:3]}:{offset[3:]}", "note": note})
    if dates and core.wall and schedule.gap == "skip" and policies:
        for wall in skipped_walls(core, core.first_index(start_us), core.last_index(dates[-1])):
            rows.append({"local": wall, "utc": "", "offset": "", "note": "skipped (DST gap)"})
        rows.sort(key=lambda r: r["local"][:19])
    return rows


def skipped_walls(core: Core, k_lo: int, k_hi: int, after_us: int | None = None) -> list[str]:
    """Wall times ``W + k*I`` (k in [k_lo, k_hi]) dropped by ``gap="skip"``, as naive ISO-8601.

    With *after_us*, only those whose shifted instant would be after it.
    """
    if core.gap != "skip":
        return []
    out = []
    for k in core.gap_hits(k_lo, k_hi):
        nominal = core.anchor_local_us + k * core.interval_us
        if after_us is None or core.zone.instant_us(nominal) > after_us:
            out.append(wall_text(nominal))
    return out


def _prefect(
    schedule: IntervalSchedule, core: Core, u: int, k: int, nominal: int, kind: LocalKind,
    fold_pass: Literal["first", "second"] | None,
) -> tuple[pendulum.DateTime | None, PrefectReason | None, str]:
    """Prefect's date for this slot: its first date after slot ``k - 1``.

    Slot ``k - 1`` is ``A + (k-1)*I``, or the wall time ``W + (k-1)*I`` resolved
    with a gap shift even when ``gap="skip"`` dropped it (Prefect has no skip).
    """
    if core.wall:
        start = core.zone.resolve_us(core.anchor_local_us + (k - 1) * core.interval_us, "shift", core.fold) or u
    else:
        start = u - core.interval_us
    start = max(start + 1, core.lo)
    dates = schedule.get_dates(1, start=np.datetime64(start, "us"), profile="prefect")
    if not dates:
        return None, "other", "Prefect 3.9.1 has no date here: its series ends before year 10000."
    p = cast(pendulum.DateTime, dates[0])  # get_dates makes pendulum DateTimes unless told output='datetime'
    pu = _utc_us(p)
    if pu == u:
        return p, None, "Prefect 3.9.1 runs at the same instant."
    iso = p.isoformat()
    zone = core.zone
    p_wall = pu + zone.offset_at_us(pu)
    if not core.wall:
        if fold_pass == "second":
            return p, "wall_clock_dedup", (
                f"Prefect 3.9.1 has no run at this instant: its duplicate check compares wall clocks, so this second "
                f"pass through {wall_text(nominal)} counts as the first one and is dropped; its next date is {iso}."
            )
        return p, "other", f"Prefect 3.9.1 runs at {iso} instead (its float arithmetic or wall-clock comparisons)."
    if core.interval_us % DAY_US:
        return p, "mixed_interval", (
            f"Prefect 3.9.1 runs at {iso} instead: for an interval that is not whole days it jumps from the anchor by "
            "elapsed time, then steps on the wall clock, so its dates depend on the window asked for."
        )
    if p_wall == nominal and kind is LocalKind.FOLD:
        return p, "later_fold_instant", (
            f"Prefect 3.9.1 runs at {iso} instead: its wall-clock arithmetic takes the later instant of a fold "
            "(use fold='later' for its choice)."
        )
    if p_wall != nominal:
        return p, "carried_gap_shift", (
            f"Prefect 3.9.1 runs at {iso} instead: it steps from the previous date, so the shift of an earlier DST gap "
            f"carries forward (wall time {wall_text(p_wall)}, not {wall_text(nominal)})."
        )
    return p, "other", f"Prefect 3.9.1 runs at {iso} instead."
