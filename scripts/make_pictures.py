"""Draw the timeline pictures embedded in docs/ (``make pictures``) with the library itself.

Each picture is ``interval_schedule.timeline.draw_timeline`` on one schedule
of docs/semantics.md or docs/prefect.md; the SVGs are deterministic, so
re-running this script changes a file only when the library's answer changes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from interval_schedule import IntervalSchedule
from interval_schedule.timeline import draw_timeline

NY = "America/New_York"
OUT = Path(__file__).resolve().parent.parent / "docs" / "img"

PICTURES = [
    # (file, schedule, start, end, title)
    ("daily-spring-forward.svg", IntervalSchedule(timedelta(days=1), "2024-03-03T02:30", NY),
     "2024-03-03T00:00", "2024-03-17T23:59", "daily at 02:30 in New York across spring-forward (2024-03-10)"),
    ("daily-fall-back.svg", IntervalSchedule(timedelta(days=1), "2024-10-27T01:30", NY),
     "2024-10-27T00:00", "2024-11-10T23:59", "daily at 01:30 in New York across fall-back (2024-11-03)"),
    ("hourly-fall-back.svg", IntervalSchedule(timedelta(hours=1), "2024-11-01T00:00", NY),
     "2024-11-02T00:00", "2024-11-04T23:59", "hourly in New York across fall-back (2024-11-03)"),
    ("apia-2011.svg", IntervalSchedule(timedelta(days=1), "2011-12-24T10:00", "Pacific/Apia"),
     "2011-12-24T00:00", "2012-01-06T23:59", "daily at 10:00 in Pacific/Apia, which skipped 2011-12-30"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, schedule, start, end, title in PICTURES:
        info = draw_timeline(schedule, start, end, str(OUT / name), title=title)
        print(f"docs/img/{name}: {info.standard_runs} standard runs, {info.prefect_runs} prefect runs, {info.days} days")


if __name__ == "__main__":
    main()
