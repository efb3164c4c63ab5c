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
    Moment,
    Output,
    check_output,
    instant_or_moment,
    isoformat_z,
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
from ._profiles import PROFILES, engine
from ._series import window_us
from ._units import EPOCH_UTC, MAX_US, MIN_US, ONE_US, US
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
from .tz._zone import policy_name

__all__ = ["IntervalSchedule", "PROFILES", "Profile"]

Profile = Literal["standard", "prefect", "prefect-py313"]
_KEYS = ("interval", "anchor_date", "timezone", "gap", "fold")


#: The anchor's own time zone: an IANA key, or a fixed non-zero UTC offset in whole seconds.
AnchorTz = str | int
# (interval_us, anchor_utc_us, key, gap, fold): what equality, hashing and pickling compare
_Parts = tuple[int, int, str, GapPolicy, FoldPolicy]


def anchor_tz(moment: Moment, key: str, source: TzSource | None = None) -> AnchorTz:
    """The zone or offset an anchor was given in: its IANA zone, else its offset, else (naive) *key*.

    A zoned anchor whose wall time does not exist there (a stdlib datetime in
    a DST gap) keeps the offset it was given instead, so it is written back as
    written (``02:30-05:00``, not ``03:30-04:00``), as Prefect on Python 3.13 does.
    """
    if moment.utc_us is None:
        return key
    if moment.zone_key is not None and (
        moment.offset_us is None or _zone(moment.zone_key, source).offset_at_us(moment.utc_us) == moment.offset_us
    ):
        return moment.zone_key
    if moment.offset_us == 0:
        return "UTC"  # "Z", timezone.utc, +00:00: Prefect's engines read all of them as UTC
    if moment.offset_us is not None and moment.offset_us % US == 0:
        return moment.offset_us // US
    return key


def _zone(key: str, source: TzSource | None) -> Zone:
    """*key*'s zone in *source* when it lists the key, else in the bundled tzdata package."""
    if source is None or source.is_default or key not in source.available_zones():
        return get_zone(key)
    return source.get_zone(key)


def _source_of(timezone: object, tz_source: object) -> tuple[object, TzSource | None]:
    """(key, source) from a ``timezone`` that may be a :class:`Zone` and a ``tz_source`` argument."""
    if tz_source is not None and not isinstance(tz_source, TzSource):
        raise ScheduleTypeError(f"tz_source must be a TzSource, not {type(tz_source).__name__} ({shorten(tz_source)})")
    if isinstance(timezone, Zone):
        zone_source = timezone.source or default_source()
        if tz_source is not None and tz_source != zone_source:
            raise InvalidQueryError(f"timezone {timezone!r} comes from {zone_source!r}, not from tz_source={tz_source!r}")
        return timezone.key, None if zone_source.is_default else zone_source
    return timezone, None if tz_source is None or tz_source.is_default else tz_source


