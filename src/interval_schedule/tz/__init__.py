"""The time-zone engine: IANA zones from the tzdata package, vectorized with numpy.

Data comes from the ``tzdata`` Python package only (never the system's
zoneinfo directory), so every machine gives the same answers; another IANA
release can be opened explicitly with :meth:`TzSource.from_path`.

>>> from interval_schedule.tz import get_zone, TZDATA_VERSION
>>> get_zone("Europe/London")
Zone('Europe/London')
>>> len(TZDATA_VERSION)
5
"""

from __future__ import annotations

from collections.abc import Iterable

from ._keys import TZDATA_PACKAGE_VERSION, TZDATA_VERSION, ZoneKey, available_zones, validate_key
from ._posix import PosixRule, parse_posix_tz
from ._source import DEFAULT_CACHE_SIZE, TzSource, default_source
from ._tzif import TZifData, parse_tzif
from ._zone import (
    EXTEND_YEARS,
    FOLD_POLICIES,
    GAP_POLICIES,
    HORIZON_YEAR,
    Classification,
    FoldPolicy,
    Gap,
    GapPolicy,
    LocalKind,
    LocalTime,
    Period,
    Regions,
    Transition,
    Transitions,
    WallFold,
    Zone,
    check_policies,
)

__all__ = [
    "TZDATA_VERSION",
    "TZDATA_PACKAGE_VERSION",
    "available_zones",
    "get_zone",
    "clear_cache",
    "validate_key",
    "ZoneKey",
    "TzSource",
    "default_source",
    "DEFAULT_CACHE_SIZE",
    "HORIZON_YEAR",
    "EXTEND_YEARS",
    "Zone",
    "Transition",
    "Transitions",
    "Period",
    "Gap",
    "Regions",
    "WallFold",
    "LocalKind",
    "LocalTime",
    "Classification",
    "GapPolicy",
    "FoldPolicy",
    "GAP_POLICIES",
    "FOLD_POLICIES",
    "check_policies",
    "parse_tzif",
    "parse_posix_tz",
    "TZifData",
    "PosixRule",
]

_DEFAULT = default_source()
#: How many times each zone file of the tzdata package was parsed (the thread-safety tests read it).
parse_count: dict[str, int] = _DEFAULT.parse_count


def get_zone(key: str) -> Zone:
    """The :class:`Zone` for an IANA key of the tzdata package, parsed once and cached (thread-safe).

    The key is checked against the tzdata key list before any file is opened;
    an unknown or hostile key raises :class:`~interval_schedule.errors.ZoneNotFoundError`
    (a ``KeyError``).  The cache is bounded (see :class:`TzSource`): zones
    still in use and the 16 most recently requested ones are kept.

    >>> get_zone("America/New_York") is get_zone("America/New_York")
    True
    >>> get_zone("../../etc/passwd")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.ZoneNotFoundError: unknown time zone '../../etc/passwd' (keys are IANA names from the tzdata package, e.g. 'America/New_York')
    """
    return _DEFAULT.get_zone(key)


def clear_cache(*, only_keys: Iterable[str] | None = None) -> None:
    """Forget the tzdata package's cached zones (all, or *only_keys*), as ``zoneinfo.ZoneInfo.clear_cache`` does.

    Zones already handed out keep working; the next :func:`get_zone` parses a new one.

    >>> a = get_zone("Asia/Tokyo")
    >>> clear_cache()
    >>> get_zone("Asia/Tokyo") is a, get_zone("Asia/Tokyo") == a
    (False, True)
    """
    _DEFAULT.clear_cache(only_keys=only_keys)
