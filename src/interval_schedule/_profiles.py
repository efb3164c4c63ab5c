"""The date profiles, in one table: ``"standard"`` and one per Prefect version and engine.

A profile is one object implementing :class:`~interval_schedule.compat.base.DateProfile`
over integers (a schedule's plain values and UTC microseconds in, integers
out), defined in one module of :mod:`interval_schedule.compat`.  Every query
of ``IntervalSchedule``, ``ScheduleBatch`` and the planner takes
``profile=`` and finds its profile here, with :func:`profile_for`; a query a
profile does not answer raises
:class:`~interval_schedule.errors.UnsupportedQueryError`.  Adding a profile
is one module plus one entry in :data:`TABLE`.

A Prefect profile reproduces one Prefect release on one of its two date
engines (Prefect 3.9.1 computes interval dates with pendulum on Python <= 3.12
and with whenever on Python >= 3.13; they give different dates around DST
changes).

>>> [(p.name, p.prefect, p.python) for p in PREFECT_PROFILES.values()]
[('prefect', '3.9.1', '<= 3.12'), ('prefect-py313', '3.9.1', '>= 3.13')]
>>> profile_for("prefect", "next_date")
<profile 'prefect'>
>>> sorted(set(QUERIES) - TABLE["prefect"].supports)
['count', 'count_between', 'missed_runs', 'previous_date', 'previous_runs']
"""

from __future__ import annotations

from .compat import prefect, prefect313, standard
from .compat.base import QUERIES, DateProfile, PrefectProfile
from .errors import UnsupportedQueryError
from .tz._zone import policy_name

__all__ = ["PREFECT_PROFILES", "PROFILES", "QUERIES", "TABLE", "DateProfile", "PrefectProfile", "profile_for", "profiles_supporting"]

#: Every profile, by name: the one place a profile is registered.
TABLE: dict[str, DateProfile] = {p.name: p for p in (standard.PROFILE, prefect.PROFILE, prefect313.PROFILE)}

#: Every profile name accepted by ``get_dates``, ``dates_array``, the planner and the CLI.
PROFILES: tuple[str, ...] = tuple(TABLE)
#: The Prefect profiles' records (release, Python range, engine), by name.
PREFECT_PROFILES: dict[str, PrefectProfile] = {p.name: p.prefect for p in TABLE.values() if p.prefect is not None}


def profile_for(profile: object, query: str) -> DateProfile:
    """The profile named *profile*, checked to answer *query* (a name in :data:`QUERIES`).

    An unknown name raises :class:`~interval_schedule.errors.InvalidPolicyError`;
    a query the profile does not answer,
    :class:`~interval_schedule.errors.UnsupportedQueryError` naming both and
    the profiles that answer it.
    """
    found = TABLE.get(profile) if type(profile) is str else None  # the usual case: one dict lookup
    if found is None:
        found = TABLE[policy_name(profile, PROFILES, "profile")]
    if query not in found.supports:
        others = ", ".join(repr(name) for name in profiles_supporting(query))
        raise UnsupportedQueryError(
            f"profile {found.name!r} does not support {query}(): {found.unsupported_reason}; "
            f"profiles that do: {others or 'none'}"
        )
    return found


def profiles_supporting(query: str) -> list[str]:
    """The names of the profiles that answer *query*.

    >>> profiles_supporting("next_date"), profiles_supporting("count")
    (['standard', 'prefect', 'prefect-py313'], ['standard'])
    """
    return [name for name, p in TABLE.items() if query in p.supports]
