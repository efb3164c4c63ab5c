"""``IntervalSchedule``: Prefect's interval schedule with precisely defined semantics.

See docs/semantics.md for the definition; in short, with anchor ``A``,
interval ``I`` and zone ``Z``:

* ``I < 24 h``: the occurrences are ``A + k*I`` (exact elapsed time), for
  every integer ``k``, before the anchor too;
* ``I >= 24 h``: occurrence ``k`` is the anchor's wall time plus ``k*I`` on
  the wall clock of ``Z``, resolved by the ``gap`` and ``fold`` policies, each
  computed from the anchor (a gap shift never carries to the next day).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal, cast

import numpy as np
import pendulum

from ._convert import (
    AnchorTz,
    Moment,
    Output,
    anchor_tz,
    check_output,
    elapsed_next,
    instant_or_moment,
    isoformat_z,
    one_converter,
    one_datetime,
    parse_interval,
    parse_moment,
    pendulum_list,
    pendulums,
    to_pendulum,
)
from ._core import Core
from ._jsonio import load_json
from ._limits import DEFAULT_ARRAY_LIMIT, DEFAULT_LIST_LIMIT, check_count, now_utc_us
from ._profiles import PROFILES, TABLE, DateProfile, profile_for
from ._series import window_us
from ._units import DAY_US, EPOCH_UTC, MAX_US, MIN_US, ONE_US, US
from .errors import (
    InvalidDatetimeError,
    InvalidPolicyError,
    InvalidQueryError,
    InvalidScheduleError,
    LimitExceededError,
    ScheduleTypeError,
    shorten,
)
from .tz import FoldPolicy, GapPolicy, TzSource, Zone, check_policies, default_source, get_zone, validate_key

__all__ = ["IntervalSchedule", "PROFILES", "Profile"]

Profile = Literal["standard", "prefect", "prefect-py313"]
_KEYS = ("interval", "anchor_date", "timezone", "gap", "fold")
# (interval_us, anchor_utc_us, key, gap, fold): what equality, hashing and pickling compare
_Parts = tuple[int, int, str, GapPolicy, FoldPolicy]
# A schedule's single-date state for one output kind, made on its first query: its next
# date after a bound given as ``bound - EPOCH_UTC`` (see _one_state).
_One = Callable[[timedelta], datetime | None]
# The single-date fast path is taken for these very objects: the default
# arguments and literals written in code are these interned strings.  Any
# other equal string takes the general path, which gives the same answer.
_STANDARD: Profile = "standard"
_PENDULUM: Output = "pendulum"
_DATETIME: Output = "datetime"


def _source_of(timezone: object, tz_source: object) -> tuple[object, TzSource | None]:
    """(key, source) from a ``timezone`` that may be a :class:`Zone` and a ``tz_source`` argument."""
    if tz_source is not None and not isinstance(tz_source, TzSource):
        raise ScheduleTypeError(f"tz_source must be a TzSource, not {type(tz_source).__name__} ({shorten(tz_source)})")
    if isinstance(timezone, Zone):
        zone_source = TzSource.of(timezone)
        if tz_source is not None and tz_source != zone_source:
            raise InvalidQueryError(f"timezone {timezone!r} comes from {zone_source!r}, not from tz_source={tz_source!r}")
        return timezone.key, None if zone_source.is_default else zone_source
    return timezone, None if tz_source is None or tz_source.is_default else tz_source


def _profile(profile: object) -> DateProfile:
    """The profile named *profile* (InvalidPolicyError for an unknown name), for reading inputs."""
    return profile_for(profile, "get_dates")  # every profile answers get_dates


class IntervalSchedule:
    """A schedule that fires every ``interval``, anchored at ``anchor_date``, in ``timezone``.

    Immutable, hashable and equal by value.

    *interval*: a ``timedelta``, seconds (int or float, rounded to the
    microsecond), an ISO-8601 duration (``"PT1H30M"``, ``"P1D"``, ``"P2W"``)
    or ``"HH:MM:SS"``; positive; months and years are refused.
    *anchor_date*: an aware datetime (stdlib, zoneinfo, pendulum), a naive
    datetime (wall time in *timezone*), an ISO-8601 string or a
    ``numpy.datetime64`` (UTC).  Default: now, in UTC.
    *timezone*: an IANA key; when omitted, the anchor's zone name when it is an
    IANA key, else ``"UTC"`` (fixed offsets, naive anchors).
    *gap* (``"shift"`` | ``"skip"``) and *fold* (``"earlier"`` | ``"later"``):
    how wall-clock occurrences in a DST gap or fold are resolved.
    *tz_source*: the tzdata release to compute in (a
    :class:`~interval_schedule.tz.TzSource`; default the bundled ``tzdata``
    package); *timezone* may also be a :class:`~interval_schedule.tz.Zone`,
    which names its own source.  See :meth:`with_source`.

    >>> s = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York")
    >>> [str(d) for d in s.get_dates(4, start="2024-03-08T00:00-05:00")]
    ['2024-03-08 02:30:00-05:00', '2024-03-09 02:30:00-05:00', '2024-03-10 03:30:00-04:00', '2024-03-11 02:30:00-04:00']
    >>> s.to_dict()
    {'interval': 86400.0, 'anchor_date': '2024-03-08T02:30:00-05:00', 'timezone': 'America/New_York'}
    """

    __slots__ = (
        "_interval_us", "_anchor_utc_us", "_timezone", "_gap", "_fold", "_core", "_anchor_tz", "_one_pendulum", "_one_datetime",
    )
    _interval_us: int
    _anchor_utc_us: int
    _timezone: str
    _gap: GapPolicy
    _fold: FoldPolicy
    _core: Core
    _anchor_tz: AnchorTz  # the anchor's own zone (IANA key) or fixed UTC offset (whole seconds)
    _one_pendulum: _One | None  # the single-date queries' state per output kind, made on first use
    _one_datetime: _One | None

    def __init__(
        self,
        interval: object,
        anchor_date: object = None,
        timezone: str | Zone | None = None,
        *,
        gap: GapPolicy = "shift",
        fold: FoldPolicy = "earlier",
        tz_source: TzSource | None = None,
    ) -> None:
        gap, fold = check_policies(gap, fold)
        timezone, source = _source_of(timezone, tz_source)  # type: ignore[assignment]
        src = source or default_source()  # the built-in strings, whatever str subclass came in
        interval_us = parse_interval(interval)
        moment = Moment(now_utc_us(), None, "UTC") if anchor_date is None else parse_moment(anchor_date, "anchor_date")
        key: str  # a zone key of src: validated, or the key of the anchor's own zone, or "UTC"
        if timezone is not None:
            key = src.validate_key(timezone)
        elif moment.utc_us is not None and moment.zone_key is not None:
            key = moment.zone_key if source is None else src.validate_key(moment.zone_key)
        else:
            key = "UTC"
        zone = src.get_zone(key)
        if moment.utc_us is not None:
            anchor = moment.utc_us
        else:
            local = cast(int, moment.local_us)  # a Moment holds one of the two
            if not MIN_US <= local <= MAX_US:
                raise InvalidDatetimeError(f"anchor_date {shorten(anchor_date)} is outside years 1-9999")
            # An input names an instant: a wall time in a gap is shifted even with gap="skip".
            anchor = zone.instant_us(local, fold)
        self._set(interval_us, anchor, key, gap, fold, anchor_tz(moment, key, source), anchor_date, source)

    def _set(
        self, interval_us: int, anchor: int, key: str, gap: GapPolicy, fold: FoldPolicy, tz: AnchorTz, shown: object,
        source: TzSource | None = None,
    ) -> None:
        core = Core(interval_us, anchor, get_zone(key) if source is None else source.get_zone(key), gap, fold)
        if not core.lo <= anchor <= core.hi:
            # Such an instant does not exist (docs/semantics.md), and anchor_date,
            # repr() and to_dict() could not show it.
            raise InvalidDatetimeError(
                f"anchor_date {shorten(shown)} does not exist in {key}: "
                "its UTC time or its wall time there is outside years 1-9999"
            )
        if isinstance(tz, int) and not MIN_US <= anchor + tz * US <= MAX_US:
            tz = key  # the anchor's own offset would put its wall time outside years 1-9999
        for name, value in zip(self.__slots__, (interval_us, anchor, key, gap, fold, core, tz, None, None)):
            object.__setattr__(self, name, value)

    @classmethod
    def _from_parts(
        cls, interval_us: int, anchor_utc_us: int, key: str, gap: GapPolicy = "shift", fold: FoldPolicy = "earlier",
        tz: AnchorTz | None = None, source: TzSource | None = None,
    ) -> IntervalSchedule:
        """A schedule from checked integer parts (the anchor's own zone or offset *tz*, default *key*), in *source*."""
        check_policies(gap, fold)
        self = cls.__new__(cls)
        key = validate_key(key) if source is None else source.validate_key(key)
        self._set(interval_us, anchor_utc_us, key, gap, fold, key if tz is None else tz,
                  np.datetime64(anchor_utc_us, "us"), source)
        return self

    def with_source(self, source: TzSource) -> IntervalSchedule:
        """The same schedule (interval, anchor instant, zone key, policies) computed in another tzdata release.

        The zone key is checked against *source*'s own list before any file is
        opened (:class:`~interval_schedule.errors.ZoneNotFoundError` otherwise).
        The anchor stays the same instant; a wall-clock schedule's anchor wall
        time is read in *source*.  Dates, ``anchor_date`` and the pendulum
        outputs use *source*'s zone (pendulum's timezone is built from the same
        TZif bytes), so their offsets agree with the instants.  Only the
        ``"standard"`` profile is computed in another source.  Schedules in
        different sources compare unequal; pickling keeps the source (its path).

        >>> s = IntervalSchedule(timedelta(days=1), "2026-10-01T09:00", "America/Vancouver")
        >>> s.with_source(s.tz_source) == s, s.tz_source.is_default
        (True, True)
        """
        if not isinstance(source, TzSource):
            raise ScheduleTypeError(f"source must be a TzSource, not {type(source).__name__} ({shorten(source)})")
        if source == self.tz_source:
            return self
        return IntervalSchedule._from_parts(
            self._interval_us, self._anchor_utc_us, self._timezone, self._gap, self._fold, self._anchor_tz,
            None if source.is_default else source,
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"IntervalSchedule is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"IntervalSchedule is immutable; cannot delete {name!r}")

    # ------------------------------------------------------------- attributes

    @property
    def interval(self) -> timedelta:
        """The interval as a ``timedelta`` (microsecond resolution)."""
        return timedelta(microseconds=self._interval_us)

    @property
    def anchor_date(self) -> pendulum.DateTime:
        """The anchor as a pendulum DateTime in the zone or offset it was given in, as Prefect keeps it.

        An anchor with an IANA zone keeps that zone (even when :attr:`timezone`
        is another), an offset such as ``-05:00`` or ``Z`` keeps the offset, a
        naive anchor is in :attr:`timezone`.  The dates are computed in
        :attr:`timezone` either way.

        >>> IntervalSchedule(3600, "2024-07-01T09:00:00-05:00").anchor_date.isoformat()
        '2024-07-01T09:00:00-05:00'
        """
        tz = self._anchor_tz
        if isinstance(tz, str):
            source = self._other_source()
            return to_pendulum(self._anchor_utc_us, tz, None if source is None or tz not in source.available_zones() else source)
        return to_pendulum(self._anchor_utc_us, "UTC").in_timezone(pendulum.FixedTimezone(tz))

    @property
    def timezone(self) -> str:
        """The IANA key of the schedule's zone."""
        return self._timezone

    @property
    def gap(self) -> str:
        return self._gap

    @property
    def fold(self) -> str:
        return self._fold

    @property
    def interval_us(self) -> int:
        """The interval in integer microseconds."""
        return self._interval_us

    @property
    def anchor_utc_us(self) -> int:
        """The anchor instant in integer microseconds since 1970 UTC."""
        return self._anchor_utc_us

    @property
    def tz_source(self) -> TzSource:
        """The tzdata release the dates are computed in (the bundled package unless one was named)."""
        return TzSource.of(self._core.zone)

    @property
    def zone(self) -> Zone:
        """The :class:`~interval_schedule.tz.Zone` the dates are computed in (from :attr:`tz_source`)."""
        return self._core.zone

    def _other_source(self) -> TzSource | None:
        """:attr:`tz_source` when it is not the bundled package, else None."""
        source = TzSource.of(self._core.zone)
        return None if source.is_default else source

    def _profile(self, profile: object, query: str) -> DateProfile:
        """The profile named *profile*, checked to answer *query* in this schedule's tzdata release."""
        prof = profile_for(profile, query)
        if not prof.any_source:
            prof.check_source(self.tz_source)
        return prof

    @property
    def is_wall_clock(self) -> bool:
        """True when the interval is 24 h or more, so it steps on the wall clock."""
        return self._core.wall

    @property
    def core(self) -> Core:
        """The scalar "standard" semantics of this schedule on int64 microseconds.

        A :class:`interval_schedule._core.Core` (``occurrence(k)``,
        ``first_index``/``last_index``, ``window``, ``next_at_or_after``,
        ``previous_before``, ``count``): the reference the library's operations
        (explain, missed runs, jitter, the planner, the adapters) compute with.
        Internal but public: its methods may change with the package.

        >>> s = IntervalSchedule(3600, "2024-01-01T00:00:00Z")
        >>> s.core.occurrence(2) == s.anchor_utc_us + 2 * s.interval_us
        True
        """
        return self._core

    def _key(self) -> _Parts | tuple[int, int, str, GapPolicy, FoldPolicy, TzSource]:
        key: _Parts = (self._interval_us, self._anchor_utc_us, self._timezone, self._gap, self._fold)
        source = self._other_source()
        return key if source is None else (*key, source)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IntervalSchedule):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        extra = "".join(
            f", {name}={value!r}" for name, value, default in (("gap", self._gap, "shift"), ("fold", self._fold, "earlier")) if value != default
        )
        return (
            f"IntervalSchedule(interval={self.interval!r}, anchor_date={self.anchor_date.isoformat()!r}, "
            f"timezone={self._timezone!r}{extra})"
        )

    def __reduce__(self) -> tuple[Callable[..., IntervalSchedule], tuple[*_Parts, AnchorTz, TzSource | None]]:
        return (_rebuild, (*self._key()[:5], self._anchor_tz, self._other_source()))

    # ------------------------------------------------------------ wire format

    def to_dict(self, *, prefect: bool = False) -> dict[str, Any]:
        """Prefect's JSON shape: float seconds, the anchor ISO-8601 in its own offset (``Z`` for UTC).

        The anchor is written as it was given, like Prefect's
        ``model_dump(mode="json")``: ``"2024-07-01T09:00:00-05:00"`` stays so
        whatever the timezone (a naive anchor is written with its offset in
        :attr:`timezone`).  ``gap``/``fold`` are written only when not the
        default.  Prefect's schema forbids other keys, so a document with them
        cannot be posted to a Prefect server: ``prefect=True`` (or
        :meth:`to_prefect_dict`) leaves them out.

        >>> s = IntervalSchedule(86400, "2024-03-09T02:30:00Z", "America/New_York", gap="skip")
        >>> s.to_dict()
        {'interval': 86400.0, 'anchor_date': '2024-03-09T02:30:00Z', 'timezone': 'America/New_York', 'gap': 'skip'}
        >>> s.to_dict(prefect=True)
        {'interval': 86400.0, 'anchor_date': '2024-03-09T02:30:00Z', 'timezone': 'America/New_York'}
        """
        iso = isoformat_z(self.anchor_date)
        out: dict[str, Any] = {"interval": self._interval_us / US, "anchor_date": iso, "timezone": self._timezone}
        if prefect:
            return out
        if self._gap != "shift":
            out["gap"] = self._gap
        if self._fold != "earlier":
            out["fold"] = self._fold
        return out

    def to_prefect_dict(self) -> dict[str, Any]:
        """The document a Prefect server accepts: :meth:`to_dict` without ``gap``/``fold``.

        What is lost: the policies.  Prefect computes its own dates from the
        document (docs/prefect.md), so a schedule with ``gap="skip"`` or
        ``fold="later"`` runs there as Prefect's engine decides, not as the
        policy says.
        """
        return self.to_dict(prefect=True)

    @classmethod
    def from_prefect(
        cls, interval: object, anchor_date: object = None, timezone: str | None = None, *, profile: Profile = "prefect"
    ) -> IntervalSchedule:
        """Build a schedule reading the inputs as the Prefect of *profile* does (docs/prefect.md).

        ``"prefect"`` (Python <= 3.12, pendulum): a naive *anchor_date* is UTC
        (not wall time in *timezone*), and a stdlib datetime whose wall time
        lies in a DST gap is converted the way pendulum does it (see
        :func:`interval_schedule.compat.prefect.prefect_anchor_us`).
        ``"prefect-py313"`` (whenever) reads them as the constructor does.
        Timezone inference is the same everywhere: the anchor's IANA key, else
        ``"UTC"``.  The anchor keeps its own zone or offset (a naive one is
        UTC here, as Prefect stores it).

        >>> from datetime import datetime
        >>> s = IntervalSchedule.from_prefect(86400, datetime(2024, 7, 1, 9), "America/New_York")
        >>> s.anchor_date.isoformat(), s.get_dates(1, start="2024-07-01T00:00:00Z", profile="prefect")[0].isoformat()
        ('2024-07-01T09:00:00+00:00', '2024-07-01T05:00:00-04:00')
        """
        prof = _profile(profile)
        if prof.prefect is None:
            raise InvalidPolicyError(f"from_prefect needs a Prefect profile, not {prof.name!r}")
        parts = prof.from_inputs(interval, anchor_date, timezone)
        if parts is None:  # read as the constructor reads them
            return cls(interval, anchor_date, timezone)
        return cls._from_parts(parts.interval_us, parts.anchor_utc_us, parts.key, tz=parts.anchor_tz)

    @classmethod
    def from_dict(cls, data: object, *, profile: Profile = "standard") -> IntervalSchedule:
        """Build a schedule from :meth:`to_dict`'s shape (Prefect's schedule JSON); unknown keys are refused.

        With a Prefect profile the inputs are read as that Prefect reads them
        (:meth:`from_prefect`: for ``"prefect"`` a naive anchor is UTC);
        ``gap``/``fold`` keys are then refused, Prefect has none.

        >>> IntervalSchedule.from_dict({"interval": 3600, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"})
        IntervalSchedule(interval=datetime.timedelta(seconds=3600), anchor_date='2024-01-01T00:00:00+00:00', timezone='UTC')
        """
        if not isinstance(data, dict):
            raise ScheduleTypeError(f"an interval schedule must be a dict, not {type(data).__name__} ({shorten(data)})")
        unknown = sorted(str(k) for k in data if k not in _KEYS)
        if unknown:
            raise InvalidScheduleError(
                f"unknown key(s) {', '.join(map(repr, unknown))} in interval schedule; allowed: {', '.join(_KEYS)}"
            )
        if "interval" not in data:
            raise InvalidScheduleError("interval schedule needs an 'interval'")
        if not _profile(profile).policies:
            extra = sorted(k for k in ("gap", "fold") if k in data)
            if extra:
                raise InvalidScheduleError(f"key(s) {', '.join(map(repr, extra))} are not part of Prefect's schedule JSON")
            return cls.from_prefect(data["interval"], data.get("anchor_date"), data.get("timezone"), profile=profile)
        return cls(
            data["interval"],
            data.get("anchor_date"),
            data.get("timezone"),
            gap=data.get("gap", "shift"),
            fold=data.get("fold", "earlier"),
        )

    def to_json(self) -> str:
        """:meth:`to_dict` as a JSON string."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, text: str | bytes, *, profile: Profile = "standard") -> IntervalSchedule:
        """Parse :meth:`to_json`'s output (or Prefect's schedule JSON); see :meth:`from_dict`."""
        return cls.from_dict(load_json(text, InvalidScheduleError), profile=profile)

    # ---------------------------------------------------------------- queries

    def utc_us(self, value: object, what: str = "value") -> int:
        """*value* as UTC microseconds, reading a naive value as wall time in this schedule's zone.

        *value* is what the queries take as a bound: an aware datetime, ISO-8601
        text, numpy.datetime64 (UTC), or a naive datetime or text, which is wall
        time in :attr:`zone` (a wall time in a gap is shifted forward by the gap,
        one in a fold is resolved by :attr:`fold`).  *what* names the value in
        the error a bad one raises.

        >>> s = IntervalSchedule(86400, "2024-03-08T02:30", "America/New_York")
        >>> s.utc_us("2024-03-10T02:30") == s.utc_us("2024-03-10T03:30-04:00") == s.utc_us("2024-03-10T07:30Z")
        True
        """
        return self._instant(value, what)

    def _instant(self, value: object, what: str, prof: DateProfile | None = None) -> int:
        """A query bound as UTC us; a naive value is read as *prof* reads it (default and
        "standard": wall time in the zone, a gap shifted, a fold by the fold policy)."""
        m = instant_or_moment(value, what)
        if type(m) is int:
            return m
        m = cast(Moment, m)
        if m.utc_us is not None:
            return m.utc_us
        if prof is None:
            return self._core.zone.instant_us(cast(int, m.local_us), self._fold)
        return prof.naive_us(self._core, cast(int, m.local_us))

    def _dates(self, prof: DateProfile, n: object, start: object, end: object, limit: object) -> list[int] | np.ndarray:
        """*prof*'s dates for ``(n, start, end)``: the bounds read (start defaults to now), then the profile's window."""
        start_us = now_utc_us() if start is None else self._instant(start, "start", prof)
        end_us = None if end is None else self._instant(end, "end", prof)
        return prof.dates(self._core, n, start_us, end_us, limit)

    def dates_us(
        self,
        n: int | None = None,
        start: object = None,
        end: object = None,
        *,
        profile: Profile = "standard",
        limit: int = DEFAULT_ARRAY_LIMIT,
    ) -> np.ndarray:
        """Like :meth:`dates_array`, as int64 microseconds since 1970 UTC."""
        out = self._dates(self._profile(profile, "dates_us"), n, start, end, limit)
        return out if isinstance(out, np.ndarray) else np.array(out, dtype=np.int64)

    def dates_array(
        self,
        n: int | None = None,
        start: object = None,
        end: object = None,
        *,
        profile: Profile = "standard",
        limit: int = DEFAULT_ARRAY_LIMIT,
    ) -> np.ndarray:
        """The same dates as :meth:`get_dates`, as UTC ``datetime64[us]``, computed vectorized.

        >>> s = IntervalSchedule(3600, "2024-01-01T00:00:00Z")
        >>> s.dates_array(3, start="2024-06-01T10:30:00Z")
        array(['2024-06-01T11:00:00.000000', '2024-06-01T12:00:00.000000',
               '2024-06-01T13:00:00.000000'], dtype='datetime64[us]')
        """
        out = self._dates(self._profile(profile, "dates_array"), n, start, end, limit)
        return (out if isinstance(out, np.ndarray) else np.array(out, dtype=np.int64)).view("datetime64[us]")

    def get_dates(
        self,
        n: int | None = None,
        start: object = None,
        end: object = None,
        *,
        profile: Profile = "standard",
        limit: int = DEFAULT_LIST_LIMIT,
        output: Output = "pendulum",
    ) -> list[pendulum.DateTime] | list[datetime]:
        """The occurrences ``t`` with ``start <= t`` (and ``t <= end`` when given), ascending, the first *n*.

        *start* defaults to now; naive *start*/*end* are wall time in the
        schedule's zone.  *n* ``None`` means 1 without *end* and every date in
        the window with it.  More than *limit* dates raise
        :class:`~interval_schedule.errors.LimitExceededError` before anything
        is built; *n* (an explicit one, or the 1 implied without *end*) is
        checked against *limit* before the window is looked at, so
        ``limit=0`` refuses every call but ``n=0``.  Each date is a pendulum DateTime in :attr:`timezone`;
        building those objects costs about 0.4 µs each, so for long series
        (a raised *limit*) prefer :meth:`dates_array`, which costs nanoseconds per date.
        ``output="datetime"`` gives stdlib datetimes instead, with a
        ``zoneinfo.ZoneInfo`` tzinfo read from the same tzdata file (the same
        instants, wall times and fold flags; about a third of the cost).
        *profile*: whose rules (docs/prefect.md; a Prefect profile reads naive
        bounds and ``n`` as that Prefect does).

        >>> s = IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00:00-04:00", "America/New_York")
        >>> [d.isoformat() for d in s.get_dates(start="2024-11-03T00:30-04:00", end="2024-11-03T02:00-05:00")]
        ['2024-11-03T01:00:00-04:00', '2024-11-03T01:00:00-05:00', '2024-11-03T02:00:00-05:00']
        """
        if n == 1 and profile is _STANDARD and type(start) is datetime and end is None and limit is DEFAULT_LIST_LIMIT:
            one = (  # the scheduler's "next run" call, as in next_date
                self._one_pendulum or self._one_state(output) if output is _PENDULUM
                else self._one_datetime or self._one_state(output) if output is _DATETIME else None
            )
            if one is not None and type(n) is int:
                try:
                    d = start - EPOCH_UTC
                except (TypeError, ValueError, OverflowError):  # naive, or a broken tzinfo: read below
                    pass
                else:
                    x = one(d)
                    return [] if x is None else [x]
        if type(output) is not str or output != "pendulum":
            output = check_output(output)
        prof = TABLE.get(profile) if type(profile) is str else None  # every profile answers get_dates
        if prof is None or not prof.any_source:
            prof = self._profile(profile, "get_dates")  # the name checked, and the tzdata release
        source = self._other_source()
        if n == 1 and end is None and start is not None and type(n) is int:
            # The scheduler's "next run" call: the single-date fast path (no window, no list building).
            if limit is not DEFAULT_LIST_LIMIT and limit is not DEFAULT_ARRAY_LIMIT:
                check_count(limit, "limit")
                if limit < 1:
                    raise LimitExceededError(f"n=1 is more than limit={limit}; pass a larger limit to allow it")
            u = prof.next(self._core, self._bound_us(start, "start", prof))
            return [] if u is None else [one_datetime(u, self._timezone, output, source)]
        out = self._dates(prof, n, start, end, limit)
        if isinstance(out, list):  # few dates: the scalar core avoids numpy's per-call overhead
            return pendulums(out, self._timezone, source, output=output)
        return pendulum_list(out, self._timezone, source, output=output)

    def next_date(
        self, after: object, *, profile: Profile = "standard", output: Output = "pendulum"
    ) -> pendulum.DateTime | datetime | None:
        """The first occurrence at or after *after* (``None`` past year 9999).

        ``output="datetime"``: a stdlib datetime (``ZoneInfo`` tzinfo), as in :meth:`get_dates`.
        With a Prefect *profile*: the date of that Prefect's ``get_dates(1, start=after)``.

        >>> s = IntervalSchedule(timedelta(days=1), "2024-01-01T09:00", "Europe/London")
        >>> s.next_date("2024-07-01T12:00Z")
        DateTime(2024, 7, 2, 9, 0, 0, tzinfo=Timezone('Europe/London'))
        >>> s.next_date("2024-07-01T12:00Z", output="datetime")
        datetime.datetime(2024, 7, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
        """
        if profile is _STANDARD and type(after) is datetime:  # the scheduler's call: see _one_state
            one = (
                self._one_pendulum or self._one_state(output) if output is _PENDULUM
                else self._one_datetime or self._one_state(output) if output is _DATETIME else None
            )
            if one is not None:
                try:
                    d = after - EPOCH_UTC
                except (TypeError, ValueError, OverflowError):  # naive, or a broken tzinfo: read below
                    pass
                else:
                    return one(d)
        if type(output) is not str or output != "pendulum":
            output = check_output(output)
        prof = TABLE.get(profile) if type(profile) is str else None  # the hot path: one dict lookup
        if prof is None or not prof.any_source or "next_date" not in prof.supports:
            prof = self._profile(profile, "next_date")
        u = prof.next(self._core, self._bound_us(after, "after", prof))
        return None if u is None else one_datetime(u, self._timezone, output, self._other_source())

    def _one_state(self, output: Output) -> _One:
        """The single-date state for *output* (``"pendulum"`` or ``"datetime"``), made once and kept.

        A function from ``bound - EPOCH_UTC`` (an aware stdlib bound) to the
        next date, the "standard" profile's ``next`` (``StandardProfile.next``)
        without the profile lookup: for an elapsed schedule
        :func:`~interval_schedule._convert.elapsed_next`, for a wall-clock one
        ``Core.next_at_or_after`` and a kept
        :func:`~interval_schedule._convert.one_converter`, both for the
        schedule's own zone and tzdata release.  tests/test_fast_paths.py proves
        it equal to the general path.  Two threads making it at once make two
        equal ones, and one is kept.
        """
        core, key, source = self._core, self._timezone, self._other_source()
        if core.wall:
            one = _wall_next(core.next_at_or_after, one_converter(core.zone, key, output, source))
        else:
            one = elapsed_next(core.zone, key, output, source, core.anchor_utc_us, core.interval_us, core.lo, core.hi)
        object.__setattr__(self, "_one_pendulum" if output == "pendulum" else "_one_datetime", one)
        return one

    def _bound_us(self, value: object, what: str, prof: DateProfile) -> int:
        """A query bound as UTC us: an aware stdlib datetime in one subtraction, else :meth:`_instant`."""
        if type(value) is datetime and value.tzinfo is not None:
            try:
                return (value - EPOCH_UTC) // ONE_US
            except (TypeError, ValueError, OverflowError):  # utcoffset() None (naive after all) or invalid
                pass  # a wall time, or the documented error
        return self._instant(value, what, prof)

    def previous_date(
        self, before: object, *, profile: Profile = "standard", output: Output = "pendulum"
    ) -> pendulum.DateTime | datetime | None:
        """The last occurrence strictly before *before* (``None`` before year 1); *output* as in :meth:`next_date`.

        Only the "standard" profile answers it (Prefect has no previous date).
        """
        if type(output) is not str or output != "pendulum":
            output = check_output(output)
        prof = self._profile(profile, "previous_date")
        u = prof.previous(self._core, self._instant(before, "before", prof))
        return None if u is None else one_datetime(u, self._timezone, output, self._other_source())

    def count(self, start: object, end: object, *, profile: Profile = "standard") -> int:
        """How many occurrences lie in ``[start, end]`` (both inclusive), in closed form.

        Only the "standard" profile answers it (Prefect has no count).

        >>> IntervalSchedule(timedelta(minutes=15), "2024-01-01T00:00Z").count("2024-01-01T00:00Z", "2024-01-02T00:00Z")
        97
        """
        prof = self._profile(profile, "count")
        return prof.count(self._core, self._instant(start, "start", prof), self._instant(end, "end", prof))

    # ------------------------------------------- the batch's query names, for one schedule
    # ScheduleBatch's names are the canonical ones (docs/architecture.md, "Names"); these
    # answer as one row of a batch does, without the NaT padding, for the same profiles.

    count_between = count  #: :meth:`count` under :meth:`ScheduleBatch.count_between`'s name

    def next_runs(self, after: object, n: int = 1, *, limit: int = DEFAULT_ARRAY_LIMIT, profile: Profile = "standard") -> np.ndarray:
        """The first *n* occurrences ``>= after`` as UTC ``datetime64[us]``: one row of :meth:`ScheduleBatch.next_runs`.

        Fewer than *n* when the series ends first (year 9999), where the batch
        pads with NaT.  A naive *after* is wall time in :attr:`zone`.  With a
        Prefect *profile*: that Prefect's ``get_dates(n, start=after)`` in time
        order, as the batch's row.

        >>> IntervalSchedule(3600, "2024-01-01T00:00:00Z").next_runs("2024-06-01T10:30Z", 2)
        array(['2024-06-01T11:00:00.000000', '2024-06-01T12:00:00.000000'],
              dtype='datetime64[us]')
        """
        self._profile(profile, "next_runs")
        return _in_time_order(self.dates_us(n, after, None, limit=limit, profile=profile))

    def previous_runs(
        self, before: object, n: int = 1, *, limit: int = DEFAULT_ARRAY_LIMIT, profile: Profile = "standard"
    ) -> np.ndarray:
        """The last *n* occurrences strictly before *before*, latest last: one row of :meth:`ScheduleBatch.previous_runs`.

        UTC ``datetime64[us]``; fewer than *n* when the series starts later
        (year 1), where the batch pads with NaT.  A naive *before* is wall time
        in :attr:`zone`.

        >>> daily = IntervalSchedule(timedelta(days=1), "2024-03-08T02:30", "America/New_York", gap="skip")
        >>> daily.previous_runs("2024-03-12T00:00Z", 3)  # 2024-03-10T02:30 does not exist: skipped
        array(['2024-03-08T07:30:00.000000', '2024-03-09T07:30:00.000000',
               '2024-03-11T06:30:00.000000'], dtype='datetime64[us]')
        """
        self._profile(profile, "previous_runs")  # only profiles with our own rules answer it
        n = check_count(n)
        limit = check_count(limit, "limit")
        if n > limit:
            raise LimitExceededError(f"n={n} is more than limit={limit}; pass a larger limit to allow it")
        core = self._core
        end_us = min(self._instant(before, "before") - 1, core.hi)
        if not n or end_us < core.lo:
            return np.empty(0, "datetime64[us]")
        if not core.wall:  # A + k*I: the last n indices directly
            k_hi, k_first = core.last_index(end_us), core.first_index(core.lo)
            k_lo = max(k_hi - n + 1, k_first)
            return window_us(core, core.anchor_utc_us + k_lo * core.interval_us, end_us, k_hi - k_lo + 1).view("datetime64[us]")
        # Wall clock (I >= 24 h): move start back until [start, end] holds n occurrences, by the
        # ones still missing plus two days for offset changes; a round gains at least one unless
        # a gap skips it, so two rounds suffice in practice and 16 bound a logic error.
        start_us, have = end_us, 0
        for _ in range(16):
            start_us = max(core.lo, start_us - (n - have) * core.interval_us - 2 * DAY_US)
            have = core.count(start_us, end_us)
            if have >= n or start_us == core.lo:
                return window_us(core, start_us, end_us, have)[-n:].view("datetime64[us]")
        raise RuntimeError(f"previous_runs found {have} of {n} dates in 16 rounds (internal error)")  # pragma: no cover

    def dates_between(
        self, start: object, end: object, *, limit: int = DEFAULT_ARRAY_LIMIT, profile: Profile = "standard"
    ) -> np.ndarray:
        """Every occurrence in ``[start, end]`` as UTC ``datetime64[us]``: :meth:`ScheduleBatch.dates_between` for one schedule.

        The batch returns (schedule index, instant) pairs; one schedule needs
        the instants only.  More than *limit* raise
        :class:`~interval_schedule.errors.LimitExceededError`.

        >>> IntervalSchedule(timedelta(hours=6), "2024-01-01T00:00Z").dates_between("2024-01-01T05:00Z", "2024-01-01T12:00Z")
        array(['2024-01-01T06:00:00.000000', '2024-01-01T12:00:00.000000'],
              dtype='datetime64[us]')
        """
        self._profile(profile, "dates_between")
        return _in_time_order(self.dates_us(None, start, end, limit=limit, profile=profile))


def _wall_next(next_at_or_after: Callable[[int], int | None], convert: Callable[[int], datetime]) -> _One:
    """A wall-clock schedule's single-date state: its first occurrence at or after the bound, converted."""

    def next_wall(delta: timedelta) -> datetime | None:
        u = next_at_or_after(delta.days * DAY_US + delta.seconds * US + delta.microseconds)
        return None if u is None else convert(u)

    return next_wall


def _in_time_order(dates_us: np.ndarray) -> np.ndarray:
    """UTC microseconds as ``datetime64[us]``, sorted when a profile's engine gave them out of order."""
    if dates_us.size > 1 and bool((dates_us[1:] < dates_us[:-1]).any()):
        dates_us = np.sort(dates_us)
    return dates_us.view("datetime64[us]")


def _rebuild(
    interval_us: int, anchor_utc_us: int, key: str, gap: GapPolicy, fold: FoldPolicy,
    tz: AnchorTz | None = None, source: TzSource | None = None,
) -> IntervalSchedule:
    return IntervalSchedule._from_parts(interval_us, anchor_utc_us, key, gap, fold, tz, source)
