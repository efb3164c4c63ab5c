"""The time-zone engine: IANA zones from the tzdata package, vectorized with numpy.

Data comes from the ``tzdata`` Python package only (never the system's
zoneinfo directory), so every machine gives the same answers.

>>> from interval_schedule.tz import get_zone, TZDATA_VERSION
>>> get_zone("Europe/London")
Zone('Europe/London')
>>> len(TZDATA_VERSION)
5
"""

from __future__ import annotations

import threading

from ._keys import TZDATA_PACKAGE_VERSION, TZDATA_VERSION, available_zones, read_tzif_bytes, validate_key
from ._posix import PosixRule, parse_posix_tz
from ._tzif import TZifData, parse_tzif
from ._zone import (
    FOLD_POLICIES,
    GAP_POLICIES,
    Classification,
    FoldPolicy,
    GapPolicy,
    LocalKind,
    LocalTime,
    Zone,
    check_policies,
)

__all__ = [
    "TZDATA_VERSION",
    "TZDATA_PACKAGE_VERSION",
    "available_zones",
    "get_zone",
    "validate_key",
    "Zone",
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

_cache: dict[str, Zone] = {}
_lock = threading.Lock()
#: How many times a zone file was parsed (the thread-safety tests read it).
parse_count: dict[str, int] = {}


def get_zone(key: str) -> Zone:
    """The :class:`Zone` for an IANA key, parsed once and cached (thread-safe).

    The key is checked against the tzdata key list before any file is opened;
    an unknown or hostile key raises :class:`~interval_schedule.errors.ZoneNotFoundError`
    (a ``KeyError``).

    >>> get_zone("America/New_York") is get_zone("America/New_York")
    True
    >>> get_zone("../../etc/passwd")
    Traceback (most recent call last):
    ...
    interval_schedule.errors.ZoneNotFoundError: unknown time zone '../../etc/passwd' (keys are IANA names from the tzdata package, e.g. 'America/New_York')
    """
    zone = _cache.get(key) if isinstance(key, str) else None
    if zone is not None:
        return zone
    key = validate_key(key)
    with _lock:  # one parse per key even when many threads ask at once
        zone = _cache.get(key)
        if zone is None:
            zone = Zone.from_tzif(key, parse_tzif(read_tzif_bytes(key)))
            parse_count[key] = parse_count.get(key, 0) + 1
            _cache[key] = zone
    return zone