def check_profile(profile: object) -> str:
    """*profile* as the exact built-in name (``"standard"`` or ``"prefect"``); InvalidPolicyError otherwise."""
    return policy_name(profile, PROFILES, "profile")


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

    __slots__ = ("_interval_us", "_anchor_utc_us", "_timezone", "_gap", "_fold", "_core", "_anchor_tz")
    _interval_us: int
    _anchor_utc_us: int
    _timezone: str
    _gap: GapPolicy
    _fold: FoldPolicy
    _core: Core
    _anchor_tz: AnchorTz  # the anchor's own zone (IANA key) or fixed UTC offset (whole seconds)

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
        for name, value in zip(self.__slots__, (interval_us, anchor, key, gap, fold, core, tz)):
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
        return self._core.zone.source or default_source()

    @property
    def zone(self) -> Zone:
        """The :class:`~interval_schedule.tz.Zone` the dates are computed in (from :attr:`tz_source`)."""
        return self._core.zone

    def _other_source(self) -> TzSource | None:
        """:attr:`tz_source` when it is not the bundled package, else None."""
        source = self._core.zone.source
        return None if source is None or source.is_default else source

    def _no_profile_in_other_source(self, profile: str) -> None:
        if profile != "standard" and self._other_source() is not None:
            raise InvalidQueryError(
                f"profile {profile!r} computes with the bundled tzdata package only; this schedule is in "
                f"{self.tz_source!r}: use profile='standard'"
            )

    @property
    def is_wall_clock(self) -> bool:
        """True when the interval is 24 h or more, so it steps on the wall clock."""
        return self._core.wall

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
        if check_profile(profile) == "standard":
            raise InvalidPolicyError("from_prefect needs a Prefect profile, not 'standard'")
        made: IntervalSchedule = engine(profile).from_inputs(cls, interval, anchor_date, timezone)
        return made

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
        if check_profile(profile) != "standard":
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

    def _instant(self, value: object, what: str) -> int:
        """A query bound as UTC us: naive values are wall time in the zone (gap shift)."""
        m = instant_or_moment(value, what)
        if type(m) is int:
            return m
        m = cast(Moment, m)
        if m.utc_us is not None:
            return m.utc_us
        return self._core.zone.instant_us(cast(int, m.local_us), self._fold)

    def _window(self, n: int | None, start: object, end: object, limit: int) -> tuple[int, int | None, int]:
        start_us = now_utc_us() if start is None else self._instant(start, "start")
        end_us = None if end is None else self._instant(end, "end")
        if limit is not DEFAULT_LIST_LIMIT and limit is not DEFAULT_ARRAY_LIMIT:  # skip re-checking our defaults
            limit = check_count(limit, "limit")
        if n is None and end_us is not None:
            n = self._core.count(start_us, end_us)
            if n > limit:
                raise LimitExceededError(
                    f"the window holds {n} dates, more than limit={limit}; pass n=, a narrower window or a larger limit"
                )
        else:
            # Without end, n=None asks for one date: the limit counts it like an explicit n=1.
            n = 1 if n is None else check_count(n)
            if n > limit:
                raise LimitExceededError(f"n={n} is more than limit={limit}; pass a larger limit to allow it")
        return start_us, end_us, n

    def dates_us(self, n: int | None = None, start: object = None, end: object = None, *, limit: int = DEFAULT_ARRAY_LIMIT) -> np.ndarray:
        """Like :meth:`dates_array` ("standard" profile), as int64 microseconds since 1970 UTC."""
        start_us, end_us, n = self._window(n, start, end, limit)
        return window_us(self._core, start_us, end_us, n)

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
        if check_profile(profile) != "standard":
            self._no_profile_in_other_source(profile)
            dates: np.ndarray = engine(profile).dates_us(self, n, start, end, limit=limit).view("datetime64[us]")
            return dates
        return self.dates_us(n, start, end, limit=limit).view("datetime64[us]")

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

        >>> s = IntervalSchedule(timedelta(hours=1), "2024-11-03T00:00:00-04:00", "America/New_York")
        >>> [d.isoformat() for d in s.get_dates(start="2024-11-03T00:30-04:00", end="2024-11-03T02:00-05:00")]
        ['2024-11-03T01:00:00-04:00', '2024-11-03T01:00:00-05:00', '2024-11-03T02:00:00-05:00']
        """
        if type(output) is not str or output != "pendulum":
            output = check_output(output)
        name = "standard" if type(profile) is str and profile == "standard" else check_profile(profile)
        if name != "standard":
            self._no_profile_in_other_source(name)
            eng = engine(name)
            if output == "pendulum":
                prefect_dates: list[pendulum.DateTime] = eng.get_dates(self, n, start, end, limit=limit)
                return prefect_dates
            return pendulum_list(eng.dates_us(self, n, start, end, limit=limit), self._timezone, output=output)
        source = self._other_source()
        if n == 1 and end is None and start is not None and type(n) is int:
            # The scheduler's "next run" call: the single-date fast path (no window, no list building).
            if limit is not DEFAULT_LIST_LIMIT and limit is not DEFAULT_ARRAY_LIMIT:
                check_count(limit, "limit")
                if limit < 1:
                    raise LimitExceededError(f"n=1 is more than limit={limit}; pass a larger limit to allow it")
            u = self._next_us(start, "start")
            return [] if u is None else [one_datetime(u, self._timezone, output, source)]
        start_us, end_us, n = self._window(n, start, end, limit)
        if n <= 16:  # few dates: the scalar core avoids numpy's per-call overhead
            return pendulums(self._core.window(start_us, end_us, n), self._timezone, source, output=output)
        return pendulum_list(window_us(self._core, start_us, end_us, n), self._timezone, source, output=output)

    def next_date(self, after: object, *, output: Output = "pendulum") -> pendulum.DateTime | datetime | None:
        """The first occurrence at or after *after* (``None`` past year 9999).

        ``output="datetime"``: a stdlib datetime (``ZoneInfo`` tzinfo), as in :meth:`get_dates`.

        >>> s = IntervalSchedule(timedelta(days=1), "2024-01-01T09:00", "Europe/London")
        >>> s.next_date("2024-07-01T12:00Z")
        DateTime(2024, 7, 2, 9, 0, 0, tzinfo=Timezone('Europe/London'))
        >>> s.next_date("2024-07-01T12:00Z", output="datetime")
        datetime.datetime(2024, 7, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
        """
        if type(output) is not str or output != "pendulum":
            output = check_output(output)
        u = self._next_us(after, "after")
        return None if u is None else one_datetime(u, self._timezone, output, self._other_source())

    def _next_us(self, after: object, what: str) -> int | None:
        """The first occurrence (UTC us) at or after the query bound *after*: the single-date fast path."""
        t: int
        if type(after) is datetime and after.tzinfo is not None:
            try:
                t = (after - EPOCH_UTC) // ONE_US
            except (TypeError, ValueError, OverflowError):  # utcoffset() None (naive after all) or invalid
                t = self._instant(after, what)  # a wall time, or the documented error
        else:
            t = self._instant(after, what)
        core = self._core
        if core.wall:
            return core.next_at_or_after(t)
        if t > core.hi:
            return None
        a, step = core.anchor_utc_us, core.interval_us
        u = a - ((a - max(t, core.lo)) // step) * step  # A + ceil((t - A) / I) * I
        return u if u <= core.hi else None

    def previous_date(self, before: object, *, output: Output = "pendulum") -> pendulum.DateTime | datetime | None:
        """The last occurrence strictly before *before* (``None`` before year 1); *output* as in :meth:`next_date`."""
        if type(output) is not str or output != "pendulum":
            output = check_output(output)
        u = self._core.previous_before(self._instant(before, "before"))
        return None if u is None else one_datetime(u, self._timezone, output, self._other_source())

    def count(self, start: object, end: object) -> int:
        """How many occurrences lie in ``[start, end]`` (both inclusive), in closed form.

        >>> IntervalSchedule(timedelta(minutes=15), "2024-01-01T00:00Z").count("2024-01-01T00:00Z", "2024-01-02T00:00Z")
        97
        """
        return self._core.count(self._instant(start, "start"), self._instant(end, "end"))


def _rebuild(
    interval_us: int, anchor_utc_us: int, key: str, gap: GapPolicy, fold: FoldPolicy,
    tz: AnchorTz | None = None, source: TzSource | None = None,
) -> IntervalSchedule:
    return IntervalSchedule._from_parts(interval_us, anchor_utc_us, key, gap, fold, tz, source)
