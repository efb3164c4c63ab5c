"""Hand-worked schedules across real DST transitions, with every expected date written out.

The expectations were worked out by hand from the definition (docs/semantics.md)
and the real transitions of the tzdata package (2026f), checked once with zoneinfo:

* America/New_York: EST -05, EDT -04.  2024-03-10 02:00 EST -> 03:00 EDT at
  07:00Z (gap [02:00, 03:00)); 2024-11-03 02:00 EDT -> 01:00 EST at 06:00Z
  (fold [01:00, 02:00)).
* Europe/London and Europe/Dublin: +00 in winter, +01 in summer (Dublin calls
  winter time "negative DST"; the offsets are the same).  2024-03-31 01:00 ->
  02:00 at 01:00Z (gap [01:00, 02:00)); 2024-10-27 02:00 -> 01:00 at 01:00Z
  (fold [01:00, 02:00)).
* Australia/Lord_Howe: +10:30 standard, +11:00 DST (30-minute DST).
  2024-04-07 02:00 -> 01:30 at 2024-04-06T15:00Z (fold [01:30, 02:00));
  2024-10-06 02:00 -> 02:30 at 2024-10-05T15:30Z (gap [02:00, 02:30)).
* Pacific/Apia: 2011-12-29 ends at 24:00 -10:00, followed by 2011-12-31 00:00
  +14:00 (at 2011-12-30T10:00Z): the whole of 2011-12-30 is a 24-hour gap.

Rules used (I the interval, A the anchor, W A's wall time):
* I < 24 h steps in exact elapsed time: the dates are A + k*I on the UTC axis;
* I >= 24 h steps on the wall clock: W + k*I, then resolved; a gap shifts the
  time forward by the gap's length (or skips it), a fold takes the earlier or
  later instant, and each occurrence is computed from W, never from the
  previous (shifted) one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

import oracle
from interval_schedule import IntervalSchedule
from schedule_oracle import OracleSchedule

H = timedelta(hours=1)
D = timedelta(days=1)
NY, LON, DUB, LHI, APIA, UTC = (
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "UTC",
)


def us(iso: str) -> int:
    """UTC microseconds of an ISO-8601 string with an offset."""
    return oracle.aware_to_us(datetime.fromisoformat(iso.replace("Z", "+00:00")))


@dataclass(frozen=True)
class Case:
    """One hand-worked query: ``get_dates(n, start, end)`` on a schedule, and its answer."""

    id: str
    zone: str
    interval: timedelta
    anchor: str  # ISO-8601 with offset
    expected: tuple[str, ...]  # isoformat() of each date, in order
    n: int | None = None
    start: str | None = None  # default: the anchor
    end: str | None = None
    gap: str = "shift"
    fold: str = "earlier"

    def schedule(self) -> IntervalSchedule:
        return IntervalSchedule(self.interval, self.anchor, self.zone, gap=self.gap, fold=self.fold)

    def query(self) -> dict:
        return {"n": self.n, "start": self.start or self.anchor, "end": self.end}


CASES = [
    # ------------------------------------------------------------ New York
    # Hourly through spring-forward: 05Z, 06Z, 07Z, 08Z; 07Z is already EDT (03:00).
    Case("ny-hourly-spring", NY, H, "2024-03-10T00:00:00-05:00",
         ("2024-03-10T00:00:00-05:00", "2024-03-10T01:00:00-05:00",
          "2024-03-10T03:00:00-04:00", "2024-03-10T04:00:00-04:00"), n=4),
    # Hourly through fall-back: 04:30Z..07:30Z; 01:30 happens twice, both are real hours.
    Case("ny-hourly-fall", NY, H, "2024-11-03T00:30:00-04:00",
         ("2024-11-03T00:30:00-04:00", "2024-11-03T01:30:00-04:00",
          "2024-11-03T01:30:00-05:00", "2024-11-03T02:30:00-05:00"), n=4),
    # Anchor years away, on a whole UTC hour: the window holds 04Z..08Z, end inclusive.
    Case("ny-hourly-window", NY, H, "2020-01-01T00:00:00-05:00",
         ("2024-11-03T00:00:00-04:00", "2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00",
          "2024-11-03T02:00:00-05:00", "2024-11-03T03:00:00-05:00"),
         start="2024-11-03T00:00:00-04:00", end="2024-11-03T03:00:00-05:00"),
    # 30 minutes from 04:45Z: 05:00Z, 05:30Z (EDT), 06:00Z, 06:30Z, 07:00Z, 07:30Z (EST).
    Case("ny-30min-fall", NY, 30 * timedelta(minutes=1), "2024-01-01T00:00:00-05:00",
         ("2024-11-03T01:00:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-03T01:00:00-05:00",
          "2024-11-03T01:30:00-05:00", "2024-11-03T02:00:00-05:00", "2024-11-03T02:30:00-05:00"),
         n=6, start="2024-11-03T00:45:00-04:00"),
    # 30 minutes from 06:15Z: 06:30Z (01:30 EST), 07:00Z is 03:00 EDT; no 02:xx exists.
    Case("ny-30min-spring", NY, 30 * timedelta(minutes=1), "2024-01-01T00:00:00-05:00",
         ("2024-03-10T01:30:00-05:00", "2024-03-10T03:00:00-04:00",
          "2024-03-10T03:30:00-04:00", "2024-03-10T04:00:00-04:00"),
         n=4, start="2024-03-10T01:15:00-05:00"),
    # 12 h is elapsed time: 14Z, 02Z, 14Z, 02Z; wall times move by an hour after the change.
    Case("ny-12h-spring", NY, 12 * H, "2024-03-09T09:00:00-05:00",
         ("2024-03-09T09:00:00-05:00", "2024-03-09T21:00:00-05:00",
          "2024-03-10T10:00:00-04:00", "2024-03-10T22:00:00-04:00"), n=4),
    # 17Z, 05Z (01:00 EDT, first pass), 17Z (12:00 EST), 05Z (00:00 EST).
    Case("ny-12h-fall", NY, 12 * H, "2024-11-02T13:00:00-04:00",
         ("2024-11-02T13:00:00-04:00", "2024-11-03T01:00:00-04:00",
          "2024-11-03T12:00:00-05:00", "2024-11-04T00:00:00-05:00"), n=4),
    # Daily 02:30: 2024-03-10 02:30 is in the gap -> 03:30 EDT; 03-11 is 02:30 again (no carry).
    Case("ny-daily-spring-shift", NY, D, "2024-03-08T02:30:00-05:00",
         ("2024-03-08T02:30:00-05:00", "2024-03-09T02:30:00-05:00", "2024-03-10T03:30:00-04:00",
          "2024-03-11T02:30:00-04:00", "2024-03-12T02:30:00-04:00"), n=5),
    # The same with gap="skip": 03-10 has no run, the fifth date is 03-13.
    Case("ny-daily-spring-skip", NY, D, "2024-03-08T02:30:00-05:00",
         ("2024-03-08T02:30:00-05:00", "2024-03-09T02:30:00-05:00", "2024-03-11T02:30:00-04:00",
          "2024-03-12T02:30:00-04:00", "2024-03-13T02:30:00-04:00"), n=5, gap="skip"),
    # Daily 01:30 through fall-back: 11-03 01:30 is in the fold; earlier = EDT.
    Case("ny-daily-fall-earlier", NY, D, "2024-11-01T01:30:00-04:00",
         ("2024-11-01T01:30:00-04:00", "2024-11-02T01:30:00-04:00", "2024-11-03T01:30:00-04:00",
          "2024-11-04T01:30:00-05:00", "2024-11-05T01:30:00-05:00"), n=5),
    # ... and later = EST, one real hour later; still one run that day.
    Case("ny-daily-fall-later", NY, D, "2024-11-01T01:30:00-04:00",
         ("2024-11-01T01:30:00-04:00", "2024-11-02T01:30:00-04:00", "2024-11-03T01:30:00-05:00",
          "2024-11-04T01:30:00-05:00", "2024-11-05T01:30:00-05:00"), n=5, fold="later"),
    # Occurrences before the anchor: k = -3, -2 (gap, shifted), -1.
    Case("ny-daily-before-anchor", NY, D, "2024-03-12T02:30:00-04:00",
         ("2024-03-09T02:30:00-05:00", "2024-03-10T03:30:00-04:00", "2024-03-11T02:30:00-04:00"),
         n=3, start="2024-03-09T00:00:00-05:00"),
    # 25 h steps the wall clock: 01:30, 03-10 02:30 (gap -> 03:30), 03-11 03:30, 03-12 04:30.
    Case("ny-25h-spring-shift", NY, 25 * H, "2024-03-09T01:30:00-05:00",
         ("2024-03-09T01:30:00-05:00", "2024-03-10T03:30:00-04:00",
          "2024-03-11T03:30:00-04:00", "2024-03-12T04:30:00-04:00"), n=4),
    # ... with skip: 03-10 is dropped, then 03-11 03:30, 03-12 04:30, 03-13 05:30.
    Case("ny-25h-spring-skip", NY, 25 * H, "2024-03-09T01:30:00-05:00",
         ("2024-03-09T01:30:00-05:00", "2024-03-11T03:30:00-04:00",
          "2024-03-12T04:30:00-04:00", "2024-03-13T05:30:00-04:00"), n=4, gap="skip"),
    # 25 h through fall-back: 11-03 01:30 is in the fold; later = EST.
    Case("ny-25h-fall-later", NY, 25 * H, "2024-11-02T00:30:00-04:00",
         ("2024-11-02T00:30:00-04:00", "2024-11-03T01:30:00-05:00", "2024-11-04T02:30:00-05:00"),
         n=3, fold="later"),
    Case("ny-25h-fall-earlier", NY, 25 * H, "2024-11-02T00:30:00-04:00",
         ("2024-11-02T00:30:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-04T02:30:00-05:00"), n=3),
    # Two days, 01:30: the 11-03 occurrence is in the fold.
    Case("ny-2d-fall-later", NY, 2 * D, "2024-11-01T01:30:00-04:00",
         ("2024-11-01T01:30:00-04:00", "2024-11-03T01:30:00-05:00", "2024-11-05T01:30:00-05:00"),
         n=3, fold="later"),
    Case("ny-2d-fall-earlier", NY, 2 * D, "2024-11-01T01:30:00-04:00",
         ("2024-11-01T01:30:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-05T01:30:00-05:00"), n=3),
    # Two days, 02:15: the 03-10 occurrence is in the gap.
    Case("ny-2d-spring-shift", NY, 2 * D, "2024-03-08T02:15:00-05:00",
         ("2024-03-08T02:15:00-05:00", "2024-03-10T03:15:00-04:00", "2024-03-12T02:15:00-04:00"), n=3),
    Case("ny-2d-spring-skip", NY, 2 * D, "2024-03-08T02:15:00-05:00",
         ("2024-03-08T02:15:00-05:00", "2024-03-12T02:15:00-04:00", "2024-03-14T02:15:00-04:00"),
         n=3, gap="skip"),
    # Weekly on Sundays 02:30: 03-10 is shifted to 03:30, 03-17 is back to 02:30.
    Case("ny-weekly-spring-shift", NY, 7 * D, "2024-03-03T02:30:00-05:00",
         ("2024-03-03T02:30:00-05:00", "2024-03-10T03:30:00-04:00",
          "2024-03-17T02:30:00-04:00", "2024-03-24T02:30:00-04:00"), n=4),
    Case("ny-weekly-spring-skip", NY, 7 * D, "2024-03-03T02:30:00-05:00",
         ("2024-03-03T02:30:00-05:00", "2024-03-17T02:30:00-04:00",
          "2024-03-24T02:30:00-04:00", "2024-03-31T02:30:00-04:00"), n=4, gap="skip"),
    # Weekly on Sundays 01:30: 11-03 is in the fold.
    Case("ny-weekly-fall-earlier", NY, 7 * D, "2024-10-27T01:30:00-04:00",
         ("2024-10-27T01:30:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-10T01:30:00-05:00"), n=3),
    Case("ny-weekly-fall-later", NY, 7 * D, "2024-10-27T01:30:00-04:00",
         ("2024-10-27T01:30:00-04:00", "2024-11-03T01:30:00-05:00", "2024-11-10T01:30:00-05:00"),
         n=3, fold="later"),
    # Anchor on the second pass of the fold (01:30 EST): W is 01:30, and occurrence 0 is W
    # resolved by the policy, so with fold="earlier" it is 01:30 EDT, an hour before the anchor.
    Case("ny-daily-anchor-second-pass-earlier", NY, D, "2024-11-03T01:30:00-05:00",
         ("2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00"), n=2, start="2024-11-03T00:00:00-04:00"),
    Case("ny-daily-anchor-second-pass-later", NY, D, "2024-11-03T01:30:00-05:00",
         ("2024-11-03T01:30:00-05:00", "2024-11-04T01:30:00-05:00"),
         n=2, start="2024-11-03T00:00:00-04:00", fold="later"),
    # timedelta(hours=24) normalizes to one day: wall clock, like ny-daily-spring-shift.
    Case("ny-24h-is-a-day", NY, timedelta(hours=24), "2024-03-09T02:30:00-05:00",
         ("2024-03-09T02:30:00-05:00", "2024-03-10T03:30:00-04:00", "2024-03-11T02:30:00-04:00"), n=3),
    # 23:59 is elapsed: 07:30Z, 03-10 07:29Z (03:29 EDT), 03-11 07:28Z.
    Case("ny-23h59-is-elapsed", NY, timedelta(hours=23, minutes=59), "2024-03-09T02:30:00-05:00",
         ("2024-03-09T02:30:00-05:00", "2024-03-10T03:29:00-04:00", "2024-03-11T03:28:00-04:00"), n=3),
    # -------------------------------------------------------------- London
    # Hourly: 00Z (GMT), 01Z is 02:00 BST.
    Case("lon-hourly-spring", LON, H, "2024-03-31T00:00:00+00:00",
         ("2024-03-31T00:00:00+00:00", "2024-03-31T02:00:00+01:00", "2024-03-31T03:00:00+01:00"), n=3),
    # Hourly: 23Z, 00Z (01:00 BST), 01Z (01:00 GMT), 02Z.
    Case("lon-hourly-fall", LON, H, "2024-10-27T00:00:00+01:00",
         ("2024-10-27T00:00:00+01:00", "2024-10-27T01:00:00+01:00",
          "2024-10-27T01:00:00+00:00", "2024-10-27T02:00:00+00:00"), n=4),
    # 30 minutes through the fold: 01:00 and 01:30 each happen twice.
    Case("lon-30min-fall", LON, timedelta(minutes=30), "2024-10-27T00:30:00+01:00",
         ("2024-10-27T00:30:00+01:00", "2024-10-27T01:00:00+01:00", "2024-10-27T01:30:00+01:00",
          "2024-10-27T01:00:00+00:00", "2024-10-27T01:30:00+00:00"), n=5),
    # Daily 01:30: 03-31 01:30 is in the gap [01:00, 02:00) -> 02:30 BST.
    Case("lon-daily-spring-shift", LON, D, "2024-03-30T01:30:00+00:00",
         ("2024-03-30T01:30:00+00:00", "2024-03-31T02:30:00+01:00", "2024-04-01T01:30:00+01:00"), n=3),
    Case("lon-daily-fall-later", LON, D, "2024-10-26T01:30:00+01:00",
         ("2024-10-26T01:30:00+01:00", "2024-10-27T01:30:00+00:00", "2024-10-28T01:30:00+00:00"),
         n=3, fold="later"),
    Case("lon-daily-fall-earlier", LON, D, "2024-10-26T01:30:00+01:00",
         ("2024-10-26T01:30:00+01:00", "2024-10-27T01:30:00+01:00", "2024-10-28T01:30:00+00:00"), n=3),
    # 12 h elapsed: 12:30Z, 00:30Z, 12:30Z (13:30 BST), 00:30Z (01:30 BST).
    Case("lon-12h-spring", LON, 12 * H, "2024-03-30T12:30:00+00:00",
         ("2024-03-30T12:30:00+00:00", "2024-03-31T00:30:00+00:00",
          "2024-03-31T13:30:00+01:00", "2024-04-01T01:30:00+01:00"), n=4),
    # Weekly Sunday 01:15: 10-27 01:15 is in the fold; later = GMT.
    Case("lon-weekly-fall-later", LON, 7 * D, "2024-10-20T01:15:00+01:00",
         ("2024-10-20T01:15:00+01:00", "2024-10-27T01:15:00+00:00", "2024-11-03T01:15:00+00:00"),
         n=3, fold="later"),
    # Two days, 01:45: 03-31 01:45 is in the gap and skipped.
    Case("lon-2d-spring-skip", LON, 2 * D, "2024-03-29T01:45:00+00:00",
         ("2024-03-29T01:45:00+00:00", "2024-04-02T01:45:00+01:00", "2024-04-04T01:45:00+01:00"),
         n=3, gap="skip"),
    # 25 h from 00:30 BST: 10-27 01:30 (fold, earlier = BST), 10-28 02:30 GMT.
    Case("lon-25h-fall", LON, 25 * H, "2024-10-26T00:30:00+01:00",
         ("2024-10-26T00:30:00+01:00", "2024-10-27T01:30:00+01:00", "2024-10-28T02:30:00+00:00"), n=3),
    # -------------------------------------------------------------- Dublin
    # Same instants as London although Dublin's DST flag is inverted ("negative DST").
    Case("dub-daily-spring-skip", DUB, D, "2024-03-30T01:30:00+00:00",
         ("2024-03-30T01:30:00+00:00", "2024-04-01T01:30:00+01:00", "2024-04-02T01:30:00+01:00"),
         n=3, gap="skip"),
    # 12 h elapsed: 12Z (13:00 IST), 00Z (01:00 IST), 12Z (12:00 GMT), 00Z.
    Case("dub-12h-fall", DUB, 12 * H, "2024-10-26T13:00:00+01:00",
         ("2024-10-26T13:00:00+01:00", "2024-10-27T01:00:00+01:00",
          "2024-10-27T12:00:00+00:00", "2024-10-28T00:00:00+00:00"), n=4),
    Case("dub-hourly-fall", DUB, H, "2024-10-27T00:30:00+01:00",
         ("2024-10-27T00:30:00+01:00", "2024-10-27T01:30:00+01:00",
          "2024-10-27T01:30:00+00:00", "2024-10-27T02:30:00+00:00"), n=4),
    # 01:00 is the first wall time of the fold [01:00, 02:00): later = GMT.
    Case("dub-daily-fold-edge-later", DUB, D, "2024-10-26T01:00:00+01:00",
         ("2024-10-26T01:00:00+01:00", "2024-10-27T01:00:00+00:00", "2024-10-28T01:00:00+00:00"),
         n=3, fold="later"),
    # 01:00 is the first wall time of the gap [01:00, 02:00): shifted to 02:00 IST (01:00Z).
    Case("dub-weekly-gap-edge", DUB, 7 * D, "2024-03-24T01:00:00+00:00",
         ("2024-03-24T01:00:00+00:00", "2024-03-31T02:00:00+01:00", "2024-04-07T01:00:00+01:00"), n=3),
    # --------------------------------------------------------- Lord Howe
    # 30 minutes: 14:30Z, 15:00Z, 15:30Z is the transition (02:30 +11), 16:00Z.
    Case("lhi-30min-spring", LHI, timedelta(minutes=30), "2024-10-06T01:00:00+10:30",
         ("2024-10-06T01:00:00+10:30", "2024-10-06T01:30:00+10:30",
          "2024-10-06T02:30:00+11:00", "2024-10-06T03:00:00+11:00"), n=4),
    # Hourly: 13Z, 14Z, 15Z is the transition (01:30 +10:30), 16Z.
    Case("lhi-hourly-fall", LHI, H, "2024-04-07T00:00:00+11:00",
         ("2024-04-07T00:00:00+11:00", "2024-04-07T01:00:00+11:00",
          "2024-04-07T01:30:00+10:30", "2024-04-07T02:30:00+10:30"), n=4),
    # 30 minutes: 14:00Z, 14:30Z (01:30 +11), 15:00Z (01:30 +10:30), 15:30Z.
    Case("lhi-30min-fall", LHI, timedelta(minutes=30), "2024-04-07T01:00:00+11:00",
         ("2024-04-07T01:00:00+11:00", "2024-04-07T01:30:00+11:00",
          "2024-04-07T01:30:00+10:30", "2024-04-07T02:00:00+10:30"), n=4),
    # Daily 02:15: 10-06 02:15 is in the 30-minute gap -> 02:45 +11.
    Case("lhi-daily-spring-shift", LHI, D, "2024-10-05T02:15:00+10:30",
         ("2024-10-05T02:15:00+10:30", "2024-10-06T02:45:00+11:00", "2024-10-07T02:15:00+11:00"), n=3),
    Case("lhi-daily-spring-skip", LHI, D, "2024-10-05T02:15:00+10:30",
         ("2024-10-05T02:15:00+10:30", "2024-10-07T02:15:00+11:00", "2024-10-08T02:15:00+11:00"),
         n=3, gap="skip"),
    # Daily 01:45: 04-07 01:45 is in the 30-minute fold.
    Case("lhi-daily-fall-earlier", LHI, D, "2024-04-06T01:45:00+11:00",
         ("2024-04-06T01:45:00+11:00", "2024-04-07T01:45:00+11:00", "2024-04-08T01:45:00+10:30"), n=3),
    Case("lhi-daily-fall-later", LHI, D, "2024-04-06T01:45:00+11:00",
         ("2024-04-06T01:45:00+11:00", "2024-04-07T01:45:00+10:30", "2024-04-08T01:45:00+10:30"),
         n=3, fold="later"),
    # 12 h elapsed: 03:30Z, 15:30Z (the transition instant: 02:30 +11), 03:30Z.
    Case("lhi-12h-spring", LHI, 12 * H, "2024-10-05T14:00:00+10:30",
         ("2024-10-05T14:00:00+10:30", "2024-10-06T02:30:00+11:00", "2024-10-06T14:30:00+11:00"), n=3),
    # 25 h wall clock: 10-06 02:15 in the gap -> 02:45, then 10-07 03:15.
    Case("lhi-25h-spring", LHI, 25 * H, "2024-10-05T01:15:00+10:30",
         ("2024-10-05T01:15:00+10:30", "2024-10-06T02:45:00+11:00", "2024-10-07T03:15:00+11:00"), n=3),
    # Weekly 01:40: 04-07 01:40 is in the fold; later = +10:30.
    Case("lhi-weekly-fall-later", LHI, 7 * D, "2024-03-31T01:40:00+11:00",
         ("2024-03-31T01:40:00+11:00", "2024-04-07T01:40:00+10:30"), n=2, fold="later"),
    # Two days at 02:00, the first wall time of the gap: skipped on 10-06.
    Case("lhi-2d-gap-edge-skip", LHI, 2 * D, "2024-10-04T02:00:00+10:30",
         ("2024-10-04T02:00:00+10:30", "2024-10-08T02:00:00+11:00", "2024-10-10T02:00:00+11:00"),
         n=3, gap="skip"),
    # --------------------------------------------------------------- Apia
    # Daily 10:00: 12-30 10:00 is in the 24 h gap; shifted by 24 h it is 12-31 10:00,
    # which is also the next occurrence: it appears once.
    Case("apia-daily-shift", APIA, D, "2011-12-28T10:00:00-10:00",
         ("2011-12-28T10:00:00-10:00", "2011-12-29T10:00:00-10:00",
          "2011-12-31T10:00:00+14:00", "2012-01-01T10:00:00+14:00"), n=4),
    Case("apia-daily-skip", APIA, D, "2011-12-28T10:00:00-10:00",
         ("2011-12-28T10:00:00-10:00", "2011-12-29T10:00:00-10:00",
          "2011-12-31T10:00:00+14:00", "2012-01-01T10:00:00+14:00"), n=4, gap="skip"),
    # Every occurrence in the window (n=None with end): still 4, end inclusive.
    Case("apia-daily-window", APIA, D, "2011-12-28T10:00:00-10:00",
         ("2011-12-28T10:00:00-10:00", "2011-12-29T10:00:00-10:00",
          "2011-12-31T10:00:00+14:00", "2012-01-01T10:00:00+14:00"), end="2012-01-01T10:00:00+14:00"),
    # Hourly: 08Z, 09Z, 10Z is 12-31 00:00 +14, 11Z.
    Case("apia-hourly", APIA, H, "2011-12-29T22:00:00-10:00",
         ("2011-12-29T22:00:00-10:00", "2011-12-29T23:00:00-10:00",
          "2011-12-31T00:00:00+14:00", "2011-12-31T01:00:00+14:00"), n=4),
    Case("apia-30min", APIA, timedelta(minutes=30), "2011-12-29T23:00:00-10:00",
         ("2011-12-29T23:00:00-10:00", "2011-12-29T23:30:00-10:00",
          "2011-12-31T00:00:00+14:00", "2011-12-31T00:30:00+14:00"), n=4),
    # 12 h elapsed: 12-29 22Z, 12-30 10Z (12-31 00:00 +14), 12-30 22Z.
    Case("apia-12h", APIA, 12 * H, "2011-12-29T12:00:00-10:00",
         ("2011-12-29T12:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T12:00:00+14:00"), n=3),
    # Weekly keeps the wall time: 12-31 12:00 +14 (not 2012-01-01 12:00 as elapsed time would give).
    Case("apia-weekly", APIA, 7 * D, "2011-12-24T12:00:00-10:00",
         ("2011-12-24T12:00:00-10:00", "2011-12-31T12:00:00+14:00", "2012-01-07T12:00:00+14:00"), n=3),
    # Two days at 09:00: 12-30 09:00 is in the gap -> 12-31 09:00 (shift) or dropped (skip).
    Case("apia-2d-shift", APIA, 2 * D, "2011-12-28T09:00:00-10:00",
         ("2011-12-28T09:00:00-10:00", "2011-12-31T09:00:00+14:00", "2012-01-01T09:00:00+14:00"), n=3),
    Case("apia-2d-skip", APIA, 2 * D, "2011-12-28T09:00:00-10:00",
         ("2011-12-28T09:00:00-10:00", "2012-01-01T09:00:00+14:00", "2012-01-03T09:00:00+14:00"),
         n=3, gap="skip"),
    # 25 h: 12-30 07:00 is in the gap -> 12-31 07:00; the next is 12-31 08:00 (distinct).
    Case("apia-25h", APIA, 25 * H, "2011-12-29T06:00:00-10:00",
         ("2011-12-29T06:00:00-10:00", "2011-12-31T07:00:00+14:00", "2011-12-31T08:00:00+14:00"), n=3),
    # ---------------------------------------------------------------- UTC
    Case("utc-hourly", UTC, H, "2024-01-01T00:00:00+00:00",
         ("2024-03-10T02:00:00+00:00", "2024-03-10T03:00:00+00:00", "2024-03-10T04:00:00+00:00"),
         n=3, start="2024-03-10T01:30:00Z"),
    # Leap day.
    Case("utc-daily", UTC, D, "2024-02-28T06:00:00+00:00",
         ("2024-02-28T06:00:00+00:00", "2024-02-29T06:00:00+00:00", "2024-03-01T06:00:00+00:00"), n=3),
    Case("utc-2d", UTC, 2 * D, "2023-12-31T00:00:00+00:00",
         ("2024-01-02T00:00:00+00:00", "2024-01-04T00:00:00+00:00"), n=2, start="2024-01-01T00:00:00Z"),
    # Before the anchor: weeks counted back from Monday 2024-01-01.
    Case("utc-weekly-before", UTC, 7 * D, "2024-01-01T00:00:00+00:00",
         ("2023-12-04T00:00:00+00:00", "2023-12-11T00:00:00+00:00"), n=2, start="2023-12-01T00:00:00Z"),
    # Both bounds inclusive.
    Case("utc-30min-window", UTC, timedelta(minutes=30), "2024-01-01T00:10:00+00:00",
         ("2024-06-01T00:10:00+00:00", "2024-06-01T00:40:00+00:00", "2024-06-01T01:10:00+00:00"),
         start="2024-06-01T00:10:00Z", end="2024-06-01T01:10:00Z"),
    Case("utc-25h", UTC, 25 * H, "2024-01-01T00:00:00+00:00",
         ("2024-01-01T00:00:00+00:00", "2024-01-02T01:00:00+00:00", "2024-01-03T02:00:00+00:00"), n=3),
    Case("utc-12h-before", UTC, 12 * H, "2024-01-01T00:00:00+00:00",
         ("2024-01-01T00:00:00+00:00", "2024-01-01T12:00:00+00:00"), n=2, start="2023-12-31T13:00:00Z"),
    # A start 1 us after a date gives the next one.
    Case("utc-start-after-date", UTC, H, "2024-01-01T00:00:00+00:00",
         ("2024-01-01T01:00:00+00:00",), n=1, start="2024-01-01T00:00:00.000001Z"),
    # Fractional seconds: 1.5 s steps from a microsecond anchor.
    Case("utc-fractional", UTC, timedelta(seconds=1.5), "2024-01-01T00:00:00.000001+00:00",
         ("2024-01-01T00:00:00.000001+00:00", "2024-01-01T00:00:01.500001+00:00",
          "2024-01-01T00:00:03.000001+00:00"), n=3),
    # ----------------------------------------------------- end of the range
    # Nothing exists after 9999-12-31T23:59:59.999999: the series ends.
    Case("utc-daily-end-of-range", UTC, D, "9999-12-30T00:00:00+00:00",
         ("9999-12-30T00:00:00+00:00", "9999-12-31T00:00:00+00:00"), n=5),
    # 9999-12-31 20:00 EST is 10000-01-01T01:00Z: its UTC time does not exist.
    Case("ny-daily-end-of-range", NY, D, "9999-12-28T20:00:00-05:00",
         ("9999-12-28T20:00:00-05:00", "9999-12-29T20:00:00-05:00", "9999-12-30T20:00:00-05:00"), n=5),
    Case("utc-hourly-start-of-range", UTC, H, "0001-01-01T00:00:00+00:00",
         ("0001-01-01T00:00:00+00:00", "0001-01-01T01:00:00+00:00"), n=2),
    # New York's LMT offset is -04:56:02: before 04:56:02Z on 0001-01-01 the wall
    # time is in year 0, so the first hourly date is 05:00Z (00:03:58 LMT).
    Case("ny-hourly-start-of-range", NY, H, "2024-01-01T00:00:00-05:00",
         ("0001-01-01T00:03:58-04:56:02", "0001-01-01T01:03:58-04:56:02"),
         n=2, start="0001-01-01T00:00:00Z"),
]


def _oracle_for(case: Case) -> OracleSchedule:
    return OracleSchedule(case.interval, us(case.anchor), case.zone, case.gap, case.fold)


class TestHandWorked:
    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
    def test_get_dates(self, case):
        got = case.schedule().get_dates(**case.query())
        assert [d.isoformat() for d in got] == list(case.expected)
        assert all(d.timezone_name == case.zone for d in got)

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
    def test_dates_array(self, case):
        got = case.schedule().dates_array(**case.query())
        assert got.dtype == np.dtype("datetime64[us]")
        assert got.astype(np.int64).tolist() == [us(x) for x in case.expected]

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
    def test_hand_work_agrees_with_zoneinfo_oracle(self, case):
        # Guards the hand-work itself (a wrong transition date, a slip in the arithmetic).
        q = case.query()
        got = _oracle_for(case).window(us(q["start"]), None if q["end"] is None else us(q["end"]), q["n"])
        assert got == [us(x) for x in case.expected]

    @pytest.mark.parametrize("case", [c for c in CASES if c.end is None], ids=lambda c: c.id)
    def test_count_of_the_listed_span(self, case):
        # The span from the first to the last expected date holds exactly the expected dates.
        s = case.schedule()
        first, last = case.expected[0], case.expected[-1]
        assert s.count(first, last) == len(case.expected)
        assert [d.isoformat() for d in s.get_dates(start=first, end=last)] == list(case.expected)


class TestQueries:
    """next_date / previous_date / count, hand-worked on New York's daily 02:30 and Apia's skipped day."""

    ny = IntervalSchedule(D, "2024-03-08T02:30:00-05:00", NY)
    ny_skip = IntervalSchedule(D, "2024-03-08T02:30:00-05:00", NY, gap="skip")
    apia = IntervalSchedule(D, "2011-12-28T10:00:00-10:00", APIA)

    @pytest.mark.parametrize(
        "after, expected",
        [
            ("2024-03-10T03:00:00-04:00", "2024-03-10T03:30:00-04:00"),  # the shifted run
            ("2024-03-10T03:30:00-04:00", "2024-03-10T03:30:00-04:00"),  # at or after: itself
            ("2024-03-10T03:30:00.000001-04:00", "2024-03-11T02:30:00-04:00"),
            ("2020-01-01T00:00:00Z", "2020-01-01T02:30:00-05:00"),  # long before the anchor
        ],
    )
    def test_next_date(self, after, expected):
        assert self.ny.next_date(after).isoformat() == expected

    @pytest.mark.parametrize(
        "before, expected",
        [
            ("2024-03-10T03:30:00-04:00", "2024-03-09T02:30:00-05:00"),  # strictly before
            ("2024-03-10T03:30:00.000001-04:00", "2024-03-10T03:30:00-04:00"),
            ("2024-07-01T00:00:00-04:00", "2024-06-30T02:30:00-04:00"),
        ],
    )
    def test_previous_date(self, before, expected):
        assert self.ny.previous_date(before).isoformat() == expected

    def test_skip_next_and_previous_step_over_the_gap_day(self):
        assert self.ny_skip.next_date("2024-03-09T02:30:00.000001-05:00").isoformat() == "2024-03-11T02:30:00-04:00"
        assert self.ny_skip.previous_date("2024-03-11T02:30:00-04:00").isoformat() == "2024-03-09T02:30:00-05:00"

    def test_count(self):
        # 03-08, 03-09, 03-10 (03:30), 03-11, 03-12: both bounds inclusive.
        assert self.ny.count("2024-03-08T02:30:00-05:00", "2024-03-12T02:30:00-04:00") == 5
        assert self.ny_skip.count("2024-03-08T02:30:00-05:00", "2024-03-12T02:30:00-04:00") == 4
        # One leap year of days: 366 dates in [2024-01-01 00:00, 2025-01-01 00:00].
        assert self.ny.count("2024-01-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00") == 366
        assert self.ny_skip.count("2024-01-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00") == 365
        assert self.ny.count("2024-03-12T00:00:00-04:00", "2024-03-08T00:00:00-05:00") == 0  # end < start

    def test_apia(self):
        assert self.apia.count("2011-12-28T10:00:00-10:00", "2012-01-01T10:00:00+14:00") == 4
        assert self.apia.previous_date("2011-12-31T10:00:00+14:00").isoformat() == "2011-12-29T10:00:00-10:00"
        assert self.apia.next_date("2011-12-29T10:00:00.000001-10:00").isoformat() == "2011-12-31T10:00:00+14:00"

    def test_end_before_start_is_empty(self):
        assert self.ny.get_dates(start="2024-03-12T00:00:00Z", end="2024-03-11T00:00:00Z") == []
        assert self.ny.dates_array(start="2024-03-12T00:00:00Z", end="2024-03-11T00:00:00Z").size == 0

    def test_range_ends(self):
        utc_daily = IntervalSchedule(D, "9999-12-30T00:00:00Z")
        assert utc_daily.next_date("9999-12-31T00:00:00.000001Z") is None
        assert utc_daily.count("9999-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z") == 365
        utc_hourly = IntervalSchedule(H, "0001-01-01T00:00:00Z")
        assert utc_hourly.previous_date("0001-01-01T00:00:00Z") is None
        assert utc_hourly.previous_date("0001-01-01T01:00:00Z").isoformat() == "0001-01-01T00:00:00+00:00"


class TestNaiveInputs:
    """Naive anchor/start/end are wall time in the schedule's zone, resolved by its policies."""

    def test_naive_anchor_in_gap_is_shifted_even_with_skip(self):
        # 2024-03-10 02:30 does not exist: the anchor must name an instant, so it is
        # shifted to 03:30 EDT; W is then the anchor's wall time, 03:30.
        s = IntervalSchedule(D, datetime(2024, 3, 10, 2, 30), NY, gap="skip")
        assert s.anchor_date.isoformat() == "2024-03-10T03:30:00-04:00"
        assert [d.isoformat() for d in s.get_dates(2, start=s.anchor_date)] == [
            "2024-03-10T03:30:00-04:00",
            "2024-03-11T03:30:00-04:00",
        ]

    @pytest.mark.parametrize("fold, expected", [("earlier", "2024-11-03T01:30:00-04:00"), ("later", "2024-11-03T01:30:00-05:00")])
    def test_naive_anchor_in_fold_follows_fold_policy(self, fold, expected):
        assert IntervalSchedule(D, "2024-11-03T01:30", NY, fold=fold).anchor_date.isoformat() == expected

    @pytest.mark.parametrize("gap", ["shift", "skip"])
    def test_naive_start_in_gap(self, gap):
        # start 02:30 -> 03:30 EDT (07:30Z); the next whole UTC hour is 08Z = 04:00 EDT.
        # (Read as 01:30 EST instead, the answer would be 03:00 EDT.)
        s = IntervalSchedule(H, "2024-01-01T00:00:00-05:00", NY, gap=gap)
        assert s.get_dates(1, start="2024-03-10T02:30")[0].isoformat() == "2024-03-10T04:00:00-04:00"

    @pytest.mark.parametrize(
        "fold, expected",
        [
            # end 01:30 EDT = 05:30Z: 04Z and 05Z.
            ("earlier", ["2024-11-03T00:00:00-04:00", "2024-11-03T01:00:00-04:00"]),
            # end 01:30 EST = 06:30Z: 04Z, 05Z and 06Z.
            ("later", ["2024-11-03T00:00:00-04:00", "2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00"]),
        ],
    )
    def test_naive_end_in_fold(self, fold, expected):
        s = IntervalSchedule(H, "2024-01-01T00:00:00-05:00", NY, fold=fold)
        got = s.get_dates(start="2024-11-03T00:00:00-04:00", end=datetime(2024, 11, 3, 1, 30))
        assert [d.isoformat() for d in got] == expected

    def test_naive_anchor_is_wall_time_not_utc(self):
        # Prefect's pendulum engine reads a naive 09:00 as UTC (05:00 EDT); we read wall time.
        s = IntervalSchedule(D, datetime(2024, 7, 1, 9, 0), NY)
        assert s.get_dates(1, start="2024-07-02T00:00:00-04:00")[0].isoformat() == "2024-07-02T09:00:00-04:00"

    def test_aware_inputs_of_other_zones_are_instants(self):
        # An anchor in UTC is the same instant as 05:00 EDT: W is 05:00 New York time.
        s = IntervalSchedule(D, datetime(2024, 7, 1, 9, 0, tzinfo=timezone.utc), NY)
        assert s.get_dates(1, start="2024-12-01T00:00:00Z")[0].isoformat() == "2024-12-01T05:00:00-05:00"
