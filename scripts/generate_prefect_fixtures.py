"""Generate test fixtures by running the real Prefect 3.9.1 ``IntervalSchedule``.

This script is NOT part of the library and is not run by the test suite.  It calls
Prefect's public objects only (``prefect.server.schemas.schedules.IntervalSchedule``
and, for the planner fixtures, the server's own run-selection function) and records
what they return, so that our tests can compare against Prefect without Prefect
being installed.

Run (from the repository root)::

    make fixtures

which creates ``.venv-prefect`` (Python 3.11) and ``.venv-prefect313`` (Python
3.13) with prefect==3.9.1 once and then runs this script in each::

    PYTHONTZPATH= .venv-prefect/bin/python scripts/generate_prefect_fixtures.py
    PYTHONTZPATH= .venv-prefect313/bin/python scripts/generate_prefect_fixtures.py

Prefect 3.9.1 computes interval dates with pendulum on Python <= 3.12 and with
whenever on Python >= 3.13 (``sys.version_info >= (3, 13)`` in
``IntervalSchedule._get_dates_generator``); the two engines differ, so each run
writes its own files (profile "prefect" and profile "prefect-py313").  Both runs
build the same cases (the random choices never depend on Prefect's answers).

``PYTHONTZPATH=`` (empty) is required: it empties ``zoneinfo.TZPATH`` so that
zoneinfo, pendulum (whose ``Timezone`` subclasses ``zoneinfo.ZoneInfo``) and
whenever (which honours the same variable) all read the ``tzdata`` *package*
(2026.6 = IANA 2026f) instead of the host's system zoneinfo directory (older IANA
data on our Debian hosts).  The script refuses to run otherwise.

Outputs (deterministic: fixed seed, no clock reads):

* ``tests/data/prefect_cases.json`` / ``prefect313_cases.json`` - ``IntervalSchedule.get_dates``
  cases, each with the schedule's ``model_dump(mode="json")``.
* ``tests/data/prefect_planner_cases.json`` / ``prefect313_planner_cases.json`` - scheduler run
  selection cases.

Prefect 3.9.1 facts this script relies on (checked by reading the installed
package): ``IntervalSchedule.get_dates(n, start, end)`` is an ``async`` method
returning ``sorted(self._get_dates_generator(...))``; on Python <= 3.12 it uses the
pendulum engine.  The scheduler service
(``prefect.server.services.scheduler._collect_flow_runs``) calls
``prefect.server.models.deployments._generate_scheduled_flow_runs`` with
``start_time=now("UTC")`` and ``end_time=now + max_scheduled_time``; that function
iterates ``schedule._get_dates_generator(n=max_runs, start, end)`` (unsorted) and
stops once ``len(dates) >= min_runs and dt >= start_time + min_time``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import platform
import random
import sys
import types
import uuid
import warnings
import zoneinfo
from importlib.metadata import version
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")

SEED = 1234
N_RANDOM_CASES = 2200
N_PLANNER_CASES = 200
ROOT = Path(__file__).resolve().parent.parent
_STEM = "prefect313" if sys.version_info >= (3, 13) else "prefect"
OUT_CASES = ROOT / "tests" / "data" / f"{_STEM}_cases.json"
OUT_PLANNER = ROOT / "tests" / "data" / f"{_STEM}_planner_cases.json"

UTC = dt.timezone.utc
US = 1_000_000
HOUR_US = 3600 * US
DAY_US = 86400 * US


def _check_environment() -> None:
    if zoneinfo.TZPATH != ():
        sys.exit(
            "zoneinfo.TZPATH is not empty: run with PYTHONTZPATH= so that the tzdata "
            "package is used (see the module docstring)."
        )
    off = zoneinfo.ZoneInfo("America/Vancouver").utcoffset(dt.datetime(2027, 1, 1))
    if off != dt.timedelta(hours=-7):
        sys.exit(f"unexpected tz data: America/Vancouver 2027-01-01 offset {off}")


_check_environment()

from whenever import Instant, ZonedDateTime  # noqa: E402

WHENEVER_ENGINE = sys.version_info >= (3, 13)  # the branch Prefect 3.9.1 takes
if not WHENEVER_ENGINE:
    import pendulum  # noqa: E402  (not installed with Prefect on Python 3.13)

import prefect.server.models.deployments as prefect_deployments  # noqa: E402
from prefect.server.schemas.schedules import IntervalSchedule  # noqa: E402
from prefect.types._datetime import create_datetime_instance  # noqa: E402

VERSIONS = {
    "prefect": version("prefect"),
    "pendulum": None if WHENEVER_ENGINE else version("pendulum"),
    "pydantic": version("pydantic"),
    "tzdata": version("tzdata"),
    "whenever": version("whenever"),
    "python": platform.python_version(),
}
ENGINE = (
    "whenever (Python >= 3.13 branch of IntervalSchedule._get_dates_generator)"
    if WHENEVER_ENGINE
    else "pendulum (Python <= 3.12 branch of IntervalSchedule._get_dates_generator)"
)
PROFILE = "prefect-py313" if WHENEVER_ENGINE else "prefect"
if VERSIONS["prefect"] != "3.9.1":
    sys.exit(f"expected prefect 3.9.1, found {VERSIONS['prefect']}")

ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Africa/Casablanca",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "Europe/Moscow",
    "Asia/Gaza",
    "America/Nuuk",
    "Europe/Amsterdam",
    "UTC",
]
ALIASES = ["US/Eastern", "EST", "Etc/GMT+5"]

SUB_DAY_US = [
    1 * US,
    59 * US,
    15 * 60 * US,
    30 * 60 * US,
    HOUR_US,
    90 * 60 * US,
    12 * HOUR_US,
    (23 * 3600 + 59 * 60) * US,
    US // 2,
    3600 * US + US // 4,
    7 * 60 * US + 13 * US + 1,
    US // 10,
    US + 1,
]
WHOLE_DAY_US = [DAY_US, 2 * DAY_US, 7 * DAY_US, 30 * DAY_US]
MIXED_US = [
    25 * HOUR_US,
    DAY_US + 750_000,
    36 * HOUR_US,
    DAY_US + HOUR_US + 30 * 60 * US,
    DAY_US + 1,
]


# --------------------------------------------------------------------------- helpers


def iso_utc(d: dt.datetime) -> str:
    return d.astimezone(UTC).isoformat().replace("+00:00", "Z")


def fmt_offset(td: dt.timedelta) -> str:
    secs = int(td.total_seconds())
    sign = "+" if secs >= 0 else "-"
    secs = abs(secs)
    h, rem = divmod(secs, 3600)
    m, s = divmod(rem, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def from_utc_us(utc_us: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=utc_us)


def to_utc_us(d: dt.datetime) -> int:
    u = d.astimezone(UTC)  # field-wise copy: pendulum's subtraction returns its own Interval type
    plain = dt.datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond)
    return (plain - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)


def tz_name(d: dt.datetime) -> str:
    tz = d.tzinfo
    return getattr(tz, "name", None) or getattr(tz, "key", None) or str(tz)


def expected_entry(d: dt.datetime) -> dict[str, str]:
    return {"iso": d.isoformat(), "str": str(d), "utc": iso_utc(d), "tz": tz_name(d)}


def transitions(zone: str, y0: int = 1990, y1: int = 2040) -> list[dict[str, Any]]:
    """Real UTC-offset transitions of ``zone`` in [y0, y1] (via whenever)."""
    out = []
    z = Instant.from_utc(y0, 1, 1).to_tz(zone)
    while True:
        t = z.next_transition()
        if t is None or t.year > y1:
            break
        ts = t.timestamp()
        zi = zoneinfo.ZoneInfo(zone)
        before = dt.datetime.fromtimestamp(ts - 1, zi).utcoffset()
        after = dt.datetime.fromtimestamp(ts, zi).utcoffset()
        out.append({"utc_s": ts, "before": before, "after": after})
        z = t
    return out


TRANSITIONS = {z: transitions(z) for z in ZONES + ALIASES}


def wall_candidates(tr: dict[str, Any]) -> list[dt.datetime]:
    """Naive local wall times around one transition (on its local day(s))."""
    at = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=tr["utc_s"])
    old_wall = at + tr["before"]  # wall clock just before, extrapolated
    new_wall = at + tr["after"]
    cands = []
    for day in sorted({old_wall.date(), new_wall.date()}):  # sorted: set order of dates is hash-seeded
        for h, m in [(0, 30), (1, 30), (2, 30), (3, 30)]:
            cands.append(dt.datetime.combine(day, dt.time(h, m)))
    for w in (old_wall, new_wall):
        for delta_min in (-30, 0, 30):
            cands.append(w + dt.timedelta(minutes=delta_min))
    return cands


class Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # ---- anchors -----------------------------------------------------------------

    def anchor_wall(self, zone: str) -> tuple[dt.datetime, str]:
        rng = self.rng
        trs = TRANSITIONS.get(zone, [])
        if trs and rng.random() < 0.6:
            wall = rng.choice(wall_candidates(rng.choice(trs)))
            where = "transition"
        else:
            wall = dt.datetime(rng.randint(1990, 2040), rng.randint(1, 12), rng.randint(1, 28))
            wall += dt.timedelta(minutes=rng.choice([0, 0, 0, 30, rng.randrange(1440)]))
            where = "ordinary"
        r = rng.random()
        if r < 0.2:
            wall = wall.replace(microsecond=rng.randrange(1, US))
        elif r < 0.3:
            wall = wall.replace(second=rng.randrange(60))
        return wall, where

    def build_anchor(self, zone: str, kind: str, wall: dt.datetime) -> tuple[dt.datetime, dict]:
        """Build an anchor of ``kind`` whose local wall time in ``zone`` is ``wall``."""
        rng = self.rng
        info: dict[str, Any] = {"anchor_kind": kind}
        if kind == "pendulum" and WHENEVER_ENGINE:
            # No pendulum here: the same instant pendulum.datetime(..., tz=zone) names (a gap moves
            # forward, a fold takes the later pass), as a ZoneInfo datetime.
            a = ZonedDateTime(
                wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second,
                nanosecond=wall.microsecond * 1000, tz=zone, disambiguation="later",
            ).to_stdlib()
            info = {"anchor_kind": "zoneinfo", "anchor_built_as": "pendulum", "anchor_zone": zone, "anchor_fold": a.fold}
        elif kind == "pendulum":
            a = pendulum.datetime(
                wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second,
                wall.microsecond, tz=zone,
            )
            info["anchor_zone"] = zone
        elif kind == "zoneinfo":
            fold = rng.randrange(2)
            a = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=fold)
            info["anchor_zone"] = zone
            info["anchor_fold"] = fold
        elif kind == "fixed_offset":
            if rng.random() < 0.8:
                off = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
            else:
                off = dt.timedelta(minutes=15 * rng.randint(-48, 56))
            a = wall.replace(tzinfo=dt.timezone(off))
            info["anchor_zone"] = fmt_offset(off)
        elif kind == "utc":
            a = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(zoneinfo.ZoneInfo("UTC"))
            info["anchor_zone"] = "UTC"
        elif kind == "naive":
            a = wall
            info["anchor_zone"] = None
        else:  # pragma: no cover
            raise ValueError(kind)
        return a, info

    # ---- start / end -------------------------------------------------------------

    def instant_kind(self, utc_us: int, zone: str, prefix: str) -> tuple[dt.datetime, dict]:
        """Express an instant as a naive / UTC / zone / fixed-offset datetime."""
        rng = self.rng
        d_utc = from_utc_us(utc_us)
        r = rng.random()
        if r < 0.35:
            d = d_utc.astimezone(zoneinfo.ZoneInfo(zone))
            info = {f"{prefix}_kind": "zoneinfo", f"{prefix}_zone": zone, f"{prefix}_fold": d.fold}
        elif r < 0.6:
            d = d_utc
            info = {f"{prefix}_kind": "utc", f"{prefix}_zone": "UTC"}
        elif r < 0.8:
            off = dt.timedelta(minutes=15 * rng.randint(-48, 56))
            d = d_utc.astimezone(dt.timezone(off))
            info = {f"{prefix}_kind": "fixed_offset", f"{prefix}_zone": fmt_offset(off)}
        else:
            # naive: the *local* wall clock in the zone.  Prefect's pendulum engine
            # takes it as UTC, so this exercises that rule.
            d = d_utc.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
            info = {f"{prefix}_kind": "naive", f"{prefix}_zone": None}
        return d, info

    def start_utc_us(self, anchor_us: int, interval_us: int, zone: str) -> tuple[int, str]:
        rng = self.rng
        r = rng.random()
        year_us = 365 * DAY_US
        if r < 0.2:
            mode = "before"
            if rng.random() < 0.5:
                s = anchor_us - rng.randrange(1, 3 * year_us)
            else:
                s = anchor_us - rng.randint(1, 5) * interval_us + rng.choice([0, 1, -1, HOUR_US])
        elif r < 0.5:
            mode = "near"
            s = anchor_us + rng.randint(-3, 6) * interval_us + rng.choice(
                [0, 0, 1, -1, 30 * 60 * US, -30 * 60 * US, rng.randrange(-DAY_US, DAY_US)]
            )
        elif r < 0.8:
            mode = "after"
            s = anchor_us + rng.randrange(year_us, 15 * year_us)
        else:
            mode = "after_near_transition"
            trs = [t for t in TRANSITIONS.get(zone, []) if t["utc_s"] * US > anchor_us]
            if trs:
                t = rng.choice(trs)
                if interval_us < DAY_US and rng.random() < 0.6:
                    # a few steps before the transition, so n <= 20 dates cross it
                    s = t["utc_s"] * US - rng.randint(0, 8) * interval_us - rng.randrange(interval_us)
                else:
                    s = t["utc_s"] * US + rng.randrange(-2 * DAY_US, 2 * DAY_US)
            else:
                s = anchor_us + rng.randrange(DAY_US, 20 * year_us)
        if rng.random() < 0.5:
            s -= s % US  # whole seconds half of the time
        # keep everything within 1980..2060
        lo, hi = to_utc_us(dt.datetime(1980, 1, 1, tzinfo=UTC)), to_utc_us(dt.datetime(2060, 1, 1, tzinfo=UTC))
        return min(max(s, lo), hi), mode


# --------------------------------------------------------------------------- running Prefect

LOOP = asyncio.new_event_loop()


def prefect_dates(schedule: IntervalSchedule, n, start, end) -> list[dt.datetime]:
    return LOOP.run_until_complete(schedule.get_dates(n=n, start=start, end=end))


def iso_any(d: dt.datetime | None) -> str | None:
    return None if d is None else d.isoformat()


def run_case(case_id: str, interval_us: int, anchor, anchor_info: dict, timezone: str | None,
             n, start, start_info: dict, end, end_info: dict, extra: dict | None = None) -> dict:
    interval = dt.timedelta(microseconds=interval_us)
    case: dict[str, Any] = {
        "id": case_id,
        "interval_us": interval_us,
        "interval": interval.total_seconds(),
        "anchor_date": anchor.isoformat(),
        **anchor_info,
        "timezone": timezone,
        "n": n,
        "start": iso_any(start),
        **start_info,
        "end": iso_any(end),
        **end_info,
    }
    if extra:
        case.update(extra)
    try:
        kwargs = {"interval": interval, "anchor_date": anchor}
        if timezone is not None:
            kwargs["timezone"] = timezone
        sched = IntervalSchedule(**kwargs)
        case["schedule_json"] = sched.model_dump(mode="json")
        case["schedule_anchor_tz"] = tz_name(sched.anchor_date) if sched.anchor_date.tzinfo else None
        dates = prefect_dates(sched, n, start, end)
        case["expected"] = [expected_entry(d) for d in dates]
        # Does the JSON round trip (what a database stores) give the same dates?
        again = IntervalSchedule.model_validate(case["schedule_json"])
        case["json_roundtrip_same"] = [str(d) for d in prefect_dates(again, n, start, end)] == [
            str(d) for d in dates
        ]
    except Exception as e:  # record Prefect's failure as the expectation
        case.setdefault("schedule_json", None)
        case["error"] = type(e).__name__
        case["error_message"] = str(e)[:200]
    return case


# --------------------------------------------------------------------------- reference cases

NY = "America/New_York"


def zi(*args, zone=NY, fold=0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone), fold=fold)


def ref_cases() -> tuple[list[dict], list[str]]:
    """REFERENCE.md section 1 table, as cases, plus a check against the table."""
    zinfo = {"anchor_kind": "zoneinfo", "anchor_zone": NY, "anchor_fold": 0}
    sinfo = {"start_kind": "zoneinfo", "start_zone": NY, "start_fold": 0}
    none_end = {"end_kind": None, "end_zone": None}
    spec = [
        # id, interval_us, anchor, anchor_info, timezone, n, start, start_info, end, end_info, expected str list
        ("ref-daily-july", DAY_US, zi(2024, 1, 1, 9), zinfo, NY, 1, zi(2024, 7, 1), sinfo, None, none_end,
         ["2024-07-01 09:00:00-04:00"]),
        ("ref-daily-gap", DAY_US, zi(2024, 3, 8, 2, 30), zinfo, NY, 5, zi(2024, 3, 8, 2, 30), sinfo, None, none_end,
         ["2024-03-08 02:30:00-05:00", "2024-03-09 02:30:00-05:00", "2024-03-10 03:30:00-04:00",
          "2024-03-11 03:30:00-04:00", "2024-03-12 03:30:00-04:00"]),
        ("ref-daily-fold", DAY_US, zi(2024, 11, 1, 1, 30), zinfo, NY, 5, zi(2024, 11, 1, 1, 30), sinfo, None, none_end,
         ["2024-11-01 01:30:00-04:00", "2024-11-02 01:30:00-04:00", "2024-11-03 01:30:00-05:00",
          "2024-11-04 01:30:00-05:00", "2024-11-05 01:30:00-05:00"]),
        ("ref-25h", 25 * HOUR_US, zi(2024, 3, 9, 9), zinfo, NY, 3, zi(2024, 3, 9, 9), sinfo, None, none_end,
         ["2024-03-09 09:00:00-05:00", "2024-03-10 10:00:00-04:00", "2024-03-11 11:00:00-04:00"]),
        ("ref-12h", 12 * HOUR_US, zi(2024, 3, 9, 9), zinfo, NY, 4, zi(2024, 3, 9, 9), sinfo, None, none_end,
         ["2024-03-09 09:00:00-05:00", "2024-03-09 21:00:00-05:00", "2024-03-10 10:00:00-04:00",
          "2024-03-10 22:00:00-04:00"]),
        ("ref-30min-fold", 30 * 60 * US, zi(2024, 1, 1), zinfo, NY, 6, zi(2024, 11, 3, 0, 45), sinfo, None, none_end,
         ["2024-11-03 01:00:00-04:00", "2024-11-03 01:30:00-04:00", "2024-11-03 02:00:00-05:00",
          "2024-11-03 02:30:00-05:00", "2024-11-03 03:00:00-05:00", "2024-11-03 03:30:00-05:00"]),
        ("ref-2d-amsterdam", 2 * DAY_US, zi(2023, 3, 24, 10, zone="Europe/Amsterdam"),
         {"anchor_kind": "zoneinfo", "anchor_zone": "Europe/Amsterdam", "anchor_fold": 0}, "Europe/Amsterdam", 3,
         zi(2023, 3, 24, 10, zone="Europe/Amsterdam"),
         {"start_kind": "zoneinfo", "start_zone": "Europe/Amsterdam", "start_fold": 0}, None, none_end,
         ["2023-03-24 10:00:00+01:00", "2023-03-26 10:00:00+02:00", "2023-03-28 10:00:00+02:00"]),
        ("ref-naive-anchor", DAY_US, dt.datetime(2024, 7, 1, 9), {"anchor_kind": "naive", "anchor_zone": None}, NY, 1,
         zi(2024, 7, 1), sinfo, None, none_end, ["2024-07-01 05:00:00-04:00"]),
        ("ref-offset-anchor-no-tz", DAY_US, dt.datetime(2024, 7, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
         {"anchor_kind": "fixed_offset", "anchor_zone": "-04:00"}, None, 1,
         dt.datetime(2024, 12, 1, tzinfo=UTC), {"start_kind": "utc", "start_zone": "UTC"}, None, none_end,
         ["2024-12-01 13:00:00+00:00"]),
        ("ref-end-equal", DAY_US, zi(2024, 1, 1, 9), zinfo, NY, None, zi(2024, 7, 1), sinfo, zi(2024, 7, 3, 9),
         {"end_kind": "zoneinfo", "end_zone": NY, "end_fold": 0},
         ["2024-07-01 09:00:00-04:00", "2024-07-02 09:00:00-04:00", "2024-07-03 09:00:00-04:00"]),
        ("ref-end-before-start", DAY_US, zi(2024, 1, 1, 9), zinfo, NY, 5, zi(2024, 7, 1), sinfo, zi(2024, 6, 30),
         {"end_kind": "zoneinfo", "end_zone": NY, "end_fold": 0}, []),
        ("ref-start-1us-after", DAY_US, zi(2024, 1, 1, 9), zinfo, NY, 1, zi(2024, 7, 1, 9, 0, 0, 1), sinfo, None,
         none_end, ["2024-07-02 09:00:00-04:00"]),
        ("ref-hourly-fold-2018", HOUR_US, zi(2018, 11, 4, 0), zinfo, NY, None, zi(2018, 11, 4, 0), sinfo,
         zi(2018, 11, 4, 4), {"end_kind": "zoneinfo", "end_zone": NY, "end_fold": 0},
         ["2018-11-04 00:00:00-04:00", "2018-11-04 01:00:00-04:00", "2018-11-04 02:00:00-05:00",
          "2018-11-04 03:00:00-05:00", "2018-11-04 04:00:00-05:00"]),
        ("ref-n5000-no-end", HOUR_US, zi(2024, 1, 1), zinfo, NY, 5000, zi(2024, 1, 1), sinfo, None, none_end, None),
    ]
    cases, problems = [], []
    for cid, ius, a, ainfo, tz, n, s, sinfo_, e, einfo, want in spec:
        c = run_case(cid, ius, a, ainfo, tz, n, s, sinfo_, e, einfo)
        cases.append(c)
        got = [x["str"] for x in c.get("expected", [])]
        if cid == "ref-n5000-no-end":
            if len(got) != 1002:
                problems.append(f"{cid}: expected 1002 dates, got {len(got)}")
        elif cid == "ref-offset-anchor-no-tz":
            if c["schedule_json"]["timezone"] != "UTC" or got != want:
                problems.append(f"{cid}: timezone {c['schedule_json']['timezone']}, dates {got}")
        elif got != want:
            problems.append(f"{cid}: want {want}, got {got}")
    return cases, problems


# --------------------------------------------------------------------------- random cases


def random_cases(rng: random.Random) -> list[dict]:
    b = Builder(rng)
    cases = []
    far_budget = 14  # far `end` with n=None (up to 1000 dates each): output size
    for i in range(N_RANDOM_CASES):
        # zone the case is "about" (anchor wall time / start expressed in it)
        zone = rng.choice(ZONES + ZONES + ALIASES)
        r = rng.random()
        if r < 0.45:
            interval_us = rng.choice(SUB_DAY_US)
        elif r < 0.75:
            interval_us = rng.choice(WHOLE_DAY_US)
        elif r < 0.92:
            interval_us = rng.choice(MIXED_US)
        elif r < 0.96:
            interval_us = rng.randint(1, 400) * DAY_US
        else:
            interval_us = rng.randrange(US, 3 * DAY_US)

        wall, where = b.anchor_wall(zone)
        # timezone: mostly explicit = the zone; sometimes None (inferred); rarely another zone
        r = rng.random()
        if r < 0.25:
            timezone = None
            kind = rng.choice(["pendulum", "zoneinfo", "fixed_offset", "naive", "utc"])
        else:
            timezone = zone if r < 0.92 else rng.choice(ZONES + ALIASES)
            kind = rng.choices(["pendulum", "zoneinfo", "fixed_offset", "naive", "utc"], [3, 3, 2, 1, 1])[0]
        anchor, ainfo = b.build_anchor(zone, kind, wall)
        ainfo["anchor_where"] = where
        anchor_us = to_utc_us(anchor if anchor.tzinfo else anchor.replace(tzinfo=UTC))

        start_us, start_mode = b.start_utc_us(anchor_us, interval_us, zone)
        start, sinfo = b.instant_kind(start_us, zone, "start")

        # n and end
        r = rng.random()
        end = None
        einfo: dict[str, Any] = {"end_kind": None, "end_zone": None}
        end_mode = None
        big_n = i % 200 == 7  # 11 cases with n > 1000: the `counter > 1000` stop
        if big_n:
            n = rng.choice([1001, 1002, 1500, 5000])
        elif r < 0.3:
            n = None
        else:
            n = rng.randint(1, 20)
        if rng.random() < (0.2 if big_n else 0.45):
            r2 = rng.random()
            if r2 < 0.15:
                end_mode = "before_start"
                end_us = start_us - rng.randint(1, 3 * DAY_US)
            elif r2 < 0.85:
                end_mode = "near"
                end_us = start_us + rng.randint(0, 20) * interval_us + rng.choice([0, 1, -1, 60 * US])
            else:
                end_mode = "far"
                end_us = start_us + rng.randrange(365 * DAY_US, 10 * 365 * DAY_US)
                if n is None and far_budget > 0:
                    far_budget -= 1
                elif not big_n:
                    n = rng.randint(1, 20)
            end, einfo = b.instant_kind(end_us, zone, "end")
        extra = {"case_zone": zone, "start_mode": start_mode, "end_mode": end_mode}
        c = run_case(f"c{i + 1:04d}", interval_us, anchor, ainfo, timezone, n, start, sinfo, end, einfo, extra)
        # "end equal to a date": rerun with end == one of the produced dates
        # Two draws every time, so later cases do not depend on Prefect's answers (same cases on both engines).
        rerun, which = rng.random() < 0.4, rng.random()
        if end_mode == "near" and c.get("expected") and rerun:
            pick = c["expected"][int(which * len(c["expected"]))]
            end = dt.datetime.fromisoformat(pick["iso"])
            einfo = {"end_kind": "equal_to_date", "end_zone": fmt_offset(end.utcoffset())}
            extra["end_mode"] = "equal_to_date"
            c = run_case(f"c{i + 1:04d}", interval_us, anchor, ainfo, timezone, n, start, sinfo, end, einfo, extra)
        cases.append(c)
    return cases


def edge_cases() -> list[dict]:
    """Hand-picked extremes: tiny and huge intervals, far starts, float rounding."""
    utc = {"start_kind": "utc", "start_zone": "UTC"}
    no_end = {"end_kind": None, "end_zone": None}
    a_ny = zi(2024, 1, 1, 9, 0, 0, 123457)
    ainfo = {"anchor_kind": "zoneinfo", "anchor_zone": NY, "anchor_fold": 0}
    far = dt.datetime(2054, 6, 1, 12, 34, 56, 789012, tzinfo=UTC)
    spec = [
        ("edge-1us", 1, a_ny, NY, 5, dt.datetime(2024, 1, 1, 14, tzinfo=UTC), None),
        ("edge-1us-far", 1, a_ny, NY, 3, far, None),
        ("edge-0.1s-far", US // 10, a_ny, NY, 3, far, None),
        ("edge-1.000001s-far", US + 1, a_ny, NY, 3, far, None),
        ("edge-3600.25s-far", 3600 * US + US // 4, a_ny, NY, 3, far, None),
        ("edge-1d1us-far", DAY_US + 1, a_ny, NY, 3, far, None),
        ("edge-1d0.75s-far", DAY_US + 750_000, a_ny, NY, 3, far, None),
        ("edge-1d-far-before", DAY_US, a_ny, NY, 3, dt.datetime(1994, 6, 1, tzinfo=UTC), None),
        ("edge-7d-30y", 7 * DAY_US, a_ny, NY, 3, far, None),
        ("edge-huge-days", 3_000_000 * DAY_US, a_ny, NY, 3, dt.datetime(2024, 6, 1, tzinfo=UTC), None),
        ("edge-huge-seconds", 3_000_000 * DAY_US + US, a_ny, NY, 3, dt.datetime(2024, 6, 1, tzinfo=UTC), None),
        ("edge-huge-days-before", 3_000_000 * DAY_US, a_ny, NY, 3, dt.datetime(2020, 6, 1, tzinfo=UTC), None),
        ("edge-start-year-1", HOUR_US, a_ny, NY, 2, dt.datetime(1, 1, 2, tzinfo=UTC), None),
        ("edge-start-year-9999", DAY_US, a_ny, NY, 2, dt.datetime(9999, 12, 30, tzinfo=UTC), None),
        ("edge-end-equals-start", HOUR_US, a_ny, NY, None, dt.datetime(2024, 1, 1, 14, 0, 0, 123457, tzinfo=UTC),
         dt.datetime(2024, 1, 1, 14, 0, 0, 123457, tzinfo=UTC)),
        ("edge-utc-daily-gap-anchor", DAY_US, zi(2024, 3, 10, 2, 30), "UTC", 3, dt.datetime(2024, 3, 11, tzinfo=UTC),
         None),
    ]
    out = []
    for cid, ius, a, tz, n, start, end in spec:
        einfo = no_end if end is None else {"end_kind": "utc", "end_zone": "UTC"}
        out.append(run_case(cid, ius, a, ainfo, tz, n, start, utc, end, einfo))
    return out


def fold_cases(rng: random.Random, count: int = 200) -> list[dict]:
    """Sub-day intervals run across backward transitions (folds), where Prefect's
    ``seen`` set (wall-clock equality) and ``sorted`` (wall-clock order) show."""
    b = Builder(rng)
    folds = [(z, t) for z in ZONES + ALIASES for t in TRANSITIONS[z] if t["after"] < t["before"]]
    cases = []
    for i in range(count):
        zone, t = rng.choice(folds)
        interval_us = rng.choice([US, 59 * US, 15 * 60 * US, 30 * 60 * US, HOUR_US, 90 * 60 * US,
                                  20 * 60 * US, US // 2, 3600 * US + US // 4])
        wall, where = b.anchor_wall(zone)
        timezone = zone if rng.random() < 0.8 else None
        kind = rng.choice(["pendulum", "zoneinfo", "fixed_offset"] if timezone else ["pendulum", "zoneinfo"])
        anchor, ainfo = b.build_anchor(zone, kind, wall)
        ainfo["anchor_where"] = where
        start_us = t["utc_s"] * US - rng.randint(0, 6) * interval_us - rng.choice([0, rng.randrange(interval_us)])
        start, sinfo = b.instant_kind(start_us, zone, "start")
        if rng.random() < 0.5:
            n, end, einfo, end_mode = rng.randint(5, 20), None, {"end_kind": None, "end_zone": None}, None
        else:
            span = min(interval_us * 30, 3 * HOUR_US)
            end, einfo = b.instant_kind(t["utc_s"] * US + span, zone, "end")
            n, end_mode = rng.choice([None, 40]), "after_fold"
        extra = {"case_zone": zone, "start_mode": "before_fold", "end_mode": end_mode}
        cases.append(run_case(f"f{i + 1:04d}", interval_us, anchor, ainfo, timezone, n, start, sinfo, end, einfo,
                              extra))
    return cases


# --------------------------------------------------------------------------- cases on transitions

TRANSITION_ZONES = ["America/New_York", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe",
                    "America/Sao_Paulo", "Antarctica/Troll", "Pacific/Chatham", "Africa/Casablanca"]
TRANSITION_INTERVALS = {
    "15min": 15 * 60 * US, "1h": HOUR_US, "12h": 12 * HOUR_US, "1d": DAY_US, "2d": 2 * DAY_US,
    "7d": 7 * DAY_US, "25h": 25 * HOUR_US, "30d": 30 * DAY_US,
}


def _first_transitions(zone: str) -> list[dict[str, Any]]:
    """The zone's first gap and first fold from 2018 on (Sao Paulo's DST ended in 2019)."""
    out: dict[str, dict[str, Any]] = {}
    for t in transitions(zone, 2018, 2030):
        kind = "gap" if t["after"] > t["before"] else "fold"
        out.setdefault(kind, t)
    return [out[k] for k in ("gap", "fold") if k in out]


def _transition_anchors(zone: str, t: dict[str, Any]) -> list[tuple[str, dt.datetime, dict]]:
    """Anchors whose wall time is inside the gap or fold of transition *t*, in every form an anchor takes."""
    at = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=t["utc_s"])
    before, after = t["before"], t["after"]
    zi_ = zoneinfo.ZoneInfo(zone)
    if after > before:  # gap: local [at+before, at+after) never happens
        walls = [("mid", at + before + (after - before) / 2)]
    else:  # fold: local [at+after, at+before) happens twice
        walls = [("start", at + after), ("mid", at + after + (before - after) / 2)]
    out = []
    for where, wall in walls:
        wall = wall.replace(microsecond=0)
        for fold in (0, 1):
            out.append((f"{where}-zoneinfo{fold}", wall.replace(tzinfo=zi_, fold=fold),
                        {"anchor_kind": "zoneinfo", "anchor_zone": zone, "anchor_fold": fold}))
        if after < before:  # both passes given by their offsets, the earlier one first
            for name, off in (("earlier", before), ("later", after)):
                out.append((f"{where}-offset-{name}", wall.replace(tzinfo=dt.timezone(off)),
                            {"anchor_kind": "fixed_offset", "anchor_zone": fmt_offset(off)}))
        out.append((f"{where}-naive", wall, {"anchor_kind": "naive", "anchor_zone": None}))
        b = Builder(random.Random(0))
        a, info = b.build_anchor(zone, "pendulum", wall)
        out.append((f"{where}-pendulum", a, info))
    return out


def transition_cases() -> list[dict]:
    """Anchors in gaps and folds; starts at, 1 us before and 1 us after the anchor; every interval kind."""
    cases = []
    for zone in TRANSITION_ZONES:
        for t in _first_transitions(zone):
            kind = "gap" if t["after"] > t["before"] else "fold"
            for aname, anchor, ainfo in _transition_anchors(zone, t):
                # the anchor's instant as the stdlib reads it (naive: wall time in the zone, fold=0)
                ref = anchor if anchor.tzinfo else anchor.replace(tzinfo=zoneinfo.ZoneInfo(zone))
                a_us = to_utc_us(ref)
                for iname, ius in TRANSITION_INTERVALS.items():
                    for sname, delta in (("at", 0), ("before", -1), ("after", 1)):
                        start = from_utc_us(a_us + delta)
                        cid = f"t-{zone}-{kind}-{aname}-{iname}-{sname}"
                        extra = {"case_zone": zone, "anchor_where": kind, "start_mode": f"{sname}_anchor"}
                        cases.append(run_case(cid, ius, anchor, {**ainfo}, zone, 4, start,
                                              {"start_kind": "utc", "start_zone": "UTC"}, None,
                                              {"end_kind": None, "end_zone": None}, extra))
    # The reported fold-anchor cases (issue 13): the earlier pass given by its offset, start at or before it.
    utc = {"start_kind": "utc", "start_zone": "UTC"}
    no_end = {"end_kind": None, "end_zone": None}
    for cid, ius, wall, off_h, zone, start in [
        ("fold-anchor-london", 7 * DAY_US, dt.datetime(2009, 10, 25, 1), 1, "Europe/London",
         dt.datetime(2009, 10, 25, 0, tzinfo=UTC)),
        ("fold-anchor-chisinau", DAY_US, dt.datetime(1985, 9, 29, 2), 4, "Europe/Chisinau",
         dt.datetime(1985, 9, 28, 22, tzinfo=UTC)),
        ("fold-anchor-troll", 7 * DAY_US, dt.datetime(2021, 10, 31, 2), 2, "Antarctica/Troll",
         dt.datetime(2021, 10, 31, 0, tzinfo=UTC)),
    ]:
        off = dt.timedelta(hours=off_h)
        anchor = wall.replace(tzinfo=dt.timezone(off))
        ainfo = {"anchor_kind": "fixed_offset", "anchor_zone": fmt_offset(off)}
        for sname, delta in (("at", 0), ("before", -HOUR_US)):
            cases.append(run_case(f"{cid}-{sname}", ius, anchor, ainfo, zone, 3,
                                  from_utc_us(to_utc_us(start) + delta), utc, None, no_end))
    return cases


def anchor_cases() -> list[dict]:
    """How Prefect keeps the anchor (model_dump and anchor_date's zone): issue 13's three cases."""
    utc = {"start_kind": "utc", "start_zone": "UTC"}
    no_end = {"end_kind": None, "end_zone": None}
    b = Builder(random.Random(0))
    ny_anchor, ny_info = b.build_anchor(NY, "pendulum", dt.datetime(2026, 12, 1, 9, 30, 15, 250000))
    start = dt.datetime(2026, 12, 5, tzinfo=UTC)
    return [
        run_case("anchor-new-york-tz-los-angeles", DAY_US, ny_anchor, ny_info, "America/Los_Angeles", 2, start, utc,
                 None, no_end),
        run_case("anchor-fixed-offset-no-tz", DAY_US, dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
                 {"anchor_kind": "fixed_offset", "anchor_zone": "-05:00"}, None, 2, start, utc, None, no_end),
        run_case("anchor-naive-tz-new-york", DAY_US, dt.datetime(2026, 12, 1, 9),
                 {"anchor_kind": "naive", "anchor_zone": None}, NY, 2, start, utc, None, no_end),
    ]


# --------------------------------------------------------------------------- planner cases

DEPLOYMENT_ID = uuid.UUID("6f1c2b1e-3d4a-4c5b-9e8f-0a1b2c3d4e5f")
SCHEDULE_ID = uuid.UUID("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a")
DEFAULT_SETTINGS = {
    "min_runs": 3,
    "max_runs": 100,
    "min_scheduled_time_s": 3600.0,
    "max_scheduled_time_s": 100 * 86400.0,
}


class _FakeSession:
    """Stands in for the database session: returns our deployment, nothing else."""

    def __init__(self, deployment):
        self._deployment = deployment

    async def get(self, _model, _id):
        return self._deployment


def scheduler_now(now_utc: dt.datetime) -> dt.datetime:
    """What the scheduler's ``now("UTC")`` returns: pendulum in UTC, or (Python 3.13) a ZoneInfo('UTC') datetime."""
    if WHENEVER_ENGINE:
        return now_utc.astimezone(zoneinfo.ZoneInfo("UTC"))
    return create_datetime_instance(now_utc)


def planner_runs(schedule: IntervalSchedule, now_utc: dt.datetime, settings: dict, dep_params, dep_tags,
                 sched_params) -> list[dict]:
    """Call Prefect's real ``_generate_scheduled_flow_runs`` with stubbed DB access."""
    deployment = types.SimpleNamespace(
        id=DEPLOYMENT_ID, flow_id=uuid.UUID(int=1), version=None, work_queue_name="default",
        work_queue_id=None, infrastructure_document_id=None, tags=list(dep_tags), parameters=dict(dep_params),
    )
    dep_schedule = types.SimpleNamespace(
        id=SCHEDULE_ID, deployment_id=DEPLOYMENT_ID, schedule=schedule, active=True,
        parameters=dict(sched_params), slug=None,
    )

    async def read_deployment_schedules(**_kw):
        return [dep_schedule]

    async def with_system_labels_for_deployment_flow_run(**_kw):
        return {}

    saved = (prefect_deployments.read_deployment_schedules,
             prefect_deployments.with_system_labels_for_deployment_flow_run)
    prefect_deployments.read_deployment_schedules = read_deployment_schedules
    prefect_deployments.with_system_labels_for_deployment_flow_run = with_system_labels_for_deployment_flow_run
    try:
        start_time = scheduler_now(now_utc)
        max_time = dt.timedelta(seconds=settings["max_scheduled_time_s"])
        return LOOP.run_until_complete(
            prefect_deployments._generate_scheduled_flow_runs(
                types.SimpleNamespace(Deployment=None),
                session=_FakeSession(deployment),
                deployment_id=DEPLOYMENT_ID,
                start_time=start_time,
                end_time=start_time + max_time,
                min_time=dt.timedelta(seconds=settings["min_scheduled_time_s"]),
                min_runs=settings["min_runs"],
                max_runs=settings["max_runs"],
            )
        )
    finally:
        (prefect_deployments.read_deployment_schedules,
         prefect_deployments.with_system_labels_for_deployment_flow_run) = saved


def planner_cases(rng: random.Random) -> list[dict]:
    b = Builder(rng)
    variations = [
        {"min_runs": 1, "max_runs": 100, "min_scheduled_time_s": 3600.0, "max_scheduled_time_s": 100 * 86400.0},
        {"min_runs": 5, "max_runs": 10, "min_scheduled_time_s": 3600.0, "max_scheduled_time_s": 100 * 86400.0},
        {"min_runs": 3, "max_runs": 100, "min_scheduled_time_s": 0.0, "max_scheduled_time_s": 100 * 86400.0},
        {"min_runs": 3, "max_runs": 100, "min_scheduled_time_s": 6 * 3600.0, "max_scheduled_time_s": 86400.0},
        {"min_runs": 10, "max_runs": 50, "min_scheduled_time_s": 2 * 86400.0, "max_scheduled_time_s": 7 * 86400.0},
        {"min_runs": 3, "max_runs": 5, "min_scheduled_time_s": 30 * 86400.0, "max_scheduled_time_s": 100 * 86400.0},
        {"min_runs": 20, "max_runs": 100, "min_scheduled_time_s": 3600.0, "max_scheduled_time_s": 3 * 86400.0},
    ]
    planner_intervals = [60 * US, 5 * 60 * US, 15 * 60 * US, 30 * 60 * US, HOUR_US, 90 * 60 * US, 6 * HOUR_US,
                         12 * HOUR_US, 25 * HOUR_US, DAY_US, 36 * HOUR_US, 2 * DAY_US, 7 * DAY_US, 30 * DAY_US,
                         60 * DAY_US, DAY_US + 750_000]
    cases = []
    for i in range(N_PLANNER_CASES):
        zone = rng.choice(ZONES)
        interval_us = rng.choice(planner_intervals) if rng.random() < 0.85 else rng.randrange(60 * US, 60 * DAY_US)
        wall, where = b.anchor_wall(zone)
        kind = rng.choice(["pendulum", "zoneinfo", "fixed_offset"])
        anchor, ainfo = b.build_anchor(zone, kind, wall)
        timezone = zone if rng.random() < 0.85 else None
        sched = IntervalSchedule(interval=dt.timedelta(microseconds=interval_us), anchor_date=anchor,
                                 **({"timezone": timezone} if timezone else {}))
        schedule_json = sched.model_dump(mode="json")
        # what the scheduler sees: the schedule read back from its stored JSON
        stored = IntervalSchedule.model_validate(schedule_json)

        trs = [t for t in TRANSITIONS[zone] if 2020 <= dt.datetime.fromtimestamp(t["utc_s"], UTC).year <= 2035]
        if trs and rng.random() < 0.6:
            t = rng.choice(trs)
            now_us = t["utc_s"] * US + rng.randrange(-3 * DAY_US, 3 * DAY_US)
            now_where = "transition"
        else:
            now_us = to_utc_us(dt.datetime(2020, 1, 1, tzinfo=UTC)) + rng.randrange(15 * 365 * DAY_US)
            now_where = "ordinary"
        if rng.random() < 0.6:
            now_us -= now_us % US
        now_utc = from_utc_us(now_us)
        settings = dict(DEFAULT_SETTINGS) if rng.random() < 0.6 else dict(rng.choice(variations))
        dep_params, dep_tags, sched_params = {}, [], {}
        if rng.random() < 0.2:
            dep_params, dep_tags, sched_params = {"x": 1, "y": 2}, ["team-a", "nightly"], {"y": 3, "z": [1]}
        case: dict[str, Any] = {
            "id": f"p{i + 1:03d}",
            "zone": zone,
            "interval_us": interval_us,
            "anchor_date": anchor.isoformat(),
            **ainfo,
            "anchor_where": where,
            "schedule_json": schedule_json,
            "now": iso_utc(now_utc),
            "now_where": now_where,
            "settings": settings,
            "deployment_id": str(DEPLOYMENT_ID),
            "schedule_id": str(SCHEDULE_ID),
            "deployment_parameters": dep_params,
            "deployment_tags": dep_tags,
            "schedule_parameters": sched_params,
        }
        try:
            runs = planner_runs(stored, now_utc, settings, dep_params, dep_tags, sched_params)
            case["expected_runs"] = [
                {**expected_entry(r["expected_start_time"]), "idempotency_key": r["idempotency_key"]} for r in runs
            ]
            if runs:
                case["expected_parameters"] = runs[0]["parameters"]
                case["expected_tags"] = runs[0]["tags"]
            # cross-check: the rule of REFERENCE.md section 3 replicated around get_dates
            gen = LOOP.run_until_complete(
                stored.get_dates(n=settings["max_runs"], start=scheduler_now(now_utc),
                                 end=now_utc + dt.timedelta(seconds=settings["max_scheduled_time_s"]))
            )
            picked = []
            for d in gen:
                picked.append(d)
                if len(picked) >= settings["min_runs"] and d >= now_utc + dt.timedelta(
                        seconds=settings["min_scheduled_time_s"]):
                    break
            case["replicated_rule_agrees"] = [str(d) for d in picked] == [str(r["expected_start_time"]) for r in runs]
        except Exception as e:
            case["error"] = type(e).__name__
            case["error_message"] = str(e)[:200]
        cases.append(case)
    return cases


# --------------------------------------------------------------------------- output


def write_json(path: Path, header: dict, cases: list[dict]) -> None:
    """One case per line: compact, yet diffs stay readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.write("{\n")
        for k, v in header.items():
            f.write(f"{json.dumps(k)}: {json.dumps(v, sort_keys=True)},\n")
        f.write('"cases": [\n')
        for j, c in enumerate(cases):
            f.write(json.dumps(c, separators=(",", ":")))
            f.write(",\n" if j + 1 < len(cases) else "\n")
        f.write("]\n}\n")


def main() -> None:
    rng = random.Random(SEED)
    refs, problems = ref_cases()
    cases = refs + edge_cases() + random_cases(rng) + fold_cases(rng) + transition_cases() + anchor_cases()
    generator = {
        **VERSIONS,
        "seed": SEED,
        "script": "scripts/generate_prefect_fixtures.py",
        "tz_source": "tzdata package (PYTHONTZPATH empty)",
        "engine": ENGINE,
        "profile": PROFILE,
        "call": "await prefect.server.schemas.schedules.IntervalSchedule(...).get_dates(n=n, start=start, end=end)",
    }
    notes = {
        "anchor_date": "isoformat of the anchor passed to Prefect (no offset = naive anchor). For a ZoneInfo anchor "
                       "whose wall time is in a gap, Prefect's conversion (pendulum.instance) picks the other instant "
                       "than the stdlib: fold=0 -> wall - gap at the old offset (02:30 -> 01:30-05:00), fold=1 -> "
                       "wall + gap at the new offset (03:30-04:00); schedule_json.anchor_date shows what Prefect used.",
        "anchor_kind": "how the anchor was built: pendulum.datetime(tz=anchor_zone) | datetime(tzinfo=ZoneInfo(anchor_zone), "
                       "fold=anchor_fold) | datetime(tzinfo=timezone(offset)) | naive datetime | datetime in ZoneInfo('UTC')",
        "start_kind/end_kind": "zoneinfo (ZoneInfo(start_zone), fold=start_fold), utc, fixed_offset, naive (wall clock "
                               "of case_zone, which Prefect takes as UTC), equal_to_date (end = fromisoformat of one "
                               "produced date)",
        "expected": "get_dates result in order: iso=dt.isoformat(), str=str(dt), utc=UTC ISO with Z, tz=dt.tzinfo.name",
        "error": "exception class raised by Prefect (constructing the schedule or get_dates); no 'expected' then",
        "json_roundtrip_same": "IntervalSchedule.model_validate(schedule_json).get_dates(...) gives the same dates",
        "schedule_json": "IntervalSchedule(interval=..., anchor_date=<the anchor object>, [timezone=...]).model_dump(mode='json')",
        "schedule_anchor_tz": "the zone name (or offset) of that schedule's anchor_date (None: naive, kept so on Python 3.13)",
        "anchor_built_as": "pendulum: on Python 3.13 (no pendulum) the instant pendulum.datetime(..., tz) would name, as a "
                           "ZoneInfo datetime with that fold",
        "t-* cases": "anchor wall time inside the first gap / fold from 2018 of the zone; start at / 1 us before / 1 us "
                     "after the anchor instant as the stdlib reads it (naive: wall time in the zone, fold=0)",
    }
    # REFERENCE.md's table is the pendulum engine's; on whenever the differences are informative only.
    check_key = "reference_differences" if WHENEVER_ENGINE else "reference_check"
    write_json(OUT_CASES, {"generator": generator, "notes": notes, check_key: problems}, cases)

    planner = planner_cases(random.Random(SEED + 1))
    pgen = {
        **VERSIONS,
        "engine": ENGINE,
        "profile": PROFILE,
        "seed": SEED + 1,
        "script": "scripts/generate_prefect_fixtures.py",
        "method": "Real prefect.server.models.deployments._generate_scheduled_flow_runs (the function the scheduler "
                  "service calls), with its three database touch points stubbed (session.get -> the deployment, "
                  "read_deployment_schedules -> [the schedule], with_system_labels_for_deployment_flow_run -> {}). "
                  "start_time = now (what scheduler._collect_flow_runs passes: now('UTC'), pendulum in UTC on Python "
                  "<= 3.12, a ZoneInfo('UTC') datetime on 3.13), "
                  "end_time = now + max_scheduled_time. The schedule is rebuilt from schedule_json, as when read "
                  "from the database. replicated_rule_agrees cross-checks REFERENCE.md section 3's rule applied to "
                  "get_dates.",
    }
    write_json(OUT_PLANNER, {"generator": pgen}, planner)

    n_err = sum("error" in c for c in cases)
    n_rt = sum(c.get("json_roundtrip_same") is False for c in cases)
    print(f"{len(cases)} cases ({len(refs)} ref, {n_err} errors, {n_rt} json-roundtrip differences) -> {OUT_CASES} "
          f"({OUT_CASES.stat().st_size / 1e6:.2f} MB)")
    print(f"{len(planner)} planner cases ({sum('error' in c for c in planner)} errors, "
          f"{sum(c.get('replicated_rule_agrees') is False for c in planner)} rule disagreements) -> {OUT_PLANNER} "
          f"({OUT_PLANNER.stat().st_size / 1e6:.2f} MB)")
    print("reference check:", "OK" if not problems else problems)


if __name__ == "__main__":
    main()
